"""Score quote detection against an annotation file (the format of quotes-gold/seeds.json).

Each annotated quotation gives its words (`quote`), or the start and end of a long one
(`quote_starts`, `quote_ends`), its `speaker` and whether it is `key`. A found quotation matches
an annotated one when their words agree (punctuation and spacing at the edges aside).

Scored the way a reader meets quotes: a key quote shown is right only with the right speaker
(span-only precision is printed beside it); a speaker in another form of the right person (a
short form, a role left in the name) is counted apart from a wrong person; and every quotation,
key or not, is scored for its span.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.nlp.quotes import Quote


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


def speaker_verdict(found: Quote, gold_speaker: str | None) -> str:
    """`right`, `other form` (the right person, named otherwise), `unnamed` (shown without a
    speaker: the candidate's confidence was too low) or `wrong`."""
    if not found.speaker:
        return "unnamed"
    gold = _speaker_norm(gold_speaker)
    forms = {_speaker_norm(found.speaker)}
    if found.role and found.speaker:
        # An unnamed spokesperson: `woordvoerder van het Witte Huis` is the organisation speaking.
        forms.add(_speaker_norm(f"{found.role} van {found.speaker}"))
    if gold in forms:
        return "right"
    said = _speaker_norm(found.speaker).split()
    if said and gold and (set(said) <= set(gold.split()) or set(gold.split()) <= set(said) or said[-1] == gold.split()[-1]):
        return "other form"
    return "wrong"


@dataclass
class QuoteScore:
    gold_key: int = 0
    found_key: int = 0
    matched_key: int = 0  # found key and annotated key (span right)
    speaker_right: int = 0
    speaker_other_form: int = 0
    speaker_unnamed: int = 0  # matched key quotes shown without a speaker
    found_named: int = 0  # key quotes shown with a speaker
    gold_all: int = 0  # every annotated quotation, key or not
    found_all: int = 0
    matched_all: int = 0
    misses: list[str] = field(default_factory=list)  # key quotes not found (or not found key)
    false_keys: list[str] = field(default_factory=list)  # found key, annotated as not key or absent
    wrong_speakers: list[str] = field(default_factory=list)
    other_forms: list[str] = field(default_factory=list)
    unnamed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Key quotes shown with the right speaker, of all key quotes shown."""
        return self.speaker_right / self.found_key if self.found_key else 1.0

    @property
    def span_precision(self) -> float:
        """Key quotes shown that are annotated key, whoever the speaker."""
        return self.matched_key / self.found_key if self.found_key else 1.0

    @property
    def recall(self) -> float:
        return self.matched_key / self.gold_key if self.gold_key else 1.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.matched_key if self.matched_key else 1.0

    @property
    def wrong_person(self) -> int:
        return self.matched_key - self.speaker_right - self.speaker_other_form - self.speaker_unnamed

    @property
    def named(self) -> int:
        """Annotated key quotes found and shown with a speaker."""
        return self.matched_key - self.speaker_unnamed

    @property
    def named_precision(self) -> float:
        """Of the annotated key quotes shown with a speaker, those with exactly the right one."""
        return self.speaker_right / self.named if self.named else 1.0

    @property
    def wrong_per_100(self) -> float:
        """Another person or a non-person, per 100 annotated key quotes shown with a speaker."""
        return 100 * self.wrong_person / self.named if self.named else 0.0

    def report(self, verbose: bool = False) -> str:
        all_p = self.matched_all / self.found_all if self.found_all else 1.0
        all_r = self.matched_all / self.gold_all if self.gold_all else 1.0
        lines = [
            f"key quotes: {self.gold_key} annotated, {self.found_key} found, {self.matched_key} right",
            (
                f"precision {self.precision:.3f} (speaker right)  span precision {self.span_precision:.3f}  "
                f"recall {self.recall:.3f}"
            ),
            (
                f"speaker right {self.speaker_right}/{self.matched_key} = {self.speaker_accuracy:.3f}; "
                f"the right person in another form {self.speaker_other_form}; a wrong person {self.wrong_person}; "
                f"shown without a name {self.speaker_unnamed}"
            ),
            (
                f"annotated key quotes shown with a speaker: {self.named}; exactly right {self.named_precision:.3f}; "
                f"another person or a non-person {self.wrong_per_100:.1f} per 100"
            ),
            (
                f"all quotations: {self.gold_all} annotated, {self.found_all} found, {self.matched_all} matched: "
                f"span precision {all_p:.3f}  recall {all_r:.3f}"
            ),
        ]
        if verbose:
            lines += [f"  missed:        {m}" for m in self.misses]
            lines += [f"  not key:       {m}" for m in self.false_keys]
            lines += [f"  other form:    {m}" for m in self.other_forms]
            lines += [f"  unnamed:       {m}" for m in self.unnamed]
            lines += [f"  wrong speaker: {m}" for m in self.wrong_speakers]
        return "\n".join(lines)


def score(gold: Mapping[str, list[Mapping[str, Any]]], found: Mapping[str, list[Quote]]) -> QuoteScore:
    """Precision and recall of key quotes, speakers over the matched ones, spans of all."""
    result = QuoteScore()
    for name, marked in gold.items():
        quotes = found.get(name, [])
        _score_spans(result, marked, quotes)
        _score_keys(result, name, marked, quotes)
    return result


def pairs(marked: list[Mapping[str, Any]], quotes: list[Quote]) -> Iterator[tuple[Mapping[str, Any], Quote | None]]:
    """Each annotated quotation with the first found one that matches it and no earlier one took."""
    taken: set[int] = set()
    for g in marked:
        hit = next((q for q in quotes if id(q) not in taken and matches(g, q)), None)
        if hit is not None:
            taken.add(id(hit))
        yield g, hit


def _score_spans(result: QuoteScore, marked: list[Mapping[str, Any]], quotes: list[Quote]) -> None:
    """Every quotation, key or not: is its span found?"""
    result.gold_all += len(marked)
    result.found_all += len(quotes)
    result.matched_all += sum(1 for _, hit in pairs(marked, quotes) if hit is not None)


def _score_keys(result: QuoteScore, name: str, marked: list[Mapping[str, Any]], quotes: list[Quote]) -> None:
    """Key quotes: found key and annotated key, and the speaker of each such pair."""
    keys = [q for q in quotes if q.key]
    result.found_key += len(keys)
    result.found_named += sum(1 for q in keys if q.speaker)
    gold_keys = [g for g in marked if g.get("key")]
    result.gold_key += len(gold_keys)
    used: set[int] = set()
    for g, hit in pairs(gold_keys, keys):
        label = f"{name}: {(g.get('quote') or g.get('quote_starts') or '')[:60]!r}"
        if hit is None:
            result.misses.append(label)
            continue
        used.add(id(hit))
        result.matched_key += 1
        _score_speaker(result, label, hit, g.get("speaker"))
    result.false_keys += [f"{name}: {q.text[:60]!r} ({q.speaker})" for q in keys if id(q) not in used]


def _score_speaker(result: QuoteScore, label: str, hit: Quote, gold_speaker: str | None) -> None:
    verdict = speaker_verdict(hit, gold_speaker)
    detail = f"{label}: {hit.speaker!r}, annotated {gold_speaker!r}"
    if verdict == "right":
        result.speaker_right += 1
    elif verdict == "unnamed":
        result.speaker_unnamed += 1
        result.unnamed.append(f"{label}: candidate {hit.candidate!r} ({hit.confidence}), annotated {gold_speaker!r}")
    elif verdict == "other form":
        result.speaker_other_form += 1
        result.other_forms.append(detail)
    else:
        result.wrong_speakers.append(detail)


def score_files(gold_path: str | Path, inputs: list[str]) -> QuoteScore:
    """Run the quote stage over the inputs and score it against the annotation file."""
    from briefing import pipeline

    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    documents, _ = pipeline.read_analysed(inputs)
    found = {d.article.name: d.quotes for d in documents}
    missing = [name for name in gold if name not in found]
    if missing:
        from briefing.errors import UsageError

        raise UsageError(f"the annotated articles {', '.join(missing)} are not among the inputs")
    return score(gold, found)
