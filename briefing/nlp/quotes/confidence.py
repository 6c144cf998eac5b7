"""How far a speaker can be trusted: a confidence per kind of attribution, learnt on the
development sets by `bench/quotes_calibrate.py` and kept as data (`briefing/data/quote_confidence.json`).

A candidate speaker falls in a bucket: how it was found (`same sentence`, `pronoun`, …), the
evidence behind it (`gender`, `said`, `next paragraph`, …) and the form of the name (a full name,
one word, an organisation). Its confidence is the share of such candidates that were exactly
right on the development sets (smoothed towards the kind's own share where a bucket is small).
The page shows a speaker only at or above the threshold measured there; below it the quotation
is shown without a name and the JSON keeps the candidate and its confidence.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

TABLE = Path(__file__).resolve().parents[2] / "data" / "quote_confidence.json"
# Without a table (a damaged install): trust what the rules trusted before calibration.
_FALLBACK: dict[str, Any] = {"threshold": 0.0, "default": 0.5, "kinds": {}, "buckets": {}}
MIN_BUCKET = 1  # buckets are smoothed towards their kind, so even a small one speaks for itself


def name_form(name: str) -> str:
    if not name or name[0].islower():
        return "organisation"
    return "full name" if len(name.split()) > 1 else "one word"


def bucket(how: str, evidence: str, name: str) -> str:
    # What the organisation rules found is an organisation however it is spelt (`de politie`,
    # `Rijkswaterstaat`, `NS`): its capital says nothing about how far it can be trusted.
    form = "organisation" if how == "organisation" else name_form(name)
    return " | ".join(part for part in (how, evidence, form) if part)


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    try:
        data = json.loads(TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return _FALLBACK
    return data if isinstance(data, dict) and isinstance(data.get("buckets"), dict) else _FALLBACK


def of(how: str, evidence: str, name: str) -> float:
    """The confidence of a candidate found so, with that evidence and that form of name."""
    data = table()
    row = data["buckets"].get(bucket(how, evidence, name))
    if isinstance(row, dict) and row.get("n", 0) >= MIN_BUCKET:
        return float(row["confidence"])
    kind = data.get("kinds", {}).get(how)
    if isinstance(kind, dict):
        return float(kind["confidence"])
    return float(data.get("default", 0.5))


def threshold() -> float:
    return float(table().get("threshold", 0.0))
