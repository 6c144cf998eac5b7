"""The command line: a thin shell that builds a config and calls one core function.

Errors from the core (BriefingError) become `Error: <message>` and an exit code here, in
BriefingGroup.invoke, and nowhere else. Heavy libraries are imported only by the commands that
need them, so `briefing --help` is instant.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from briefing import __version__
from briefing.errors import EXIT_SOME_REJECTED, BriefingError, UsageError

if TYPE_CHECKING:
    from briefing.build import BuildResult
    from briefing.translation import TranslationConfig


class BriefingGroup(TyperGroup):
    """The one place where a core error becomes `Error: <message>` and its exit code."""

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except BriefingError as error:
            typer.echo(f"Error: {error}", err=True)
            raise typer.Exit(error.exit_code) from None


app = typer.Typer(
    cls=BriefingGroup,
    add_completion=True,
    no_args_is_help=True,
    help="Translate Dutch news articles into English and build bilingual briefings.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

MODEL_HELP = "MarianMT model: a Hugging Face name or a local folder [env BRIEFING_MODEL; default Helsinki-NLP/opus-mt-nl-en]"

# The translation options, declared once: build, translate and archive take the same ones.
MODEL = typer.Option(None, "--model", "-m", help=MODEL_HELP)
DEVICE = typer.Option("auto", "--device", help="auto, cpu, cuda or cuda:N.")
BEAM = typer.Option(4, "--beam", help="Beam size for decoding.")
BACKEND = typer.Option("auto", "--backend", help="auto (CTranslate2 where installed), ct2 or transformers.")
MAX_NEW_TOKENS = typer.Option(None, "--max-new-tokens", help="Output tokens per sentence [default: 2 × source + 16].")
MEMORY = typer.Option(None, "--memory", help="Translation memory file [default: ~/.cache/briefing/memory.sqlite3].")
NO_MEMORY = typer.Option(False, "--no-memory", help="Neither read nor fill the translation memory.")
GLOSSARY = typer.Option(None, "--glossary", help="Dutch→English terms (TSV or TOML) on top of the shipped glossary.")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefing {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """Translate Dutch news articles into English and build bilingual briefings."""


def _date(option: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} {value!r} is not a date like 2024-06-18") from None


def _translation(
    model: str | None, device: str, beam: int, backend: str, max_new_tokens: int | None,
    memory: Path | None, no_memory: bool, glossary: Path | None,
) -> TranslationConfig:
    """The translation options, checked once, as the core's TranslationConfig."""
    from briefing.model import default_model
    from briefing.translate import DecodeSettings
    from briefing.translation import BACKENDS, TranslationConfig

    if backend not in BACKENDS:
        raise UsageError(f"--backend {backend!r}: choose {', '.join(BACKENDS)}")
    if beam < 1:
        raise UsageError("--beam must be 1 or more")
    if max_new_tokens is not None and max_new_tokens < 1:
        raise UsageError("--max-new-tokens must be 1 or more")
    return TranslationConfig(
        model=model or default_model(),
        device=device,
        backend=backend,
        decode=DecodeSettings(beam_size=beam, max_new_tokens=max_new_tokens),
        memory=memory,
        use_memory=not no_memory,
        glossary=glossary,
    )


@app.command()
def build(
    inputs: list[str] = typer.Argument(None, metavar="FILE|FOLDER", help="Article files, saved .html pages, record files (.jsonl, .parquet) or folders [default: briefing.toml's inbox, else seeds/]"),
    out: Path | None = typer.Option(None, "--out", "-o", help="Folder for the briefing files [default: briefing.toml's out, else out/]."),
    formats: str = typer.Option("html,md,json", "--format", help="Comma-separated: html, md, json, pdf, docx, eml."),
    paper: str = typer.Option("A4", "--paper", help="Paper for the PDF: A4 or Letter."),
    model: str | None = MODEL,
    device: str = DEVICE,
    beam: int = BEAM,
    backend: str = BACKEND,
    max_new_tokens: int | None = MAX_NEW_TOKENS,
    week: str | None = typer.Option(None, "--week", help="Only articles of this ISO week: 2024-W25, this or last."),
    config_file: Path | None = typer.Option(None, "--config", help="Settings file [default: ./briefing.toml where it exists]."),
    check_share: float = typer.Option(0.05, "--check-share", help="The least confident share of the sentences, marked 'check first' [0–1]."),
    topic: str | None = typer.Option(None, "--topic", help='Only articles that mention one of these comma-separated keywords, e.g. "Noord-Korea,Kim Jong-un".'),
    since: str | None = typer.Option(None, "--since", help="Only articles on or after this date (YYYY-MM-DD)."),
    until: str | None = typer.Option(None, "--until", help="Only articles on or before this date (YYYY-MM-DD)."),
    templates: Path | None = typer.Option(None, "--templates", help="Folder of templates that override the shipped ones."),
    memory: Path | None = MEMORY,
    no_memory: bool = NO_MEMORY,
    max_article_bytes: int = typer.Option(500_000, "--max-article-bytes", help="Refuse article files larger than this."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no per-article summary."),
    glossary: Path | None = GLOSSARY,
) -> None:
    """Build the bilingual briefing (HTML, Markdown, JSON) from Dutch articles.

    \b
    Examples:
      briefing build                                  # seeds/ → out/briefing.html, .md, .json
      briefing build news/ --out week25 --week 2024-W25
      briefing build news/ --model ~/models/opus-mt-nl-en --format html
    """
    from briefing.build import BuildConfig, iso_week
    from briefing.build import build as run_build
    from briefing.render import FORMATS

    chosen = tuple(f.strip() for f in formats.split(",") if f.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise UsageError(f"--format {formats!r}: choose from {', '.join(FORMATS)}")
    start, end = _date("--since", since), _date("--until", until)
    if start and end and start > end:
        raise UsageError(f"--since {since} is after --until {until}: no day is in between")
    if max_article_bytes < 1:
        raise UsageError("--max-article-bytes must be 1 or more")
    from briefing.share import PAPERS

    if paper not in PAPERS:
        raise UsageError(f"--paper {paper!r}: choose {' or '.join(PAPERS)}")
    if not 0 <= check_share <= 1:
        raise UsageError("--check-share must be between 0 and 1, e.g. 0.05")
    if week:
        if since or until:
            raise UsageError("use --week or --since/--until, not both")
        start, end = iso_week(week)
    if templates is not None and not templates.is_dir():
        raise UsageError(f"--templates {templates}: no such folder")
    from briefing.settings import load_settings

    settings = load_settings(config_file)
    config = BuildConfig(
        inputs=list(inputs or ([str(settings.inbox)] if settings.found else ["seeds"])),
        out_dir=out or settings.out,
        formats=chosen,
        translation=_translation(model, device, beam, backend, max_new_tokens, memory, no_memory, glossary),
        templates=templates,
        since=start,
        until=end,
        max_article_bytes=max_article_bytes,
        topic=tuple(k.strip() for k in (topic or "").split(",") if k.strip()),
        check_share=check_share,
        paper=paper,
    )
    with _progress(enabled=not quiet) as progress:
        result = run_build(config, progress=progress)
    _report_build(result, quiet)


def _report_build(result: BuildResult, quiet: bool) -> None:
    """What a build says: warnings and rejections on stderr, the summary on stdout."""
    for file, message in result.warnings:
        typer.echo(f"warning: {file}: {message}", err=True)
    for error in result.rejected:
        typer.echo(f"rejected: {error.path}: {error.reason}", err=True)
    if result.left_out_by_date:
        typer.echo(f"note: {len(result.left_out_by_date)} article(s) outside the selected dates", err=True)
    s = result.briefing["summary"]
    typer.echo(f"{_n(s['articles'], 'article')}, {_n(s['rows_out'], 'sentence')}, {_n(s['key_quotes'], 'key quote')}")
    if not quiet:
        for group in result.briefing["groups"]:
            for a in group["articles"]:
                c = a["counts"]
                typer.echo(f"  {a['file']}: {c['sentences_in']} sentences in, {c['rows_out']} rows out")
    typer.echo(str(result.memory))
    flags = ", ".join(f"{n} {flag}" for flag, n in s["qa"].items())
    typer.echo(f"{s['stories']} stories; QA flags: {flags}")
    typer.echo("wrote " + ", ".join(str(p) for p in result.written))
    if result.rejected:
        raise typer.Exit(EXIT_SOME_REJECTED)


def _n(count: int, noun: str) -> str:
    """`1 article`, `2 articles`."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


class _progress:
    """A rich progress bar with ETA on stderr while translating; nothing when stderr is not a
    terminal or with --quiet. Yields the callback the core calls as batches finish."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self):  # type: ignore[no-untyped-def]
        if not self.enabled:
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeRemainingColumn

        # The spinner turns from the first moment (the model loads before the first batch).
        self.bar = Progress(
            SpinnerColumn(), TextColumn("translating"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=Console(stderr=True), transient=True,
        )
        self.bar.start()

        def update(done: int, total: int) -> None:
            if self.task is None:
                self.task = self.bar.add_task("translate", total=total)
            self.bar.update(self.task, completed=done, total=total)

        return update

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


@app.command()
def translate(
    text: str | None = typer.Argument(None, help="Dutch text; or use --file, or standard input."),
    file: Path | None = typer.Option(None, "--file", "-f", help="Read the Dutch text from this file."),
    bilingual: bool = typer.Option(False, "--bilingual", help="Print Dutch and English side by side as Markdown."),
    model: str | None = MODEL,
    device: str = DEVICE,
    beam: int = BEAM,
    backend: str = BACKEND,
    max_new_tokens: int | None = MAX_NEW_TOKENS,
    memory: Path | None = MEMORY,
    no_memory: bool = NO_MEMORY,
    glossary: Path | None = GLOSSARY,
) -> None:
    """Translate Dutch text to English on standard output, paragraphs kept (the same memory and
    glossary as a build).

    \b
    Examples:
      briefing translate "De Russische president is in Noord-Korea."
      briefing translate -f artikel.txt --bilingual
      cat artikel.txt | briefing translate
    """
    from briefing.adhoc import translate_text
    from briefing.translation import open_translator

    if text is not None and file is not None:
        raise UsageError("give the text or --file, not both")
    if file is not None:
        from briefing.articles import decode, read_bytes

        # The same reader as an article file: a regular file only (a pipe would wait forever),
        # within the article size limit.
        source, _ = decode(str(file), read_bytes(file))
    elif text is not None and re.match(r"https?://", text.strip(), re.IGNORECASE):
        from briefing.fetch import FetchConfig, fetch_page

        # One article from the web: fetched as `briefing fetch` would, then translated.
        page = fetch_page(text.strip(), FetchConfig([text.strip()], Path(".")))
        source = page.title + "\n\n" + page.body
    elif text is not None:
        source = text
    else:
        if sys.stdin.isatty():
            raise UsageError("give Dutch text as an argument, with --file, or on standard input")
        from briefing.articles import decode

        # Bytes, decoded as a file is: binary input is refused with a message, not a traceback.
        source, _ = decode("standard input", sys.stdin.buffer.read())
    if not source.strip():
        raise UsageError("there is no text to translate")
    config = _translation(model, device, beam, backend, max_new_tokens, memory, no_memory, glossary)
    with open_translator(config) as translation:
        english = translate_text(source, translation, bilingual=bilingual)
        stats = translation.stats
    typer.echo(english, nl=False)
    typer.echo(str(stats), err=True)


@app.command()
def fetch(
    sources: list[str] = typer.Argument(None, metavar="SOURCE", help="RSS/Atom feed urls, article urls, saved .html pages, or text files of urls [default: briefing.toml's feeds]."),
    into: Path | None = typer.Option(None, "--into", help="Folder the articles are written to [default: briefing.toml's inbox, else inbox/]."),
    config_file: Path | None = typer.Option(None, "--config", help="Settings file [default: ./briefing.toml where it exists]."),
    timeout: float = typer.Option(15.0, "--timeout", help="Seconds one request may take in all (answer and body)."),
    delay: float = typer.Option(1.0, "--delay", help="Seconds between two requests to one site."),
    max_bytes: int = typer.Option(5_000_000, "--max-bytes", help="Refuse pages (and saved pages) larger than this."),
    max_items: int = typer.Option(200, "--max-items", help="Take at most this many items of one feed."),
    min_chars: int = typer.Option(200, "--min-chars", help="Pages with less text are teasers (0 keeps every page with text)."),
) -> None:
    """Fetch news into an inbox of article files that `build` reads (polite: robots.txt, a pause
    per site, retries that respect Retry-After; consent walls and paywalls are named, never
    bypassed).

    \b
    Examples:
      briefing fetch https://feeds.nos.nl/nosnieuwsbinnenland --into inbox
      briefing fetch saved-page.html urls.txt --into inbox
      briefing fetch                      # the feeds of ./briefing.toml
    """
    from briefing.fetch import FetchConfig
    from briefing.fetch import fetch as run_fetch
    from briefing.settings import load_settings

    settings = load_settings(config_file)
    chosen = list(sources or settings.feeds)
    if not chosen:
        raise UsageError("give a feed or article url, a saved page or a file of urls, or list feeds in briefing.toml")
    result = run_fetch(FetchConfig(chosen, into or settings.inbox, timeout_s=timeout, delay_s=delay, max_bytes=max_bytes,
                                   max_items=max_items, min_chars=min_chars))
    for where, reason in result.failed:
        typer.echo(f"rejected: {where}: {reason}", err=True)
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    later = len(result.retried) + result.waiting
    typer.echo(f"{_n(len(result.written), 'article')} written to {into or settings.inbox}, {result.known} already there, "
               f"{len(result.failed)} not usable" + (f", {later} rejected before (tried again later, not repeated here)" if later else ""))
    for path in result.written:
        typer.echo(f"  {path}")
    if result.failed:
        raise typer.Exit(EXIT_SOME_REJECTED)


@app.command()
def send(
    to: list[str] = typer.Option(..., "--to", help="Recipient address (repeat for more)."),
    eml: Path = typer.Option(Path("out/briefing.eml"), "--eml", help="The message `build --format eml` wrote."),
    smtp: str = typer.Option("localhost:25", "--smtp", help="The SMTP server, HOST:PORT."),
    starttls: bool = typer.Option(False, "--starttls", help="Upgrade the connection with STARTTLS before logging in."),
    user: str | None = typer.Option(None, "--user", help="Log in as this user; the password comes from $BRIEFING_SMTP_PASSWORD or the keyring, never the command line."),
    sender: str | None = typer.Option(None, "--from", help="The sender address [default: --user, else briefing@localhost]."),
) -> None:
    """Send the built e-mail briefing through an SMTP server.

    \b
    Examples:
      briefing build --format eml && briefing send --to team@example.org --smtp smtp.example.org:587 --starttls --user me
    """
    from briefing.mail import send_eml

    host, _, port = smtp.rpartition(":")
    if not host or not port.isdigit():
        raise UsageError(f"--smtp {smtp!r}: give HOST:PORT, e.g. smtp.example.org:587")
    send_eml(eml, list(to), host, int(port), starttls, user, sender)
    typer.echo(f"sent {eml} to {', '.join(to)} through {smtp}")


@app.command()
def convert(
    model: str | None = MODEL,
    quantization: str | None = typer.Option(None, "--quantization", help="int8 (CPU default), bfloat16 or float16 (GPU), float32."),
    device: str = typer.Option("cpu", "--device", help="The device the converted model is for: cpu or cuda."),
    force: bool = typer.Option(False, "--force", help="Convert again even if a converted model exists."),
) -> None:
    """Convert the model for the CTranslate2 backend ahead of time (it is also done on first use)."""
    from briefing.ct2 import choose_backend, default_quantization
    from briefing.ct2 import convert as run_convert
    from briefing.model import default_model

    choose_backend("ct2")
    folder = run_convert(model or default_model(), quantization or default_quantization(device), force)
    typer.echo(f"converted model in {folder}")


@app.command()
def archive(
    inputs: list[str] = typer.Argument(..., metavar="FILE|FOLDER", help="Folders of articles, article files, or record files (.jsonl, .parquet) of {id, date, text, title?, source?, url?}."),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder: sentences/ and articles/ Parquet shards, manifest.json."),
    ray_address: str | None = typer.Option(None, "--ray-address", help="Join this Ray cluster (e.g. ray://head:10001 or auto); default: start a local Ray."),
    engine: str = typer.Option("ray", "--engine", help="ray, or local: the same stages in this process, without Ray."),
    workers: int | None = typer.Option(None, "--workers", help="Translation workers [default: one per GPU, else one per --cpus-per-worker CPUs]."),
    cpus_per_worker: int = typer.Option(1, "--cpus-per-worker", help="CPU threads per translation worker."),
    gpus_per_worker: float | None = typer.Option(None, "--gpus-per-worker", help="GPUs per worker [default: 1 where the cluster has GPUs, else 0]."),
    shard_articles: int = typer.Option(32, "--shard-articles", help="Articles per output shard."),
    model: str | None = MODEL,
    device: str = DEVICE,
    beam: int = BEAM,
    backend: str = BACKEND,
    max_new_tokens: int | None = MAX_NEW_TOKENS,
    memory: Path | None = MEMORY,
    no_memory: bool = NO_MEMORY,
    max_article_bytes: int = typer.Option(500_000, "--max-article-bytes", help="Refuse articles larger than this."),
    glossary: Path | None = GLOSSARY,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress lines."),
) -> None:
    """Translate a whole archive into Parquet shards, on Ray (resumable: a rerun skips finished articles)."""
    from briefing.archive import ArchiveConfig
    from briefing.archive import archive as run_archive

    if workers is not None and workers < 1:
        raise UsageError("--workers must be 1 or more")
    if cpus_per_worker < 1:
        raise UsageError("--cpus-per-worker must be 1 or more")
    config = ArchiveConfig(
        inputs=list(inputs),
        out_dir=out,
        translation=_translation(model, device, beam, backend, max_new_tokens, memory, no_memory, glossary),
        max_article_bytes=max_article_bytes,
        engine=engine,
        ray_address=ray_address,
        workers=workers,
        cpus_per_worker=cpus_per_worker,
        gpus_per_worker=gpus_per_worker,
        shard_articles=shard_articles,
    )

    def report(done: int, total: int | None) -> None:
        typer.echo(f"  {done}/{total} articles" if total else f"  {done} articles", err=True)

    result = run_archive(config, progress=None if quiet else report)
    for article_id, reason in result.failed:
        typer.echo(f"rejected: {article_id}: {reason}", err=True)
    typer.echo(
        f"{result.articles} articles ({len(result.failed)} rejected), {result.sentences} sentences, "
        f"{result.shards} shards in {result.seconds:.1f} s on {result.engine} with {result.workers} worker(s); "
        f"{result.skipped} articles already done"
    )
    typer.echo(f"wrote {out}/sentences, {out}/articles")
    if result.failed:
        raise typer.Exit(EXIT_SOME_REJECTED)


@app.command("qa")
def qa_command(
    dutch: Path = typer.Argument(..., help="The Dutch, one sentence (or segment) a line."),
    english: Path = typer.Argument(..., help="The English, line for line (ours or another system's)."),
    as_json: bool = typer.Option(False, "--json", help='One JSON object a line: {"line": n, "flags": [...], "details": {...}}.'),
    glossary: Path | None = GLOSSARY,
) -> None:
    """QA flags for a line-aligned Dutch and English pair of files: the checks `build` runs.

    \b
    Examples:
      briefing qa nl.txt en.txt
      briefing qa nl.txt en.txt --json > flags.jsonl
    """
    import json

    from briefing import qa
    from briefing.glossary import Glossary

    texts = []
    for path in (dutch, english):
        try:
            texts.append(path.read_text(encoding="utf-8").splitlines())
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{path}: cannot be read as UTF-8 text ({exc})") from None
    if len(texts[0]) != len(texts[1]):
        raise UsageError(f"{dutch} has {len(texts[0])} lines, {english} {len(texts[1])}: the files must be line-aligned")
    terms = Glossary.load(glossary).terms
    flagged = 0
    for n, (nl, en) in enumerate(zip(*texts), start=1):
        found = qa.check(nl, en, terms)
        flagged += bool(found)
        if as_json:
            typer.echo(json.dumps({"line": n, "flags": [f for f in qa.FLAGS if f in found], "details": found}, ensure_ascii=False))
        elif found:
            typer.echo(f"line {n}: " + "; ".join(f"{flag} ({detail})" for flag, detail in found.items()))
            typer.echo(f"  nl: {nl}\n  en: {en}")
    if not as_json:
        typer.echo(f"{flagged} of {_n(len(texts[0]), 'line')} flagged")


@app.command("eval-quotes")
def eval_quotes(
    gold: Path = typer.Argument(..., help="Annotation file, e.g. ../shared/quotes-gold/seeds.json"),
    inputs: list[str] = typer.Argument(None, help="The annotated articles [default: seeds/]"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List misses and wrong speakers."),
) -> None:
    """Score key-quote detection and speakers against an annotation file."""
    from briefing.quotes_eval import score_files

    if not gold.is_file():
        raise UsageError(f"{gold}: no such annotation file")
    typer.echo(score_files(gold, list(inputs or ["seeds"])).report(verbose))


def main() -> None:
    app(prog_name="briefing")


if __name__ == "__main__":
    main()
