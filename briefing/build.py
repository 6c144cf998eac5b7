"""The pipeline in one call: articles → segment → quotes → translate → assemble → render.

The CLI builds a BuildConfig and calls `build`; tests call it too, with a stand-in translator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import InputError, NoInput, UsageError
from briefing.ingest.articles import MAX_ARTICLE_BYTES, Article
from briefing.ingest.inputs import read_inputs
from briefing.nlp.quotes import combine_across_articles, find_quotes
from briefing.nlp.segment import segment_article
from briefing.nlp.stories import find_stories
from briefing.output.assemble import assemble, in_range
from briefing.output.history import History, briefing_key, who_said_what
from briefing.output.records import Briefing, Processed
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


def process(inputs: list[str], max_bytes: int = MAX_ARTICLE_BYTES) -> tuple[list[Processed], list[InputError]]:
    """Read, segment and find quotes for every input; bad inputs come back as errors."""
    articles, rejected = read_inputs(inputs, max_bytes)
    items = [process_article(article) for article in articles]
    combine_across_articles([item.quotes for item in items])  # one quotation in several outlets
    return items, rejected


def on_topic(item: Processed, keywords: tuple[str, ...]) -> bool:
    """Does the article (headline or text) mention one of the keywords? No keywords: every one."""
    if not keywords:
        return True
    text = " ".join([item.article.title or "", *(p.text for p in item.paragraphs)]).casefold()
    return any(k.casefold() in text for k in keywords)


def process_article(article: Article) -> Processed:
    """Segment one article and find its quotes (CPU only, no model)."""
    paragraphs = segment_article(article)
    return Processed(article, paragraphs, find_quotes(paragraphs))


def build(
    config: BuildConfig,
    translator: Engine | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Build the briefing and write it. Raises BriefingError when nothing can be built.

    `translator` replaces the model (tests use a stand-in); the memory and glossary still apply.
    """
    items, rejected = process(config.inputs, config.max_article_bytes)
    dated = [i for i in items if in_range(i.article.date, config.since, config.until)]
    chosen = [i for i in dated if on_topic(i, config.topic)]
    left_out = [i.article.file for i in items if i not in dated]
    off_topic = [i.article.file for i in dated if i not in chosen]
    if not chosen:
        if dated:
            where = " in the selected dates" if config.since or config.until else " read"
            raise NoInput(
                f"no article mentions the topic ({', '.join(config.topic)}): "
                f"{_count(len(dated), 'article')}{where}, none holds one of its keywords"
            )
        if items:
            raise NoInput(f"no article falls within the selected dates ({_count(len(items), 'article')} read, all outside)")
        detail = "; ".join(str(e) for e in rejected) or "no input given"
        raise NoInput(f"no usable article to build a briefing from ({detail})")

    with open_translator(config.translation, translator, progress) as translation:
        english = translation.translate_articles(chosen)
        made_with = translation.made_with(config.built_at)
        glossary_used = translation.glossary.report()
        stats = translation.stats
        quality = translation.quality
        origins = translation.origins

    texts = [" ".join(s.text for p in i.paragraphs for s in p.sentences) for i in chosen]
    stories = find_stories(texts, [i.article.date for i in chosen])
    briefing = assemble(chosen, english, made_with, [(e.path, e.reason) for e in rejected], stories, glossary_used,
                        quality, config.check_share, origins)
    briefing["topic"] = list(config.topic)
    if config.since or config.until:  # the period chosen (--week, --since/--until): the headings name it
        briefing["period"] = {"since": config.since.isoformat() if config.since else None,
                              "until": config.until.isoformat() if config.until else None}

    if config.history is not None:
        follow_history(config, briefing, chosen, texts, config.history)
    else:
        briefing["speakers"] = who_said_what(briefing)

    from briefing.output.render import render, write_set

    written = write_set({
        config.out_dir / f"briefing.{fmt}": render(briefing, fmt, config.templates, config.paper) for fmt in config.formats
    })
    warnings = [(i.article.file, w) for i in chosen for w in i.article.warnings]
    return BuildResult(briefing, written, rejected, warnings, left_out, stats, off_topic)


def follow_history(config: BuildConfig, briefing: Briefing, chosen: list[Processed], texts: list[str], path: Path) -> None:
    """What earlier briefings showed (new articles, stories going on, what speakers said before)
    into the briefing, then the briefing into the history, replacing its earlier record. `texts`:
    each chosen article's Dutch, as the stories were found from it."""
    # A briefing is its period: the dates chosen, else the days its articles span.
    dates = [i.article.date for i in chosen if i.article.date]
    first = config.since or min((d.first_day for d in dates), default=None)
    last = config.until or max((d.last_day for d in dates), default=None)
    period = (first.isoformat() if first else None, last.isoformat() if last else None)
    key = briefing_key(period, config.topic)
    by_file = dict(zip((i.article.file for i in chosen), texts))
    by_id = {a["id"]: by_file.get(a["file"], "") for g in briefing["groups"] for a in g["articles"]}
    with History(path) as history:
        followed = history.follow(briefing, key, by_id)
        followed.apply(briefing)
        earlier = history.quotes_since(config.speakers_since, key) if config.speakers_since else []
        briefing["speakers"] = who_said_what(briefing, earlier)
        history.record(briefing, key, period)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
