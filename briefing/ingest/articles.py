"""Stage 1: read article files and clean the scraping debris out of them.

Input formats:

* the seed format: the text starts with ` date YYYY-MM ` and the body follows on the same line;
* `.txt` / `.md` with a small front matter, either between `---` lines or as leading
  `key: value` lines (date, title, source, url, author), ended by a blank line;
* a `.md` body is Markdown: rendered by the `markdown` package and read back into paragraphs by
  the reader saved web pages go through (`pages.markdown_blocks`), so `**bold**` never reaches
  the briefing as asterisks. A `.txt` body, and the seed format in any file, is plain text.

Cleaning removes only debris (a glued `Update`, the `Volledig scherm` button label, agency credit
lines, a `NOS Nieuws • vandaag, 11:48 <headline>` byline) and keeps what it tells as metadata.
Every sentence of the article itself stays.
"""

from __future__ import annotations

import datetime as dt
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.errors import InputError
from briefing.ingest.pages import markdown_blocks, without_userinfo

#: A long news article is 10–50 kB; a file of more than this is a scraper's dump, not an article.
#: It is refused with a message (raise the limit with --max-article-bytes to take it anyway).
MAX_ARTICLE_BYTES = 500_000
#: News dates: far enough either way for any archive, and inside what the calendar code handles
#: (a month's last day is found through the next month: 9999-12 would overflow).
MIN_YEAR, MAX_YEAR = 1000, 2999


@dataclass(frozen=True, order=True)
class ArticleDate:
    """A date at the precision the source gives: a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> ArticleDate:
        m = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*", text)
        if not m:
            raise ValueError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {text.strip()!r}")
        year = int(m.group(1))
        month, day = (int(g) if g else None for g in m.groups()[1:])
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(f"the year {year} is outside {MIN_YEAR}–{MAX_YEAR}")
        # Validate through datetime so 2024-02-30 or month 13 are refused.
        dt.date(year, month or 1, day or 1)
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        if self.day:
            return self.first_day
        if self.month:
            nxt = dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


@dataclass
class Block:
    """A paragraph of the article as written (blank-line separated), after cleaning."""

    text: str
    kind: str = "text"  # "text" or "caption" (a photo caption)
    credit: str | None = None  # e.g. the agency of a caption's photo


@dataclass
class Article:
    file: str  # the path as given: what messages name
    name: str  # the file name: a stable id for anchors and JSON
    date: ArticleDate | None
    blocks: list[Block]
    title: str | None = None  # the headline, where the input has one
    source: str | None = None
    url: str | None = None
    author: str | None = None  # the byline's writer, where the input names one
    credits: list[str] = field(default_factory=list)
    published: str | None = None  # a byline's own time stamp, e.g. "vandaag, 11:48"
    updated: bool = False
    rubric: str | None = None  # a section label before the lead: `analyse - `, `gemeenteraad - `
    warnings: list[str] = field(default_factory=list)


# --- decoding -----------------------------------------------------------------------------------


def decode(path: str, data: bytes) -> tuple[str, list[str]]:
    """Bytes to text. UTF-16 by its byte-order mark; UTF-8, a few bad bytes replaced (and their
    positions reported); cp1252 only for a file that is not UTF-8 at all. Refuses empty and
    binary data."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _checked(path, data.decode("utf-16")), []
        except UnicodeDecodeError:
            raise InputError(path, "starts like UTF-16 but is not UTF-16 text") from None
    if not data.strip():
        raise InputError(path, "the file is empty")
    if b"\x00" in data[:8192]:
        raise InputError(path, "the file is binary (it contains NUL bytes), not text")
    warnings: list[str] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        bad = _bad_utf8(data)
        replaced = data.decode("utf-8-sig", "replace")
        # A file with real UTF-8 in it (é as two bytes) keeps its UTF-8: one stray byte must not
        # turn every Oekraïne into OekraÃ¯ne. Only where nothing is UTF-8 is it Windows text.
        if any(ord(ch) > 127 and ch != "\ufffd" for ch in replaced):
            text = replaced
            where = ", ".join(f"byte {b:,}" for b in bad[:5]) + (f" and {len(bad) - 5} more" if len(bad) > 5 else "")
            warnings.append(f"{len(bad)} byte(s) that are not UTF-8 replaced by � ({where})")
        else:
            try:
                text = data.decode("cp1252")
                warnings.append("not UTF-8; decoded as Windows-1252 (cp1252)")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
                warnings.append("not UTF-8; decoded as Latin-1")
    return _checked(path, text), warnings


def _bad_utf8(data: bytes) -> list[int]:
    """Offsets of the bytes that are not UTF-8."""
    bad: list[int] = []
    start = 0
    while start < len(data):
        try:
            data[start:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            bad.append(start + exc.start)
            start += exc.end
    return bad


def _checked(path: str, text: str) -> str:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text) // 100):
        raise InputError(path, "the file is binary (control characters throughout), not text")
    return scrub(text)


# Direction overrides and isolates (U+202A–202E, U+2066–2069) can make a page show other text
# than it holds; lone surrogates cannot be written as UTF-8 at all.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub(text: str) -> str:
    """Unix line ends; no control characters (left in, they would break the HTML and the model,
    and they carry no words), no direction overrides, no lone surrogates."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SURROGATE.sub("\ufffd", _BIDI.sub("", text))
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", " ", text)


# --- front matter -------------------------------------------------------------------------------

_SEED_DATE = re.compile(r"\A\s*date\s+(\S+)[ \t]*")
_FRONT_KEYS = ("date", "title", "source", "url", "author")
_KEY_LINE = re.compile(r"^(date|title|source|url|author)\s*:\s*(.*?)\s*$", re.IGNORECASE)


def is_seed_format(text: str) -> bool:
    """Does the text open in the seed format (` date 2024-06-03 De minister …`)?"""
    m = _SEED_DATE.match(text)
    return bool(m and re.fullmatch(r"[\d-]+", m.group(1)))


def _unquoted(value: str) -> str:
    """A front-matter value without the quotes around it (only a matching pair: a title that
    opens with a quotation keeps it)."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Return (metadata, body). Recognises the seed format and two front-matter styles."""
    m = _SEED_DATE.match(text)
    if m and re.fullmatch(r"[\d-]+", m.group(1)):
        return {"date": m.group(1)}, text[m.end() :]

    lines = text.split("\n")
    meta: dict[str, str] = {}
    if lines and lines[0].strip() == "---":
        for i, line in enumerate(lines[1:], start=1):
            if line.strip() == "---":
                pairs = [re.match(r"^\s*([A-Za-z_-]+)\s*:\s*(.*?)\s*$", raw) for raw in lines[1:i] if raw.strip()]
                # Front matter only when every line is `key: value` and one key is ours; else the
                # --- is a horizontal rule and what follows it is text.
                if not pairs or not all(pairs) or not any(km.group(1).lower() in _FRONT_KEYS for km in pairs if km):
                    return {}, text
                for km in pairs:
                    if km and km.group(1).lower() in _FRONT_KEYS:
                        meta[km.group(1).lower()] = _unquoted(km.group(2))
                return meta, "\n".join(lines[i + 1 :])
        return {}, text  # an opening --- never closed: treat everything as body

    i = 0
    while i < len(lines) and (km := _KEY_LINE.match(lines[i])):
        meta[km.group(1).lower()] = _unquoted(km.group(2))
        i += 1
    if meta and (i == len(lines) or not lines[i].strip()):
        return meta, "\n".join(lines[i:])
    return {}, text


# --- cleaning -----------------------------------------------------------------------------------

_AGENCIES = (
    "AFP|ANP|AP|Reuters|EPA|Belga|DPA|Getty Images|Hollandse Hoogte|Shutterstock|"
    "Associated Press|Bloomberg|Xinhua|KCNA|Pro Shots|ANP Foto"
)
_CREDIT_LINE = re.compile(rf"^(?:©\s*(?P<any>.{{1,60}})|(?:Foto:\s*)?(?P<agency>{_AGENCIES}))$")
_TRAILING_CREDIT = re.compile(rf"\s+©\s*(?P<credit>(?:{_AGENCIES}|[A-Z][\w .&/-]{{1,40}}))\s*$")
# "NOS Nieuws • vandaag, 11:48 <headline>": outlet, bullet, when (with a clock time), headline.
# The headline is a headline: short, no full stop at its end; `Koers • om 10:30 daalde de beurs.`
# is a sentence of the article and stays one.
_BYLINE = re.compile(
    r"^(?P<source>[^\s•][^•\n]{1,40}?)\s*•\s*"
    r"(?P<when>(?!om\b|rond\b|tegen\b)[^•\n]{0,40}?\b\d{1,2}[:.]\d{2})\s+(?P<headline>\S[^\n]{0,150}?)(?<![.!?…])$"
)
_FULLSCREEN = re.compile(r"^Volledig scherm\s*")
_UPDATE = re.compile(r"^Update(?=[A-Z])")


# A section label opening the lead, in lower case and set off by a dash: `analyse - De …`,
# `gemeenteraad – Het …`. (An upper-case dateline, `MEPPEL - `, is part of the lead and stays.)
_RUBRIC = re.compile(r"^(?P<label>[a-zà-ÿ][\wà-ÿ'’-]{2,24}(?: [a-zà-ÿ][\wà-ÿ'’-]{1,24})?) [-–—] (?=\S)")


def clean(body: str | list[str], article: Article) -> list[Block]:
    """Split the body into blocks (or take the blocks a Markdown reading found) and move debris
    into the article's metadata."""
    blocks: list[Block] = []
    if isinstance(body, str):
        raw_blocks = [b.strip() for b in re.split(r"\n[ \t]*\n", body) if b.strip()]
    else:
        raw_blocks = [b.strip() for b in body if b.strip()]
    for n, raw in enumerate(raw_blocks):
        text = re.sub(r"[ \t]+", " ", raw)
        if n == 0 and _UPDATE.match(text):
            text = _UPDATE.sub("", text)
            article.updated = True
        rubric = _RUBRIC.match(text) if not blocks else None
        if rubric:
            article.rubric = rubric.group("label")
            text = text[rubric.end() :]

        credit = _CREDIT_LINE.match(text)
        if credit:
            article.credits.append((credit.group("any") or credit.group("agency")).strip())
            continue

        # A byline is one short line; a long block that happens to hold a bullet is text.
        byline = _BYLINE.match(text) if "\n" not in text and len(text) <= 300 else None
        if byline and not blocks:
            article.source = article.source or byline.group("source").strip()
            article.published = byline.group("when").strip()
            article.title = article.title or byline.group("headline").strip()
            continue

        if _FULLSCREEN.match(text):
            caption = _FULLSCREEN.sub("", text)
            trailing = _TRAILING_CREDIT.search(caption)
            credit_text = None
            if trailing:
                credit_text = trailing.group("credit").strip()
                caption = caption[: trailing.start()]
            if caption.strip():
                blocks.append(Block(caption.strip(), "caption", credit_text))
            continue

        if n == 0 and text.startswith("# ") and "\n" not in text:
            # A Markdown title line.
            article.title = article.title or text[2:].strip()
            continue

        blocks.append(Block(text))
    return blocks


# --- reading ------------------------------------------------------------------------------------


def parse_article(
    file: str,
    text: str,
    warnings: list[str] | None = None,
    meta: Mapping[str, str] | None = None,
    name: str | None = None,
    markdown: bool = False,
) -> Article:
    """Text of one article file to an Article (metadata, cleaned blocks). Pure: no I/O.

    With `meta` given (an archive record's fields), the text is all body: no front matter.
    With `markdown`, a body that is not in the seed format is read as Markdown.
    """
    seed = bool(_SEED_DATE.match(text)) and meta is None
    if meta is None:
        meta, body = split_front_matter(text)
        seed = seed and list(meta) == ["date"] and not text.lstrip().startswith("---")
    else:
        body = text
    article = Article(
        file=file,
        name=name or Path(file).name,
        date=None,
        blocks=[],
        title=meta.get("title") or None,
        source=meta.get("source") or None,
        url=without_userinfo(meta.get("url") or "") or None,
        author=meta.get("author") or None,
        warnings=list(warnings or []),
    )
    if article.url and not re.match(r"https?://[^\s]+$", article.url, re.IGNORECASE):
        article.warnings.append(f"url {article.url[:60]!r} left out: only http(s) links are kept")
        article.url = None
    if "date" in meta:
        try:
            article.date = ArticleDate.parse(meta["date"])
        except ValueError as exc:
            article.warnings.append(f"invalid date {meta['date']!r} ({exc}); listed as undated")
    else:
        article.warnings.append("no date; listed as undated")
    if markdown and not seed:
        found = markdown_blocks(body)
        if found and found[0][0] == "h1":  # a Markdown title line
            article.title = article.title or found[0][1]
            found = found[1:]
        article.blocks = clean([text for _, text in found], article)
    else:
        article.blocks = clean(body, article)
    if not any(b.text.strip() for b in article.blocks):
        raise InputError(file, "no article text after the date and metadata")
    return article


def _record_value(value: Any) -> str:
    """A record field as text: dates and timestamps (from Parquet) as their ISO date."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):  # date, datetime, pandas Timestamp
        return str(value.isoformat()).split("T")[0]
    return scrub(str(value)).strip()


def too_large(name: str, size: int, max_bytes: int) -> InputError:
    return InputError(
        name,
        f"is {size:,} bytes, too large for a news article (the limit is {max_bytes:,}; "
        "raise it with --max-article-bytes)",
    )


def parse_record(record: Mapping[str, Any], where: str = "record", max_bytes: int = MAX_ARTICLE_BYTES) -> Article:
    """One archive record `{id, date, text, title?, source?, url?}` to an Article.

    Raises InputError naming the record (its id, or `where` when it has none).
    """
    rid = _record_value(record.get("id"))
    if not rid:
        raise InputError(where, "a record without an id")
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(rid, "the record has no text field" if text is None else "the record's text is not a string")
    if not text.strip():
        raise InputError(rid, "the record's text is empty")
    if (size := len(text.encode("utf-8", "replace"))) > max_bytes:
        raise too_large(rid, size, max_bytes)
    if "\x00" in text:
        raise InputError(rid, "the record's text holds NUL bytes (binary data), not text")
    meta = {k: _record_value(record.get(k)) for k in ("date", "title", "source", "url", "author")}
    return parse_article(rid, scrub(text), meta={k: v for k, v in meta.items() if v}, name=rid)


def read_bytes(path: str | Path, max_bytes: int = MAX_ARTICLE_BYTES) -> bytes:
    """The bytes of one input file. Raises InputError naming the file.

    Only a regular file is read (a pipe would wait forever, /dev/zero never end), and never more
    than the limit: the size is counted while reading, not trusted from the file system."""
    file = str(path)
    p = Path(path)
    try:
        mode = p.stat().st_mode
        if stat.S_ISDIR(mode):
            raise InputError(file, "is a folder, not an article file")
        if not stat.S_ISREG(mode):
            raise InputError(file, "is not a regular file (a pipe, device or socket); save the article to a file")
        with p.open("rb") as handle:
            data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise too_large(file, max(len(data), p.stat().st_size), max_bytes)
    except FileNotFoundError:
        raise InputError(file, "no such file or folder") from None
    except PermissionError:
        raise InputError(file, "cannot be read (permission denied)") from None
    except OSError as exc:
        raise InputError(file, f"cannot be read ({exc.strerror or exc})") from None
    return data


def read_article(path: str | Path, max_bytes: int = MAX_ARTICLE_BYTES) -> Article:
    """Read and clean one article file. Raises InputError naming the file."""
    file = str(path)
    data = read_bytes(path, max_bytes)
    text, warnings = decode(file, data)
    return parse_article(file, text, warnings, markdown=Path(file).suffix.lower() == ".md")
