"""A second opinion on who speaks: a small learnt model that ranks the names around a quotation.

The rules (`attribution`) pick one candidate by reading the sentence the way a grammar would; they
are precise on the text they were written for and overconfident on text they have not met (on
fresh sets a pronoun's candidate was wrong one time in five while the development sets said one
in thirty). This model reads the same neighbourhood another way: every name outside quotation
marks from two paragraphs before the quotation to the sentence after it, each described by plain
facts (where it stands, whether a speech verb is next to it, whether a preposition governs it,
whether its gender fits a `zegt ze`, how often the article names it), scored by a conditional
logit (a softmax over the quotation's names and `none of them`). The weights are learnt on the
annotated sets by `bench/speaker_ranker.py` and kept as data (`briefing/data/speaker_ranker.json`).

`support` is the probability the model gives the rules' candidate. How far a candidate with such
support, found the way the rules found it, can be trusted was measured on fresh sets (sets never
read while a rule was written): those cells (`trust`) and the threshold set there are data too, and
`confidence.backed` keeps a candidate whose cell is below it from being shown. Where the two
readings part, silence.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from briefing.nlp import namebook
from briefing.nlp.quotes import lexicon as lx
from briefing.nlp.quotes.attribution import CONTINUES, ORGANISATION, PREVIOUS_SENTENCE, PRONOUN, SAME_SENTENCE
from briefing.nlp.segment import Paragraph

MODEL = Path(__file__).resolve().parents[2] / "data" / "speaker_ranker.json"
PARAGRAPHS_BEFORE = 2  # how far back a speaker is looked for: reportage names a speaker, then quotes on
MOST_MENTIONS = 5  # `count` saturates: the tenth mention says no more than the fifth

# A pronoun that reports speech in the quotation's own sentence: its gender narrows the speaker.
_PRONOUN_SAYS = re.compile(rf"(?:{lx.VERB.pattern})\s+(hij|ze|zij)\b|\bvolgens\s+(hem|haar)\b", re.IGNORECASE)
_PRONOUN_OPENS = re.compile(r"\W*(?:Hij|Ze|Zij)\s")
_MEDIA_BEFORE = re.compile(rf"(?:{lx.MEDIA_WORDS})$")
# Facts that mean something else at each distance: a speech verb before a name in the quotation's
# own sentence (`zegt Jan`) is not the same evidence as one two paragraphs back.
_BY_PLACE = (
    "media_before", "form_word", "form_first_only", "verb_right_before", "verb_after", "sentence_start",
    "after_preposition", "after_volgens", "pron_match", "pron_mismatch", "pron_unknown", "form_full",
    "spoke_before", "qsent_has_name", "in_parenthesis", "verb_in_sentence", "speaking_subject", "colon_after",
    "pronoun_subject_before",
)  # fmt: skip


class Located(Protocol):
    """What the model needs of a quotation: where it stands (the quote stage's `Quote`)."""

    paragraph: int
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A name outside quotation marks near a quotation, and what describes it."""

    name: str
    entity: str  # who it is: `Trees` and `Trees Ramakers` are one entity
    features: dict[str, float]


class Names:
    """An article's names, read once: per sentence, the names outside quotation marks; per
    paragraph, how often each person was named up to it."""

    def __init__(self, paragraphs: Sequence[Paragraph], quotes: Sequence[Located]) -> None:
        self.paragraphs = paragraphs
        spans: dict[int, list[tuple[int, int]]] = {}
        for q in quotes:
            spans.setdefault(q.paragraph, []).append((q.start, q.end))
        self.sentences: list[list[tuple[str, list[lx.Name]]]] = []
        for i, p in enumerate(paragraphs):
            narrative = _masked(p.text, spans.get(i, []))
            texts = [narrative[s.start : s.end] for s in p.sentences]
            self.sentences.append([(t, lx.names(t)) for t in texts])
        self.first_names = _first_names(paragraphs)
        # Per paragraph p: how often each person was named in paragraphs 0..p, and who was named
        # beside a speech verb before p (read once, not again for every quotation).
        self.counts: list[Counter[str]] = []
        self.spoke: list[set[str]] = []
        counts: Counter[str] = Counter()
        spoke: set[str] = set()
        for sentences in self.sentences:
            self.spoke.append(set(spoke))
            for text, named in sentences:
                counts.update(self.entity(m.text) for m in named)
                if named and lx.VERB.search(text):
                    spoke.update(self.entity(m.text) for m in named)
            self.counts.append(Counter(counts))
        self.full_names = {m.text for sentences in self.sentences for _, found in sentences for m in found if lx.is_full_name(m.text)}

    def full_name(self, name: str) -> str | None:
        """The one full name the article gives for a short form: `Petra` → `Petra Stel`,
        `Oldenkotte` → `Erna Oldenkotte`, `Bosch` → `Ilse Bosch-Kamphuis`; None where there is
        none or more than one (Gerrit and Klaas Borgman)."""
        short = _words(name)
        if not short or len(short) > 2:
            return None
        found = {
            full for full in self.full_names
            if len(_words(full)) > len(short) and _shortens(short, _words(full))
        }
        return found.pop() if len(found) == 1 else None

    def entity(self, name: str) -> str:
        """Who a name is: its surname (the first half of a double one: `Bosch` of
        `Bosch-Kamphuis`), or for a first name alone the surname it was given with."""
        words = name.split()
        if not words:
            return ""
        if len(words) == 1 and words[0].lower() in self.first_names:
            return self.first_names[words[0].lower()]
        return words[-1].lower().strip(".,").split("-")[0]


def _first_names(paragraphs: Sequence[Paragraph]) -> dict[str, str]:
    """`Trees` → `ramakers` where the article gave `Trees Ramakers` (the first full name wins)."""
    found: dict[str, str] = {}
    for p in paragraphs:
        for m in lx.names(p.text):
            words = m.text.split()
            if len(words) > 1 and namebook.is_first_name(words[0]):
                found.setdefault(words[0].lower(), words[-1].lower().split("-")[0])
    return found


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with its quotations (and their marks) blanked: names inside are the speaker's words."""
    chars = list(text)
    for start, end in spans:
        chars[max(0, start - 1) : min(len(chars), end + 1)] = " " * (min(len(chars), end + 1) - max(0, start - 1))
    return "".join(chars)


def _sentence_of(paragraph: Paragraph, offset: int) -> int:
    for i, sentence in enumerate(paragraph.sentences):
        if sentence.start <= offset <= sentence.end:
            return i
    return max(0, len(paragraph.sentences) - 1)


def _pronoun_gender(sentence: str) -> str | None:
    said = _PRONOUN_SAYS.search(sentence)
    if said is None:
        return None
    return "m" if (said.group(1) or said.group(2)).lower() in ("hij", "hem") else "f"


def _place(distance: int, p: int, quote_p: int, before_quote: bool) -> str:
    """Where a mention stands from the quotation: its own sentence (before or after the quotation),
    a sentence before (in the paragraph, the paragraph before, two before) or the sentence after."""
    if distance == 0:
        return "same_before" if before_quote else "same_after"
    paragraph = "samepar" if p == quote_p else ("prevpar" if p == quote_p - 1 else "nextpar" if p > quote_p else "par2")
    if distance > 0:
        return f"next_sent_{paragraph}"
    return f"{'prev_sent' if distance == -1 else 'earlier_sent'}_{paragraph}"


@dataclass(frozen=True)
class _Context:
    """What every mention of one quotation is described against."""

    pronoun_gender: str | None
    counts: Counter[str]
    spoke_before: set[str]
    sentence_has_name: bool


def _governed(before: list[str]) -> bool:
    """Is the name the object of a preposition: `van Thijs Wassenaar`, `aan Noord-Koreaans leider
    Kim Jong-un`, `tegen de Amerikaanse minister X` (articles, roles and capitalised words between)?"""
    for word in reversed(before[-5:]):
        bare = word.strip(",(").lower()
        if bare in lx.PREPOSITIONS:
            return bare != "volgens"
        if not (bare in lx.ARTICLES or lx.ROLE_NOUN.match(bare) or word[:1].isupper()):
            return False
    return False


def _facts(sentence: str, name: lx.Name, place: str, distance: int, rank: int, ctx: _Context, entity: str) -> dict[str, float]:
    before = sentence[: name.start].split()
    after = sentence[name.end :].split()
    previous = before[-1].lower().strip(",(") if before else ""
    words = name.text.split()
    first = words[0]
    f: dict[str, float] = {
        f"where={place}": 1.0,
        "dist": min(distance, 6) / 6,
        f"rank={min(rank, 3)}": 1.0,
        "verb_in_sentence": float(bool(lx.VERB.search(sentence))),
        "verb_right_before": float(bool(lx.VERB.search(" ".join(before[-2:])))),
        "verb_after": float(bool(lx.VERB.search(" ".join(after[:6])))),
        # the subject: nothing but articles, roles and capitalised words before it (`Zijn Rotterdamse collega X`)
        "sentence_start": float(len(before) <= 3 and all(w.lower() in lx.ARTICLES or lx.ROLE_NOUN.match(w.strip(",")) or not w[:1].islower() for w in before)),
        "after_volgens": float(previous == "volgens"),
        "after_preposition": float(_governed(before)),
        "after_van": float(previous == "van"),
        "in_parenthesis": float(sentence[max(0, name.start - 1) : name.start] == "("),
        "after_comma": float(sentence[: name.start].rstrip().endswith(",")),
        "role_before": float(bool(before) and bool(lx.ROLE_NOUN.match(before[-1].strip(",").lower()))),
        "form_full": float(lx.is_full_name(name.text)),
        "form_multi": float(len(words) > 1),
        "form_acronym": float(name.text.isupper()),
        "form_demonym": float(len(words) == 1 and bool(lx.DEMONYM.fullmatch(first))),
        "form_place": float(namebook.is_place(name.text)),
        "form_word": float(len(words) == 1 and namebook.is_dutch_word(first)),
        "form_first_only": float(len(words) == 1 and namebook.is_first_name(first)),
        "media_before": float(bool(before) and bool(_MEDIA_BEFORE.search(before[-1].lower()))),
        "word_at_start": float(len(words) == 1 and not before and namebook.dutch_frequency(first) >= 3.0),
        "count": min(ctx.counts[entity], MOST_MENTIONS) / MOST_MENTIONS,
        "spoke_before": float(entity in ctx.spoke_before),
        "qsent_has_name": float(ctx.sentence_has_name),
        "bias": 1.0,
    }
    if ctx.pronoun_gender:
        gender = lx.gender_of(name.text)
        f["pron_match"] = float(gender == ctx.pronoun_gender)
        f["pron_mismatch"] = float(gender is not None and gender != ctx.pronoun_gender)
        f["pron_unknown"] = float(gender is None)
    # Facts together: the subject of a sentence that speaks; `X: ‘…’`.
    f["speaking_subject"] = f["sentence_start"] * f["verb_in_sentence"]
    f["colon_after"] = float(sentence[name.end : name.end + 2].strip().startswith(":"))
    # `Ze kent Gerda Nijenhuis goed`: a pronoun is the subject, the name its object.
    f["pronoun_subject_before"] = float(bool(_PRONOUN_OPENS.match(sentence)) and name.start > 0)
    coarse = place.split("_")[0] + ("_" + place.split("_")[1] if place.startswith("same") else "")
    f.update({f"{k}&{coarse}": f[k] for k in _BY_PLACE if f.get(k)})
    f[f"rank={min(rank, 3)}&{coarse}"] = 1.0
    return f


def mentions(names: Names, quote: Located) -> list[Mention]:
    """Every name outside quotation marks from PARAGRAPHS_BEFORE paragraphs before the quotation to
    the sentence after it, nearest first, each with its facts."""
    p = quote.paragraph
    if not 0 <= p < len(names.paragraphs) or not names.paragraphs[p].sentences:
        return []
    s = _sentence_of(names.paragraphs[p], quote.start)
    order = [(i, j) for i in range(max(0, p - PARAGRAPHS_BEFORE), min(len(names.paragraphs), p + 2)) for j in range(len(names.sentences[i]))]
    here = order.index((p, s))
    own_text = names.sentences[p][s][0]
    ctx = _Context(_pronoun_gender(own_text), names.counts[p], names.spoke[p], bool(names.sentences[p][s][1]))
    near: list[tuple[int, lx.Name, str, str]] = []
    for k, (i, j) in enumerate(order[: here + 2]):
        distance = k - here
        text, named = names.sentences[i][j]
        offset = names.paragraphs[i].sentences[j].start
        for m in named:
            near.append((distance, m, text, _place(distance, i, p, offset + m.start < quote.start)))
    # Nearest first; in a sentence before, the name nearer its end is nearer the quotation.
    near.sort(key=lambda n: (abs(n[0]), -n[1].start if n[0] <= 0 else n[1].start))
    found = []
    for rank, (distance, m, text, place) in enumerate(near):
        entity = names.entity(m.text)
        found.append(Mention(m.text, entity, _facts(text, m, place, abs(distance), rank, ctx, entity)))
    # The nearest of its kind: the nearest subject, the nearest name of the pronoun's gender.
    for fact in ("sentence_start", "speaking_subject", "pron_match"):
        nearest = next((m for m in found if m.features.get(fact) and not m.features.get("where=same_after")), None)
        if nearest is not None:
            nearest.features[f"nearest_{fact}"] = 1.0
    return found


def same_person(name: str, other: str, names: Names | None = None) -> bool:
    """`Van Dijk` and `Anna van Dijk`, `Trees` and `Trees Ramakers`, `Bosch` and `Ilse
    Bosch-Kamphuis`: one person named twice."""
    a, b = _words(name), _words(other)
    if not a or not b:
        return False
    if a[-1] == b[-1] or set(a) <= set(b) or set(b) <= set(a) or _shortens(a, b) or _shortens(b, a):
        return True
    return names is not None and names.entity(name) == names.entity(other)


def _words(name: str) -> list[str]:
    return re.sub(r"[^\w\s-]", " ", name.lower()).split()


def _shortens(short: list[str], full: list[str]) -> bool:
    """A first name alone, the surname (with its particles) alone, or the first half of a double
    surname (`Bosch` of `Bosch-Kamphuis`)."""
    if short == full[:1] or short == full[-len(short):]:
        return True
    return len(short) == 1 and full[-1].startswith(short[0] + "-")


def scores(found: list[Mention], weights: dict[str, float]) -> dict[str, float]:
    """Each entity's probability of being the speaker (a softmax over the mentions and `none of
    them`, whose score is 0; an entity's mentions add up)."""
    zs = [sum(weights.get(k, 0.0) * v for k, v in m.features.items()) for m in found]
    top = max([*zs, 0.0])
    exps = [math.exp(z - top) for z in zs]
    total = sum(exps) + math.exp(-top)
    out: dict[str, float] = {}
    for m, e in zip(found, exps):
        out[m.entity] = out.get(m.entity, 0.0) + e / total
    return out


@lru_cache(maxsize=1)
def model() -> dict[str, Any]:
    try:
        data = json.loads(MODEL.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("weights"), dict) else {}


def support(names: Names, quote: Located, candidate: str, weights: dict[str, float] | None = None) -> float | None:
    """The probability the model (the shipped one, or `weights`) gives `candidate` as the speaker
    of `quote`; None without a model or where the candidate is none of the names it reads."""
    weights = weights if weights is not None else model().get("weights")
    if not weights:
        return None
    found = mentions(names, quote)
    entities = {m.entity for m in found if same_person(m.name, candidate, names)}
    if not entities:
        return None  # a candidate it cannot see (`de krant`, an interviewee named long before): see cell_name
    probabilities = scores(found, weights)
    return round(sum(probabilities.get(e, 0.0) for e in entities), 3)


# How the rules found a candidate, where the ranker's support splits the cells: the five common
# kinds. The others (a role, an interview's answer, a quotation that named its speaker in its first
# part) get one cell per kind, and so does a candidate of the five that the ranker cannot see.
BY_SUPPORT = (PRONOUN, CONTINUES, SAME_SENTENCE, PREVIOUS_SENTENCE, ORGANISATION)


def cell_name(how: str, value: float | None, bins: Sequence[float]) -> str:
    """`pronoun | 0.50-0.90`: the kind of attribution and the band of the ranker's support."""
    if how not in BY_SUPPORT:
        return f"{how} | any support"
    if value is None:
        return f"{how} | not seen"
    low = max([0.0, *(b for b in bins if b <= value)])
    high = min([1.0, *(b for b in bins if b > value)])
    return f"{how} | {low:.2f}-{high:.2f}"


def trust(how: str, value: float | None, data: dict[str, Any] | None = None) -> float | None:
    """How often, on the fresh sets, a candidate found so with such support was exactly right
    (the shipped model's cells, or those of `data`); None without a model or where the fresh sets
    had too few such candidates to say."""
    data = data if data is not None else model()
    if not isinstance(data.get("cells"), dict):
        return None
    row = data["cells"].get(cell_name(how, value, data.get("bins", ())))
    return float(row["confidence"]) if isinstance(row, dict) and "confidence" in row else None


def threshold() -> float | None:
    """The confidence a speaker needs to be shown, set on the fresh sets; None without a model."""
    value = model().get("threshold")
    return float(value) if isinstance(value, (int, float)) else None
