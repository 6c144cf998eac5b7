"""The article document: one article as the stages fill it in, and all the briefing is made from.

    read       → article      (ingest: the file, page or record, cleaned)
    segment    → paragraphs   (nlp: paragraphs and their sentences, with offsets)
    quotes     → quotes       (nlp: quotations, speakers, roles, confidence)
    translate  → english      (translate: each segment's English, score, second try, origin)
    qa         → flags        (qa: each sentence's flags against its Dutch and the glossary)

Every piece of Dutch the reader sees in English is a `Segment` with an id that is stable inside
the article: `title`, `p2-s1` (paragraph 2, sentence 1), a quotation's own id (`q3`) and its
speaker's role (`q3-role`). The translation and the QA flags are kept under those ids, so the
briefing, the desk and the archive read the same document the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from briefing.ingest.articles import Article
    from briefing.nlp.quotes import Quote
    from briefing.nlp.segment import Paragraph, Sentence

SegmentKind = Literal["title", "sentence", "quote", "role"]


@dataclass(frozen=True)
class Segment:
    """One piece of Dutch to show in English."""

    id: str
    kind: SegmentKind
    nl: str


@dataclass(frozen=True)
class English:
    """A segment's English and how it was made."""

    text: str
    score: float | None = None  # the model's confidence: length-normalised log-probability
    retried: bool = False  # the first output looped or lost its length: this is the second try
    # Where it came from: human (a person's, imported; wins over any model), model (this model and
    # settings, now or in an earlier build), memory (the same model, made elsewhere and imported).
    origin: str = "model"


NO_ENGLISH = English("")


def sentence_id(paragraph: int, sentence: int) -> str:
    """`p2-s1`: paragraph and sentence, counted from 1."""
    return f"p{paragraph}-s{sentence}"


def role_id(quote_id: str) -> str:
    return f"{quote_id}-role"


@dataclass
class Document:
    """One article and what each stage found in it (see the module's docstring)."""

    article: Article
    paragraphs: list[Paragraph] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    english: dict[str, English] = field(default_factory=dict)  # segment id → its English
    speakers_en: dict[str, str] = field(default_factory=dict)  # speaker → the name in the glossary's English
    flags: dict[str, list[str]] = field(default_factory=dict)  # sentence id → its QA flags

    def segments(self) -> list[Segment]:
        """Every segment the briefing shows in English, in reading order: the headline, the
        sentences, each quotation whole (its English reads whole where the sentence's translation
        reorders it), and each key candidate's role (shown or not, so that what is translated
        does not hang on the confidence threshold or on other articles)."""
        found: list[Segment] = []
        if self.article.title:
            found.append(Segment("title", "title", self.article.title))
        for p, paragraph in enumerate(self.paragraphs, start=1):
            found += [Segment(sentence_id(p, s), "sentence", sentence.text)
                      for s, sentence in enumerate(paragraph.sentences, start=1)]
        found += [Segment(q.id, "quote", q.text) for q in self.quotes if q.depth == 0]
        found += [Segment(role_id(q.id), "role", q.candidate_role) for q in self.quotes if q.key and q.candidate_role]
        return found

    def english_of(self, segment_id: str) -> English:
        return self.english.get(segment_id, NO_ENGLISH)

    def _lead(self) -> tuple[int, Sentence] | None:
        """The first sentence of the body, with its paragraph's number: the title where the
        article has no headline."""
        for p, paragraph in enumerate(self.paragraphs, start=1):
            if paragraph.kind == "paragraph" and paragraph.sentences:
                return p, paragraph.sentences[0]
        return None

    @property
    def lead(self) -> str:
        found = self._lead()
        return found[1].text if found else ""

    @property
    def lead_id(self) -> str:
        found = self._lead()
        return sentence_id(found[0], 1) if found else ""

    @property
    def dutch(self) -> str:
        """The article's sentences as one text (what the stories are found from)."""
        return " ".join(s.text for p in self.paragraphs for s in p.sentences)
