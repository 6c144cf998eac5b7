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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.errors import InputError
from briefing.files import Refusals, read_regular_file
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
    return _seed_date_opening(text) is not None


def _unquoted(value: str) -> str:
    """A front-matter value without the quotes around it (only a matching pair: a title that
    opens with a quotation keeps it)."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


FrontMatter = tuple[dict[str, str], str]  # (metadata, body)


def _seed_date_opening(text: str) -> FrontMatter | None:
    """` date 2024-06-03 De minister …`: the date, and the body on the same line."""
    m = _SEED_DATE.match(text)
    if not (m and re.fullmatch(r"[\d-]+", m.group(1))):
        return None
    return {"date": m.group(1)}, text[m.end() :]


def _fenced_block(text: str) -> FrontMatter | None:
    """`---`, `key: value` lines, `---`: front matter only when every line is `key: value` and
    one key is ours; else the `---` is a horizontal rule and what follows it is text (and an
    opening `---` never closed is text too)."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return None
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---"), None)
    if end is None:
        return None
    pairs = [re.match(r"^\s*([A-Za-z_-]+)\s*:\s*(.*?)\s*$", raw) for raw in lines[1:end] if raw.strip()]
    ours = [pair for pair in pairs if pair and pair.group(1).lower() in _FRONT_KEYS]
    if not pairs or not all(pairs) or not ours:
        return None
    return {pair.group(1).lower(): _unquoted(pair.group(2)) for pair in ours}, "\n".join(lines[end + 1 :])


def _leading_key_lines(text: str) -> FrontMatter | None:
    """`date: 2024-06-03` / `title: …` lines at the top, ended by a blank line (or the end)."""
    lines = text.split("\n")
    meta: dict[str, str] = {}
    i = 0
    while i < len(lines) and (km := _KEY_LINE.match(lines[i])):
        meta[km.group(1).lower()] = _unquoted(km.group(2))
        i += 1
    if meta and (i == len(lines) or not lines[i].strip()):
        return meta, "\n".join(lines[i:])
    return None


@dataclass(frozen=True)
class FrontMatterStyle:
    """One way an article file opens with its metadata; `read` gives (metadata, body) or None."""

    name: str
    read: Callable[[str], FrontMatter | None]


#: Tried in this order; the first that reads the text wins, else the text is all body.
FRONT_MATTER_STYLES = (
    FrontMatterStyle("seed date opening", _seed_date_opening),
    FrontMatterStyle("fenced block", _fenced_block),
    FrontMatterStyle("leading key lines", _leading_key_lines),
)


def split_front_matter(text: str) -> FrontMatter:
    """Return (metadata, body). Recognises the seed format and two front-matter styles."""
    for style in FRONT_MATTER_STYLES:
        found = style.read(text)
        if found is not None:
            return found
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


@dataclass
class _Cleaning:
    """What the rules see of one article being cleaned: its metadata, the blocks kept so far,
    and which paragraph of the file is being read (0: the first)."""

    article: Article
    blocks: list[Block] = field(default_factory=list)
    n: int = 0


def _glued_update(text: str, at: _Cleaning) -> str:
    """`UpdateDe minister …`: a live page's label glued to the first word; the article is marked
    updated."""
    if at.n == 0 and _UPDATE.match(text):
        at.article.updated = True
        return _UPDATE.sub("", text)
    return text


def _rubric_label(text: str, at: _Cleaning) -> str:
    """`analyse - De …` before the lead: the section label is kept as the rubric."""
    rubric = _RUBRIC.match(text) if not at.blocks else None
    if rubric:
        at.article.rubric = rubric.group("label")
        return text[rubric.end() :]
    return text


def _credit_line(text: str, at: _Cleaning) -> bool:
    """`© ANP`, `Foto: Reuters`, `ANP` alone: an agency's credit, kept as a credit."""
    credit = _CREDIT_LINE.match(text)
    if credit:
        at.article.credits.append((credit.group("any") or credit.group("agency")).strip())
    return bool(credit)


def _outlet_byline(text: str, at: _Cleaning) -> bool:
    """`NOS Nieuws • vandaag, 11:48 <headline>` before the article: outlet, time, headline. A
    byline is one short line; a long block that happens to hold a bullet is text."""
    byline = _BYLINE.match(text) if "\n" not in text and len(text) <= 300 and not at.blocks else None
    if byline:
        at.article.source = at.article.source or byline.group("source").strip()
        at.article.published = byline.group("when").strip()
        at.article.title = at.article.title or byline.group("headline").strip()
    return bool(byline)


def _photo_caption(text: str, at: _Cleaning) -> bool:
    """`Volledig scherm <caption> © AFP`: the button label goes, the caption stays a caption,
    its trailing credit the caption's credit."""
    if not _FULLSCREEN.match(text):
        return False
    caption = _FULLSCREEN.sub("", text)
    trailing = _TRAILING_CREDIT.search(caption)
    credit_text = None
    if trailing:
        credit_text = trailing.group("credit").strip()
        caption = caption[: trailing.start()]
    if caption.strip():
        at.blocks.append(Block(caption.strip(), "caption", credit_text))
    return True


def _markdown_title_line(text: str, at: _Cleaning) -> bool:
    """`# Kop` as the first paragraph: the headline."""
    if at.n == 0 and text.startswith("# ") and "\n" not in text:
        at.article.title = at.article.title or text[2:].strip()
        return True
    return False


@dataclass(frozen=True)
class OpeningRule:
    """Debris at the start of a paragraph: `apply` gives the text without it (and notes what it
    told in the article's metadata)."""

    name: str
    apply: Callable[[str, _Cleaning], str]


@dataclass(frozen=True)
class ParagraphRule:
    """A paragraph that is not article text: `apply` takes it (into the metadata, or as a
    caption) and says True, else leaves it and says False."""

    name: str
    apply: Callable[[str, _Cleaning], bool]


#: Applied in this order to every paragraph, before the paragraph rules.
OPENING_RULES = (
    OpeningRule("glued update label", _glued_update),
    OpeningRule("rubric label", _rubric_label),
)
#: The first that takes a paragraph wins; a paragraph none takes is article text.
PARAGRAPH_RULES = (
    ParagraphRule("credit line", _credit_line),
    ParagraphRule("outlet byline", _outlet_byline),
    ParagraphRule("photo caption", _photo_caption),
    ParagraphRule("markdown title line", _markdown_title_line),
)


def clean(body: str | list[str], article: Article) -> list[Block]:
    """Split the body into blocks (or take the blocks a Markdown reading found) and move debris
    into the article's metadata."""
    paragraphs = re.split(r"\n[ \t]*\n", body) if isinstance(body, str) else body
    at = _Cleaning(article)
    for at.n, raw in enumerate(p.strip() for p in paragraphs if p.strip()):
        text = re.sub(r"[ \t]+", " ", raw)
        for opening in OPENING_RULES:
            text = opening.apply(text, at)
        if not any(rule.apply(text, at) for rule in PARAGRAPH_RULES):
            at.blocks.append(Block(text))
    return at.blocks


# --- reading ------------------------------------------------------------------------------------


def _from_meta(file: str, name: str | None, meta: Mapping[str, str], warnings: list[str] | None) -> Article:
    """The article's metadata fields, before its checks and its text."""
    return Article(
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


def _web_links_only(article: Article, meta: Mapping[str, str]) -> None:
    """Only an http(s) url is kept (a `javascript:` or `file:` link never reaches a page)."""
    if article.url and not re.match(r"https?://[^\s]+$", article.url, re.IGNORECASE):
        article.warnings.append(f"url {article.url[:60]!r} left out: only http(s) links are kept")
        article.url = None


def _dated_or_undated(article: Article, meta: Mapping[str, str]) -> None:
    """A valid date at its precision; a missing or invalid one is warned about, not guessed."""
    if "date" not in meta:
        article.warnings.append("no date; listed as undated")
        return
    try:
        article.date = ArticleDate.parse(meta["date"])
    except ValueError as exc:
        article.warnings.append(f"invalid date {meta['date']!r} ({exc}); listed as undated")


#: Checks of the metadata, in the order their warnings are given.
METADATA_CHECKS: tuple[Callable[[Article, Mapping[str, str]], None], ...] = (_web_links_only, _dated_or_undated)


def _opens_with_a_date_line(text: str, meta: Mapping[str, str]) -> bool:
    """The seed format (` date 2024-06-03 De …`, or `date : 2024-06-03` alone on its line): its
    body is plain text, in a .md file too."""
    return bool(_SEED_DATE.match(text)) and list(meta) == ["date"] and not text.lstrip().startswith("---")


def _markdown_body(body: str, article: Article) -> list[Block]:
    """A Markdown body's blocks, cleaned; its `# title` line is the headline."""
    found = markdown_blocks(body)
    if found and found[0][0] == "h1":  # a Markdown title line
        article.title = article.title or found[0][1]
        found = found[1:]
    return clean([text for _, text in found], article)


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
    if meta is None:
        meta, body = split_front_matter(text)
        markdown = markdown and not _opens_with_a_date_line(text, meta)
    else:
        body = text
    article = _from_meta(file, name, meta, warnings)
    for check in METADATA_CHECKS:
        check(article, meta)
    article.blocks = _markdown_body(body, article) if markdown else clean(body, article)
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
    than the limit: the size is counted while reading, not only trusted from the file system
    (`briefing.files.read_regular_file`)."""
    file = str(path)

    def unreadable(error: OSError) -> InputError:
        if isinstance(error, PermissionError):
            return InputError(file, "cannot be read (permission denied)")
        return InputError(file, f"cannot be read ({error.strerror or error})")

    refusals = Refusals(
        missing=lambda _: InputError(file, "no such file or folder"),
        folder=lambda: InputError(file, "is a folder, not an article file"),
        not_regular=lambda: InputError(file, "is not a regular file (a pipe, device or socket); save the article to a file"),
        # Where the file system's size is within the limit, reading found limit + 1 bytes.
        too_large=lambda size: too_large(file, max_bytes + 1 if size is None else size, max_bytes),
        unreadable=unreadable,
    )
    return read_regular_file(path, max_bytes, refusals)


def read_article(path: str | Path, max_bytes: int = MAX_ARTICLE_BYTES, markdown: bool | None = None) -> Article:
    """Read and clean one article file. Raises InputError naming the file.

    The body is Markdown where `markdown` says so; left out, where the file is named `.md`
    (`briefing.ingest.readers` chooses by content too)."""
    file = str(path)
    data = read_bytes(path, max_bytes)
    text, warnings = decode(file, data)
    return parse_article(file, text, warnings, markdown=Path(file).suffix.lower() == ".md" if markdown is None else markdown)
