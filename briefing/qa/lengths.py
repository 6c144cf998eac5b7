"""The `length` check: the English is far shorter or longer than the Dutch, measured against the
band of the real outputs."""

from __future__ import annotations

# The band of English/Dutch length (characters) outside which a translation has lost or gained a
# clause. On the 1,012 real FLORES outputs the ratio runs 0.557–1.246 (median 0.90).
LENGTH_BAND = (0.56, 1.6)
MIN_LENGTH_CHARS = 30


def out_of_band(dutch: str, english: str) -> float | None:
    """The English/Dutch length ratio where it falls outside the band of real outputs (for a
    Dutch sentence long enough to judge), else None."""
    if len(dutch) < MIN_LENGTH_CHARS:
        return None
    ratio = len(english) / len(dutch)
    return None if LENGTH_BAND[0] <= ratio <= LENGTH_BAND[1] else ratio
