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
