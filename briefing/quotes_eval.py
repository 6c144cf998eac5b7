"""Score quote detection against an annotation file (the format of quotes-gold/seeds.json).

Each annotated quotation gives its words (`quote`), or the start and end of a long one
(`quote_starts`, `quote_ends`), its `speaker` and whether it is `key`. A found quotation matches
an annotated one when their words agree (punctuation and spacing at the edges aside).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.quotes import Quote


def _norm(text: str | None) -> str:
    text = unicodedata.normalize("NFC", text or "").lower()
    text = re.sub(r"[‘’“”„\"'«»,.;:!?()\-–—]", " ", text)
    return " ".join(text.split())


def _speaker_norm(text: str | None) -> str:
    words = _norm(text).split()
    while words and words[0] in {"de", "het", "een"}:
        words.pop(0)
    return " ".join(words)


def matches(gold: Mapping[str, Any], found: Quote) -> bool:
    text = _norm(found.text)
    if "quote" in gold:
        return text == _norm(gold["quote"])
    return text.startswith(_norm(gold["quote_starts"])) and text.endswith(_norm(gold["quote_ends"]))


@dataclass
class QuoteScore:
    gold_key: int = 0
    found_key: int = 0
    matched_key: int = 0
    speaker_right: int = 0
    misses: list[str] = field(default_factory=list)  # key quotes not found (or not found key)
    false_keys: list[str] = field(default_factory=list)  # found key, annotated as not key or absent
    wrong_speakers: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched_key / self.found_key if self.found_key else 1.0

    @property
    def recall(self) -> float:
        return self.matched_key / self.gold_key if self.gold_key else 1.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.matched_key if self.matched_key else 1.0

    def report(self, verbose: bool = False) -> str:
        lines = [
            f"key quotes: {self.gold_key} annotated, {self.found_key} found, {self.matched_key} right",
            f"precision {self.precision:.3f}  recall {self.recall:.3f}  "
            f"speaker right {self.speaker_right}/{self.matched_key} = {self.speaker_accuracy:.3f}",
        ]
        if verbose:
            lines += [f"  missed:        {m}" for m in self.misses]
            lines += [f"  not key:       {m}" for m in self.false_keys]
            lines += [f"  wrong speaker: {m}" for m in self.wrong_speakers]
        return "\n".join(lines)


def score(gold: Mapping[str, list[Mapping[str, Any]]], found: Mapping[str, list[Quote]]) -> QuoteScore:
    """Precision and recall of key quotes, and speaker accuracy over the matched ones."""
    result = QuoteScore()
    for name, annotations in gold.items():
        quotes = found.get(name, [])
        keys = [q for q in quotes if q.key]
        result.found_key += len(keys)
        gold_keys = [g for g in annotations if g.get("key")]
        result.gold_key += len(gold_keys)
        used: set[int] = set()
        for g in gold_keys:
            hit = next((q for q in keys if id(q) not in used and matches(g, q)), None)
            label = f"{name}: {(g.get('quote') or g.get('quote_starts'))[:60]!r}"
            if hit is None:
                result.misses.append(label)
                continue
            used.add(id(hit))
            result.matched_key += 1
            if _speaker_norm(hit.speaker) == _speaker_norm(g.get("speaker")):
                result.speaker_right += 1
            else:
                result.wrong_speakers.append(f"{label}: {hit.speaker!r}, annotated {g.get('speaker')!r}")
        for q in keys:
            if id(q) not in used:
                result.false_keys.append(f"{name}: {q.text[:60]!r} ({q.speaker})")
    return result


def score_files(gold_path: str | Path, inputs: list[str]) -> QuoteScore:
    """Run the quote stage over the inputs and score it against the annotation file."""
    from briefing.build import process

    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    items, _ = process(inputs)
    found = {item.article.name: item.quotes for item in items}
    missing = [name for name in gold if name not in found]
    if missing:
        from briefing.errors import UsageError

        raise UsageError(f"the annotated articles {', '.join(missing)} are not among the inputs")
    return score(gold, found)
