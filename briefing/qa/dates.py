"""The `date` check: a month or weekday of the Dutch is missing from the English."""

from __future__ import annotations

import re

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


def lost_dates(dutch: str, english: str) -> list[str]:
    """The months and weekdays of the Dutch (in Dutch) that the English does not name; a month
    abbreviated (Oct., Sept., Dec.) is there."""
    named = {m.lower() for m in _DATE_WORD.findall(dutch)}
    return [nl for nl, en in _DATE_NAMES.items() if nl in named and en not in english.lower()
            and not (nl in _MONTHS and re.search(rf"\b{en[:3]}(?:t)?\.", english, re.IGNORECASE))]
