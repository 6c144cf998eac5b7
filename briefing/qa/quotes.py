"""The `quote` check: the Dutch quotes someone, the English has no quotation mark."""

from __future__ import annotations

import re

_QUOTE_MARKS = re.compile(r"[\"“”„‘’«»]|''|,,|(?<!\w)'|'(?!\w)")


def lost_quotation(dutch: str, english: str) -> bool:
    """Whether the Dutch quotes someone (a double mark, „ or ,,) and the English has no quotation
    mark of any kind."""
    return re.search(r"[\"“”„«»]|,,", dutch) is not None and not _QUOTE_MARKS.search(english)
