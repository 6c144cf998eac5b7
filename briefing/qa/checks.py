"""QA flags per sentence, as translation (CAT) tools raise them, written for news and judged on
what the real opus-mt-nl-en wrote (bench/qa_flags.py, BENCHMARKS.md):

* `number`: a number of the Dutch is missing from the English. 100.000 = 100,000, 3,5 = 3.5,
  `jaren 60` = 1960s, `20.30 uur` = 8.30 p.m. = 20:30, ¾ = 3/4, `achttien` = 18;
* `negation`: the Dutch says niet, geen, nooit, niemand, niets or nergens, the English has no
  negation at all;
* `name`: a name in the Dutch that English keeps (`names_in`: Rutte, Zwolle, Montana, not de
  Tweede Kamer) is not in the English, in its own form, a close one, its English form (Kroatië:
  Croatia) or the glossary's;
* `date`: a month or weekday of the Dutch is missing from the English;
* `quote`: the Dutch quotes someone, the English has no quotation mark;
* `untranslated`: the English is the Dutch, or mostly its words;
* `repetition`: a word three times in a row, or a phrase running three or more times (the
  loop opus-mt falls into), not ordinary reuse of words;
* `length`: the English is shorter or longer than the band of the real outputs (measured, not
  guessed: real opus-mt-nl-en English is 0.56–1.25 × the Dutch in characters on FLORES).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from briefing.cachefiles import MAX_CACHE_BYTES, read_json, write_json

T = TypeVar("T")

FLAGS = {
    "number": "a number in the Dutch is missing from the English",
    "negation": "the Dutch says no or not; the English does not",
    "name": "a name in the Dutch is missing from the English",
    "date": "a month or weekday in the Dutch is missing from the English",
    "quote": "the Dutch quotes someone; the English has no quotation",
    "untranslated": "the English looks untranslated",
    "repetition": "the English repeats itself",
    "length": "the English is far shorter or longer than the Dutch",
}
# The band of English/Dutch length (characters) outside which a translation has lost or gained a
# clause. On the 1,012 real FLORES outputs the ratio runs 0.557–1.246 (median 0.90).
LENGTH_BAND = (0.56, 1.6)
MIN_LENGTH_CHARS = 30

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅕": 0.2, "⅛": 0.125}
_NL_NUMBER_WORDS = {
    "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9, "tien": 10,
    "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15, "zestien": 16, "zeventien": 17,
    "achttien": 18, "negentien": 19, "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60,
    "zeventig": 70, "tachtig": 80, "negentig": 90, "honderd": 100, "duizend": 1000,
}
_EN_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "half": 0.5, "quarter": 0.25,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "hundredth": 100,
    "hundreds": 100, "thousands": 1000, "dozens": 12, "decade": 10, "decades": 10, "pair": 2, "couple": 2,
    "both": 2, "single": 1,
    "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70,
    "eighties": 80, "nineties": 90, "dozen": 12, "twice": 2, "double": 2, "triple": 3,
}
# A clock time: 20.30 uur, 22:00-23:00 uur, 15.00 UTC, 21.19 GMT; 12 noon, midnight.
_ZONE = r"(?:uur|u\b|UTC|GMT|CET|CEST|lokale|plaatselijke)"
_NL_TIME = re.compile(rf"\b(\d{{1,2}}):(\d{{2}})\b|\b(\d{{1,2}})\.(\d{{2}})\b(?=\s*{_ZONE}|\s*(?:[-–]|en|tot)\s*\d{{1,2}}[.:]\d{{2}}\s*{_ZONE})")
_EN_TIME = re.compile(r"\b(\d{1,2})[.:]?(\d{2})(?=\s*(?:GMT|UTC|hours|hrs)\b)|\b(\d{1,2})[.:](\d{2})(?!\d)(?:\s*([ap])\.?\s?m\b\.?)?|\b(noon|midnight)\b|\b(\d{1,2})\s*([ap])\.?m\b\.?", re.IGNORECASE)
_NL_DECADE = re.compile(r"\bjaren\s+'?(\d0)\b", re.IGNORECASE)
_EN_DECADE = re.compile(r"\b(?:(\d\d)|')(\d0)'?s\b")

_NL_NEGATION = re.compile(r"\b(?:niet|geen|nooit|niemand|niets|nergens|noch)\b", re.IGNORECASE)
_EN_NEGATION = re.compile(
    r"\b(?:not|no|never|nobody|nothing|nowhere|none|without|neither|nor|cannot|unable|lack|lacks|lacking|lacked|"
    r"non|absence|absent|instead|hardly|barely|scarcely|rarely|seldom|fail|fails|failed|failing|failure|"
    r"refuse|refuses|refused|refusing|deny|denies|denied|impossible|prevent|prevents|prevented|preventing)\b|n't\b|"
    r"\bnon-|\brather than\b|-free\b|\bfar from\b|\b(?:fell|falls?|falling) short\b|\bdeclined? to\b|\bdeclines to\b|"
    r"\b(?!(?:un|nevertheless|bless|regard)less\b)\w{3,}less(?:ly|ness)?\b",  # clueless, pointless, regardless
    re.IGNORECASE,
)
# un-, in-, im-, il-, ir-, dis- before an English word: uneven, unhappy, incorrect, impossible,
# illegal, irregular, dishonest (the rest must be a common English word: not under, until, into).
_EN_PREFIXED = re.compile(
    r"\b(un)([a-z]{3,})\b|\b(in|im|il|ir)([a-z]{2,}(?:ble|ent|ant|ate|ete|ect|ive|al|ar|ous|ure|ite|ity|ance|ence|ed))\b"
    r"|\b(dis)((?:agree|like|approv|trust|obey|honest|loyal|satisf|similar|appear|continu|qualif|connect|regard|respect)[a-z]*)\b",
    re.IGNORECASE,
)
_NOT_NEGATIVE = {"under", "until", "unit", "units", "united", "union", "unions", "universe", "university", "universal",
                 "unique", "uncle", "into", "inside", "insight", "instead", "information", "inform", "informed",
                 "interest", "interests", "interested", "index", "income", "input", "inner", "intent", "invest",
                 "invent", "invented", "involve", "involved", "include", "included", "increase", "increased",
                 "indeed", "industry", "impose", "imposed", "import", "imports", "impress", "impressed", "impact",
                 "improve", "improved", "issue", "discover", "discovered", "discuss", "discussed", "display",
                 "displayed", "distance", "dispatch", "dispose", "disease", "discount", "distress", "district",
                 "inland", "inset", "inward", "install", "installed", "instant", "intend", "intended", "indoor",
                 "indoors", "insert", "infamous", "illustrate", "irate", "dismay", "dismiss", "dismissed",
                 "instance", "instances", "unite", "unites", "unity", "interval", "internal", "international",
                 "invited", "invasive", "innate", "intimate", "inmate", "inmates", "ultimate", "incident", "incidents"}
# English negatives that often translate a Dutch word of their own, not niet or geen.
_EN_LEXICAL_NEGATIVES = {
    **dict.fromkeys(("deny", "denies", "denied"), r"\bontken\w*|\bontkend\w*|\bloochen\w*"),
    **dict.fromkeys(("fail", "fails", "failed", "failing", "failure"), r"\bfa(?:al|le)\w*|\bmislu\w*|\bfaillie\w*"),
    **dict.fromkeys(("refuse", "refuses", "refused", "refusing"), r"\bweiger\w*"),
    **dict.fromkeys(("prevent", "prevents", "prevented", "preventing"), r"\bvoorkom\w*|\bverhinder\w*|\bvoorkwam\w*"),
    **dict.fromkeys(("lack", "lacks", "lacking", "lacked"), r"\bgebrek\w*|\bontbre\w*|\bontbrak\w*"),
    "without": r"\bzonder\b", "instead": r"\bin plaats\b|\bin de plaats\b", "rather": r"\bin plaats\b|\bliever\b",
    "unless": r"\btenzij\b",
    **dict.fromkeys(("absence", "absent"), r"\bafwezig\w*|\bontbre\w*|\bontbrak\w*"),
}
# Dutch words of the negative prefix on- (onmogelijk, ongelukkig, onverschillig), not onder-,
# ont-, onze, ons, onlangs, ongeveer, onmiddellijk; and helaas (unfortunately).
_NL_PREFIXED = re.compile(r"\bon(?!der|t|ze|s|lang|geveer|middellijk|line)\w{4,}|\bhelaas\b", re.IGNORECASE)
# What English writes for a Dutch negation in idioms: `Het scheelde niet veel of` (close to,
# almost), `bijna niemand` (hardly anyone, almost no one), `niet meer dan` (only, at most).
_NEGATION_IDIOMS = [
    (re.compile(r"\bscheelde\s+(?:maar\s+)?(?:niet\s+veel|weinig)\b", re.IGNORECASE),
     re.compile(r"\b(?:almost|nearly|close|closely|narrowly|just|virtually|practically)\b", re.IGNORECASE)),
    (re.compile(r"\bbijna\s+(?:niet|geen|niets)\b", re.IGNORECASE), re.compile(r"\b(?:little|few)\b", re.IGNORECASE)),
    (re.compile(r"\bniet\s+meer\s+dan\b|\bniets\s+(?:anders\s+)?dan\b|\bniet\s+anders\s+dan\b", re.IGNORECASE),
     re.compile(r"\b(?:only|just|at most|up to|maximum|merely|but|mere)\b", re.IGNORECASE)),
    (re.compile(r"\bniet\s+(?:ouder|jonger|groter|kleiner|hoger|lager|langer|later|verder|zwaarder)\s+dan\b", re.IGNORECASE),
     re.compile(r"\b(?:only|just|at most|up to|under|within|as (?:young|old|small|little|few|low|short|soon|far|early) as)\b", re.IGNORECASE)),
    (re.compile(r"\bniet\s+alleen\b", re.IGNORECASE), re.compile(r"\bas well as\b", re.IGNORECASE)),
    (re.compile(r"\bniet\s+de\s+enige\b", re.IGNORECASE), re.compile(r"\b(?:one of|among)\b", re.IGNORECASE)),
    (re.compile(r"\bniet\s+minder\s+dan\b", re.IGNORECASE),
     re.compile(r"\b(?:at least|as many as|as much as|fully|minimum|whole|all of)\b", re.IGNORECASE)),
    (re.compile(r"\b(?:nog\s+)?nooit\s+eerder\b", re.IGNORECASE),
     re.compile(r"\b(?:first|unprecedented|ever|record)\b", re.IGNORECASE)),
    (re.compile(r"\bvergeet\b.*\bniet\b", re.IGNORECASE),
     re.compile(r"\b(?:remember|remembers|mind|sure|keep in mind|bear in mind|note)\b", re.IGNORECASE)),
    (re.compile(r"\bpas\b|\bniet\s+(?:eerder|voor)\b", re.IGNORECASE), re.compile(r"\b(?:only|until|till)\b", re.IGNORECASE)),
    (re.compile(r",\s*(?:of\s+)?niet\s*(?:waar\s*)?\?", re.IGNORECASE), re.compile(r"\?")),  # tag question: …, right?
    # Conversational set phrases: Geen dank (you're welcome), Dat geeft niet (it's fine).
    (re.compile(r"\bgeen\s+dank\b", re.IGNORECASE), re.compile(r"\b(?:welcome|pleasure|mention it|thanks)\b", re.IGNORECASE)),
    (re.compile(r"\b(?:geeft|hindert)\s+niet\b|\bmaakt\s+(?:\w+\s+)?niet\s+uit\b", re.IGNORECASE),
     re.compile(r"\b(?:ok|okay|fine|all right|alright|matter|matters|whatever|care|problem|worry)\b", re.IGNORECASE)),
]
# `niet goed` is `bad`, `geen groot` is `small`: a negated Dutch adjective and English antonyms.
_ANTONYMS = {
    "goed": "bad|poor|wrong|badly|poorly", "goede": "bad|poor|wrong", "groot": "small|little|minor", "grote": "small|little|minor",
    "veel": "little|few|small", "lang": "short|brief|soon|quickly|quick", "slecht": "good|fine|well|decent",
    "makkelijk": "hard|difficult|tough", "eenvoudig": "hard|difficult|complex", "moeilijk": "easy|simple",
    "ver": "close|near|nearby", "oud": "young|new|recent", "waar": "false|untrue|wrong", "juist": "wrong|incorrect",
    "genoeg": "too little|too few|short|insufficient|lacking", "zeker": "unsure|uncertain|doubt", "snel": "slow|slowly",
    "duur": "cheap|inexpensive", "vaak": "rarely|seldom|occasionally", "hoog": "low", "warm": "cold|cool",
    "nodig": "unnecessary|needless", "belangrijk": "unimportant|minor|trivial", "bekend": "unknown|obscure",
    "gezond": "unhealthy|ill|sick", "leuk": "boring|dull|unpleasant", "blij": "sad|unhappy",
    "aanwezig": "absent|missing", "akkoord": "disagree|reject|rejected|oppose|opposed", "eens": "disagree|disagrees|disagreed",
}


_MONTHS = dict(zip(
    "januari februari maart april mei juni juli augustus september oktober november december".split(),
    "january february march april may june july august september october november december".split(),
))
_DAYS = dict(zip(
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag".split(),
    "monday tuesday wednesday thursday friday saturday sunday".split(),
))
_DATE_NAMES = {**_MONTHS, **_DAYS}
_DATE_WORD = re.compile(r"\b(" + "|".join(_DATE_NAMES) + r")\b", re.IGNORECASE)
_QUOTE_MARKS = re.compile(r"[\"“”„‘’«»]|''|,,|(?<!\w)'|'(?!\w)")
# Capitalised Dutch words that English writes otherwise: countries and peoples, institutions,
# titles; they are not names to copy.
_NL_CAPITALISED_WORDS = set(
    """
    Nederland Nederlandse Nederlanders Duitsland Duitse Frankrijk Franse Belgie België Belgische Engeland
    Engelse Brits Britse Verenigd Koninkrijk Verenigde Staten Amerika Amerikaanse Amerikanen Rusland Russische
    Oekraïne Oekraïense Chinese Japanse Europa Europese Spanje Spaanse Italië Italiaanse Turkije
    Turkse Griekenland Griekse Zweden Zweedse Noorwegen Noorse Denemarken Deense Polen Poolse Oostenrijk
    Zwitserland Zwitserse Afrika Afrikaanse Azië Aziatische Australië Australische Canadese
    Mexicaanse Brazilië Braziliaanse Indië Indiase Egypte Egyptische Israëlische Iraanse
    Irak Iraakse Syrië Syrische Koreaanse Noord-Korea Zuid-Korea Noord-Koreaanse Zuid-Koreaanse
    Ierland Ierse Schotland Schotse Hongarije Hongaarse Tsjechië Roemenië Bulgarije Portugese
    Finse IJsland Indonesië Indonesische Filipijnen
    Romeinse Romeinen Londen Parijs Brussel Moskou Peking Athene Wenen Lissabon Kopenhagen Genève
    Middellandse Zee Noordzee Stille Oceaan Atlantische Indische Antarctica Noordpool Zuidpool Aarde Maan Zon
    Noord Zuid Oost Midden Centraal Groot Klein Nieuw Oud Sint
    Kerst Kerstavond Dhr Mevr Mw Mevrouw Meneer Drs Ir Ing Ds Eerwaarde Mgr
    Premier Minister Minister-president Kamer Tweede Eerste Kabinet Koning Koningin Prins Prinses Paus God Bijbel Kerstmis Pasen Islam Christelijke
    Duitsers Fransen Belgen Britten Russen Noren Zweden Denen Finnen Polen Turken Marokkanen Chinezen Japanners
    Katholieke Protestantse Joodse Joden Moslims Arabische Afrikanen Europeanen Aziaten Latijn Grieks
    Olympische Spelen WK EK Verenigde Naties Europese Unie Internet Wikipedia Christus Marokko Frans
    Twee Drie Vier Vijf Zes Zeven Acht Negen Tien
    Koningsdag Prinsjesdag Bevrijdingsdag Dodenherdenking Miljoenennota Troonrede Voorjaarsnota Sinterklaas
    Oudjaar Oudejaarsavond Nieuwjaar Nieuwjaarsdag Pinksteren Hemelvaart Hemelvaartsdag Goede Vrijdag
    Eerste Kerstdag Tweede Kerstdag Ramadan Suikerfeest Offerfeest Carnaval Elfstedentocht
    """.split()
) | {m.capitalize() for m in _MONTHS} | {d.capitalize() for d in _DAYS}


# A capitalised Dutch adjective English translates (Britse, Russische, Marokkaanse, Noordelijke).
_DUTCH_ADJECTIVE = re.compile(r"(?:[^aeious]se|sche|isch|ese|ijke|ĳke)$")
# A word neither language knows, built like a Dutch one: a compound (VN-kamp), a long one
# (Onafhankelijkheidsverklaring), or one with a Dutch ending (Fransen, Koninkrijken).
_DUTCH_WORD = re.compile(
    r"-|^.{13,}$|(?:se|sche|isch|en|ers|ijk|ĳk|lijke|heid|ing|schap|raad|oorlog|rijk|ijke|aanse|ische|ese|kerk|plein|weg|huis|dag)$"
)


def _values(text: str, words: Mapping[str, float]) -> set[float]:
    """Numbers as values: thousands separators (either style) removed, a decimal comma read,
    fractions and number words counted."""
    values: set[float] = set()
    for m in re.finditer(r"(\d+)?([½¼¾⅓⅔⅕⅛])", text):
        values.add(float(m.group(1) or 0) + _FRACTIONS[m.group(2)])
        values.add(_FRACTIONS[m.group(2)])
    for m in re.finditer(r"\b(\d+)\s*[/⁄]\s*(\d+)\b", text):
        if int(m.group(2)):
            values.add(round(int(m.group(1)) / int(m.group(2)), 4))
    for raw in _NUMBER.findall(re.sub(r"[½¼¾⅓⅔⅕⅛]", " ", text)):
        if re.fullmatch(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*", raw):
            value = raw.replace(".", "").replace(",", "")  # 100.000 / 100,000 / 1.250.000
        else:
            value = raw.replace(",", ".")  # 3,5 / 3.5
            if value.count(".") > 1:
                value = value.replace(".", "")
        try:
            values.add(float(value))
        except ValueError:
            continue
    for word in re.findall(r"[a-zà-ÿ]+", text.lower()):
        if word in words:
            values.add(float(words[word]))
    return values


def _times(text: str, pattern: re.Pattern[str], english: bool) -> set[int]:
    """Clock times as minutes after midnight (8.30 p.m. = 20.30 uur = 20:30; noon = 12.00)."""
    found = set()
    for m in pattern.finditer(text):
        groups = [g for g in m.groups()]
        if english and groups[0]:  # 1200 GMT, 0930 hours
            found.add(int(groups[0]) * 60 + int(groups[1]))
            continue
        if english and groups[5]:
            found.add(12 * 60 if groups[5].lower() == "noon" else 0)
            continue
        if english and groups[6]:  # 8 pm
            hour = int(groups[6]) % 12 + (12 if groups[7].lower() == "p" else 0)
            found.add(hour * 60)
            continue
        if english:
            hour, minute, half = int(groups[2]), int(groups[3]), groups[4]
        else:
            hour, minute, half = int(groups[0] or groups[2]), int(groups[1] or groups[3]), None
        if half and half.lower() == "p" and hour < 12:
            hour += 12
        if hour < 24 and minute < 60:
            found.add(hour * 60 + minute)
            if english and hour <= 12 and not half:
                found.add(((hour + 12) % 24) * 60 + minute)  # 8:30 without a.m./p.m.
    return found


# Clock times in words. Dutch: half zeven (6:30), kwart over acht (8:15), tien voor half vier
# (3:20), om acht uur, om 22 uur. English: half past six, a quarter to three, twenty to four,
# eight o'clock, ten p.m.
_NL_HOURS = {w: v for w, v in _NL_NUMBER_WORDS.items() if v <= 12} | {"een": 1, "één": 1}
_EN_HOURS = {w: v for w, v in _EN_NUMBER_WORDS.items() if v <= 12 and isinstance(v, int) and w not in (
    "second", "third", "fourth", "fifth", "twice", "double", "triple", "dozen")} | {"one": 1}
_NL_HOUR = r"((?<![\d:.])\d{1,2}(?![:.]\d)|" + "|".join(sorted(_NL_HOURS, key=len, reverse=True)) + ")"
_EN_HOUR = r"((?<![\d:.])\d{1,2}(?![:.]\d)|" + "|".join(sorted(_EN_HOURS, key=len, reverse=True)) + ")"
_NL_MINUTES = r"(\d{1,2}|kwart|" + "|".join(w for w, v in _NL_NUMBER_WORDS.items() if v < 15) + "|een|één)"
_EN_MINUTES = r"(?:a\s+)?(\d{1,2}|quarter|twenty(?:[- ]five)?|" + "|".join(w for w, v in _EN_HOURS.items() if v <= 12) + r")(?:\s+minutes?)?"
_NL_CLOCK = re.compile(
    rf"\b{_NL_MINUTES}\s+(over|voor)\s+half\s+{_NL_HOUR}\b|\b{_NL_MINUTES}\s+(over|voor)\s+{_NL_HOUR}\b(?!\s*(?:jaar|uur|dagen|weken|maanden|procent|euro|%))"
    rf"|\bhalf\s+{_NL_HOUR}\b(?!\s*(?:jaar|uur|dagen|weken|maanden|procent|euro|%))"
    rf"|\b(?:om|tot|vanaf|rond|tegen|na|voor|van|tussen|sinds|omstreeks|en)\s+{_NL_HOUR}\s*(?:uur\b|u\b\.?)",
    re.IGNORECASE,
)
_EN_CLOCK = re.compile(
    rf"\bhalf\s+past\s+{_EN_HOUR}\b|{_EN_MINUTES}\s+(past|after|to|before|of)\s+{_EN_HOUR}\b(?!\s*(?:years?|hours?|days?|weeks?|months?|per|%))"
    rf"|\bhalf\s+{_EN_HOUR}\b(?!\s*(?:years?|hours?|days?|weeks?|months?|per|%))|\b{_EN_HOUR}\s*(?:o'clock|o’clock|([ap])\.?\s?m\b\.?)",
    re.IGNORECASE,
)


_NL_CLOCK_HINT = re.compile(r"\b(?:half|kwart|uur|u)\b|\b(?:over|voor)\s+\w+", re.IGNORECASE)


def _number(word: str, table: Mapping[str, float]) -> int:
    return int(word) if word.isdigit() else int({"kwart": 15, "quarter": 15}.get(word.lower(), 0) or table.get(word.lower(), 0) or _en_compound(word))


def _en_compound(word: str) -> int:
    parts = re.split(r"[- ]", word.lower())
    return int(sum(_EN_NUMBER_WORDS.get(p, 0) for p in parts))


def _clock(text: str, english: bool) -> tuple[set[int], str]:
    """Clock times written with words, as minutes on a 12-hour dial, and the text without them."""
    found: set[int] = set()
    hours = _EN_HOURS if english else _NL_HOURS
    minute_words = _EN_NUMBER_WORDS if english else _NL_NUMBER_WORDS

    def read(m: re.Match[str]) -> str:
        g = m.groups()
        if english:
            if g[0]:  # half past six
                found.add((_number(g[0], hours) * 60 + 30) % 720)
            elif g[1]:  # a quarter to three, twenty past four
                minutes, hour = _number(g[1], minute_words), _number(g[3], hours)
                found.add((hour * 60 + (minutes if g[2].lower() in ("past", "after") else -minutes)) % 720)
            elif g[4]:  # half six (British)
                found.add((_number(g[4], hours) * 60 - 30) % 720)
            else:  # eight o'clock, ten p.m.
                found.add(_number(g[5], hours) * 60 % 720)
        elif g[0]:  # tien voor half vier
            minutes, hour = _number(g[0], minute_words), _number(g[2], hours)
            found.add((hour * 60 - 30 + (minutes if g[1].lower() == "over" else -minutes)) % 720)
        elif g[3]:  # kwart over acht
            minutes, hour = _number(g[3], minute_words), _number(g[5], hours)
            found.add((hour * 60 + (minutes if g[4].lower() == "over" else -minutes)) % 720)
        elif g[6]:  # half zeven
            found.add((_number(g[6], hours) * 60 - 30) % 720)
        else:  # om acht uur, om 22 uur
            found.add(_number(g[7], hours) * 60 % 720)
        return " "

    rest = (_EN_CLOCK if english else _NL_CLOCK).sub(read, text)
    return found, rest


def _nl_compound(word: str) -> float | None:
    """A Dutch number written as one word: eenentwintig, drieëntwintig, honderdvijftig,
    tweeduizend (None where the word is none)."""
    if word in _NL_NUMBER_WORDS:
        return float(_NL_NUMBER_WORDS[word])
    if word in ("een", "één"):
        return 1.0
    for big, size in (("duizend", 1000), ("honderd", 100)):
        if big in word:
            left, _, right = word.partition(big)
            lv = _nl_compound(left) if left else 1.0
            rv = _nl_compound(right) if right else 0.0
            return None if lv is None or rv is None else lv * size + rv
    m = re.fullmatch(r"(een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)[eë]n(twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)", word)
    if m:
        return (1.0 if m.group(1) in ("een", "één") else _NL_NUMBER_WORDS[m.group(1)]) + _NL_NUMBER_WORDS[m.group(2)]
    return None


_EN_UNITS = {**{w: v for w, v in _EN_NUMBER_WORDS.items() if 1 <= v < 100 and w not in (
    "second", "third", "fourth", "fifth", "twice", "double", "triple", "half", "quarter", "both", "pair", "couple",
    "single", "decade", "decades", "dozens", "hundreds", "thousands") and not w.endswith(("ies", "th"))}, "one": 1}
_EN_RUN_TOKEN = "|".join(sorted([*_EN_UNITS, "hundred", "thousand", "million", "billion"], key=len, reverse=True))
_EN_RUN = re.compile(rf"\b(?:{_EN_RUN_TOKEN})(?:(?:-|\s+and\s+|\s+)(?:{_EN_RUN_TOKEN}))*\b")


def _en_runs(text: str) -> set[float]:
    """English numbers in words: twenty-three, two hundred, a hundred and fifty, three thousand."""
    values: set[float] = set()
    for run in _EN_RUN.finditer(text.lower()):
        total = current = 0.0
        for w in re.split(r"[- ]+(?:and\s+)?|\s+and\s+", run.group()):
            if w in _EN_UNITS:
                current += _EN_UNITS[w]
            elif w == "hundred":
                current = (current or 1) * 100
            elif w in ("thousand", "million", "billion"):
                total += (current or 1) * {"thousand": 1e3, "million": 1e6, "billion": 1e9}[w]
                current = 0
        values.add(total + current)
    return values


def missing_numbers(dutch: str, english: str) -> list[str]:
    nl_clock, dutch = _clock(dutch, english=False) if _NL_CLOCK_HINT.search(dutch) else (set(), dutch)
    nl_times = _times(dutch, _NL_TIME, False)
    # The English's clock times matter only beside the Dutch's (ten o'clock for om tien is ten).
    en_clock, english_rest = _clock(english, english=True) if nl_clock or nl_times else (set(), english)
    en_times = _times(english_rest, _EN_TIME, True)
    dial = {t % 720 for t in en_times | en_clock}
    english_rest = _EN_TIME.sub(" ", english_rest) if nl_times or nl_clock else english
    dutch_rest = _NL_TIME.sub(" ", dutch)
    # `op twee na grootste` is `third largest`; `in acht nemen` is no eight.
    dutch_rest = re.sub(r"\bop (?:twee|drie|vier) na\b|\bin acht\b", " ", dutch_rest)
    nl = _values(dutch_rest, _NL_NUMBER_WORDS)
    for word in re.findall(r"[a-zà-ÿ]+", dutch_rest.lower()):
        if len(word) > 7 and (value := _nl_compound(word)) is not None:
            nl.add(value)
    en = _values(english_rest, _EN_NUMBER_WORDS) | _en_runs(english_rest)
    # A time on the dial of the English; a full hour may also stand as its number (at ten).
    lost_times = sorted(
        t for t in nl_times | nl_clock
        if t % 720 not in dial and not (t % 60 == 0 and {float(t // 60 % 12 or 12), float(t // 60)} & (en | _values(english, _EN_NUMBER_WORDS)))
    )
    for m in _EN_DECADE.finditer(english):  # 1960s, '60s: the decade, and its century
        en.add(float(m.group(2)))
        if m.group(1):
            en.add(float(m.group(1) + m.group(2)))
    for m in _NL_DECADE.finditer(dutch):
        nl.discard(float(m.group(1)))
        if float(m.group(1)) not in en and not re.search(rf"\b\d\d{m.group(1)}s\b|{_decade_word(m.group(1))}", english, re.IGNORECASE):
            nl.add(float(m.group(1)))
    lost = sorted(v for v in nl if v not in en and not (v == 1 and "one" in english.lower()))
    return [f"{t // 60:02d}.{t % 60:02d}" for t in lost_times] + [f"{v:g}" for v in lost]


def _decade_word(decade: str) -> str:
    words = {"20": "twenties", "30": "thirties", "40": "forties", "50": "fifties", "60": "sixties",
             "70": "seventies", "80": "eighties", "90": "nineties"}
    return words.get(decade, "^$")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def missing_names(dutch: str, english: str, glossary: Mapping[str, str], words: WordCache | None = None) -> list[str]:
    """Names of the Dutch that the English does not have in their own form, a close one, their
    English form (Kroatië: Croatia) or the glossary's. A sentence opener that may be a name or a
    Dutch word (Vogels, Klop: surnames and words) counts only where the English has a name of its
    own that the Dutch lacks (the opener replaced by another name)."""
    words = words or default_words()
    # Sainsbury’s: Sainsbury's; U.S., U.N.: US, UN.
    english = re.sub(r"\b((?:[A-Z]\.){2,})", lambda m: m.group(1).replace(".", ""), english.replace("’", "'"))
    # Whole words (O'Flynn), their parts (Ring's: ring) and their letters (2.4Ghz: ghz).
    english_words = {w.lower() for w in (*re.findall(r"[\wÀ-ÖØ-öø-ÿ']+", english), *re.findall(r"[\wÀ-ÖØ-öø-ÿ]+", english),
                                         *re.findall(r"[^\W\d_]+", english))}
    # A close form (Poetin: Putin) must be no other name of the Dutch: Schoof is no form of Scholz.
    dutch_capitals = {w.lower() for w in re.findall(r"\b[A-ZÀ-ÖØ-Þ][\wÀ-ÖØ-öø-ÿ]+", dutch)}
    english_capitals = {w.lower() for w in re.findall(r"\b[A-ZÀ-ÖØ-Þ][\wÀ-ÖØ-öø-ÿ]+", english)} - dutch_capitals
    # New York City: NYC; Saturday Night Live: SNL (the English writes the name's initials).
    acronyms = set(re.findall(r"\b[A-Z]{2,5}\b", english)) - set(re.findall(r"\b[A-Z]{2,5}\b", dutch))
    initialled = {word for run in re.finditer(r"[A-ZÀ-ÖØ-Þ][\wÀ-ÖØ-öø-ÿ]+(?:\s+[A-ZÀ-ÖØ-Þ][\wÀ-ÖØ-öø-ÿ]+)+", dutch)
                  if "".join(w[0] for w in run.group().split()).upper() in acronyms for word in run.group().split()}
    lost = []
    for name, certain in _names(dutch, words):
        if name in initialled:
            continue
        low = re.sub(r"['’]s$", "", name.lower())  # Sainsbury’s: Sainsbury's
        # Daveys taken: Davey's duties (the Dutch genitive).
        genitive = {low[:-1]} if low.endswith("s") and len(low) > 4 else set()
        forms = {low, *genitive, *glossary.get(name, "").lower().split()}
        if forms & english_words or any(_close(low, w) for w in english_capitals):
            continue
        if any(phrase <= english_words for phrase in _english_forms(words).get(name, ())):
            continue
        if not certain and not _stray_english_name(dutch, english, words):
            continue
        if _named_compound(name, english_words, words):
            continue
        lost.append(name)
    return lost


def _named_compound(name: str, english_words: set[str], words: WordCache) -> bool:
    """A Dutch compound of a name and a Dutch noun whose name part the English has
    (Eriekanaal: Erie Canal, Loiredal: Loire Valley)."""
    for i in range(3, min(len(name), 40) - 2):
        head, tail = name[:i].lower(), name[i:]
        if head in english_words and "common" in _lexicon(tail.capitalize(), words).split():
            return True
    return False


def _stray_english_name(dutch: str, english: str, words: WordCache) -> bool:
    """Whether the English has a name the Dutch has not: a capitalised word in no form in the
    Dutch that is no common English word (Okafor in place of Vogels)."""
    dutch_low = {w.lower() for w in re.findall(r"[\wÀ-ÖØ-öø-ÿ]+", dutch)}
    capitals = [w for w in dutch_low if len(w) > 2]
    for m in re.finditer(r"(?<![\wÀ-ÖØ-öø-ÿ])[A-ZÀ-ÖØ-Þ][\wÀ-ÖØ-öø-ÿ]{2,}", english):
        word = m.group()
        low = word.lower()
        if low in dutch_low or low in _EN_CALENDAR or any(_close(d, low) for d in capitals):
            continue
        if words.remember(words.lexicon, "en:" + word, _english_kind) != "common":
            return True
    return False


_EN_CALENDAR = {*_MONTHS.values(), *_DAYS.values()}


def _english_zipf(key: str) -> str:
    return f"{_frequency(key[4:], 'en'):.2f}"


def _english_kind(key: str) -> str:
    """`common` for a common English word or one the English lexicon knows (Preheat,
    Housebuilding), else `rare` (Okafor, Kowalski)."""
    from simplemma import is_known

    word = key[3:]
    if _frequency(word, "en") >= 3.5 or is_known(word.lower(), lang="en"):
        return "common"
    # An English compound of two common words (Housebuilding, Floodproof).
    low = word.lower()
    for i in range(4, min(len(low), 40) - 3):
        if _frequency(low[:i], "en") >= 3.5 and _frequency(low[i:], "en") >= 3.5:
            return "common"
    return "rare"


def names_in(dutch: str, words: WordCache | None = None) -> list[str]:
    """The names of a Dutch sentence that an English translation must show: people, places,
    organisations (Rutte, Henk Postma, Amsterdam, Kroatië, Montana, het Howard University
    Hospital, NASA), not the capitalised Dutch words English translates (de Tweede Kamer, het
    Openbaar Ministerie, de Koude Oorlog, Artsen zonder Grenzen, minister van Financiën).

    Dutch writes common words in lower case, so a capitalised word mid-sentence is part of a name.
    Whether English keeps it is read from the word (`_kind`) and its place: after an article, or
    beside a Dutch word English translates, only the names English copies count (het Howard
    University Hospital, Noordelijke Marianen); a Dutch word otherwise (Rutte, Zwolle, Henk Postma).
    A word opening a sentence is capitalised anyway: it counts where it is a name by its spread
    over languages and the lexicons (`_opening_kind`: Philips, Schiphol, Siminoff…; not Meng…,
    Inmiddels…, Versnel…). In a headline in capitals, capitals say nothing: its words in capitals
    are left out. An opener that may be a name or a word (Vogels, Klop) is not among them."""
    return [name for name, certain in _names(dutch, words or default_words()) if certain]


def _names(dutch: str, words: WordCache) -> list[tuple[str, bool]]:
    """`names_in`, each name with whether it is certain (False: an opener that a lexicon knows
    as a name and as a Dutch word)."""
    found: list[tuple[str, bool]] = []
    token = r"(?:['’]s-)?[A-ZÀ-ÖØ-Þ][\wÀ-ÖØ-öø-ÿ'’-]*"
    # A run of capitals, joined by the particles of names (Artsen zonder Grenzen, Tempel van de Zon,
    # Jan van der Berg), never by `en` or a comma (Rutte en Klaver are two names).
    particles = r"van|von|de|der|den|het|zonder|voor|op|aan|tot|la|le|du|da|di|al|el|bin"
    shouting = re.search(r"\b[A-ZÀ-ÖØ-Þ]{2,}(?:[\s:,-]+[A-ZÀ-ÖØ-Þ]{2,}){2,}\b", dutch) is not None
    for run in re.finditer(rf"(?<![\wÀ-ÖØ-öø-ÿ'’-]){token}(?: (?:(?:{particles}) )*{token})*", dutch):
        # What comes before, as far back as any of the tests below looks (a long line stays linear).
        before = dutch[max(0, run.start() - 200) : run.start()]
        if before.endswith("."):
            continue  # inside an abbreviation: v.Chr., Zr.Ms.
        # A portfolio after minister van, ministerie van (Economie, Handel en Industrie) is translated.
        if re.search(_PORTFOLIO_BEFORE, before):
            continue
        opening = _opens_sentence(before)
        # de Kamer, het prachtige Heiligdom; not de provincie Gelderland, de heer Ter Horst.
        after_article = re.search(_ARTICLE_BEFORE, before, re.IGNORECASE) is not None
        run_words = [w for w in run.group().split(" ") if w and (w[0].isupper() or w[0] in "'’")]
        if not run_words:
            continue
        first = (_parts(run_words[0]) or [run_words[0]])[-1]
        # A run of capitals opening the sentence: its first word is part of the name (Kier
        # Starmer, Del Potro) unless a Dutch word, an article or a title.
        if opening and len(run_words) > 1 and (
            _opening_kind(first, words) == "word" or _kind(first, words) == "dutch" or _TITLE.fullmatch(first)
            or first in ("De", "Het", "Een")
        ):
            # De Grote Piramide…, Wethouder Sanne Koopmans…, Bewoners van Lutjebroek…: a word
            # capitalised for opening the sentence is not part of the name.
            after_article = run_words[0] in ("De", "Het", "Een")
            run_words, opening = run_words[1:], False
        while len(run_words) > 1 and _TITLE.fullmatch((_parts(run_words[0]) or [""])[-1]) and run.group().find(f"{run_words[0]} {run_words[1]}") >= 0:
            # Premier Dick Schoof, het CDA-Kamerlid Henri Bontenbal: a title before a name (the
            # article is the title's).
            run_words, opening, after_article = run_words[1:], False, False
        parted = [_parts(w) for w in run_words]
        # A Dutch word as the head of a compound is a word, not a name (EHBO-instructies).
        heads = set(re.findall(r"([A-ZÀ-ÖØ-Þ][\wÀ-ÖØ-öø-ÿ]*)-[a-z]", run.group() + dutch[run.end() : run.end() + 2]))
        kinds = [[_kind(p, words) for p in parts] for parts in parted]
        # A Dutch-only word among several capitals makes the run a Dutch name for a thing (Artsen
        # zonder Grenzen); alone, it is a name (Gorinchem, Omtzigt). Particles (De, Van) and
        # compounds (CDA-Kamerlid, a title) do not decide it.
        deciding = [k for parts, ks in zip(parted, kinds) if len(parts) == 1 and parts[0] not in _PARTICLES for k in ks]
        names_only = after_article or "dutch" in deciding or (len(deciding) > 1 and "dutch-only" in deciding)
        for i, (parts, part_kinds) in enumerate(zip(parted, kinds)):
            # Jetten: ‘Dit is het moment…’ (a headline's speaker) opens with a name.
            headline_speaker = (
                len(run_words) == 1 and part_kinds in (["name"], ["word"])
                and re.match(r":\s*(?:,,|[„“‘'\"«])", dutch[run.end() :]) is not None
            )
            certain = True
            if i == 0 and opening and not headline_speaker:
                opener = _opening_kind(parts[0], words) if parts else "word"
                if opener == "word":
                    continue
                certain = opener == "name"
            for name, kind in zip(parts, part_kinds):
                # Two letters only as an acronym English keeps (TB, QC, PA; not OM, EK).
                short = len(name) < 3 and not (len(name) == 2 and name.isupper() and kind == "name")
                if short or name in _PARTICLES or (shouting and name.isupper()):
                    continue
                if kind == "name" or (kind in ("word", "dutch-only") and not names_only and name not in heads and len(parts) == 1):
                    found.append((name, certain))
    return found


def _parts(word: str) -> list[str]:
    """The capitalised parts of a word (Zuid-Afrika, Vichy-Frankrijk, Sahel-streek,
    's-Hertogenbosch), but not a combining form that English translates with the compound (Afro-,
    Anglo-, Sino-, Indo-)."""
    parts = re.findall(r"[A-ZÀ-ÖØ-Þ][\wÀ-ÖØ-öø-ÿ]*(?:['’][a-z]+)?-?", word)
    return [p.rstrip("-") for p in parts if not re.fullmatch(r"[A-Z][a-z]{2,4}o-", p)]


def _kind(word: str, words: WordCache) -> str:
    return words.remember(words.kinds, word, lambda w: _classify(w, words))


def _classify(word: str, words: WordCache) -> str:
    """How English treats a capitalised Dutch word, from how common it is in each language
    (wordfreq, whose word lists ignore case):

    * `name`: as common in English as in Dutch, unknown to both, or a place with an English name
      (CLDR): English shows it (Montana, Hospital, Trump, NASA, Sundarbans; Kroatië);
    * `word`: mostly Dutch: a Dutch name English copies, or a Dutch word of a name English
      translates (Rutte, Zwolle, Henk; Kamer, Grenzen); its place in the sentence decides;
    * `dutch-only`: a common `word` unknown to English text (Artsen, Koude, Gorinchem);
    * `dutch`: a word English translates: built like a Dutch adjective or compound, or one of the
      capitalised words of Dutch names for things (Britse, Noordelijke, Werelderfgoedlijst;
      Koninkrijk, Kamer, Tweede), or a common Dutch word by the lexicon (simplemma) and no name
      by deduce's lists (Voorzitter, Duits, Apotheek)."""
    if word in _english_forms(words):
        return "name"
    if word in _NL_CAPITALISED_WORDS:
        return "dutch"
    dutch, english = _frequency(word, "nl"), _frequency(word, "en")
    if word.isupper():
        if dutch - english >= 0.9 and (dutch >= 4.5 or (len(word) >= 5 and dutch >= 3)):
            return "dutch"  # a Dutch word in capitals for emphasis or a headline: NIET, TELLEN
        return "name" if dutch - english < 0.9 else "word"  # NASA, USGS; KNMI, VVD, het BBP
    if _DUTCH_ADJECTIVE.search(word) or (dutch == english == 0 and _DUTCH_WORD.search(word)):
        return "dutch"
    if dutch - english < 0.9:
        return "name"
    lexicon = _lexicon(word, words)
    if ("common" in lexicon or "proper" in lexicon) and not ({"first", "surname", "place"} & set(lexicon.split())):
        return "dutch"  # Voorzitter, Apotheek, Duits: a Dutch word capitalised, translated
    if dutch >= 6:
        return "dutch"  # Maar, Deze: a word this common is no name, whatever its case
    return "dutch-only" if english == 0 and dutch >= 3.5 else "word"


def _opens_sentence(before: str) -> bool:
    """Whether a word after `before` opens a sentence, a quotation or a title (capitalised anyway):
    after . ? ! : or a dash between spaces, or after an opening quotation mark (,,Maar… ‘Wat de
    rivier meenam’); a closing mark is looked through (…gebeuren.” Dit…)."""
    tail = before.rstrip()
    if not tail or re.search(r"(?:,,|[„“‘«(\[]|(?:^|\s)[\"'])$", tail):
        return True
    tail = tail.rstrip("\"'’”»)]")
    return not tail or tail[-1] in ".!?…:" or re.search(r"\s[-–—]$", tail) is not None


def _opening_kind(word: str, words: WordCache) -> str:
    """Whether a word opening a sentence (capitalised anyway) is a `name`, a Dutch `word`, or
    `either`, by evidence that holds beyond one text:

    * the Dutch lexicon (simplemma: verb forms, plurals, nouns, interjections; Versnel, Klop,
      Vogels, Barman, Aha, Inmiddels) and deduce's common words make it a word;
    * deduce's Dutch first names, surnames and places (Rutte, Jansen, Zwolle) make it a name;
    * both (Vogels, Klop, Bakker: surnames as well): `either`, the English decides;
    * neither: its spread over languages (wordfreq): a name is about as common in German,
      French, Spanish, Italian or English text as in Dutch (Philips, Siminoff); a Dutch word is
      ten times or more as common in Dutch, or, known to Dutch text only, common there."""
    if not word:
        return "word"
    return words.remember(words.opening, word, lambda w: _classify_opening(w, words))


def _classify_opening(word: str, words: WordCache) -> str:
    lexicon = set(_lexicon(word, words).split())
    named = bool({"first", "surname", "place"} & lexicon) or word in _english_forms(words)
    if "common" in lexicon:
        # A Dutch word (Versnel, Later, Men); a place as well (Zwolle) or one spread over
        # languages like a name (Vogels, Macron, Blogs): the English decides.
        return "either" if "place" in lexicon or _spread_name(word) else "word"
    if named:
        return "name"
    if "proper" in lexicon:
        return "word"  # Duits, Engels: a language or people, translated
    # No lexicon knows it: a name by its spread over languages (Siminoff, Mendoza) unless common
    # in Dutch text (Amper, Singapore): then the English decides; a word common in Dutch text and
    # in no other language's is a Dutch word (Ondertussen, Hieruit, Voorts).
    dutch = _frequency(word, "nl")
    if dutch >= 3.0 and max(_frequency(word, lang) for lang in ("en", "de", "fr", "es", "it")) < 1.0:
        return "word"
    if _dutch_compound(word):
        return "word"  # Woningnood, Stikstofcrisis: two Dutch words
    return "name" if _spread_name(word) and dutch < 3.5 else "either"


def _dutch_compound(word: str) -> bool:
    """Whether a word is two common Dutch words written as one (woning+nood, stikstof+crisis),
    with the linking s or e(n) between them (verkeer+s+ongeluk)."""
    low = unicodedata.normalize("NFKC", word).lower()
    if len(low) > 40:
        return False  # no word; a long line of letters is not looked up piece by piece
    for i in range(4, len(low) - 3):
        head, tail = low[:i], low[i:]
        if _frequency(tail, "nl") < 3.5 or _frequency(tail, "nl") - _frequency(tail, "en") < 1.0:
            continue
        for linked in (head, head[:-1] if head.endswith("s") else "", head[:-2] if head.endswith("en") else ""):
            if len(linked) >= 3 and _frequency(linked, "nl") >= 3.5 and _frequency(linked, "nl") - _frequency(linked, "en") >= 1.0:
                return True
    return False


def _spread_name(word: str) -> bool:
    dutch, english = _frequency(word, "nl"), _frequency(word, "en")
    elsewhere = max(english, *(_frequency(word, lang) for lang in ("de", "fr", "es", "it")))
    if re.search(r"(?:eer|eert|ng|nk|ig)$", word) or english >= 5.0:
        return False  # built like a Dutch verb (Trivialiseer, Meng, Beschadig), or an English word (Let, Later)
    if dutch == elsewhere == 0 or elsewhere < 1.5:
        # A name no list knows, or known to Dutch text only and rare there, unless built like a
        # Dutch adjective, plural or compound (Normale, Reisbureaus, Vliegtuigongelukken).
        return dutch < 3.0 and not re.search(r"(?:[^aeiou]e|s)$", word) and not _DUTCH_WORD.search(word)
    # Known elsewhere as well: a name where about as common there, not built like a Dutch plural
    # or adjective (Leeuwen, Ramen, Normale: words other languages' text has too).
    return dutch - elsewhere < 2.2 and dutch < 5.0 and not re.search(r"(?:en|[^aeiou]e|ts)$", word)


def _lexicon(word: str, words: WordCache) -> str:
    """What the lexicons say of a capitalised word, space-separated: `common` (a Dutch word with
    a lower-case lemma: simplemma, deduce's common words), `proper` (a lemma in capitals: Duits,
    Jan), `first`, `surname`, `place` (deduce's Dutch lists)."""
    return words.remember(words.lexicon, word, _look_up)


def _look_up(word: str) -> str:
    from simplemma import is_known, lemmatize

    low = unicodedata.normalize("NFKC", word).lower()
    tags = []
    if is_known(low, lang="nl"):
        lemma = str(lemmatize(low, lang="nl"))
        tags.append("proper" if lemma[:1].isupper() else "common")
    lists = _deduce_lists()
    tags += [tag for tag, known in lists.items() if low in known and not (tag == "common" and "common" in tags)]
    return " ".join(dict.fromkeys(tags))


def _deduce_lists() -> dict[str, frozenset[str]]:
    """deduce's Dutch lexicons (first names, surnames, places; common words): the namebook's."""
    from briefing.nlp.namebook import lower_case_lists

    return lower_case_lists()


def _frequency(word: str, lang: str) -> float:
    """How common a word is in a language's text (wordfreq's Zipf scale, 0 where unknown; its
    word lists ignore case and load on first use)."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(unicodedata.normalize("NFKC", word).lower(), lang))  # the ligature ĳ is ij


# A portfolio after minister van, ministerie van (Economie, Handel en Industrie); only the
# keyword ignores case.
_PORTFOLIO_BEFORE = re.compile(
    r"\b(?i:minister|ministerie|staatssecretaris|departement|commissaris|commissie)s? (?:van|voor) "
    r"(?:[A-ZÀ-ÖØ-Þ][\wÀ-ÖØ-öø-ÿ-]*,? (?:en )?)*$"
)
_ARTICLE_BEFORE = r"\b(?:de|het|een|der|des|den)\s+(?:[a-zà-ÿ]+(?:ige|lijke|ische|ende|ere|[^aeious]se)\s+|(?:oude|nieuwe|grote|kleine|hele|mooie)\s+)?$"
_PARTICLES = {"Het", "Een", "Den", "Der", "Des", "Van", "Ter", "Ten", "Von"}
# Titles Dutch news puts before a name.
_TITLE = re.compile(
    r"Premier|Minister|Minister-president|Staatssecretaris|Kamerlid|Kamervoorzitter|Fractievoorzitter|"
    r"Partijleider|Lijsttrekker|Burgemeester|Wethouder|Gedeputeerde|Commissaris|Gouverneur|Senator|"
    r"President|Vicepresident|Koning|Koningin|Prins|Prinses|Paus|Bisschop|Kardinaal|Dominee|Pastoor|"
    r"Generaal|Commandant|Kapitein|Luitenant|Directeur|Voorzitter|Woordvoerder|Hoogleraar|Professor|"
    r"Prof|Dokter|Dr|Rechter|Officier|Advocaat|Trainer|Coach|Bondscoach|Aanvoerder|Agent|Inspecteur|"
    r"Topman|Topvrouw|Bestuurder|Oud-premier|Oud-minister|Eurocommissaris|Secretaris-generaal|"
    r"Dhr|Mevr|Mw|Mevrouw|Meneer|Drs|Ir|Ing|Ds|Eerwaarde|Mgr|Acteur|Actrice|Zanger|Zangeres|Schrijver|Schrijfster"
)


def _english_forms(words: WordCache) -> dict[str, tuple[frozenset[str], ...]]:
    """Dutch word → the English ways of writing its place, each a set of words that must all be
    there (Haag: {hague}; Verenigde: {united, states}, {american}, {us}…)."""
    if words.forms is None:
        words.forms = _cldr_forms()
        words.changed = True
    if words.form_sets is None:
        words.form_sets = {word: tuple(frozenset(p.split()) for p in phrases) for word, phrases in words.forms.items()}
    return words.form_sets


def _cldr_forms() -> dict[str, list[str]]:
    """Dutch names of places and their English names (`|` between alternatives): countries and
    regions from CLDR (through Babel: Kroatië → Croatia, Verenigde Staten → United States), their
    adjectives, and Dutch names of cities and abbreviations English writes otherwise."""
    from babel import Locale

    dutch, english = Locale("nl").territories, Locale("en").territories
    # Single words only: `Unie` of Europese Unie is not European in Sovjet-Unie.
    pairs = [(dutch[code], english[code]) for code in dutch if code in english and " " not in dutch[code]]
    # Languages too (Duits → German, Frans → French): capitalised in both, translated.
    nl_languages: dict[str, str] = dict(Locale("nl").languages)
    en_languages: dict[str, str] = dict(Locale("en").languages)
    pairs += [(str(nl_languages[code]).capitalize(), str(en_languages[code])) for code in nl_languages
              if code in en_languages and "_" not in code and " " not in str(nl_languages[code])]
    pairs += [
        ("Den Haag", "The Hague"), ("Keulen", "Cologne"), ("Aken", "Aachen"), ("Rijsel", "Lille"),
        ("Luik", "Liège|Liege"), ("Kaapstad", "Cape Town"), ("Vlissingen", "Flushing|Vlissingen"),
        ("Mekka", "Mecca"), ("Gizeh", "Giza"), ("Oostzee", "Baltic"), ("Beieren", "Bavaria|Bavarian"),
        ("Saksen", "Saxony"), ("Vlaanderen", "Flanders|Flemish"), ("Wallonië", "Wallonia|Walloon"),
        ("Henegouwen", "Hainaut"), ("Bretagne", "Brittany"), ("Normandië", "Normandy"), ("Elzas", "Alsace"),
        ("Toscane", "Tuscany"), ("Siberië", "Siberia"), ("Lotharingen", "Lorraine"),
        ("Celebes", "Sulawesi"), ("Atjeh", "Aceh"), ("Wales", "Wales|Welsh"), ("Richter", "Richter|magnitude"), ("Wenen", "Vienna"), ("Praag", "Prague"), ("Warschau", "Warsaw"),
        # Dutch abbreviations English writes its own way.
        ("NAVO", "NATO"), ("VN", "UN|United Nations"), ("VS", "US|USA|United States"), ("OESO", "OECD"),
        ("BBP", "GDP"), ("EHBO", "first aid"), ("EG", "EC"), ("EK", "European Championship|Euro"),
        ("WK", "World Cup|World Championship"), ("WO", "WW|WWI|WWII|WW1|WW2|World War"), ("GB", "UK|Britain|British"),
        ("EU", "EU|European Union|Europe|European|Brussels"),
    ]
    # A country is often rendered by its adjective: de Grand Prix van Nederland, the Dutch Grand Prix.
    adjectives = {
        "NL": "Dutch|Holland", "BE": "Belgian", "DE": "German", "FR": "French", "GB": "British|English|UK",
        "ES": "Spanish", "IT": "Italian", "RU": "Russian", "UA": "Ukrainian", "CN": "Chinese",
        "US": "American|US|USA", "TR": "Turkish", "PL": "Polish", "MA": "Moroccan", "SR": "Surinamese",
        "JP": "Japanese", "IL": "Israeli", "IR": "Iranian", "PT": "Portuguese", "GR": "Greek",
    }
    pairs += [(dutch[code], f"{english[code]}|{adjective}") for code, adjective in adjectives.items() if code in dutch]
    forms: dict[str, list[str]] = {}
    for nl, en in pairs:
        for alternative in en.split("|"):
            english_words = {w.lower() for w in re.findall(r"[\wÀ-ÖØ-öø-ÿ]+", alternative)}
            # The words that name the place, not those any English sentence has (The Hague: hague;
            # but Cape Town and United States need both).
            naming = english_words - _GENERIC_PLACE_WORDS or english_words
            for word in re.findall(r"[A-ZÀ-ÖØ-Þ][\wÀ-ÖØ-öø-ÿ]+", nl):
                # Not the words Dutch names of places share (Zuid-, Noord-, Verenigde): Zuid is
                # no form of Africa in Zuid-Frankrijk.
                if word not in _NL_CAPITALISED_WORDS:
                    # A place English writes alike (Finland, Singapore) is a name, in its own form.
                    forms.setdefault(word, []).append(" ".join(sorted(naming)) if word.lower() not in english_words else word.lower())
    return forms


_GENERIC_PLACE_WORDS = set(
    "the of and a an new old north south east west northern southern eastern western central city town "
    "island islands isles cape republic united kingdom states state democratic people's federal saint st "
    "great little upper lower sea bay gulf river lake mount mountains region territory territories "
    "outlying minor".split()
)


# The word cache is a few hundred kilobytes; anything far larger is not ours.
WORDS_CACHE_MAX_BYTES = MAX_CACHE_BYTES


@dataclass
class WordCache:
    """What the names check learnt of words (`_kind`, `_opening_kind`, the lexicon look-ups) and
    the English place names (CLDR), kept in the user's cache so that a rebuild needs neither
    wordfreq's lists nor Babel's data (they take most of a second to load). Keyed by the versions
    that decide it. Passed to `flags`; written only by `save()`, by whoever owns the run (build),
    never behind the caller's back."""

    path: Path | None
    version: str
    kinds: dict[str, str] = field(default_factory=dict)
    opening: dict[str, str] = field(default_factory=dict)
    lexicon: dict[str, str] = field(default_factory=dict)
    forms: dict[str, list[str]] | None = None
    form_sets: dict[str, tuple[frozenset[str], ...]] | None = None  # `forms`, ready to compare
    changed: bool = False

    @classmethod
    def open(cls, path: Path | None = None) -> WordCache:
        """The cache at `path` (default: qa-words.json in the user's cache folder); one that is
        missing, damaged, not a regular file, too large or of other versions starts empty."""
        if path is None:
            from briefing.settings import cache_folder

            path = cache_folder() / "qa-words.json"
        cache = cls(path, _cache_version())
        data = read_json(path, WORDS_CACHE_MAX_BYTES)
        if isinstance(data, dict) and data.get("version") == cache.version:
            try:
                kinds, opening, lexicon = (dict(data.get(k) or {}) for k in ("kinds", "opening", "lexicon"))
                forms = data.get("forms")
                cache.forms = {str(w): [str(p) for p in f] for w, f in forms.items()} if isinstance(forms, dict) else None
                if all(isinstance(v, str) for v in (*kinds.values(), *lexicon.values(), *opening.values())):
                    cache.kinds, cache.opening, cache.lexicon = kinds, opening, lexicon
                else:
                    cache.forms = None
            except (ValueError, AttributeError, TypeError):
                cache.forms = None  # damaged: start afresh
        return cache

    def remember(self, table: dict[str, T], word: str, learn: Callable[[str], T]) -> T:
        """`table`'s answer for `word`, learnt (and kept, to be saved) the first time."""
        if word not in table:
            table[word] = learn(word)
            self.changed = True
        return table[word]

    def save(self) -> None:
        """Write what was learnt, if anything: through a temporary file of its own (created
        exclusively, so a planted file or link is never written through) renamed into place."""
        if not self.changed or self.path is None:
            return
        data = {"version": self.version, "kinds": self.kinds, "opening": self.opening,
                "lexicon": self.lexicon, "forms": self.forms}
        # A cache: where it cannot be written, the next run looks the words up again.
        if write_json(self.path, data):
            self.changed = False


def _cache_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    # Keyed by this module's own source (the lists and rules that decide a word) and the
    # versions of the data: any change looks the words up again.
    source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    versions = []
    for package in ("wordfreq", "babel", "simplemma", "deduce"):
        try:
            versions.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            versions.append(f"{package} -")
    return f"qa {source}; " + "; ".join(versions)


@lru_cache(maxsize=1)
def default_words() -> WordCache:
    """The word cache of this process when a caller passes none: read from the user's cache
    once, never written (a build passes its own and saves it)."""
    return WordCache.open()


def _close(a: str, b: str) -> bool:
    """Dutch and English forms of one name: Poetin/Putin, Haïti/Haiti, Kroatië/Croatia, Mekka/Mecca
    (spelled alike, the same first letter); another name in its place is not close (Montana is
    not Monday)."""
    a, b = _spelling(a), _spelling(b)
    if len(b) < 3 or a[0] != b[0]:
        return False
    return a[:4] == b[:4] or SequenceMatcher(None, a, b).ratio() >= 0.7


def _spelling(word: str) -> str:
    """A name's letters with the spelling differences of Dutch and English evened out."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))
    for dutch, english in (("ij", "y"), ("oe", "u"), ("ph", "f"), ("c", "k"), ("z", "s"), ("ee", "e"), ("aa", "a"), ("oo", "o")):
        plain = plain.replace(dutch, english)
    return re.sub(r"ie$", "ia", plain)


def repeats(english: str) -> bool:
    """A word three times in a row, or a phrase (2–4 words) three times running, at most a word
    between (`he said it and he said it and he said it`); ordinary reuse of a phrase across a
    sentence (`due to … due to`) is not a loop."""
    words = _words(english)
    if any(a == b == c for a, b, c in zip(words, words[1:], words[2:])):
        return True
    for n in (2, 3, 4):
        where: dict[tuple[str, ...], list[int]] = {}
        for i in range(len(words) - n + 1):
            where.setdefault(tuple(words[i : i + n]), []).append(i)
        for starts in where.values():
            if any(c - a <= 2 * (n + 1) for a, c in zip(starts, starts[2:])):
                return True
    return False


def check(dutch: str, english: str, glossary: Mapping[str, str], words: WordCache | None = None) -> dict[str, str]:
    """The QA flags of one sentence pair, each with what it found (empty: nothing to flag).
    `glossary` is the build's (Dutch term → English); `words` the word cache to use and learn
    into (default: the user's, read once and never written here)."""
    words = words or default_words()
    found: dict[str, str] = {}
    if not english.strip():
        return {"untranslated": "no English"} if dutch.strip() else {}
    if lost := missing_numbers(dutch, english):
        found["number"] = "missing: " + ", ".join(lost)
    if negation := lost_negation(dutch, english, words):
        found["negation"] = "Dutch: " + negation
    if names := missing_names(dutch, english, glossary, words):
        found["name"] = "missing: " + ", ".join(names)
    named = {m.lower() for m in _DATE_WORD.findall(dutch)}
    # Oct., Sept., Dec.: a month abbreviated is there.
    lost_dates = [nl for nl, en in _DATE_NAMES.items() if nl in named and en not in english.lower()
                  and not (nl in _MONTHS and re.search(rf"\b{en[:3]}(?:t)?\.", english, re.IGNORECASE))]
    if lost_dates:
        found["date"] = "missing: " + ", ".join(lost_dates)
    if re.search(r"[\"“”„«»]|,,", dutch) and not _QUOTE_MARKS.search(english):
        found["quote"] = "the English has no quotation mark"
    if untranslated(dutch, english, words):
        found["untranslated"] = "the English is mostly the Dutch words"
    if repeats(english) and not repeats(dutch):  # Nee, nee, nee: No, no, no
        found["repetition"] = "a word or phrase three times running"
    if (ratio := out_of_band(dutch, english)) is not None:
        found["length"] = f"{ratio:.2f} × the Dutch (real outputs: {LENGTH_BAND[0]}–{LENGTH_BAND[1]})"
    return found


def untranslated(dutch: str, english: str, words: WordCache | None = None) -> bool:
    """Whether the English is the Dutch, or mostly its words (70% of the longer ones), with at
    least one Dutch word among them: not a name (capitalised inside the sentence) nor a word
    English has as well (`Correct!`, `Stop!`, `Eureka!`, `Hotel Amsterdam.`, a list of names)."""
    en_words = set(_words(english))
    long = [w for w in _words(dutch) if len(w) > 3 and not w.isdigit()]
    identical = dutch.strip() == english.strip()
    if not identical and (len(long) < 4 or sum(w in en_words for w in long) / len(long) < 0.7):
        return False
    kept = [m.group().lower() for m in re.finditer(r"\w+", dutch) if not m.group().isdigit()
            and m.group().lower() in en_words and not (m.group()[0].isupper() and not _opens_sentence(dutch[: m.start()]))]
    cache = words or default_words()
    return any(cache.remember(cache.lexicon, "nl?:" + w, _dutch_only) == "dutch" for w in dict.fromkeys(kept))


def _dutch_only(key: str) -> str:
    """`dutch` for a word far more common in Dutch text than in English (raakt, niet), else
    `shared` (stop, correct, hotel)."""
    word = key[4:]
    dutch, english = _frequency(word, "nl"), _frequency(word, "en")
    return "dutch" if dutch > 0 and (english < 2.0 or dutch - english >= 1.0) else "shared"


def lost_negation(dutch: str, english: str, words: WordCache | None = None) -> str:
    """The Dutch negation (niet, geen, nooit…) that the English does not express in any way it
    says no: a negation word, a negative prefix (uneven, impossible), hardly or almost where the
    Dutch says bijna niemand, close to for het scheelde niet veel, an antonym (geen goed idee: a
    bad idea); empty when nothing is lost."""
    m = _NL_NEGATION.search(dutch)
    if not m:
        return ""
    # An English negative counts unless it translates a Dutch word of its own (ontkende: denied,
    # faalde: failed, zonder: without, Nee: No) rather than the niet.
    for said in _EN_NEGATION.finditer(english):
        own = _EN_LEXICAL_NEGATIVES.get(said.group().lower().split()[0].rstrip("-"))
        if said.group() == "No" and re.match(r"\s*[,.!]", english[said.end() :]):
            own = r"\bnee\b"
        if not own or not re.search(own, dutch, re.IGNORECASE):
            return ""
    if not _NL_NEGATION.search(re.sub(r"\bniet\s+(?=on(?!der|t|ze|s|lang|geveer|middellijk)\w{4,})", "", dutch)):
        return ""  # niet onveilig: safe (two negations make a yes)
    for idiom, english_way in _NEGATION_IDIOMS:
        if idiom.search(dutch) and english_way.search(english):
            return ""
    for adjective in re.findall(r"\b(?:niet|geen)\s+(?:zo\s+|erg\s+|heel\s+|echt\s+|te\s+|meer\s+)?(\w+)", dutch, re.IGNORECASE):
        antonyms = _ANTONYMS.get(adjective.lower())
        if antonyms and re.search(rf"\b(?:{antonyms})\b", english, re.IGNORECASE):
            return ""
    cache = words or default_words()
    # A negative English word (uneven, impossible) stands for the Dutch negation only where the
    # Dutch has fewer words of its own negative prefix (ongelukkig: unfortunate is that one's).
    prefixed = 0
    for prefix in _EN_PREFIXED.finditer(english):
        negative, rest = next(g for g in prefix.groups() if g), [g for g in prefix.groups() if g][1]
        if prefix.group().lower() in _NOT_NEGATIVE:
            continue
        # un- is negative before most words (unavoidable); in-, im- only before common ones.
        zipf = float(cache.remember(cache.lexicon, "enz:" + rest.lower(), _english_zipf))
        prefixed += zipf >= (2.0 if negative.lower() in ("un", "dis") else 3.0)
    if prefixed:
        dutch_prefixed = len(_NL_PREFIXED.findall(dutch))
        if prefixed > dutch_prefixed:
            return ""
    return m.group()


def out_of_band(dutch: str, english: str) -> float | None:
    """The English/Dutch length ratio where it falls outside the band of real outputs (for a
    Dutch sentence long enough to judge), else None."""
    if len(dutch) < MIN_LENGTH_CHARS:
        return None
    ratio = len(english) / len(dutch)
    return None if LENGTH_BAND[0] <= ratio <= LENGTH_BAND[1] else ratio


def flags(dutch: str, english: str, glossary: Mapping[str, str], words: WordCache | None = None) -> list[str]:
    """The QA flags of one sentence pair, in FLAGS order: a pure step of the sentence pair, the
    build's glossary and the word cache (see `check`)."""
    found = check(dutch, english, glossary, words)
    return [f for f in FLAGS if f in found]
