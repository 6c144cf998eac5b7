"""One registry of input readers: a reader per kind of input, found by suffix and by content.

The model is pelican's readers (a reader class per input kind, registered by the file names it
reads). Here each reader names its kind (the name a `Source` carries from discovery to reading,
also across processes in `briefing archive`), the suffixes it is registered for, a content test
(`can_read`, on the first bytes of the file) and `read`, which gives the file's articles in order
and, in the place of what cannot be used, an `InputError(path, reason)`.

`reader_for(path)` chooses, in this order:

1. a suffix that names its kind outright (`.html`, `.htm`, `.jsonl`, `.parquet`): its reader,
   whatever the content (a damaged file gets that reader's own message);
2. content that cannot be mistaken, whatever the suffix (a saved page sent as `.txt`, records
   without a suffix): Parquet's magic bytes, an HTML document's opening, a JSON object on the
   first line, the seed format's ` date YYYY-MM` opening;
3. the reader of the suffix (`.txt` plain text, `.md` Markdown);
4. for a file without a known suffix: Markdown where it opens with `---` front matter, plain
   text where it is text;
5. nothing: the file is not an input (`unreadable`, a message naming the kinds that are read).

A path that is not a regular file (a folder named like a file, a pipe, a broken link) is not
opened here: it goes to the reader of its suffix, or plain text, whose reading names the problem.
"""

from __future__ import annotations

import json
import os
import re
import stat
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from briefing.errors import InputError
from briefing.ingest.articles import (
    MAX_ARTICLE_BYTES,
    Article,
    is_seed_format,
    parse_article,
    parse_record,
    read_article,
    read_bytes,
)

#: How much of a file the content tests see: enough for a page's doctype, a record's first
#: line, the seed format's date or a front matter's first key.
HEAD_BYTES = 4096

#: What a record holds beside its text (id, date, title, source, url, author), in characters.
MAX_RECORD_FIELDS_CHARS = 64 * 1024

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_HTML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL)
_FRONT_MATTER_START = re.compile(r"\A---[ \t]*\r?\n[ \t]*[A-Za-z_-]+[ \t]*:")


class Reader(ABC):
    """One kind of input. Subclasses set the class attributes, `can_read` (the content test, on
    the first `HEAD_BYTES` of a regular file) and `read`."""

    kind: ClassVar[str]  # the name a Source carries: "text", "seed", "markdown", ...
    label: ClassVar[str]  # how messages name the kind: "plain-text articles (.txt)"
    suffixes: ClassVar[tuple[str, ...]] = ()  # lower case, with the dot
    suffix_decides: ClassVar[bool] = False  # the suffix names the kind whatever the content
    records: ClassVar[bool] = False  # a file of records, each with its own id (not one article)

    @abstractmethod
    def can_read(self, path: Path, head: bytes) -> bool:
        """Does the content say the file is of this kind?"""

    @abstractmethod
    def read(self, path: str, max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[Article | InputError]:
        """The file's articles in order; an InputError in the place of what cannot be used."""


class _ArticleFileReader(Reader):
    """A file that is one article: read whole (bounded), decoded, parsed."""

    @abstractmethod
    def article(self, path: str, max_bytes: int) -> Article:
        """The article; InputError naming the file where there is none."""

    def read(self, path: str, max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[Article | InputError]:
        try:
            yield self.article(path, max_bytes)
        except InputError as exc:
            yield exc


def _head_text(head: bytes) -> str:
    """The first bytes as text, for the content tests only (a cut character is dropped)."""
    if head.startswith(_UTF16_BOMS):
        return head.decode("utf-16", "ignore")
    return head.decode("utf-8-sig", "replace")


class TextReader(_ArticleFileReader):
    """Plain text, with or without a small front matter (`articles.split_front_matter`)."""

    kind, label, suffixes = "text", "plain-text articles (.txt)", (".txt",)

    def can_read(self, path: Path, head: bytes) -> bool:
        # Text, as `articles.decode` takes it: UTF-16 by its mark, else no NUL bytes and only the
        # odd control character. (An empty file is text: its reading says it is empty.)
        if head.startswith(_UTF16_BOMS):
            return True
        if b"\x00" in head:
            return False
        controls = sum(1 for byte in head if byte < 32 and byte not in b"\n\r\t\f")
        return controls <= max(8, len(head) // 100)

    def article(self, path: str, max_bytes: int) -> Article:
        return read_article(path, max_bytes, markdown=False)


class SeedReader(_ArticleFileReader):
    """The seed format: ` date YYYY-MM ` and the body on the same line, plain text; in any file
    (the seeds are `.txt`; a `.md` in the seed format is not Markdown either)."""

    kind, label = "seed", "seed-format articles (` date YYYY-MM …`)"

    def can_read(self, path: Path, head: bytes) -> bool:
        return is_seed_format(_head_text(head))

    def article(self, path: str, max_bytes: int) -> Article:
        return read_article(path, max_bytes, markdown=False)


class MarkdownReader(_ArticleFileReader):
    """Markdown with front matter, as `briefing fetch` writes it; the body is rendered."""

    kind, label, suffixes = "markdown", "Markdown articles (.md)", (".md",)

    def can_read(self, path: Path, head: bytes) -> bool:
        return bool(_FRONT_MATTER_START.match(_head_text(head)))

    def article(self, path: str, max_bytes: int) -> Article:
        return read_article(path, max_bytes, markdown=True)


class PageReader(_ArticleFileReader):
    """A saved web page: its article, as `briefing fetch` would have written it."""

    kind, label, suffixes, suffix_decides = "page", "saved HTML pages (.html, .htm)", (".html", ".htm"), True

    def can_read(self, path: Path, head: bytes) -> bool:
        return bool(_HTML_START.match(head))

    def article(self, path: str, max_bytes: int) -> Article:
        from briefing.ingest.pages import decode_html, extract, page_article_text

        data = read_bytes(path, max_bytes)
        page = extract(decode_html(data, None), None, path)
        return parse_article(path, page_article_text(page), markdown=True)


def _special_file(path: str) -> bool:
    """A pipe, a device or a socket (a missing file or a folder is the opening's to name)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


class _RecordsReader(Reader):
    """A file of records (`articles.parse_record` each); one bad record is one error."""

    suffix_decides, records = True, True

    @abstractmethod
    def records_of(self, path: str, max_bytes: int) -> Iterator[dict[str, Any] | InputError | None]:
        """The records in order (None for a blank line), an InputError in a bad one's place;
        `max_bytes` is the limit of one article's text."""

    def read(self, path: str, max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[Article | InputError]:
        if _special_file(path):  # opened, a pipe would wait for a writer forever
            yield InputError(path, "is not a regular file (a pipe, device or socket); save the records to a file")
            return
        try:
            for record in self.records_of(path, max_bytes):
                if record is None or isinstance(record, InputError):
                    if record is not None:
                        yield record
                    continue
                try:
                    yield parse_record(record, path, max_bytes)
                except InputError as exc:
                    yield exc
        except OSError as exc:
            yield InputError(path, f"cannot be read ({exc.strerror or exc})")


def record_from_line(line: str, where: str) -> dict[str, Any] | None:
    """One JSONL line to a record; None for a blank line between records."""
    line = line.strip()
    if not line:
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"a line that is not JSON ({exc.msg}): {line[:60]!r}") from None
    if not isinstance(record, dict):
        raise InputError(where, f"a line that is not a JSON object: {line[:60]!r}")
    return record


class JsonlReader(_RecordsReader):
    """Records, one JSON object a line."""

    kind, label, suffixes = "jsonl", "JSONL records (.jsonl)", (".jsonl",)

    def can_read(self, path: Path, head: bytes) -> bool:
        # The first line is a JSON object, and all of it is in the head.
        text = _head_text(head).lstrip()
        line, newline, _ = text.partition("\n")
        if not (newline or len(head) < HEAD_BYTES) or not line.startswith("{"):
            return False
        try:
            return isinstance(json.loads(line), dict)
        except json.JSONDecodeError:
            return False

    def records_of(self, path: str, max_bytes: int) -> Iterator[dict[str, Any] | InputError | None]:
        # A line is read up to what the longest record could take (its text at the article limit,
        # every character escaped as \uXXXX, and its other fields): one endless line must not
        # fill the memory. Past that, the line is skipped and named.
        limit = 6 * max_bytes + MAX_RECORD_FIELDS_CHARS
        with open(path, encoding="utf-8", errors="replace") as handle:
            while line := handle.readline(limit):
                if len(line) == limit and not line.endswith("\n"):
                    while (rest := handle.readline(limit)) and not rest.endswith("\n"):
                        pass
                    yield InputError(path, f"a line of more than {limit:,} characters, too large for a record "
                                           "(raise the limit with --max-article-bytes)")
                    continue
                try:
                    yield record_from_line(line, path)
                except InputError as exc:
                    yield exc


class ParquetReader(_RecordsReader):
    """Records in a Parquet file (pyarrow, the scale extra)."""

    kind, label, suffixes = "parquet", "Parquet records (.parquet)", (".parquet",)

    def can_read(self, path: Path, head: bytes) -> bool:
        return head.startswith(b"PAR1")

    def records_of(self, path: str, max_bytes: int) -> Iterator[dict[str, Any] | InputError | None]:
        try:
            import pyarrow
            import pyarrow.parquet as pq
        except ImportError:
            from briefing.extras import install_hint

            yield InputError(path, f"Parquet records need pyarrow (the scale extra): {install_hint('scale')}")
            return
        try:
            batches = pq.ParquetFile(path).iter_batches(batch_size=256)
            for batch in batches:
                yield from batch.to_pylist()
        except pyarrow.ArrowException as exc:
            if isinstance(exc, OSError):
                raise  # the file system's problem: named like any other file's
            # A file named .parquet that is not Parquet, or a damaged one: named, not a traceback.
            yield InputError(path, f"is not a readable Parquet file ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})")


# --- the registry -------------------------------------------------------------------------------

TEXT = TextReader()
SEED = SeedReader()
MARKDOWN = MarkdownReader()
PAGE = PageReader()
JSONL = JsonlReader()
PARQUET = ParquetReader()

#: Every reader, in the order messages list them.
READERS: tuple[Reader, ...] = (TEXT, SEED, MARKDOWN, PAGE, JSONL, PARQUET)
#: Content that cannot be mistaken, tested before the suffix of a text file (step 2 above).
_UNMISTAKABLE: tuple[Reader, ...] = (PARQUET, PAGE, JSONL, SEED)
#: What a file without a known suffix may be (step 4), tested in this order.
_UNNAMED: tuple[Reader, ...] = (MARKDOWN, TEXT)
_BY_KIND = {reader.kind: reader for reader in READERS}
_BY_SUFFIX = {suffix: reader for reader in READERS for suffix in reader.suffixes}


def reader_named(kind: str) -> Reader | None:
    """The reader of a kind name (as a Source carries it)."""
    return _BY_KIND.get(kind)


def reader_of_suffix(path: str | Path) -> Reader | None:
    """The reader registered for the file's suffix (any case), if any."""
    return _BY_SUFFIX.get(Path(path).suffix.lower())


def read_head(path: str | Path) -> bytes | None:
    """The first bytes of a regular file; None for anything else (a folder, a pipe, a missing or
    unreadable file). Opened without blocking, so a pipe never holds the run up."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return os.read(fd, HEAD_BYTES)
    except OSError:
        return None
    finally:
        os.close(fd)


def reader_for(path: str | Path, head: bytes | None = None) -> Reader | None:
    """The reader of one file, by its suffix and its first bytes (the order is the module's
    docstring's); None where no reader claims it (`unreadable` says why)."""
    named = reader_of_suffix(path)
    if named is not None and named.suffix_decides:
        return named
    if head is None:
        head = read_head(path)
    if head is None:
        return named or TEXT  # its reading names the problem (a folder, a pipe, a broken link)
    candidates = _UNMISTAKABLE + ((named,) if named else _UNNAMED)
    return next((reader for reader in candidates if reader is named or reader.can_read(Path(path), head)), None)


def unreadable(path: str | Path) -> InputError:
    """The error for a file no reader claims, naming the kinds that are read."""
    labels = [reader.label for reader in READERS]
    return InputError(str(path), f"is not an input briefing reads; it reads {', '.join(labels[:-1])} and {labels[-1]}")
