"""The `repetition` check: the loop opus-mt falls into, not ordinary reuse of words."""

from __future__ import annotations

from briefing.qa.words import _words


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
