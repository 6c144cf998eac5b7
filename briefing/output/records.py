"""The briefing as typed records: what `assemble` makes, the JSON output is, and the templates,
the CLI's summary and the archive read. docs/json-schema.md describes the same fields.

TypedDicts, so the records are the plain JSON-ready dicts they always were (the JSON output is
`json.dumps` of a Briefing), and mypy checks every reader against them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from briefing.translate.glossary import GlossaryTerm

if TYPE_CHECKING:
    pass


class Mark(TypedDict):
    """A quotation's span in one sentence row (character offsets in its Dutch)."""

    quote: str
    start: int
    end: int
    key: bool
    depth: int


class SentenceRow(TypedDict):
    id: str  # the row's HTML anchor
    nl: str
    en: str
    marks: list[Mark]
    key_quote: bool  # the row holds (part of) a key quote
    qa: list[str]  # QA flags on the English
    score: float | None  # the model's confidence: length-normalised log-probability
    retried: bool  # the first output looped or lost length; this is the second try
    check_first: bool  # among the least confident sentences of this briefing
    next_check: NotRequired[str]  # the next row to check in the article, for the keyboard
    # Where the English came from: human (a person's; wins over any model), model (this model and
    # settings, now or in an earlier build), memory (theirs too, imported from another memory).
    origin: str


class ParagraphRecord(TypedDict):
    kind: str  # paragraph, heading or caption
    credit: str | None  # a caption's photo credit
    sentences: list[SentenceRow]


class QuoteRecord(TypedDict):
    id: str
    anchor: str  # the first sentence row it is in
    nl: str
    en: str  # translated from the quote alone; empty for a nested one
    speaker: str | None
    role: str | None
    speaker_en: str | None  # the speaker with the glossary applied
    role_en: str | None  # the role, translated
    attribution: str | None  # how the speaker was found
    candidate: str | None  # the speaker the rules found; `speaker` is None where its confidence is too low
    confidence: float | None  # how often such a candidate was right on the development sets
    support: float | None  # the second opinion's probability for the candidate (nlp/quotes/ranker.py)
    key: bool
    nested: bool
    closed: bool
    sentences: list[str]  # the sentence rows it spans
    origin: NotRequired[str]  # of `en`: human, memory or model


class ListedQuote(QuoteRecord):
    """A key quote in a list of its own (the briefing's, a story's): with its article."""

    article: str
    article_title: str


# "from": headline or lead; "origin" (of `en`): human, memory or model
Title = TypedDict("Title", {"nl": str, "en": str, "from": str, "origin": NotRequired[str]})


class Counts(TypedDict):
    sentences_in: int
    rows_out: int  # equal to sentences_in: nothing is dropped


class ArticleRecord(TypedDict):
    id: str  # HTML anchor
    file: str  # the input path as given
    name: str  # the article's id: its path below the input folder, or a record's id
    date: str | None
    title: Title
    source: str | None
    url: str | None
    credits: list[str]
    published: str | None
    updated: bool
    rubric: str | None
    author: NotRequired[str]  # the byline's writer, where the input names one
    warnings: list[str]
    counts: Counts
    qa: dict[str, int]
    to_check: NotRequired[int]  # rows flagged or marked "check first"
    first_check: NotRequired[str]  # the first of them
    paragraphs: list[ParagraphRecord]
    quotes: list[QuoteRecord]
    story: NotRequired[str]  # set when stories are found
    story_first: NotRequired[bool]  # the first of its story in its date group
    new: NotRequired[bool]  # shown by no earlier briefing of the history (only with a history)


class Headline(TypedDict):
    en: str
    nl: str


class StoryRecord(TypedDict):
    id: str
    articles: list[str]  # article names
    article_ids: list[str]
    sources: list[str]
    date: str | None
    headline: Headline
    key_quotes: list[ListedQuote]
    first_seen: NotRequired[str | None]  # the date of its earliest article in the history
    timeline: NotRequired[list[TimelineEntry]]  # its articles in earlier briefings


class TimelineEntry(TypedDict):
    date: str | None
    source: str | None
    title: str
    url: str | None


class QuoteSource(TypedDict):
    article: str
    article_id: NotRequired[str]  # the article's anchor in this briefing; absent for an earlier briefing's
    anchor: NotRequired[str]  # the sentence row it stands in, likewise
    outlet: str | None
    date: str | None
    title: str
    url: str | None


class SpokenQuote(TypedDict):
    nl: str
    en: str
    sources: list[QuoteSource]  # the same quotation (without case and punctuation) in each article


class Speaker(TypedDict):
    name: str  # as the Dutch gives it
    name_en: str | None  # with the glossary applied
    role: str | None
    role_en: str | None  # translated; None for a role known only from an earlier briefing
    quotes: list[SpokenQuote]


class Group(TypedDict):
    date: str  # YYYY, YYYY-MM, YYYY-MM-DD or "undated"
    label: str
    precision: str | None
    articles: list[ArticleRecord]


class Rejected(TypedDict):
    file: str
    reason: str


class Summary(TypedDict):
    articles: int
    sentences_in: int
    rows_out: int
    key_quotes: int
    stories: int
    qa: dict[str, int]
    rejected: list[Rejected]
    check_first: NotRequired[int]  # rows marked "check first"
    check_share: NotRequired[float]
    new: NotRequired[int]  # articles no earlier briefing showed (only with a history)


class Briefing(TypedDict):
    schema: str
    made_with: dict[str, Any]
    summary: Summary
    key_quotes: list[ListedQuote]
    stories: list[StoryRecord]
    glossary: list[GlossaryTerm]
    groups: list[Group]
    topic: NotRequired[list[str]]  # the keywords the briefing was limited to, if any
    speakers: NotRequired[list[Speaker]]  # who said what: the key quotes by speaker
    period: NotRequired[Period]  # the dates chosen (--week, --since/--until), if any


class Period(TypedDict):
    since: str | None  # YYYY-MM-DD
    until: str | None


def listed(quote: QuoteRecord, article: ArticleRecord) -> ListedQuote:
    """A key quote as the lists show it: with the article it is from."""
    return {**quote, "article": article["id"], "article_title": article["title"]["en"] or article["title"]["nl"]}
