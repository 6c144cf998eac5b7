"""Web pages to articles: the main text of a page, its headline, publication day, outlet,
author and canonical url, without the page's furniture. trafilatura does the extraction
(Apache-2.0: main text, JSON-LD and meta tags, `htmldate` for the date); what is left here is
Dutch news furniture and telling an article from a consent wall or a paywall teaser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
_CONSENT_URL = re.compile(r"consent|cookiewall|privacy-?gate|myprivacy|/toestemming|cmp\.", re.IGNORECASE)
_CONSENT_WORDS = re.compile(r"\b(?:cookies?|toestemming|akkoord|accepteer|privacy|consent|partners)\b", re.IGNORECASE)
MIN_ARTICLE_CHARS = 400  # under this, a page is a teaser or a stub, not an article
TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|xtor|at_\w+|_ga)$", re.IGNORECASE)


@dataclass
class Page:
    url: str  # canonical, tracking parameters dropped
    title: str
    date: str | None  # YYYY-MM-DD, or with the time where the page gives it
    source: str | None  # the outlet
    author: str | None
    body: str  # paragraphs and `## subheadings`, blank-line separated


def canonical_url(url: str) -> str:
    """Without tracking parameters (`utm_*`, `fbclid`, …) and fragment, host in lower case."""
    parts = urlsplit(url.strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)])
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


def extract(html: str, url: str | None, where: str) -> Page:
    """The article in a page; InputError (naming `where`) for a consent wall, a paywall teaser
    or a page with no article."""
    import trafilatura

    if url and _CONSENT_URL.search(urlsplit(url).netloc + urlsplit(url).path):
        raise InputError(where, "a consent or cookie wall, not the article (never bypassed)")
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, favor_precision=True, include_comments=False, include_tables=False)
    text = trafilatura.extract(html, url=url, output_format="markdown", favor_precision=True, include_comments=False, include_tables=False) or ""
    meta = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else dict(doc or {})
    title = (meta.get("title") or "").strip()
    body = _clean(text, title)
    words = body.split()
    if len(_CONSENT_WORDS.findall(body)) > max(3, len(words) // 25):
        raise InputError(where, "a consent or cookie wall, not the article (never bypassed)")
    if len(body) < MIN_ARTICLE_CHARS:
        raise InputError(where, f"too little text ({len(body)} characters): a paywall teaser or not an article")
    return Page(
        url=canonical_url(meta.get("url") or url or ""),
        title=title or body.split("\n", 1)[0][:90],
        date=meta.get("date") or None,
        source=meta.get("sitename") or meta.get("hostname") or None,
        author=meta.get("author") or None,
        body=body,
    )


def _clean(text: str, title: str) -> str:
    """Paragraphs without furniture; the headline is metadata, not the first paragraph."""
    kept = []
    for block in re.split(r"\n\s*\n|\n", text):
        line = block.strip()
        if not line or _FURNITURE.match(line.lstrip("#*- ")):
            continue
        if line.lstrip("# ").strip() == title:
            continue
        if line.startswith("#"):
            line = "## " + line.lstrip("# ")
        kept.append(line)
    return "\n\n".join(kept)


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
    """A page as an article file `build` reads: front matter, a blank line, the body."""
    fields = {"title": page.title, "date": page.date, "source": page.source, "url": page.url,
              "author": page.author, "fetched_at": fetched_at}
    lines = ["---"] + [f"{k}: {_one_line(v)}" for k, v in fields.items() if v] + ["---", ""]
    return "\n".join(lines) + page.body + "\n"


def _one_line(value: str) -> str:
    return " ".join(str(value).split())
