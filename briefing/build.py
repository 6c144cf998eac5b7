"""The briefing in one call: the pipeline (read → segment → quotes → translate → qa) over the
inputs, the articles of the chosen dates and topic assembled once, rendered and written.

The CLI builds a BuildConfig and calls `build`; tests call it too, with a stand-in translator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing import pipeline
from briefing.document import Document
from briefing.errors import InputError, NoInput, UsageError
from briefing.ingest.articles import MAX_ARTICLE_BYTES
from briefing.nlp.stories import find_stories
from briefing.output.assemble import article_id, assemble, in_range
from briefing.output.history import History, briefing_key
from briefing.output.records import Briefing, Period
from briefing.translate.engine import Engine
from briefing.translate.memory import MemoryStats
from briefing.translate.translator import TranslationConfig, open_translator


@dataclass
class BuildConfig:
    inputs: list[str] = field(default_factory=lambda: ["seeds"])
    out_dir: Path = Path("out")
    formats: tuple[str, ...] = ("html", "md", "json")
    translation: TranslationConfig = field(default_factory=TranslationConfig)
    templates: Path | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    built_at: dt.datetime | None = None  # default: now, or SOURCE_DATE_EPOCH when set
    max_article_bytes: int = MAX_ARTICLE_BYTES
    topic: tuple[str, ...] = ()  # keywords: only articles that mention one of them
    check_share: float = 0.05  # the least confident share of the sentences, marked "check first"
    paper: str = "A4"  # for PDF: A4 or Letter
    history: Path | None = None  # the history of briefings to read and record in; None: none
    speakers_since: dt.date | None = None  # who said what over the history from this day on


@dataclass
class BuildResult:
    briefing: Briefing
    written: list[Path]
    rejected: list[InputError]
    warnings: list[tuple[str, str]]  # (file, message)
    left_out_by_date: list[str]
    memory: MemoryStats
    left_out_by_topic: list[str] = field(default_factory=list)


def iso_week(text: str, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """`2024-W25`, `this` or `last` → (Monday, Sunday) of that ISO week."""
    if text.lower() in ("this", "last"):
        day = today or dt.date.today()
        monday = day - dt.timedelta(days=day.weekday()) - dt.timedelta(weeks=text.lower() == "last")
        return monday, monday + dt.timedelta(days=6)
    try:
        year, week = text.upper().split("-W")
        monday = dt.date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        raise UsageError(f"--week {text!r} is not an ISO week like 2024-W25, nor this or last") from None
    return monday, monday + dt.timedelta(days=6)


def on_topic(document: Document, keywords: tuple[str, ...]) -> bool:
    """Does the article (headline or text) mention one of the keywords? No keywords: every one."""
    if not keywords:
        return True
    text = " ".join([document.article.title or "", *(p.text for p in document.paragraphs)]).casefold()
    return any(k.casefold() in text for k in keywords)


@dataclass
class Selection:
    """The documents a briefing shows, and the files it leaves out (and why)."""

    chosen: list[Document]
    left_out_by_date: list[str]
    left_out_by_topic: list[str]


def choose(documents: list[Document], config: BuildConfig) -> Selection:
    """The documents of the chosen dates and topic; none is an error that says why."""
    dated = [d for d in documents if in_range(d.article.date, config.since, config.until)]
    chosen = [d for d in dated if on_topic(d, config.topic)]
    if chosen:
        shown, in_dates = {id(d) for d in chosen}, {id(d) for d in dated}
        return Selection(chosen, [d.article.file for d in documents if id(d) not in in_dates],
                         [d.article.file for d in dated if id(d) not in shown])
    if dated:
        where = " in the selected dates" if config.since or config.until else " read"
        raise NoInput(
            f"no article mentions the topic ({', '.join(config.topic)}): "
            f"{_count(len(dated), 'article')}{where}, none holds one of its keywords"
        )
    raise NoInput(f"no article falls within the selected dates ({_count(len(documents), 'article')} read, all outside)")


def chosen_period(config: BuildConfig) -> Period | None:
    """The period chosen (--week, --since/--until), for the headings to name; None: none chosen."""
    if not (config.since or config.until):
        return None
    return {"since": config.since.isoformat() if config.since else None,
            "until": config.until.isoformat() if config.until else None}


def build(
    config: BuildConfig,
    translator: Engine | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Build the briefing and write it. Raises BriefingError when nothing can be built.

    `translator` replaces the model (tests use a stand-in); the memory and glossary still apply.
    """
    documents, rejected = pipeline.read(config.inputs, config.max_article_bytes)
    if not documents:
        detail = "; ".join(str(e) for e in rejected) or "no input given"
        raise NoInput(f"no usable article to build a briefing from ({detail})")
    pipeline.analyse(documents)
    selection = choose(documents, config)
    chosen = selection.chosen
    with open_translator(config.translation, translator, progress) as translation:
        pipeline.finish(chosen, translation)
        made_with = translation.made_with(config.built_at)
        glossary_used = translation.glossary.report()
        stats = translation.stats

    stories = [[chosen[i] for i in group] for group in find_stories([d.dutch for d in chosen], [d.article.date for d in chosen])]

    def made(follow: Callable[[Briefing], None] | None = None, earlier: Sequence[dict[str, Any]] = ()) -> Briefing:
        return assemble(chosen, made_with, [(e.path, e.reason) for e in rejected], stories, glossary_used,
                        config.check_share, config.topic, chosen_period(config), follow, earlier)

    briefing = made() if config.history is None else follow_history(config, chosen, made)

    from briefing.files import write_set
    from briefing.output.render import render

    written = write_set({
        config.out_dir / f"briefing.{fmt}": render(briefing, fmt, config.templates, config.paper) for fmt in config.formats
    })
    warnings = [(d.article.file, w) for d in chosen for w in d.article.warnings]
    return BuildResult(briefing, written, rejected, warnings, selection.left_out_by_date, stats, selection.left_out_by_topic)


def follow_history(config: BuildConfig, chosen: list[Document], made: Callable[..., Briefing]) -> Briefing:
    """The briefing with what earlier briefings showed (new articles, stories going on, what
    speakers said before), then recorded in the history, replacing its earlier record."""
    assert config.history is not None
    # A briefing is its period: the dates chosen, else the days its articles span.
    dates = [d.article.date for d in chosen if d.article.date]
    first = config.since or min((d.first_day for d in dates), default=None)
    last = config.until or max((d.last_day for d in dates), default=None)
    period = (first.isoformat() if first else None, last.isoformat() if last else None)
    key = briefing_key(period, config.topic)
    by_id = {article_id(d.article.name): d.dutch for d in chosen}  # for the stories, as they were found
    with History(config.history) as history:
        earlier = history.quotes_since(config.speakers_since, key) if config.speakers_since else []
        briefing = made(lambda b: history.follow(b, key, by_id).apply(b), earlier)
        history.record(briefing, key, period)
    return briefing


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
