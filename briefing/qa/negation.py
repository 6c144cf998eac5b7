"""The `negation` check: the Dutch says niet, geen, nooit, niemand, niets, nergens or noch, and
the English says no in no way: no negation word, negative prefix, idiom or antonym."""

from __future__ import annotations

import re
from collections.abc import Callable

from briefing.qa.words import WordCache, _frequency, default_words

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


def _english_zipf(key: str) -> str:
    return f"{_frequency(key[4:], 'en'):.2f}"


def _says_no(dutch: str, english: str, words: WordCache | None) -> bool:
    """An English negative (not, never, n't, without, refused…), unless it translates a Dutch
    word of its own (ontkende: denied, faalde: failed, zonder: without, Nee: No) rather than the
    niet."""
    for said in _EN_NEGATION.finditer(english):
        own = _EN_LEXICAL_NEGATIVES.get(said.group().lower().split()[0].rstrip("-"))
        if said.group() == "No" and re.match(r"\s*[,.!]", english[said.end() :]):
            own = r"\bnee\b"
        if not own or not re.search(own, dutch, re.IGNORECASE):
            return True
    return False


def _double_negation(dutch: str, english: str, words: WordCache | None) -> bool:
    """niet onveilig: safe (two negations make a yes): no negation is left once niet before a
    word of the negative prefix on- is read with it."""
    return not _NL_NEGATION.search(re.sub(r"\bniet\s+(?=on(?!der|t|ze|s|lang|geveer|middellijk)\w{4,})", "", dutch))


def _idiom(dutch: str, english: str, words: WordCache | None) -> bool:
    """A Dutch idiom with a negation and its English way (`_NEGATION_IDIOMS`)."""
    return any(idiom.search(dutch) and english_way.search(english) for idiom, english_way in _NEGATION_IDIOMS)


def _antonym(dutch: str, english: str, words: WordCache | None) -> bool:
    """A negated Dutch adjective and an English antonym (geen goed idee: a bad idea)."""
    for adjective in re.findall(r"\b(?:niet|geen)\s+(?:zo\s+|erg\s+|heel\s+|echt\s+|te\s+|meer\s+)?(\w+)", dutch, re.IGNORECASE):
        antonyms = _ANTONYMS.get(adjective.lower())
        if antonyms and re.search(rf"\b(?:{antonyms})\b", english, re.IGNORECASE):
            return True
    return False


def _negative_prefix(dutch: str, english: str, words: WordCache | None) -> bool:
    """A negative English word (uneven, impossible, dishonest), where the Dutch has fewer words
    of its own negative prefix (ongelukkig: unfortunate is that one's)."""
    cache = words or default_words()
    prefixed = 0
    for prefix in _EN_PREFIXED.finditer(english):
        negative, rest = next(g for g in prefix.groups() if g), [g for g in prefix.groups() if g][1]
        if prefix.group().lower() in _NOT_NEGATIVE:
            continue
        # un- is negative before most words (unavoidable); in-, im- only before common ones.
        zipf = float(cache.remember(cache.lexicon, "enz:" + rest.lower(), _english_zipf))
        prefixed += zipf >= (2.0 if negative.lower() in ("un", "dis") else 3.0)
    return prefixed > len(_NL_PREFIXED.findall(dutch))


# The ways the English may say the no of the Dutch, tried in order.
_NEGATION_KEPT: tuple[tuple[str, Callable[[str, str, WordCache | None], bool]], ...] = (
    ("an English negative", _says_no),
    ("two Dutch negations make a yes", _double_negation),
    ("an idiom", _idiom),
    ("an antonym of a negated adjective", _antonym),
    ("a negative prefix", _negative_prefix),
)


def lost_negation(dutch: str, english: str, words: WordCache | None = None) -> str:
    """The Dutch negation (niet, geen, nooit…) that the English does not express in any way it
    says no: a negation word, a negative prefix (uneven, impossible), hardly or almost where the
    Dutch says bijna niemand, close to for het scheelde niet veel, an antonym (geen goed idee: a
    bad idea); empty when nothing is lost."""
    m = _NL_NEGATION.search(dutch)
    if not m or any(kept(dutch, english, words) for _, kept in _NEGATION_KEPT):
        return ""
    return m.group()
