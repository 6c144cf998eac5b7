"""Web pages to articles: the main text of a page, its headline, publication day, outlet,
author and canonical url, without the page's furniture. trafilatura does the extraction
(Apache-2.0: main text, JSON-LD and meta tags, `htmldate` for the date); what is left here is
Dutch news furniture and telling an article from a consent wall or a paywall teaser.

One reader turns HTML into the article's blocks (`html_blocks`): the main text trafilatura finds
in a saved or fetched page, and a Markdown article rendered by the `markdown` package, both go
through it, so `**bold**` or `&amp;` never reach the briefing as characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from briefing.errors import InputError

# Lines that are the page's, not the article's: teasers, ads, sharing, cookie and subscription
# notices.
_FURNITURE = re.compile(
    r"^\s*(?:lees (?:ook|meer|verder)|bekijk (?:ook|hier)|meer over|advertentie|gesponsord|"
    r"deel (?:dit|via)|delen\b|share\b|volg ons|abonneer|word abonnee|log in|inloggen|"
    r"cookie|wij gebruiken cookies|deze website gebruikt cookies|accepteer|"
    r"lees het volledige artikel|dit artikel is alleen voor abonnees)",
    re.IGNORECASE,
)
# What a paywall says about the rest of the article: a short text with one of these is a teaser.
_PAYWALL = re.compile(
    r"alleen voor abonnees|exclusief voor abonnees|word abonnee|neem een abonnement|log in om verder te lezen|"
    r"lees (?:het volledige artikel|verder) (?:met|als)|premium artikel|plus-artikel|"
    r"\"isAccessibleForFree\"\s*:\s*\"?false",
    re.IGNORECASE,
)
_CONSENT_URL = re.compile(r"consent|cookiewall|privacy-?gate|myprivacy|/toestemming|cmp\.", re.IGNORECASE)
_CONSENT_WORDS = re.compile(r"\b(?:cookies?|toestemming|akkoord|accepteer|privacy|consent|partners)\b", re.IGNORECASE)
# A consent wall speaks to the reader and asks for a click; an article about cookies reports.
_CONSENT_ASKS = re.compile(
    r"\b(?:u|uw|je|jouw|jij)\b|\b(?:akkoord|accepteer|accepteren|toestaan|weigeren|instellingen wijzigen|"
    r"ga verder|klik op)\b",
    re.IGNORECASE,
)
#: Under this, a page is a teaser or a stub, not an article (a three-line news item is ~300).
MIN_ARTICLE_CHARS = 200
#: A page that says it is for subscribers is a teaser while it is shorter than this.
PAYWALL_TEASER_CHARS = 1500
#: A consent wall is a notice, not a story: longer than this it is read as an article.
CONSENT_WALL_CHARS = 1500
TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|xtor|at_\w+|_ga)$", re.IGNORECASE)


@dataclass
class Page:
    url: str  # canonical, tracking parameters and user:password@ dropped
    title: str
    date: str | None  # YYYY-MM-DD, or with the time where the page gives it
    source: str | None  # the outlet
    author: str | None
    blocks: list[tuple[str, str]] = field(default_factory=list)  # ("p" or "h2".."h6", plain text)

    @property
    def body(self) -> str:
        """The text: paragraphs and subheadings as plain text, blank-line separated."""
        return "\n\n".join(text for _, text in self.blocks)


def without_userinfo(url: str) -> str:
    """The url without `user:password@`: a password never reaches a file, a message or a page."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return re.sub(r"//[^/@\s]*@", "//", url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[1], parts.path, parts.query, parts.fragment))


def hide_userinfo(text: str) -> str:
    """Any `scheme://user:password@` in a message, without the user and password."""
    return re.sub(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/@\s]*@", r"\1", text)


def canonical_url(url: str) -> str:
    """Without tracking parameters (`utm_*`, `fbclid`, …), fragment and user:password@; host
    in lower case."""
    parts = urlsplit(without_userinfo(url.strip()))
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)])
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


# --- HTML to blocks: one reader for pages and Markdown -------------------------------------------

_SKIPPED = frozenset({"script", "style", "template", "noscript", "head", "title", "svg", "math", "iframe", "object",
                      "embed", "select", "textarea", "button", "canvas", "audio", "video"})
_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "div", "section",
                     "article", "main", "figure", "figcaption", "header", "footer", "aside", "nav", "ul", "ol",
                     "dl", "dt", "dd", "table", "tr", "td", "th", "hr", "body", "html", "address", "details",
                     "summary", "fieldset", "form"})
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "source", "track", "wbr"})


class _BlockReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.parts: list[str] = []
        self.kind = "p"
        self.skipping: list[str] = []  # open elements whose content is not text
        self.lists: list[int | None] = []  # the next number of each open list (None: bullets)
        self.number = ""  # an ordered item's number, for the item's first text: `1986. Dat jaar`

    def _flush(self) -> None:
        text = "".join(self.parts)
        text = re.sub(r"[ \t\r\f\v\u00a0]+", " ", text)
        text = "\n".join(line.strip() for line in text.split("\n"))
        text = re.sub(r"\n{2,}", "\n", text).strip()
        if text:
            self.blocks.append((self.kind, self.number + text))
            self.number = ""
        self.parts = []
        self.kind = "p"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            if tag in _SKIPPED and tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag in _SKIPPED:
            self.skipping.append(tag)
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self._flush()
            self._open_block(tag, attrs)

    def _open_block(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """What a block's opening tag tells: a heading's level, a list's numbering, an ordered
        item's number."""
        if re.fullmatch(r"h[1-6]", tag):
            self.kind = tag
        elif tag in ("ol", "ul"):
            start = dict(attrs).get("start") or "1"
            self.lists.append(int(start) if tag == "ol" and start.isdigit() and len(start) < 10 else None)
        elif tag == "li" and self.lists and self.lists[-1] is not None:
            self.number = f"{self.lists[-1]}. "  # the number is text: a year opening a line stays
            self.lists[-1] += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skipping and (tag == "br" or tag in _BLOCKS):
            self.handle_starttag(tag, attrs)
            if tag != "br":
                self._flush()

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in _BLOCKS:
            self._flush()
            if tag in ("ol", "ul") and self.lists:
                self.lists.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_blocks(html: str) -> list[tuple[str, str]]:
    """The text blocks of an HTML fragment, in order: ("p", text) for paragraphs, list items and
    the like, ("h1".."h6", text) for headings. Inline markup is dropped, entities decoded, the
    content of scripts, styles and forms left out; a block keeps its line breaks (`<br>`)."""
    reader = _BlockReader()
    reader.feed(html)
    reader.close()
    return reader.blocks


#: Python-Markdown slows down superlinearly on long runs of markup (`*`, `_`, `[`, `<`, setext
#: lines) and recurses once per nesting level of lists and quotes. A news paragraph has a few
#: of each; a paragraph with more is read as the characters it holds, so a hostile file costs
#: seconds, not hours.
_MD_MAX_MARKUP = 64
_MD_MAX_LINES = 60
_MD_MAX_CHUNK = 20_000
_MD_MAX_NESTING = 8
_MD_MAX_CHUNKS = 2000  # past this many paragraphs (an article has 10-60) the rest is read as text
_MD_MAX_GROUP = 200  # chunks (and blank lines between) read at once: an article has 10-60
_MD_MARKUP = re.compile(r"[*_\[<`\\&]")
# A line opening with a number and a full stop is text in Dutch news (`1986. Dat jaar`, `3. De
# derde vraag`): Markdown would make it a list and drop the number.
_NUMBERED = re.compile(r"(?m)^([ \t]{0,3}\d{1,9})([.)])(?=[ \t])")
_MD_LEADING_MARKERS = re.compile(r"^(?:[ \t]*(?:[-*+>]|\d{1,9}[.)])(?=[ \t]|$))+")


def markdown_blocks(text: str) -> list[tuple[str, str]]:
    """A Markdown text's blocks, through the `markdown` package and `html_blocks`."""
    import markdown

    reader = markdown.Markdown()
    blocks: list[tuple[str, str]] = []
    group: list[str] = []  # chunks Markdown reads together (a list may span blank lines)

    def render() -> None:
        if group:
            try:
                blocks.extend(html_blocks(reader.reset().convert("".join(group))))
            except RecursionError:  # nesting by indentation alone: plain paragraphs
                blocks.extend(("p", b.strip()) for b in re.split(r"\n[ \t]*\n", "".join(group)) if b.strip())
            group.clear()

    for n, chunk in enumerate(re.split(r"(\n[ \t]*\n)", text)):
        lines = chunk.split("\n")
        if n > _MD_MAX_CHUNKS or len(chunk) > _MD_MAX_CHUNK or len(lines) > _MD_MAX_LINES or len(_MD_MARKUP.findall(chunk)) > _MD_MAX_MARKUP \
                or any(_nesting(line) > _MD_MAX_NESTING for line in lines):
            render()
            if chunk.strip():
                blocks.append(("p", "\n".join(line.strip() for line in lines if line.strip())))
        else:
            group.append(_NUMBERED.sub(r"\1\\\2", chunk))
            if len(group) > _MD_MAX_GROUP:
                render()
    render()
    return blocks


def _nesting(line: str) -> int:
    """How many lists and quotes a line opens at once (`> - > 1. text`: 4)."""
    markers = _MD_LEADING_MARKERS.match(line)
    return len(re.findall(r"[-*+>]|\d{1,9}[.)]", markers.group())) if markers else 0


_MD_INLINE = re.compile(r"([\\`*_\[\]#])")
_MD_LINE_START = re.compile(r"^(?:([>+=-])|(\d+)([.)])(?=\s|$))")


def markdown_escaped(text: str) -> str:
    """Plain text as Markdown that renders back to exactly this text (on one line)."""
    text = " ".join(text.split())
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text).replace("<", "&lt;")
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), text)


# --- extraction -----------------------------------------------------------------------------------


CONSENT_WALL = "a consent or cookie wall, not the article (never bypassed)"


@dataclass(frozen=True)
class _Extracted:
    """What trafilatura found in a page: its metadata, the main text's blocks as found, and
    those blocks without the page's furniture."""

    html: str
    meta: dict[str, Any]
    title: str
    found: list[tuple[str, str]]
    blocks: list[tuple[str, str]]

    @property
    def body(self) -> str:
        return "\n\n".join(text for _, text in self.blocks)


def _consent_wall_text(page: _Extracted, min_chars: int) -> str | None:
    return CONSENT_WALL if _consent_wall(page.body) else None


def _paywall_teaser(page: _Extracted, min_chars: int) -> str | None:
    """The paywall's own words in the main text, or the page's structured data, on a short
    text: a site's menu offering a subscription does not make its articles teasers."""
    said = " ".join(text for _, text in page.found) + " " + " ".join(re.findall(r'"isAccessibleForFree"\s*:\s*"?\w+', page.html))
    if min_chars and len(page.body) < PAYWALL_TEASER_CHARS and _PAYWALL.search(said):
        return (f"a paywall teaser ({len(page.body)} characters; the page says the rest is for subscribers; "
                "--min-chars 0 keeps it)")
    return None


def _too_little_text(page: _Extracted, min_chars: int) -> str | None:
    body = page.body
    if not body or len(body) < min_chars:
        return (f"too little text ({len(body)} characters): a paywall teaser or not an article "
                f"(--min-chars {max(len(body), 1)} keeps it)")
    return None


@dataclass(frozen=True)
class NotAnArticle:
    """A page that is not the article: `reason` gives why (the InputError's words), or None."""

    name: str
    reason: Callable[[_Extracted, int], str | None]


#: Tried in this order on every extracted page; the first reason given refuses the page.
NOT_ARTICLES = (
    NotAnArticle("consent wall", _consent_wall_text),
    NotAnArticle("paywall teaser", _paywall_teaser),
    NotAnArticle("too little text", _too_little_text),
)


def _extracted(html: str, url: str | None) -> _Extracted:
    import trafilatura

    options: dict[str, Any] = {"favor_precision": True, "include_comments": False, "include_tables": False}
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, **options)
    main = trafilatura.extract(html, url=url, output_format="html", **options) or ""
    meta = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else dict(doc or {})
    title = " ".join((meta.get("title") or "").split())
    found = html_blocks(main)
    return _Extracted(html, meta, title, found, _clean(found, title))


def _page(page: _Extracted, url: str | None) -> Page:
    meta = page.meta
    return Page(
        url=canonical_url(meta.get("url") or url or ""),
        title=page.title or page.body.split("\n", 1)[0][:90],
        date=meta.get("date") or None,
        source=meta.get("sitename") or meta.get("hostname") or None,
        author=" ".join((meta.get("author") or "").split()) or None,
        blocks=page.blocks,
    )


def extract(html: str, url: str | None, where: str, min_chars: int = MIN_ARTICLE_CHARS) -> Page:
    """The article in a page; InputError (naming `where`) for a consent wall, a paywall teaser
    or a page with no article (`NOT_ARTICLES`). A page of fewer than `min_chars` characters is a
    teaser or a stub (0 keeps any page with text)."""
    if url and _CONSENT_URL.search(urlsplit(url).netloc + urlsplit(url).path):
        raise InputError(where, CONSENT_WALL)
    page = _extracted(html, url)
    for rule in NOT_ARTICLES:
        reason = rule.reason(page, min_chars)
        if reason:
            raise InputError(where, reason)
    return _page(page, url)


def _consent_wall(body: str) -> bool:
    """A short text thick with consent words that asks the reader for something. An article
    about a cookie fine has the words but reports in the third person, and runs longer."""
    if len(body) > CONSENT_WALL_CHARS:
        return False
    words = body.split()
    return len(_CONSENT_WORDS.findall(body)) > max(3, len(words) // 25) and len(_CONSENT_ASKS.findall(body)) >= 2


def _clean(blocks: list[tuple[str, str]], title: str) -> list[tuple[str, str]]:
    """Paragraphs without furniture; the headline is metadata, not the first paragraph."""
    kept = []
    for kind, text in blocks:
        line = " ".join(text.split())
        if not line or _FURNITURE.match(line.lstrip("#*- ")):
            continue
        if kind.startswith("h") and (line == title or kind == "h1"):
            continue
        kept.append(("h2" if kind.startswith("h") else "p", line))
    return kept


def decode_html(data: bytes, declared: str | None) -> str:
    """Page bytes as text: the charset the server or the page declares, else UTF-8."""
    charset = declared
    if not charset:
        m = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:4096], re.IGNORECASE)
        charset = m.group(1).decode("ascii", "ignore") if m else None
    try:
        return data.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def page_article_text(page: Page, fetched_at: str | None = None) -> str:
    """A page as a Markdown article file `build` reads: front matter, a blank line, the body
    (paragraphs and `## subheadings`, escaped so that Markdown gives back the text)."""
    fields = {"title": page.title, "date": page.date, "source": page.source, "url": without_userinfo(page.url),
              "author": page.author, "fetched_at": fetched_at}
    lines = ["---"] + [f"{k}: {_one_line(v)}" for k, v in fields.items() if v] + ["---", ""]
    body = "\n\n".join(("## " if kind != "p" else "") + markdown_escaped(text) for kind, text in page.blocks)
    return "\n".join(lines) + body + "\n"


def _one_line(value: str) -> str:
    return " ".join(str(value).split())
