"""What the desk does with a text: the same stages as `build`, one article at a time.

An article (pasted, fetched or uploaded) goes through the pipeline's steps: `pipeline.analysed`
(segmenting, quotes), its document's segments through the batcher (memory, glossary, engine, second
tries) in place of `pipeline.translate`, then `pipeline.check` (QA flags) and `assemble.assemble`
(confidence, "check first"): the desk's article record is a briefing's. A LibreTranslate request is plain text or
HTML, not an article: it is cut into sentences line by line (or text node by text node), and
each sentence goes through the same batcher, so the memory and glossary apply there too.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from briefing import pipeline
from briefing.document import Document
from briefing.errors import InputError
from briefing.ingest.articles import MAX_ARTICLE_BYTES, Article, decode, parse_article
from briefing.nlp.segment import split_sentences
from briefing.output.assemble import assemble
from briefing.output.records import Briefing, GlossaryTerm
from briefing.qa.words import WordCache
from briefing.translate.translator import Translation

from .batching import Translated

ARTICLE_SUFFIXES = (".txt", ".md")
PAGE_SUFFIXES = (".html", ".htm")
FILE_SUFFIXES = ARTICLE_SUFFIXES + PAGE_SUFFIXES


# --- articles in -------------------------------------------------------------------------------


def article_from_text(text: str, name: str = "pasted text") -> Article:
    """Pasted Dutch, read as an article file is (front matter, captions, bylines). Copied from
    a news page, it usually starts with its headline: a first line that reads as a heading,
    on its own before a blank line, is taken as the title where no front matter gives one."""
    from briefing.nlp.segment import is_heading

    text = text.replace("\r\n", "\n").replace("\r", "\n")  # a form sends a textarea's lines as CRLF
    article = parse_article(name, text)
    head, blank, rest = text.strip().partition("\n\n")
    if not article.title and blank and rest.strip() and is_heading(head) and not head.lstrip().startswith("#"):
        article = parse_article(name, rest)
        article.title = " ".join(head.split())
    return article


def article_from_file(filename: str, data: bytes, max_bytes: int = MAX_ARTICLE_BYTES) -> Article:
    """An uploaded article file or saved web page: the kinds `build` reads one article from."""
    from briefing.ingest.articles import too_large

    name = re.sub(r"[^\w. -]+", "_", filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])[:80] or "upload"
    if len(data) > max_bytes:
        raise too_large(name, len(data), max_bytes)
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in PAGE_SUFFIXES:
        from briefing.ingest.pages import decode_html, extract, page_article_text

        page = extract(decode_html(data, None), None, name)
        return parse_article(name, page_article_text(page))
    if suffix in ARTICLE_SUFFIXES:
        text, warnings = decode(name, data)
        return parse_article(name, text, warnings)
    raise InputError(name, f"file format not supported (give {', '.join(FILE_SUFFIXES)})")


def article_from_page(page: Any) -> Article:
    from briefing.ingest.pages import page_article_text

    return parse_article(page.url, page_article_text(page))


# --- articles through the batcher ----------------------------------------------------------------


def article_chunks(document: Document, first: int = 4, size: int = 8) -> list[list[str]]:
    """The article's segments in reading order, cut into chunks for streaming: a small first one
    (the headline and lead appear at once), then chunks of `size`."""
    texts = list(dict.fromkeys(s.nl for s in document.segments() if s.nl.strip()))
    chunks = [texts[:first]] if texts[:first] else []
    chunks += [texts[i : i + size] for i in range(first, len(texts), size)]
    return chunks


def skeleton(document: Document) -> dict[str, Any]:
    """The article before translation: each row's id and Dutch, for the page to lay out."""
    from briefing.output.assemble import article_record

    record = article_record(document)
    return {
        "title": record["title"]["nl"],
        "paragraphs": [
            {"kind": p["kind"], "rows": [{"id": r["id"], "nl": r["nl"]} for r in p["sentences"]]}
            for p in record["paragraphs"]
        ],
    }


def rows_of(layout: Mapping[str, Any]) -> dict[str, list[str]]:
    """Dutch sentence → the ids of the rows that hold it (a sentence may repeat), from the
    article's `skeleton`."""
    rows: dict[str, list[str]] = {}
    for paragraph in layout["paragraphs"]:
        for row in paragraph["rows"]:
            rows.setdefault(row["nl"], []).append(row["id"])
    return rows


def glossary_terms(translation: Translation, texts: Iterable[str]) -> list[GlossaryTerm]:
    """The glossary terms this article used, and in how many of its segments."""
    used: dict[str, int] = {}
    for text in dict.fromkeys(texts):
        for term in translation.glossary.terms_in(text):
            used[term] = used.get(term, 0) + 1
    return [{"nl": t, "en": translation.glossary.terms[t], "segments": n} for t, n in sorted(used.items())]


def article_briefing(
    document: Document, translated: Translated, translation: Translation, made_with: Mapping[str, Any],
    check_share: float = 0.05, words: WordCache | None = None,
) -> Briefing:
    """One article as a briefing, assembled as `build` assembles one: QA flags, confidence,
    check first, quotes with their speakers in the glossary's English."""
    pipeline.fill_english(document, translated, translation.glossary)
    pipeline.check([document], translation.glossary.terms, words)
    stamp = {**made_with, "built_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()}
    return assemble([document], stamp, [], None, glossary_terms(translation, translated), check_share)


def the_article(briefing: Briefing) -> Any:
    return briefing["groups"][0]["articles"][0]


def english_text(briefing: Briefing) -> str:
    """The article's English as plain text: headline, then paragraph by paragraph."""
    article = the_article(briefing)
    parts = [article["title"]["en"]] if article["title"]["from"] == "headline" and article["title"]["en"] else []
    parts += [" ".join(s["en"] for s in p["sentences"]) for p in article["paragraphs"]]
    return "\n\n".join(p for p in parts if p) + "\n"


# --- LibreTranslate: plain text and HTML ----------------------------------------------------------


@dataclass
class Cut:
    """A text cut into sentences, and how to put their English back in its place."""

    sentences: list[str]
    rebuild: Callable[[Mapping[str, str]], str]


def cut_text(text: str) -> Cut:
    """Line by line (LibreTranslate keeps the lines of a text), each line into sentences; the
    spaces around each line are kept."""
    lines = text.split("\n")
    per_line = [[s.text for s in split_sentences(line)] for line in lines]
    # Nothing to translate in a piece without a letter (`. `, `–`, `12:30` between two tags).
    wordy = {s for sentences in per_line for s in sentences if re.search(r"[^\W\d_]", s)}

    def rebuild(english: Mapping[str, str]) -> str:
        out = []
        for line, sentences in zip(lines, per_line):
            if not sentences:
                out.append(line)
                continue
            lead = line[: len(line) - len(line.lstrip())]
            trail = line[len(line.rstrip()) :]
            out.append(lead + " ".join(english.get(s, "") if s in wordy else s for s in sentences) + trail)
        return "\n".join(out)

    return Cut([s for sentences in per_line for s in sentences if s in wordy], rebuild)


_SKIP_TAGS = {"script", "style", "code", "pre", "textarea", "noscript"}


def cut_html(markup: str) -> Cut:
    """Each text node of an HTML fragment into sentences; tags and attributes are kept as they
    are, the English goes where the Dutch was (escaped when written back)."""
    import lxml.html

    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    slots: list[tuple[Any, str, Cut]] = []  # (element, "text" or "tail", its sentences)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        if element.tag not in _SKIP_TAGS and element.text and element.text.strip():
            slots.append((element, "text", cut_text(element.text)))
        if element is not root and element.tail and element.tail.strip():
            slots.append((element, "tail", cut_text(element.tail)))

    def rebuild(english: Mapping[str, str]) -> str:
        for element, where, cut in slots:
            setattr(element, where, cut.rebuild(english))
        inner = (lxml.html.tostring(root, encoding="unicode", method="html"))
        return re.sub(r"\A<div>|</div>\Z", "", inner)

    return Cut([s for _, _, cut in slots for s in cut.sentences], rebuild)


# --- language detection (two languages) ----------------------------------------------------------


def detect(text: str) -> list[dict[str, Any]]:
    """Dutch or English, and how sure: the share of the words that are more common in one
    language than in the other (wordfreq). Only these two are told apart: anything else is
    reported as the closer of them, with low confidence."""
    from wordfreq import zipf_frequency

    words = re.findall(r"[^\W\d_]+", text.lower())[:200]
    if not words:
        return [{"language": "nl", "confidence": 0.0}]
    nl = en = 0.0
    for word in words:
        a, b = zipf_frequency(word, "nl"), zipf_frequency(word, "en")
        if a > b:
            nl += 1
        elif b > a:
            en += 1
    known = nl + en
    if not known:
        return [{"language": "nl", "confidence": 0.0}]
    share = nl / known
    found = [{"language": "nl", "confidence": round(100 * share, 1)}, {"language": "en", "confidence": round(100 * (1 - share), 1)}]
    return sorted(found, key=lambda d: -d["confidence"])


# --- finished articles, for the page's downloads --------------------------------------------------


class Results:
    """The last `size` articles translated, by an unguessable id: downloads and the recent list
    read them back. Kept in memory only, and only so many."""

    def __init__(self, size: int = 50) -> None:
        self.size = size
        self._items: OrderedDict[str, Briefing] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, briefing: Briefing) -> str:
        key = secrets.token_urlsafe(12)
        with self._lock:
            self._items[key] = briefing
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return key

    def get(self, key: str) -> Briefing | None:
        with self._lock:
            return self._items.get(key)

