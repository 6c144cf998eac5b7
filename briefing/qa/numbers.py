"""The `number` check: a number of the Dutch is missing from the English. 100.000 = 100,000,
3,5 = 3.5, `jaren 60` = 1960s, `20.30 uur` = 8.30 p.m. = 20:30, ¾ = 3/4, `achttien` = 18,
`half zeven` = 6:30."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

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


def _dutch_times(text: str) -> set[int]:
    """The Dutch clock times in figures (20.30 uur, 22:00), as minutes after midnight."""
    found = set()
    for m in _NL_TIME.finditer(text):
        hour, minute = int(m.group(1) or m.group(3)), int(m.group(2) or m.group(4))
        if hour < 24 and minute < 60:
            found.add(hour * 60 + minute)
    return found


def _zoned_time(g: Sequence[str | None]) -> set[int]:
    return {int(g[0] or 0) * 60 + int(g[1] or 0)}


def _noon_or_midnight(g: Sequence[str | None]) -> set[int]:
    return {12 * 60 if (g[5] or "").lower() == "noon" else 0}


def _hour_with_am_pm(g: Sequence[str | None]) -> set[int]:
    return {(int(g[6] or 0) % 12 + (12 if (g[7] or "").lower() == "p" else 0)) * 60}


def _time_on_the_dial(g: Sequence[str | None]) -> set[int]:
    """8.30 p.m. is 20:30; 8:30 alone may be either."""
    hour, minute, half = int(g[2] or 0), int(g[3] or 0), g[4]
    if half and half.lower() == "p" and hour < 12:
        hour += 12
    if not (hour < 24 and minute < 60):
        return set()
    if hour <= 12 and not half:
        return {hour * 60 + minute, ((hour + 12) % 24) * 60 + minute}  # 8:30 without a.m./p.m.
    return {hour * 60 + minute}


# The English shapes of a clock time in figures: the group of _EN_TIME that says which matched,
# and how to read it.
_EN_TIME_SHAPES: tuple[tuple[str, int, Callable[[Sequence[str | None]], set[int]]], ...] = (
    ("hours and minutes with a zone", 0, _zoned_time),  # 1200 GMT, 0930 hours
    ("noon or midnight", 5, _noon_or_midnight),
    ("an hour with a.m. or p.m.", 6, _hour_with_am_pm),  # 8 pm
    ("hours and minutes", 2, _time_on_the_dial),  # 8.30 p.m., 20:30, 8:30
)


def _english_times(text: str) -> set[int]:
    """The English clock times in figures (8.30 p.m. = 20:30; noon = 12.00), as minutes after
    midnight."""
    found: set[int] = set()
    for m in _EN_TIME.finditer(text):
        groups = m.groups()
        found |= next(read for _, group, read in _EN_TIME_SHAPES if groups[group])(groups)
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


# Dutch phrases with a number word that say no number: `op twee na grootste` is `third largest`;
# `in acht nemen` is to heed.
_NO_NUMBER: tuple[tuple[str, str], ...] = (
    ("op twee na: an ordinal (the third largest)", r"\bop (?:twee|drie|vier) na\b"),
    ("in acht nemen: to heed", r"\bin acht\b"),
)
_NO_NUMBER_PHRASE = re.compile("|".join(pattern for _, pattern in _NO_NUMBER))


@dataclass(frozen=True)
class _Clocks:
    """The clock times of a sentence pair, and both texts without them."""

    dutch: str  # the Dutch without its clock times in words
    english: str  # the English without its clock times (where the Dutch has some)
    dutch_times: set[int]  # minutes after midnight
    english_dial: set[int]  # minutes on a 12-hour dial

    @classmethod
    def read(cls, dutch: str, english: str) -> _Clocks:
        nl_clock, dutch = _clock(dutch, english=False) if _NL_CLOCK_HINT.search(dutch) else (set(), dutch)
        nl_times = _dutch_times(dutch) | nl_clock
        # The English's clock times matter only beside the Dutch's (ten o'clock for om tien is ten).
        en_clock, english_rest = _clock(english, english=True) if nl_times else (set(), english)
        dial = {t % 720 for t in _english_times(english_rest) | en_clock}
        english_rest = _EN_TIME.sub(" ", english_rest) if nl_times else english
        return cls(dutch, english_rest, nl_times, dial)


def _dutch_values(dutch: str) -> set[float]:
    """The numbers of the Dutch (clock times left out), also those written as one word
    (eenentwintig, honderdvijftig)."""
    rest = _NO_NUMBER_PHRASE.sub(" ", _NL_TIME.sub(" ", dutch))
    values = _values(rest, _NL_NUMBER_WORDS)
    for word in re.findall(r"[a-zà-ÿ]+", rest.lower()):
        if len(word) > 7 and (value := _nl_compound(word)) is not None:
            values.add(value)
    return values


def _lost_times(clocks: _Clocks, en: set[float], english: str) -> list[int]:
    """The Dutch clock times not on the dial of the English; a full hour may also stand as its
    number (at ten)."""
    def shown(t: int) -> bool:
        return t % 720 in clocks.english_dial or (
            t % 60 == 0 and bool({float(t // 60 % 12 or 12), float(t // 60)} & (en | _values(english, _EN_NUMBER_WORDS))))

    return sorted(t for t in clocks.dutch_times if not shown(t))


def _english_decades(english: str) -> set[float]:
    """1960s, '60s: the decade, and its century."""
    found: set[float] = set()
    for m in _EN_DECADE.finditer(english):
        found.add(float(m.group(2)))
        if m.group(1):
            found.add(float(m.group(1) + m.group(2)))
    return found


def _read_dutch_decades(nl: set[float], dutch: str, en: set[float], english: str) -> None:
    """`jaren 60` is a number lost only where the English has no 1960s, 60s or sixties."""
    for m in _NL_DECADE.finditer(dutch):
        nl.discard(float(m.group(1)))
        if float(m.group(1)) not in en and not re.search(rf"\b\d\d{m.group(1)}s\b|{_decade_word(m.group(1))}", english, re.IGNORECASE):
            nl.add(float(m.group(1)))


def missing_numbers(dutch: str, english: str) -> list[str]:
    """The numbers and clock times of the Dutch that the English lacks in every shape (figures,
    words, a decimal point for a comma, a 12-hour clock for a 24-hour one), clock times first."""
    clocks = _Clocks.read(dutch, english)
    nl = _dutch_values(clocks.dutch)
    en = _values(clocks.english, _EN_NUMBER_WORDS) | _en_runs(clocks.english)
    lost_times = _lost_times(clocks, en, english)
    en |= _english_decades(english)
    _read_dutch_decades(nl, clocks.dutch, en, english)
    lost = sorted(v for v in nl if v not in en and not (v == 1 and "one" in english.lower()))
    return [f"{t // 60:02d}.{t % 60:02d}" for t in lost_times] + [f"{v:g}" for v in lost]


def _decade_word(decade: str) -> str:
    words = {"20": "twenties", "30": "thirties", "40": "forties", "50": "fifties", "60": "sixties",
             "70": "seventies", "80": "eighties", "90": "nineties"}
    return words.get(decade, "^$")
