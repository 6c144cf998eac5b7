"""The Jinja2 templates and what they use: where they are (the user's folder first, `--templates
DIR`, then the ones shipped with the package, so a user can override one template and keep the
others), the compiled templates kept in the user's cache, and the filters and labels the HTML,
Markdown and e-mail templates call. `render` picks the format; PDF, Word and e-mail (`share`)
start from these too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import secrets
import stat
import types
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

TEMPLATE_NAMES = {"html": "briefing.html.j2", "md": "briefing.md.j2"}


def shipped_templates() -> Path:
    """The templates inside the installed package, or the repository's `templates/`."""
    here = Path(__file__).resolve().parents[1]  # the package folder
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / TEMPLATE_NAMES["html"]).is_file():
            return candidate
    raise FileNotFoundError("briefing's templates are missing from this installation")


MAX_CACHE_FILE_BYTES = 4_000_000  # a compiled template is some tens of kB


def _bytecode_cache(folder: Path) -> Any:
    """Jinja's compiled-template cache in `folder` (one per Jinja version), kept so that only
    this user can have written it; None where that cannot be had (no dir_fd, O_NOFOLLOW)."""
    import jinja2

    if os.open not in os.supports_dir_fd or not hasattr(os, "O_NOFOLLOW") or not hasattr(os, "getuid"):
        return None

    class OwnerOnlyBytecodeCache(jinja2.BytecodeCache):
        """A compiled template is code this process runs: a file someone else planted in the
        cache would run with the user's rights. So the folder must be this user's and writable
        by nobody else (made 0700, checked on the open folder: owner, mode, not a symlink), and
        each file too (a regular file of this user's, written by nobody else, not too large,
        never a FIFO to wait on). Anything else is passed by and the template compiled afresh; a
        damaged file is replaced; a cache that cannot be written (read-only, full) is skipped."""

        def __init__(self, where: Path) -> None:
            self.folder = where

        def _open_folder(self, create: bool) -> int | None:
            try:
                if create:
                    self.folder.parent.mkdir(parents=True, exist_ok=True)
                    with contextlib.suppress(FileExistsError):
                        self.folder.mkdir(mode=0o700)
                fd = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
            except OSError:
                return None
            info = os.fstat(fd)
            if info.st_uid != os.getuid() or info.st_mode & 0o022:  # another may have written here
                os.close(fd)
                return None
            if info.st_mode & 0o077:  # readable by others (an older version's 0755): close it up
                with contextlib.suppress(OSError):
                    os.fchmod(fd, 0o700)
            return fd

        @staticmethod
        def _name(bucket: Any) -> str:
            return f"__jinja2_{bucket.key}.cache"

        def load_bytecode(self, bucket: Any) -> None:
            folder = self._open_folder(create=False)
            if folder is None:
                return
            try:
                fd = os.open(self._name(bucket), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
            except OSError:
                return
            finally:
                os.close(folder)
            with os.fdopen(fd, "rb") as handle:
                info = os.fstat(fd)
                if (not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022
                        or info.st_size > MAX_CACHE_FILE_BYTES):
                    return
                try:
                    bucket.bytecode_from_string(handle.read(MAX_CACHE_FILE_BYTES + 1))
                except Exception:  # damaged: any error unpickling or unmarshalling it
                    bucket.reset()
            if not isinstance(bucket.code, types.CodeType):
                bucket.reset()

        def dump_bytecode(self, bucket: Any) -> None:
            folder = self._open_folder(create=True)
            if folder is None:
                return
            name = self._name(bucket)
            temporary = f".{name}.{os.getpid()}.{secrets.token_hex(4)}"
            try:
                fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=folder)
                with os.fdopen(fd, "wb") as handle:
                    bucket.write_bytecode(handle)
                os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(temporary, dir_fd=folder)
            finally:
                os.close(folder)

    return OwnerOnlyBytecodeCache(folder / f"jinja2-{jinja2.__version__}")


def _environment(templates: Path | None, html: bool) -> Any:
    import jinja2

    folders = [str(templates)] if templates else []
    folders.append(str(shipped_templates()))
    from briefing.cachefiles import cache_folder

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        # Compiling the templates is most of a cached rebuild's time: keep the compiled code.
        # Jinja keys it by template name and checksum of the source, so an edited template (or a
        # user's) is compiled again; the HTML environment (autoescaping) keeps its own.
        bytecode_cache=_bytecode_cache(cache_folder() / "templates" / ("html" if html else "text")),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["marked_html"] = marked_html
    env.filters["marked_md"] = marked_md
    env.filters["md"] = md_escape
    env.filters["code"] = md_code
    env.filters["period_label"] = period_label
    env.filters["md_url"] = md_url
    env.globals["articles_of"] = articles_of
    env.globals["new_articles"] = lambda b: [a for a in articles_of(b) if a.get("new")]
    from briefing.qa.checks import FLAGS

    env.filters["qa_text"] = lambda flag: FLAGS.get(flag, flag)
    return env


def articles_of(briefing: Mapping[str, Any]) -> list[Any]:
    """Every article of the briefing, in the order of its date groups."""
    return [a for group in briefing["groups"] for a in group["articles"]]


# --- the period a briefing covers -------------------------------------------------------------

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def _day(date: dt.date, year: bool = True, month: bool = True) -> str:
    return " ".join([str(date.day)] + [_MONTHS[date.month - 1]] * month + [str(date.year)] * year)


def days_label(since: dt.date | None, until: dt.date | None) -> str:
    """`17–23 June 2024`, `28 June – 4 July 2024`, `from 17 June 2024`, in English whatever the
    machine's locale."""
    if since and until:
        if since == until:
            return _day(since)
        if (since.year, since.month) == (until.year, until.month):
            return f"{since.day}–{_day(until)}"
        if since.year == until.year:
            return f"{_day(since, year=False)} – {_day(until)}"
        return f"{_day(since)} – {_day(until)}"
    if since:
        return f"from {_day(since)}"
    return f"until {_day(until)}" if until else ""


def period_label(period: Mapping[str, Any] | None) -> str:
    """The briefing's chosen period (build's `period`: since, until): an ISO week is named as
    one, `Week 25, 2024 (17–23 June 2024)`; other spans by their days."""
    if not period:
        return ""
    since, until = (dt.date.fromisoformat(period[k]) if period.get(k) else None for k in ("since", "until"))
    if since and until and since.isoweekday() == 1 and until - since == dt.timedelta(days=6):
        year, week, _ = since.isocalendar()
        return f"Week {week}, {year} ({days_label(since, until)})"
    return days_label(since, until)


# --- quote marks inside a sentence --------------------------------------------------------------


def _pieces(text: str, marks: Iterable[Mapping[str, Any]]) -> list[tuple[str, Mapping[str, Any] | None]]:
    """Cut a sentence into (text, mark-or-None) pieces; nested marks give way to outer ones."""
    top = sorted((m for m in marks if m["depth"] == 0), key=lambda m: m["start"])
    pieces: list[tuple[str, Mapping[str, Any] | None]] = []
    pos = 0
    for mark in top:
        start, end = max(mark["start"], pos), mark["end"]
        if start >= end:
            continue
        if start > pos:
            pieces.append((text[pos:start], None))
        pieces.append((text[start:end], mark))
        pos = end
    if pos < len(text):
        pieces.append((text[pos:], None))
    return pieces


def marked_html(sentence: Mapping[str, Any]) -> Any:
    """The Dutch sentence, escaped, with each quotation span in a <mark>."""
    from markupsafe import Markup, escape

    out = []
    for text, mark in _pieces(sentence["nl"], sentence["marks"]):
        if mark is None:
            out.append(str(escape(text)))
        else:
            cls = "q key" if mark["key"] else "q"
            out.append(f'<mark class="{cls}" data-quote="{escape(mark["quote"])}">{escape(text)}</mark>')
    return Markup("".join(out))


# Only what can start formatting: emphasis, code, links, strike-through. `<` becomes an entity
# instead: not every Markdown (Python-Markdown, for one) honours a backslash before it.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]~])")


def md_escape(text: str | None) -> str:
    """Article text as literal Markdown: no emphasis, links or HTML can come out of it."""
    if not text:
        return ""
    text = _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    # A line that starts like a list item or a heading would turn into one.
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text).replace("<", "&lt;")  # no entity, no HTML tag
    text = re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", text)  # "1. " would start a list
    return re.sub(r"^([#+-])(\s)", r"\\\1\2", text)  # so would "- ", "+ ", and "# " a heading


def md_code(value: Any) -> str:
    """A value as a Markdown code span, whatever backticks it holds (a fence longer than any run
    of them inside); a code span shows HTML as text."""
    text = " ".join(str(value).split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_url(url: str) -> str:
    """A link target for Markdown: the characters that could end it or start markup
    percent-encoded (the article's url is already only http(s) and without spaces)."""
    return re.sub(r"[\s<>()\[\]\\`\"]", lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)


def marked_md(sentence: Mapping[str, Any]) -> str:
    """The Dutch sentence as Markdown, key quotations in bold."""
    out = []
    for text, mark in _pieces(sentence["nl"], sentence["marks"]):
        if not text.strip():
            out.append(text)
            continue
        # Escaping squeezes a piece's own spaces; the spaces between pieces stay (`als 'mijn`).
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        inner = md_escape(text.strip())
        out.append(f"{lead}**{inner}**{trail}" if mark is not None and mark["key"] else f"{lead}{inner}{trail}")
    return "".join(out)


# --- rendering ----------------------------------------------------------------------------------


def render_html(briefing: Mapping[str, Any], templates: Path | None = None) -> str:
    return _environment(templates, html=True).get_template(TEMPLATE_NAMES["html"]).render(b=briefing)


def render_markdown(briefing: Mapping[str, Any], templates: Path | None = None) -> str:
    return _environment(templates, html=False).get_template(TEMPLATE_NAMES["md"]).render(b=briefing)


def render_template(name: str, templates: Path | None = None, **context: Any) -> str:
    """Any Markdown/text template by name (HTML templates use render_html)."""
    return _environment(templates, html=False).get_template(name).render(**context)
