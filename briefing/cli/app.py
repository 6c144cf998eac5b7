"""The command line: a thin shell that builds a config and calls one core function.

Errors from the core (BriefingError) become `Error: <message>` and an exit code here, in
BriefingGroup.invoke, and nowhere else. Heavy libraries are imported only by the commands that
need them, so `briefing --help` is instant.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from briefing import __version__
from briefing.errors import EXIT_SOME_REJECTED, BriefingError, InputError, UsageError

if TYPE_CHECKING:
    from briefing.build import BuildResult
    from briefing.settings import Settings
    from briefing.translate.translator import TranslationConfig


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

def _option(key: str, default: Any = ..., help: str | None = None) -> Any:
    """The command-line option of a declared setting (briefing.settings): one declaration for the
    command line and briefing.toml."""
    from briefing.settings import setting

    s = setting(key)
    return typer.Option(s.default if default is ... else default, s.option, *s.short, help=help or s.help, envvar=s.env or None)


# The translation options, declared once: build, translate and archive take the same ones.
MODEL = _option("model")
DEVICE = _option("device")
BEAM = _option("beam")
BACKEND = _option("backend")
MAX_NEW_TOKENS = _option("max_new_tokens")
MEMORY = _option("memory")
NO_MEMORY = _option("no_memory")
GLOSSARY = _option("glossary")
CONFIG = typer.Option(None, "--config", help="Settings file [default: ./briefing.toml where it exists].")
TRANSLATION_KEYS = ("model", "device", "beam", "backend", "max_new_tokens", "memory", "no_memory", "glossary")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefing {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """Translate Dutch news articles into English and build bilingual briefings."""


def _resolved(ctx: typer.Context, settings: Settings, keys: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The command's options: the command line's where given, else briefing.toml's [build],
    else the setting's environment variable, else the declared default; each held to its declaration's check (the file's were checked
    as it was read, every problem at once). `keys`: the ones the file may set (default: all)."""
    from briefing.settings import DECLARED, Invalid

    from_file = settings.section("build")
    values = dict(ctx.params)
    # By the source's name: typer may bring its own copy of click, and with it its own enum.
    # The environment (a setting's `env`) stands below the file: only the command line is "given".
    given = {name for name in values
             if getattr(ctx.get_parameter_source(name), "name", "DEFAULT") not in ("DEFAULT", "DEFAULT_MAP", "ENVIRONMENT")}
    if given & {"week", "since", "until"}:
        # The command line's dates replace the file's whole date window, not half of it.
        for name in ("week", "since", "until"):
            from_file.pop(name, None)
    declared = {s.name: s for s in DECLARED.values() if s.name in values}
    for name, s in declared.items():
        if name not in given and name in from_file and (keys is None or s.key in keys):
            values[name] = from_file[name]
            continue
        try:
            values[name] = s.checked(values[name])
        except Invalid as exc:
            raise UsageError(f"{s.option} {exc}") from None
    return values


def _translation(values: dict[str, Any]) -> TranslationConfig:
    """The translation options, resolved and checked, as the core's TranslationConfig."""
    from briefing.translate.engine import DecodeSettings
    from briefing.translate.model import default_model
    from briefing.translate.translator import TranslationConfig

    return TranslationConfig(
        model=values["model"] or default_model(),
        device=values["device"],
        backend=values["backend"],
        decode=DecodeSettings(beam_size=values["beam"], max_new_tokens=values["max_new_tokens"]),
        memory=values["memory"],
        use_memory=not values["no_memory"],
        glossary=values["glossary"],
    )


@app.command()
def build(
    ctx: typer.Context,
    inputs: list[str] = typer.Argument(None, metavar="FILE|FOLDER", help="Article files, saved .html pages, record files (.jsonl, .parquet) or folders [default: briefing.toml's inbox, else seeds/]"),
    out: Path = _option("out"),
    formats: str = _option("format"),
    paper: str = _option("paper"),
    model: str | None = MODEL,
    device: str = DEVICE,
    beam: int = BEAM,
    backend: str = BACKEND,
    max_new_tokens: int | None = MAX_NEW_TOKENS,
    week: str | None = _option("week"),
    config_file: Path | None = CONFIG,
    check_share: float = _option("check_share"),
    topic: str | None = _option("topic"),
    since: str | None = _option("since"),
    until: str | None = _option("until"),
    templates: Path | None = _option("templates"),
    memory: Path | None = MEMORY,
    no_memory: bool = NO_MEMORY,
    max_article_bytes: int = _option("max_article_bytes"),
    quiet: bool = _option("quiet"),
    glossary: Path | None = GLOSSARY,
    history: Path | None = _option("history"),
    no_history: bool = _option("no_history"),
    speakers_since: str | None = _option("speakers_since"),
) -> None:
    """Build the bilingual briefing (HTML, Markdown, JSON) from Dutch articles.

    Every option can also be set in briefing.toml's [build] table (the command line wins).

    \b
    Examples:
      briefing build                                  # seeds/ → out/briefing.html, .md, .json
      briefing build news/ --out week25 --week 2024-W25
      briefing build news/ --model ~/models/opus-mt-nl-en --format html
    """
    from briefing.build import BuildConfig, iso_week
    from briefing.build import build as run_build
    from briefing.output.history import default_history_path
    from briefing.settings import load_settings

    settings = load_settings(config_file)
    v = _resolved(ctx, settings)
    start, end = v["since"], v["until"]
    if start and end and start > end:
        raise UsageError(f"--since {start} is after --until {end}: no day is in between")
    if v["week"]:
        if start or end:
            raise UsageError("use --week or --since/--until, not both")
        start, end = iso_week(v["week"])
    config = BuildConfig(
        inputs=list(inputs or ([str(settings.inbox)] if settings.found else ["seeds"])),
        out_dir=v["out"],
        formats=v["formats"],
        translation=_translation(v),
        templates=v["templates"],
        since=start,
        until=end,
        max_article_bytes=v["max_article_bytes"],
        topic=v["topic"] or (),
        check_share=v["check_share"],
        paper=v["paper"],
        history=None if v["no_history"] else (v["history"] or default_history_path()),
        speakers_since=v["speakers_since"],
    )
    with _progress(enabled=not v["quiet"]) as progress:
        result = run_build(config, progress=progress)
    _report_build(result, v["quiet"])


def _report_build(result: BuildResult, quiet: bool) -> None:
    """What a build says: warnings and rejections on stderr, the summary on stdout."""
    for file, message in result.warnings:
        typer.echo(f"warning: {file}: {message}", err=True)
    for error in result.rejected:
        typer.echo(f"rejected: {error.path}: {error.reason}", err=True)
    if result.left_out_by_date:
        typer.echo(f"note: {_n(len(result.left_out_by_date), 'article')} outside the selected dates", err=True)
    if result.left_out_by_topic:
        typer.echo(f"note: {_n(len(result.left_out_by_topic), 'article')} not on the topic", err=True)
    s = result.briefing["summary"]
    typer.echo(f"{_n(s['articles'], 'article')}, {_n(s['rows_out'], 'sentence')}, {_n(s['key_quotes'], 'key quote')}")
    if not quiet:
        for group in result.briefing["groups"]:
            for a in group["articles"]:
                c = a["counts"]
                typer.echo(f"  {a['file']}: {_n(c['sentences_in'], 'sentence')} in, {_n(c['rows_out'], 'row')} out")
    typer.echo(str(result.memory))
    flags = ", ".join(f"{n} {flag}" for flag, n in s["qa"].items())
    typer.echo(f"{_n(s['stories'], 'story', 'stories')}; QA flags: {flags}")
    typer.echo("wrote " + ", ".join(str(p) for p in result.written))
    if result.rejected:
        raise typer.Exit(EXIT_SOME_REJECTED)


def _n(count: int, noun: str, plural: str | None = None) -> str:
    """`1 article`, `2 articles`; `1 story`, `2 stories`."""
    return f"{count} {noun}" if count == 1 else f"{count} {plural or noun + 's'}"


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


# A path given where text is expected: `briefing translate artikel.txt`.
_PATH_SHAPED = re.compile(r"\S+\.(txt|md|html?)", re.IGNORECASE)


def _bounded_stdin(limit: int, what: str) -> bytes:
    """Standard input, never more than `limit` bytes (`< /dev/zero` never ends)."""
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise UsageError(
            f"standard input is over {limit:,} bytes, the limit for {what}; save it to a file and split it"
        )
    return data


def _text_of_file(path: Path) -> str:
    """A file's text, read as `build` reads an input: a regular file only (a pipe would wait
    forever), within the article size limit; a saved web page by its article."""
    from briefing.ingest.articles import decode, read_bytes

    data = read_bytes(path)
    if path.suffix.lower() in (".html", ".htm"):
        from briefing.ingest.pages import decode_html, extract, page_article_text

        return page_article_text(extract(decode_html(data, None), None, str(path)))
    return decode(str(path), data)[0]


def _argument_as_file(text: str) -> Path | None:
    """The one argument of `translate` where it names a file rather than holding Dutch text: an
    existing file is read (with a note), a folder or a missing file with a `.txt`/`.md`/`.html`
    name is refused with a hint. None: the argument is the text."""
    candidate = text.strip()
    if "\n" in candidate or len(candidate) > 4096:
        return None
    path = Path(candidate).expanduser()
    try:
        exists = path.exists() or path.is_symlink()
    except (OSError, ValueError):
        return None
    if exists:
        if path.is_dir():
            if "/" not in candidate and os.sep not in candidate:
                return None  # a word that happens to name a folder here ("nieuws") is text
            raise UsageError(f"{candidate} is a folder; translate takes one text or one file (for a folder of articles: briefing build {candidate})")
        typer.echo(f"note: {candidate} is a file: translating its text (as -f {candidate} would)", err=True)
        return path
    if _PATH_SHAPED.fullmatch(candidate):
        raise UsageError(f"{candidate}: no such file (to translate a file give its path; to translate words, give the Dutch text itself)")
    return None


@app.command()
def translate(
    ctx: typer.Context,
    text: str | None = typer.Argument(None, help="Dutch text, a file of it (as with --file) or an article url; or use --file, or standard input."),
    file: Path | None = typer.Option(None, "--file", "-f", help="Read the Dutch text from this file (a saved .html page: its article)."),
    bilingual: bool = typer.Option(False, "--bilingual", help="Print Dutch and English side by side as Markdown."),
    model: str | None = MODEL,
    device: str = DEVICE,
    beam: int = BEAM,
    backend: str = BACKEND,
    max_new_tokens: int | None = MAX_NEW_TOKENS,
    memory: Path | None = MEMORY,
    no_memory: bool = NO_MEMORY,
    glossary: Path | None = GLOSSARY,
    config_file: Path | None = typer.Option(None, "--config", help="Settings file whose [build] translation options apply [default: ./briefing.toml where it exists]."),
) -> None:
    """Translate Dutch text to English on standard output, paragraphs kept (the same memory and
    glossary as a build).

    \b
    Examples:
      briefing translate "De Russische president is in Noord-Korea."
      briefing translate -f artikel.txt --bilingual
      briefing translate artikel.txt               # an existing file: its text is translated
      cat artikel.txt | briefing translate
    """
    from briefing.cli.translate_text import translate_text
    from briefing.ingest.articles import MAX_ARTICLE_BYTES
    from briefing.settings import load_settings
    from briefing.translate.translator import open_translator

    if text is not None and file is not None:
        raise UsageError("give the text or --file, not both")
    values = _resolved(ctx, load_settings(config_file), TRANSLATION_KEYS)
    if text is not None and file is None and not re.match(r"https?://", text.strip(), re.IGNORECASE):
        file = _argument_as_file(text)
    if file is not None:
        source = _text_of_file(file)
    elif text is not None and re.match(r"https?://", text.strip(), re.IGNORECASE):
        from briefing.ingest.fetch import FetchConfig, fetch_page

        # One article from the web: fetched as `briefing fetch` would, then translated.
        page = fetch_page(text.strip(), FetchConfig([text.strip()], Path(".")))
        source = page.title + "\n\n" + page.body
    elif text is not None:
        source = text
    else:
        if sys.stdin.isatty():
            raise UsageError("give Dutch text as an argument, with --file, or on standard input")
        from briefing.ingest.articles import decode

        # Bytes, decoded as a file is: binary input is refused with a message, not a traceback.
        source, _ = decode("standard input", _bounded_stdin(MAX_ARTICLE_BYTES, "an article"))
    if not source.strip():
        raise UsageError("there is no text to translate")
    with open_translator(_translation(values)) as translation:
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
    from briefing.ingest.fetch import FetchConfig
    from briefing.ingest.fetch import fetch as run_fetch
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
    timeout: float = typer.Option(60.0, "--timeout", help="Seconds for the whole exchange with the server, name look-up to last byte."),
    insecure_login: bool = typer.Option(False, "--insecure-login", help="Allow --user without --starttls, only to a relay on this machine's loopback address (127.0.0.1, ::1)."),
) -> None:
    """Send the built e-mail briefing through an SMTP server.

    \b
    Examples:
      briefing build --format eml && briefing send --to team@example.org --smtp smtp.example.org:587 --starttls --user me
    """
    from briefing.output.mail import send_eml

    host, _, port = smtp.rpartition(":")
    host = host.removeprefix("[").removesuffix("]")  # [::1]:25
    if not host or not port.isdigit() or not 0 < int(port) < 65536 or re.search(r"[\s/@]", host):
        raise UsageError(f"--smtp {smtp!r}: give HOST:PORT, e.g. smtp.example.org:587")
    send_eml(eml, list(to), host, int(port), starttls, user, sender, timeout_s=timeout, insecure_login=insecure_login)
    typer.echo(f"sent {eml} to {', '.join(to)} through {smtp}")


@app.command()
def convert(
    model: str | None = MODEL,
    quantization: str | None = typer.Option(None, "--quantization", help="int8 (CPU default), bfloat16 or float16 (GPU), float32."),
    device: str = typer.Option("cpu", "--device", help="The device the converted model is for: cpu or cuda."),
    force: bool = typer.Option(False, "--force", help="Convert again even if a converted model exists."),
) -> None:
    """Convert the model for the CTranslate2 backend ahead of time (it is also done on first use).

    \b
    Examples:
      briefing convert                                # the default model, int8 for the CPU
      briefing convert --model ~/models/opus-mt-nl-en --device cuda --quantization float16
      briefing convert --force                        # again, e.g. after a CTranslate2 upgrade
    """
    from briefing.settings import Invalid, a_device
    from briefing.translate.ct2 import choose_backend, default_quantization
    from briefing.translate.ct2 import convert as run_convert
    from briefing.translate.model import default_model

    try:
        a_device(device)
    except Invalid as exc:
        raise UsageError(f"--device {exc}") from None
    choose_backend("ct2")
    folder = run_convert(model or default_model(), quantization or default_quantization(device), force)
    typer.echo(f"converted model in {folder}")


@app.command()
def archive(
    ctx: typer.Context,
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
    max_article_bytes: int = _option("max_article_bytes", help="Refuse articles larger than this."),
    glossary: Path | None = GLOSSARY,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress lines."),
    config_file: Path | None = typer.Option(None, "--config", help="Settings file whose [build] translation options apply [default: ./briefing.toml where it exists]."),
) -> None:
    """Translate a whole archive into Parquet shards, on Ray (resumable: a rerun skips finished
    articles). Needs the `scale` extra (Ray, pyarrow).

    \b
    Examples:
      briefing archive news/ --out archive/                  # a local Ray, one worker per CPU
      briefing archive 2019.jsonl 2020.parquet --out archive/ --workers 2
      briefing archive news/ --out archive/ --engine local   # the same stages, without Ray
      briefing archive /shared/news/ --out /shared/archive/ --ray-address auto
    """
    from briefing.archive.run import ArchiveConfig
    from briefing.archive.run import archive as run_archive
    from briefing.settings import Invalid, at_least, finite, load_settings

    values = _resolved(ctx, load_settings(config_file), TRANSLATION_KEYS)
    for option, value, check in (
        ("--workers", workers, at_least(1)), ("--cpus-per-worker", cpus_per_worker, at_least(1)),
        ("--shard-articles", shard_articles, at_least(1)), ("--gpus-per-worker", gpus_per_worker, finite(0)),
    ):
        try:
            if value is not None:
                check(value)
        except Invalid as exc:
            raise UsageError(f"{option} {exc}") from None
    config = ArchiveConfig(
        inputs=list(inputs),
        out_dir=out,
        translation=_translation(values),
        max_article_bytes=values["max_article_bytes"],
        engine=engine,
        ray_address=ray_address,
        workers=workers,
        cpus_per_worker=cpus_per_worker,
        gpus_per_worker=gpus_per_worker,
        shard_articles=shard_articles,
    )

    def report(done: int, total: int | None) -> None:
        typer.echo(f"  {done}/{_n(total, 'article')}" if total else f"  {_n(done, 'article')}", err=True)

    result = run_archive(config, progress=None if quiet else report)
    for article_id, reason in result.failed:
        typer.echo(f"rejected: {article_id}: {reason}", err=True)
    typer.echo(
        f"{_n(result.articles, 'article')} ({len(result.failed)} rejected), {_n(result.sentences, 'sentence')}, "
        f"{_n(result.shards, 'shard')} in {result.seconds:.1f} s on {result.engine} with {_n(result.workers, 'worker')}; "
        f"{result.skipped} {'article' if result.skipped == 1 else 'articles'} already done"
    )
    typer.echo(f"wrote {out}/sentences, {out}/articles")
    if result.failed:
        raise typer.Exit(EXIT_SOME_REJECTED)


# `briefing qa` reads two line-aligned files of sentences: a whole corpus fits well within this.
MAX_QA_BYTES = 50_000_000


def _qa_lines(path: Path) -> list[str]:
    """The lines of one side of `qa`: a regular file (or `-`, standard input), never read past
    MAX_QA_BYTES, in UTF-8."""
    from briefing.files import plain_refusals, read_regular_file

    if str(path) == "-":
        data = _bounded_stdin(MAX_QA_BYTES, "qa")
    else:
        data = read_regular_file(path, MAX_QA_BYTES, plain_refusals(str(path), "qa", MAX_QA_BYTES))
    try:
        return data.decode("utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: cannot be read as UTF-8 text (byte {exc.start})") from None
@app.command()
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; another than loopback needs an API key."),
    port: int = typer.Option(8100, "--port", help="Port to listen on (0: any free one)."),
    api_key: list[str] = typer.Option(None, "--api-key", help="Require this key (repeat for more) [env BRIEFING_API_KEY]."),
    rate: int = typer.Option(120, "--rate", help="Requests per minute per client (0: no limit)."),
    model: str | None = MODEL,
    device: str = DEVICE,
    beam: int = BEAM,
    backend: str = BACKEND,
    max_new_tokens: int | None = MAX_NEW_TOKENS,
    memory: Path | None = MEMORY,
    no_memory: bool = NO_MEMORY,
    glossary: Path | None = GLOSSARY,
    config_file: Path | None = CONFIG,
) -> None:
    """The translation desk: a page and a LibreTranslate-compatible API over the warm model.

    The translation options can also be set in briefing.toml's [build] table (the command line wins).

    \b
    Examples:
      briefing serve                        # http://127.0.0.1:8100/
      BRIEFING_API_KEY=... briefing serve --host 0.0.0.0
    """
    from briefing.desk import DeskConfig
    from briefing.desk import serve as run_desk
    from briefing.desk.server import api_keys
    from briefing.settings import load_settings

    values = _resolved(ctx, load_settings(config_file), TRANSLATION_KEYS)
    config = DeskConfig(host=host, port=port, api_keys=api_keys(api_key), rate_per_minute=max(0, rate))
    run_desk(config, _translation(values))


@app.command("qa")
def qa_command(
    dutch: Path = typer.Argument(..., help="The Dutch, one sentence (or segment) a line; - for standard input."),
    english: Path = typer.Argument(..., help="The English, line for line (ours or another system's); - for standard input."),
    as_json: bool = typer.Option(False, "--json", help='One JSON object a line: {"line": n, "flags": [...], "details": {...}}.'),
    glossary: Path | None = GLOSSARY,
) -> None:
    """QA flags for a line-aligned Dutch and English pair of files: the checks `build` runs.

    \b
    Examples:
      briefing qa nl.txt en.txt
      briefing qa nl.txt en.txt --json > flags.jsonl
      other-system < nl.txt | briefing qa nl.txt -
    """
    import json

    from briefing.qa import checks as qa
    from briefing.qa.words import WordCache
    from briefing.translate.glossary import Glossary

    if str(dutch) == str(english) == "-":
        raise UsageError("only one of the two files can be standard input (-)")
    texts = [_qa_lines(dutch), _qa_lines(english)]
    if len(texts[0]) != len(texts[1]):
        raise UsageError(f"{dutch} has {_n(len(texts[0]), 'line')}, {english} {len(texts[1])}: the files must be line-aligned")
    terms = Glossary.load(glossary).terms
    flagged = 0
    words = WordCache.open()  # the build's word cache: learnt once, then a second run loads no word lists
    for n, (nl, en) in enumerate(zip(*texts), start=1):
        found = qa.check(nl, en, terms, words)
        flagged += bool(found)
        if as_json:
            typer.echo(json.dumps({"line": n, "flags": [f for f in qa.FLAGS if f in found], "details": found}, ensure_ascii=False))
        elif found:
            typer.echo(f"line {n}: " + "; ".join(f"{flag} ({detail})" for flag, detail in found.items()))
            typer.echo(f"  nl: {nl}\n  en: {en}")
    words.save()
    if not as_json:
        typer.echo(f"{flagged} of {_n(len(texts[0]), 'line')} flagged")


@app.command("eval-quotes")
def eval_quotes(
    gold: Path = typer.Argument(..., help="Annotation file, e.g. bench/quotes-heldout/gold.json in the checkout."),
    inputs: list[str] = typer.Argument(None, help="The annotated articles [default: seeds/]"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List misses and wrong speakers."),
) -> None:
    """Score key-quote detection and speakers against an annotation file (a JSON list of the
    articles' quotations, as in bench/quotes-heldout/gold.json).

    \b
    Examples:
      briefing eval-quotes bench/quotes-heldout/gold.json bench/quotes-heldout/articles/
      briefing eval-quotes bench/quotes-heldout/gold.json bench/quotes-heldout/articles/ -v
    """
    from briefing.cli.eval_quotes import score_files

    if not gold.is_file():
        raise UsageError(f"{gold}: no such annotation file")
    typer.echo(score_files(gold, list(inputs or ["seeds"])).report(verbose))


@app.command()
def search(
    query: str = typer.Argument("", help="Words to find, Dutch or English (diacritics optional: oekraine finds Oekraïne)."),
    since: str | None = _option("since"),
    until: str | None = _option("until"),
    speaker: str | None = typer.Option(None, "--speaker", help="Only quotations of this speaker (part of the name)."),
    source: str | None = typer.Option(None, "--source", help="Only articles of this outlet (part of its name)."),
    as_json: bool = typer.Option(False, "--json", help="A JSON list of hits."),
    limit: int = typer.Option(50, "--limit", min=1, help="At most this many hits."),
    history: Path | None = _option("history"),
) -> None:
    """Search the sentences of every briefing built so far (the history), newest first.

    \b
    Examples:
      briefing search oekraine
      briefing search "kwestie van centimeters" --since 2024-06-01 --json
      briefing search --speaker "De Vries" --source Limburger
    """
    import dataclasses
    import json

    from briefing.output.history import History, default_history_path

    start, end = _day("--since", since), _day("--until", until)
    if not query.strip() and not speaker:
        raise UsageError("give words to search for, or --speaker NAME")
    path = history or default_history_path()
    if not path.is_file():
        raise BriefingError(f"no history at {path} yet: every briefing build records one (unless --no-history)")
    with History(path) as h:
        hits = h.search(query, start, end, speaker, source, limit)
    if as_json:
        typer.echo(json.dumps([dataclasses.asdict(hit) for hit in hits], ensure_ascii=False, indent=2))
        return
    for hit in hits:
        who = f" — {hit.speaker}" if hit.speaker else ""
        typer.echo(f"{hit.date or 'undated'} · {hit.source or hit.article} · {hit.title}{who}")
        typer.echo(f"  nl: {hit.nl}\n  en: {hit.en}")
    if not hits:
        typer.echo("no sentence found", err=True)
memory_app = typer.Typer(
    cls=BriefingGroup, no_args_is_help=True, rich_markup_mode=None,
    help="The translation memory: import human translations (TMX, XLIFF, PO, TSV), export, stats, forget.",
)
app.add_typer(memory_app, name="memory")


def _day(option: str, value: str | None) -> dt.date | None:
    """A YYYY-MM-DD option, checked as the declared date settings are."""
    from briefing.settings import Invalid, a_date

    try:
        return a_date(value) if value else None
    except Invalid as exc:
        raise UsageError(f"{option} {exc}") from None


def _memory_path(memory: Path | None) -> Path:
    from briefing.translate.memory import default_memory_path

    return memory or default_memory_path()


@memory_app.command("import")
def memory_import(
    files: list[Path] = typer.Argument(..., metavar="FILE", help="TMX, XLIFF (a post-edited briefing.xliff too), PO or TSV (Dutch TAB English)."),
    memory: Path | None = MEMORY,
    max_bytes: int = typer.Option(50_000_000, "--max-bytes", help="Refuse files larger than this."),
) -> None:
    """Import Dutch→English translations as human translations: they win over the model's in every
    later build and translate, whatever the model.

    \b
    Examples:
      briefing memory import reviewed.tmx
      briefing build --format html,xliff && (edit out/briefing.xliff in a CAT tool) && briefing memory import out/briefing.xliff
    """
    from briefing.translate.exchange import import_file
    from briefing.translate.memory import TranslationMemory

    if max_bytes < 1:
        raise UsageError("--max-bytes must be 1 or more")
    rejected = 0
    with TranslationMemory(_memory_path(memory)) as tm:
        for file in files:
            try:
                typer.echo(str(import_file(tm, file, max_bytes)))
            except InputError as error:
                if len(files) == 1:
                    raise
                typer.echo(f"rejected: {error.path}: {error.reason}", err=True)  # the other files still count
                rejected += 1
    if rejected:
        raise typer.Exit(EXIT_SOME_REJECTED)


@memory_app.command("export")
def memory_export(
    file: Path = typer.Argument(..., help="The file to write: .tmx, or .xlf/.xliff."),
    fmt: str | None = typer.Option(None, "--format", help="tmx or xliff [default: by the file's name]."),
    only: str | None = typer.Option(None, "--only", help="human or model: only these translations."),
    since: str | None = typer.Option(None, "--since", help="Only translations made or imported on or after this date (YYYY-MM-DD)."),
    memory: Path | None = MEMORY,
) -> None:
    """Export the memory as TMX or XLIFF; each unit's notes give its origin (human, or the model
    with its settings and signature) and the model's confidence.

    \b
    Examples:
      briefing memory export memory.tmx
      briefing memory export corrections.tmx --only human --since 2024-06-01
    """
    from briefing.translate.exchange import export_format, export_memory, write_export
    from briefing.translate.memory import TranslationMemory

    chosen = export_format(file, fmt)
    if only is not None and only not in ("human", "model"):
        raise UsageError(f"--only {only!r}: choose human or model")
    with TranslationMemory(_memory_path(memory)) as tm:
        data, count = export_memory(tm, chosen, only, _day("--since", since))
    write_export(file, data)
    typer.echo(f"wrote {count} units to {file} ({chosen.upper()})")


@memory_app.command("stats")
def memory_stats(memory: Path | None = MEMORY) -> None:
    """Counts by origin: human translations by the file they came from, model ones by model."""
    from briefing.translate.exchange import describe_stats
    from briefing.translate.memory import TranslationMemory

    with TranslationMemory(_memory_path(memory)) as tm:
        for line in describe_stats(tm):
            typer.echo(line)


@memory_app.command("forget")
def memory_forget(
    segment: str | None = typer.Option(None, "--segment", help="Forget every translation of this Dutch segment."),
    source: str | None = typer.Option(None, "--source", help="Forget what came from this source: an imported file's name or a model, as `memory stats` lists them."),
    memory: Path | None = MEMORY,
    glossary: Path | None = GLOSSARY,
) -> None:
    """Forget the translations of one Dutch segment, or of one source.

    \b
    Examples:
      briefing memory forget --segment "Dat melden Noord-Koreaanse staatsmedia."
      briefing memory forget --source reference.tmx
    """
    from briefing.translate.glossary import Glossary
    from briefing.translate.memory import TranslationMemory

    if (segment is None) == (source is None):
        raise UsageError("give --segment or --source")
    # The model's memory keeps a segment as it was sent: with the glossary's terms in English.
    segments = [segment, Glossary.load(glossary).prepare(segment)] if segment is not None else []
    with TranslationMemory(_memory_path(memory)) as tm:
        human, model = tm.forget(segments, source)
    typer.echo(f"forgot {human} human and {model} model translations")


def main() -> None:
    app(prog_name="briefing")


if __name__ == "__main__":
    main()
