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
from briefing.articles import MAX_ARTICLE_BYTES, Article, read_articles
from briefing.assemble import Processed, assemble, in_range, segments_to_translate, speaker_key
from briefing.errors import InputError, NoInput, UsageError
from briefing.glossary import Glossary
from briefing.stories import find_stories
from briefing.quotes import find_quotes
from briefing.segment import segment_article
from briefing.memory import MemoryStats, MemoryTranslator, TranslationMemory, default_memory_path, model_identity
from briefing.ct2 import choose_backend
from briefing.translate import (
    DecodeSettings,
    MarianTranslator,
    PieceTranslator,
    Translator,
    default_model,
    translate_unique,
)


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
    backend: str = "auto"  # auto, ct2 or transformers
    quantization: str | None = None  # ct2 only; None: int8 on the CPU, bfloat16/float16 on a GPU
    memory: Path | None = None  # the translation memory; None: the default under the user cache
    use_memory: bool = True
    max_article_bytes: int = MAX_ARTICLE_BYTES
    glossary: Path | None = None  # a user glossary on top of the shipped one
    threads: int = 0  # CPU threads for the model; 0: the engine's default (every core)


@dataclass
class BuildResult:
    briefing: dict[str, Any]
    written: list[Path]
    rejected: list[InputError]
    warnings: list[tuple[str, str]]  # (file, message)
    left_out_by_date: list[str]
    memory: MemoryStats


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


def process(inputs: list[str], max_bytes: int = MAX_ARTICLE_BYTES) -> tuple[list[Processed], list[InputError]]:
    """Read, segment and find quotes for every input; bad inputs come back as errors."""
    articles, rejected = read_articles(inputs, max_bytes)
    return [process_article(article) for article in articles], rejected


def process_article(article: Article) -> Processed:
    """Segment one article and find its quotes (CPU only, no model)."""
    paragraphs = segment_article(article)
    return Processed(article, paragraphs, find_quotes(paragraphs))


def translate_articles(items: list[Processed], translator: Translator, glossary: Glossary) -> dict[str, str]:
    """Dutch → English for every segment the articles need, the glossary enforced."""
    # Glossary terms go to the model already in English; what still slips through is fixed.
    prepared = {s: glossary.prepare(s) for s in dict.fromkeys(segments_to_translate(items))}
    translated = translate_unique(list(prepared.values()), translator)
    english = {s: glossary.enforce(translated.get(p, "")) for s, p in prepared.items()}
    # Speakers' names are not translated, only put in the glossary's English (Vladimir Putin).
    for item in items:
        for quote in item.quotes:
            if quote.speaker:
                english[speaker_key(quote.speaker)] = glossary.enforce(quote.speaker)
    return english


def decode_settings(config: BuildConfig, backend: str = "transformers") -> dict[str, Any]:
    """The settings that decide a translation, besides the model and the segment itself."""
    d = config.decode
    settings: dict[str, Any] = {
        "backend": backend,
        "beam_size": d.beam_size,
        "max_new_tokens": d.max_new_tokens or "2×source+16",
        "max_input_tokens": d.max_input_tokens,
    }
    if backend == "ct2":
        from briefing.ct2 import default_quantization, resolve_ct2_device

        settings["quantization"] = config.quantization or default_quantization(resolve_ct2_device(config.device))
    return settings


def make_model_translator(config: BuildConfig, backend: str) -> PieceTranslator:
    """The translation engine for the chosen backend (loaded: this is where the model loads)."""
    if backend == "ct2":
        from briefing.ct2 import CT2Translator

        return CT2Translator(
            config.model, config.device, config.decode, config.quantization, intra_threads=config.threads
        ).load()
    if config.threads:
        import torch

        torch.set_num_threads(config.threads)
    return MarianTranslator(config.model, config.device, config.decode).load()


def translator_for(
    config: BuildConfig,
    inner: Translator | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> MemoryTranslator:
    """The build's translator: the memory first, then the model (made only if needed).

    `inner` replaces the MarianMT model (tests use a stand-in); its signature names it.
    """
    memory = TranslationMemory(config.memory or default_memory_path()) if config.use_memory else None
    backend = "stand-in" if inner is not None else choose_backend(config.backend)
    settings = decode_settings(config, backend)
    if inner is not None:
        base = dict(inner.signature)
        name = f"{base.get('backend')}:{base.get('model')}"
        return MemoryTranslator(memory, lambda: inner, lambda: name, settings, base, progress=progress)

    holder: dict[str, PieceTranslator] = {}

    def make() -> PieceTranslator:
        holder["m"] = make_model_translator(config, backend)
        return holder["m"]

    def identity() -> str:
        known = model_identity(config.model)
        if known:
            return known
        # A hub model not downloaded yet: load (download) it, then ask again.
        if "m" not in holder:
            make()
        return model_identity(config.model) or f"hub:{config.model}@{getattr(holder['m'], '_revision', None)}"

    base = {"model": config.model, "device": config.device, **settings}
    return MemoryTranslator(memory, make, identity, settings, base, progress=progress)


def build(
    config: BuildConfig,
    translator: Translator | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Build the briefing and write it. Raises BriefingError when nothing can be built."""
    items, rejected = process(config.inputs, config.max_article_bytes)
    chosen = [i for i in items if in_range(i.article.date, config.since, config.until)]
    left_out = [i.article.file for i in items if i not in chosen]
    if not chosen:
        if items:
            raise NoInput("no article falls within the selected dates")
        detail = "; ".join(str(e) for e in rejected) or "no input given"
        raise NoInput(f"no usable article to build a briefing from ({detail})")

    glossary = Glossary.load(config.glossary)
    memory_translator = translator_for(config, translator, progress)
    try:
        english = translate_articles(chosen, memory_translator, glossary)
        signature = memory_translator.signature
    finally:
        if memory_translator.memory is not None:
            memory_translator.memory.close()

    made_with = {
        "tool": "briefing",
        "version": __version__,
        **signature,
        "built_at": build_time(config).isoformat(),
    }
    texts = [" ".join(s.text for p in i.paragraphs for s in p.sentences) for i in chosen]
    stories = find_stories(texts, [i.article.date for i in chosen])
    briefing = assemble(
        chosen, english, made_with, [(e.path, e.reason) for e in rejected], stories, glossary.report()
    )

    from briefing.render import render, write_atomic

    written = []
    for fmt in config.formats:
        path = config.out_dir / f"briefing.{fmt}"
        write_atomic(path, render(briefing, fmt, config.templates))
        written.append(path)
    warnings = [(i.article.file, w) for i in chosen for w in i.article.warnings]
    return BuildResult(briefing, written, rejected, warnings, left_out, memory_translator.stats)
