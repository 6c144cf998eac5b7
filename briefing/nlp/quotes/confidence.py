"""How far a speaker can be trusted: a confidence per kind of attribution, learnt on the
development sets by `bench/quotes_calibrate.py` and kept as data (`briefing/data/quote_confidence.json`).

A candidate speaker falls in a bucket: how it was found (`same sentence`, `pronoun`, …), the
evidence behind it (`gender`, `said`, `next paragraph`, …) and the form of the name (a person's
full name, capitalised words that do not start with a first name, one word, a Dutch word or an
acronym, an organisation). Its confidence is the share of such
candidates that were exactly right on the development sets, smoothed where a bucket is small
towards what its kind and its form of name give apart (kind × form ÷ all, see `prior`).
The page shows a speaker only at or above the threshold measured there; below it the quotation
is shown without a name and the JSON keeps the candidate and its confidence.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefing.nlp import namebook
from briefing.nlp.quotes import lexicon as lx
from briefing.nlp.quotes import ranker

TABLE = Path(__file__).resolve().parents[2] / "data" / "quote_confidence.json"
# Without a table (a damaged install): trust what the rules trusted before calibration.
_FALLBACK: dict[str, Any] = {"threshold": 0.0, "default": 0.5, "kinds": {}, "buckets": {}}
MIN_BUCKET = 1  # buckets are smoothed towards their kind, so even a small one speaks for itself


COMMON_WORD = 5.0  # Zipf frequency in Dutch text above which a capitalised word is a word first (`Kamer`)


def name_form(name: str) -> str:
    """How the candidate looks: real news puts bodies (`Provinciale Staten`, `Brandweerzone
    Antwerpen`), titles (`CTO`), agencies (`Xinhua`) and common words (`Kamer`) where a name
    stands, and these are wrong far more often than a first name with a surname."""
    if not name or name[0].islower():
        return "organisation"
    words = name.split()
    first = words[0]
    if len(words) > 1:
        return "full name" if lx.is_full_name(name) else "capitalised words"
    if first.isupper() or namebook.is_dutch_word(first) or namebook.is_place(first) or namebook.dutch_frequency(first) >= COMMON_WORD:
        return "word or acronym"
    return "one word"


def form_of(how: str, name: str) -> str:
    """The form a candidate's name counts as. What the organisation rules found is an
    organisation however it is spelt (`de politie`, `Rijkswaterstaat`, `NS`): its capital says
    nothing about how far it can be trusted."""
    return "organisation" if how == "organisation" else name_form(name)


def bucket(how: str, evidence: str, name: str) -> str:
    return " | ".join(part for part in (how, evidence, form_of(how, name)) if part)


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    try:
        data = json.loads(TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return _FALLBACK
    return data if isinstance(data, dict) and isinstance(data.get("buckets"), dict) else _FALLBACK


def prior(kind: float, form: float | None, overall: float | None) -> float:
    """What a kind and a form of name give apart, combined: the kind's share scaled by how much
    better or worse than all candidates that form of name does (capped below certainty)."""
    if form is None or not overall:
        return kind
    return min(0.99, kind * form / overall)


def _confidence(rows: Any, key: str) -> float | None:
    row = rows.get(key) if isinstance(rows, dict) else None
    return float(row["confidence"]) if isinstance(row, dict) and "confidence" in row else None


def of(how: str, evidence: str, name: str) -> float:
    """The confidence of a candidate found so, with that evidence and that form of name."""
    return looked_up(table(), bucket(how, evidence, name), how, form_of(how, name))


def looked_up(data: dict[str, Any], bucket_name: str, how: str, form: str) -> float:
    """What a confidence table says of a bucket: its own confidence where it has one, else what
    its kind and its form of name give apart. The quote stage reads the shipped table so, and
    bench/quotes_calibrate.py every table it tries."""
    row = data["buckets"].get(bucket_name)
    if isinstance(row, dict) and row.get("n", 0) >= MIN_BUCKET:
        return float(row["confidence"])
    kind = _confidence(data.get("kinds"), how)
    if kind is None:
        return float(data.get("default", 0.5))
    return round(prior(kind, _confidence(data.get("forms"), form), data.get("overall")), 3)


def threshold() -> float:
    """The confidence a speaker needs to be shown, measured on the development sets."""
    return float(table().get("threshold", 0.0))


def backed(how: str, support: float | None) -> bool:
    """Does the second opinion let the candidate be shown? Its cell (ranker.trust: how often such
    a candidate, found so with such support or unseen by the model, was exactly right on fresh
    sets) must reach the threshold set there; a kind the fresh sets had too few of has no cell and
    the table alone decides. The development sets flatter the rules that were written with them;
    fresh text does not."""
    cell = ranker.trust(how, support)
    level = ranker.threshold()
    return cell is None or level is None or cell >= level
