"""The pipeline in one call: articles → segment → quotes → translate → assemble → render.

The CLI builds a BuildConfig and calls `build`; tests call it too, with a stand-in translator.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing import __version__
from briefing.articles import read_articles
from briefing.assemble import Processed, assemble, in_range, segments_to_translate
from briefing.errors import InputError, NoInput, UsageError
from briefing.quotes import find_quotes
from briefing.segment import segment_article
from briefing.translate import DecodeSettings, MarianTranslator, Translator, default_model, translate_unique


@dataclass
class BuildConfig:
    inputs: list[str] = field(default_factory=lambda: ["seeds"])
    out_dir: Path = Path("out")
    formats: tuple[str, ...] = ("html", "md", "json")
    model: str = field(default_factory=default_model)
    device: str = "auto"
    decode: DecodeSettings = field(default_factory=DecodeSettings)
    templates: Path | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    built_at: dt.datetime | None = None  # default: now, or SOURCE_DATE_EPOCH when set


@dataclass
class BuildResult:
    briefing: dict[str, Any]
    written: list[Path]
    rejected: list[InputError]
    warnings: list[tuple[str, str]]  # (file, message)
    left_out_by_date: list[str]


def build_time(config: BuildConfig) -> dt.datetime:
    if config.built_at:
        return config.built_at
    epoch = os.environ.get("SOURCE_DATE_EPOCH")  # reproducible builds
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def iso_week(text: str) -> tuple[dt.date, dt.date]:
    """`2024-W25` → (Monday, Sunday) of that ISO week."""
    try:
        year, week = text.upper().split("-W")
        monday = dt.date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        raise UsageError(f"--week {text!r} is not an ISO week like 2024-W25") from None
    return monday, monday + dt.timedelta(days=6)


def process(inputs: list[str]) -> tuple[list[Processed], list[InputError]]:
    """Read, segment and find quotes for every input; bad inputs come back as errors."""
    articles, rejected = read_articles(inputs)
    items = []
    for article in articles:
        paragraphs = segment_article(article)
        items.append(Processed(article, paragraphs, find_quotes(paragraphs)))
    return items, rejected


def build(
    config: BuildConfig,
    translator: Translator | None = None,
    make_translator: Callable[[BuildConfig], Translator] | None = None,
) -> BuildResult:
    """Build the briefing and write it. Raises BriefingError when nothing can be built."""
    items, rejected = process(config.inputs)
    chosen = [i for i in items if in_range(i.article.date, config.since, config.until)]
    left_out = [i.article.file for i in items if i not in chosen]
    if not chosen:
        if items:
            raise NoInput("no article falls within the selected dates")
        detail = "; ".join(str(e) for e in rejected) or "no input given"
        raise NoInput(f"no usable article to build a briefing from ({detail})")

    if translator is None:
        translator = (make_translator or _marian)(config)
    english = translate_unique(segments_to_translate(chosen), translator)

    made_with = {
        "tool": "briefing",
        "version": __version__,
        **translator.signature,
        "built_at": build_time(config).isoformat(),
    }
    briefing = assemble(chosen, english, made_with, [(e.path, e.reason) for e in rejected])

    from briefing.render import render, write_atomic

    written = []
    for fmt in config.formats:
        path = config.out_dir / f"briefing.{fmt}"
        write_atomic(path, render(briefing, fmt, config.templates))
        written.append(path)
    warnings = [(i.article.file, w) for i in chosen for w in i.article.warnings]
    return BuildResult(briefing, written, rejected, warnings, left_out)


def _marian(config: BuildConfig) -> Translator:
    return MarianTranslator(config.model, config.device, config.decode).load()
