"""The `untranslated` check: the English is the Dutch, or mostly its words."""

from __future__ import annotations

import re

from briefing.qa.names import _opens_sentence
from briefing.qa.words import WordCache, _frequency, _words, default_words


def untranslated(dutch: str, english: str, words: WordCache | None = None) -> bool:
    """Whether the English is the Dutch, or mostly its words (70% of the longer ones), with at
    least one Dutch word among them: not a name (capitalised inside the sentence) nor a word
    English has as well (`Correct!`, `Stop!`, `Eureka!`, `Hotel Amsterdam.`, a list of names)."""
    en_words = set(_words(english))
    if dutch.strip() != english.strip() and not _mostly_the_dutch_words(dutch, en_words):
        return False
    cache = words or default_words()
    return any(cache.remember(cache.lexicon, "nl?:" + w, _dutch_only) == "dutch" for w in dict.fromkeys(_kept_words(dutch, en_words)))


def _mostly_the_dutch_words(dutch: str, en_words: set[str]) -> bool:
    """At least four longer Dutch words (four letters or more, no figures), 70% of them in the
    English."""
    long = [w for w in _words(dutch) if len(w) > 3 and not w.isdigit()]
    return len(long) >= 4 and sum(w in en_words for w in long) / len(long) >= 0.7


def _kept_words(dutch: str, en_words: set[str]) -> list[str]:
    """The words of the Dutch the English has, in lower case, but figures and names (capitalised
    inside the sentence)."""
    return [m.group().lower() for m in re.finditer(r"\w+", dutch) if not m.group().isdigit()
            and m.group().lower() in en_words and not (m.group()[0].isupper() and not _opens_sentence(dutch[: m.start()]))]


def _dutch_only(key: str) -> str:
    """`dutch` for a word far more common in Dutch text than in English (raakt, niet), else
    `shared` (stop, correct, hotel)."""
    word = key[4:]
    dutch, english = _frequency(word, "nl"), _frequency(word, "en")
    return "dutch" if dutch > 0 and (english < 2.0 or dutch - english >= 1.0) else "shared"
