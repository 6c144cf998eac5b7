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

Each check lives in a module named for it (numbers, negation, names, dates, quotes, untranslated,
repetition, lengths); `CHECKS` below is their table, in the order the flags are reported. What
the checks know of words lives beside them: words (the WordCache kept in the user's cache, the
lexicons and word frequencies), kinds (how English treats a capitalised Dutch word) and places
(the English names of Dutch places).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from briefing.qa.dates import lost_dates
from briefing.qa.lengths import LENGTH_BAND, out_of_band
from briefing.qa.names import missing_names
from briefing.qa.negation import lost_negation
from briefing.qa.numbers import missing_numbers
from briefing.qa.quotes import lost_quotation
from briefing.qa.repetition import repeats
from briefing.qa.untranslated import untranslated
from briefing.qa.words import WordCache, default_words


@dataclass(frozen=True)
class Check:
    """One QA check: the flag it raises, what the flag means, and what it found in a sentence pair
    (Dutch, English, the build's glossary, the word cache), empty where nothing."""

    flag: str
    meaning: str
    finding: Callable[[str, str, Mapping[str, str], WordCache], str]


def _number(dutch: str, english: str, glossary: Mapping[str, str], words: WordCache) -> str:
    lost = missing_numbers(dutch, english)
    return "missing: " + ", ".join(lost) if lost else ""


def _negation(dutch: str, english: str, glossary: Mapping[str, str], words: WordCache) -> str:
    negation = lost_negation(dutch, english, words)
    return "Dutch: " + negation if negation else ""


def _name(dutch: str, english: str, glossary: Mapping[str, str], words: WordCache) -> str:
    names = missing_names(dutch, english, glossary, words)
    return "missing: " + ", ".join(names) if names else ""


def _date(dutch: str, english: str, glossary: Mapping[str, str], words: WordCache) -> str:
    dates = lost_dates(dutch, english)
    return "missing: " + ", ".join(dates) if dates else ""


def _quote(dutch: str, english: str, glossary: Mapping[str, str], words: WordCache) -> str:
    return "the English has no quotation mark" if lost_quotation(dutch, english) else ""


def _untranslated(dutch: str, english: str, glossary: Mapping[str, str], words: WordCache) -> str:
    return "the English is mostly the Dutch words" if untranslated(dutch, english, words) else ""


def _repetition(dutch: str, english: str, glossary: Mapping[str, str], words: WordCache) -> str:
    # Nee, nee, nee: No, no, no (a Dutch loop kept is no fault of the English).
    return "a word or phrase three times running" if repeats(english) and not repeats(dutch) else ""


def _length(dutch: str, english: str, glossary: Mapping[str, str], words: WordCache) -> str:
    ratio = out_of_band(dutch, english)
    return "" if ratio is None else f"{ratio:.2f} × the Dutch (real outputs: {LENGTH_BAND[0]}–{LENGTH_BAND[1]})"


# The checks, in the order their flags are reported.
CHECKS: tuple[Check, ...] = (
    Check("number", "a number in the Dutch is missing from the English", _number),
    Check("negation", "the Dutch says no or not; the English does not", _negation),
    Check("name", "a name in the Dutch is missing from the English", _name),
    Check("date", "a month or weekday in the Dutch is missing from the English", _date),
    Check("quote", "the Dutch quotes someone; the English has no quotation", _quote),
    Check("untranslated", "the English looks untranslated", _untranslated),
    Check("repetition", "the English repeats itself", _repetition),
    Check("length", "the English is far shorter or longer than the Dutch", _length),
)
FLAGS = {c.flag: c.meaning for c in CHECKS}


def check(dutch: str, english: str, glossary: Mapping[str, str], words: WordCache | None = None) -> dict[str, str]:
    """The QA flags of one sentence pair, each with what it found (empty: nothing to flag).
    `glossary` is the build's (Dutch term → English); `words` the word cache to use and learn
    into (default: the user's, read once and never written here)."""
    words = words or default_words()
    if not english.strip():
        return {"untranslated": "no English"} if dutch.strip() else {}
    found: dict[str, str] = {}
    for rule in CHECKS:
        if detail := rule.finding(dutch, english, glossary, words):
            found[rule.flag] = detail
    return found


def flags(dutch: str, english: str, glossary: Mapping[str, str], words: WordCache | None = None) -> list[str]:
    """The QA flags of one sentence pair, in FLAGS order: a pure step of the sentence pair, the
    build's glossary and the word cache (see `check`)."""
    found = check(dutch, english, glossary, words)
    return [f for f in FLAGS if f in found]
