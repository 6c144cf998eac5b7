"""QA flags per sentence, as translation (CAT) tools raise them.

* `number`: a number of the Dutch is missing from the English (100.000 and 100,000 are the
  same number, so are 3,5 and 3.5);
* `untranslated`: the English is the Dutch, or mostly its words;
* `repetition`: a word or phrase repeats itself (the known failure of opus-mt models);
* `length`: the English is far shorter or longer than the Dutch.
"""

from __future__ import annotations

import re
from collections import Counter

FLAGS = {
    "number": "a number in the Dutch is missing from the English",
    "untranslated": "the English looks untranslated",
    "repetition": "the English repeats itself",
    "length": "the English is far shorter or longer than the Dutch",
}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def numbers(text: str) -> set[float]:
    """Numbers as values: thousands separators (either style) removed, a decimal comma read."""
    values = set()
    for raw in _NUMBER.findall(text):
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
    return values


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def flags(dutch: str, english: str) -> list[str]:
    """The QA flags of one sentence pair (empty: nothing to flag)."""
    found: list[str] = []
    if not english.strip():
        return ["untranslated"] if dutch.strip() else []
    if numbers(dutch) - numbers(english):
        found.append("number")
    nl_words = [w for w in _words(dutch) if len(w) > 3 and not w.isdigit()]
    en_words = set(_words(english))
    if dutch.strip() == english.strip() or (
        len(nl_words) >= 4 and sum(w in en_words for w in nl_words) / len(nl_words) >= 0.7
    ):
        found.append("untranslated")
    words = _words(english)
    repeated_word = any(a == b == c for a, b, c in zip(words, words[1:], words[2:]))
    phrases = Counter(tuple(words[i : i + n]) for n in (2, 3) for i in range(len(words) - n + 1))
    if repeated_word or any(c >= 3 for c in phrases.values()):
        found.append("repetition")
    if len(dutch) >= 20:
        ratio = len(english) / len(dutch)
        if ratio < 0.5 or ratio > 2.0:
            found.append("length")
    return found
