"""Stage 5: put articles, sentences, translations and quotes together, grouped by date.

The result is plain JSON-ready data (dicts, lists, strings, numbers): the JSON output is this
structure as it is, and the HTML and Markdown templates read the same structure.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import itertools
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from briefing.document import Document, role_id, sentence_id
from briefing.ingest.articles import ArticleDate
from briefing.nlp.quotes import Quote
from briefing.output.records import (
    ArticleRecord,
    Briefing,
    GlossaryTerm,
    Group,
    Mark,
    ParagraphRecord,
    Period,
    QuoteRecord,
    SentenceRow,
    StoryRecord,
    Summary,
    Title,
    listed,
)
from briefing.qa import checks as qa

SCHEMA = "briefing/1"
TITLE_CHARS = 90


def shorten(text: str, limit: int = TITLE_CHARS) -> str:
    """Cut at a word boundary, with an ellipsis, so a lead sentence can serve as a title; never
    inside an open quotation, never right after an abbreviation."""
    from briefing.nlp.quotes import find_quote_spans
    from briefing.nlp.segment import ABBREVIATIONS

    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0]
    for span in find_quote_spans(cut):
        if not span.closed and span.depth == 0 and span.mark_start > limit // 3:
            cut = cut[: span.mark_start]  # end before the quotation that the cut would leave open
            break
    words = cut.rstrip(",;:–- ").split()
    while len(words) > 1 and (words[-1].lower().rstrip(".") in ABBREVIATIONS or re.fullmatch(r"[A-Z]\.", words[-1])):
        words.pop()  # `… met o.a.…` reads as a mistake
    return " ".join(words).rstrip(",;:–- ") + "…"


def slug(name: str) -> str:
    """An HTML id for an article id: its name without `.txt`, in letters, digits, - and _. Where
    that loses something (a space, a slash, an accent, another extension), a short hash of the
    whole id keeps two articles apart: `a b.txt` and `a-b.txt`, `s1/same.txt` and `s2/same.txt`."""
    stem = name.removesuffix(".txt")
    plain = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "article"
    if plain != stem:
        plain += "-" + hashlib.sha256(name.encode()).hexdigest()[:8]
    return plain


def article_id(name: str) -> str:
    """An article's id in the briefing (its HTML anchor, and its key in the history): `a-` and
    the slug of its name."""
    return "a-" + slug(name)


def article_record(document: Document) -> ArticleRecord:
    """One finished document as a record: sentence rows with their quote marks, English and QA
    flags; quotes; title; counts."""
    article = document.article
    aid = article_id(article.name)
    # Quote ids are unique in the whole briefing: the article's id, then the quote's own.
    qid = {q.id: f"{aid}-{q.id}" for q in document.quotes}
    quote_sentences: dict[str, list[str]] = {qid[q.id]: [] for q in document.quotes}
    paragraphs: list[ParagraphRecord] = [
        {
            "kind": paragraph.kind,
            "credit": paragraph.credit,
            "sentences": _sentence_rows(document, p_index, aid, qid, quote_sentences),
        }
        for p_index, paragraph in enumerate(document.paragraphs, start=1)
    ]
    record: ArticleRecord = {
        "id": aid,
        "file": article.file,
        "name": article.name,
        "date": str(article.date) if article.date else None,
        "title": _title(document),
        "source": article.source,
        "url": article.url,
        "credits": article.credits,
        "published": article.published,
        "updated": article.updated,
        "rubric": article.rubric,
        "warnings": article.warnings,
        "counts": {
            "sentences_in": sum(len(p.sentences) for p in document.paragraphs),
            "rows_out": sum(len(p["sentences"]) for p in paragraphs),
        },
        "qa": _qa_counts(r for p in paragraphs for r in p["sentences"]),
        "paragraphs": paragraphs,
        # A quotation with no row of its own (an empty one) is anchored at its article.
        "quotes": [_quote_record(document, q, qid[q.id], quote_sentences[qid[q.id]], aid) for q in document.quotes],
    }
    if article.author:  # the byline's writer, where the input names one (fetch keeps it)
        record["author"] = article.author
    return record


def _sentence_rows(
    document: Document, p_index: int, aid: str, qid: Mapping[str, str], quote_sentences: dict[str, list[str]],
) -> list[SentenceRow]:
    """The rows of one paragraph: each sentence with its English, its quote marks and QA flags;
    each quotation learns the rows it spans."""
    paragraph = document.paragraphs[p_index - 1]
    quotes = [q for q in document.quotes if q.paragraph == p_index - 1]
    rows: list[SentenceRow] = []
    for s_index, sentence in enumerate(paragraph.sentences, start=1):
        local = sentence_id(p_index, s_index)
        sid = f"{aid}-{local}"
        marks: list[Mark] = []
        for quote in quotes:
            start, end = max(quote.start, sentence.start), min(quote.end, sentence.end)
            if start < end:
                marks.append({"quote": qid[quote.id], "start": start - sentence.start, "end": end - sentence.start,
                              "key": quote.key, "depth": quote.depth})
                quote_sentences[qid[quote.id]].append(sid)
        english = document.english_of(local)
        rows.append({"id": sid, "nl": sentence.text, "en": english.text, "marks": marks,
                     "key_quote": any(m["key"] for m in marks), "qa": list(document.flags.get(local, [])),
                     "score": english.score, "retried": english.retried, "check_first": False,
                     "origin": english.origin})
    return rows


def _quote_record(document: Document, q: Quote, quote_id: str, sentences: list[str], aid: str) -> QuoteRecord:
    english = document.english_of(q.id)
    role_en = document.english_of(role_id(q.id)).text if q.role else None
    return {
        "id": quote_id,
        "anchor": sentences[0] if sentences else aid,
        "nl": q.text,
        "en": english.text if q.depth == 0 else "",
        "speaker": q.speaker,
        "role": q.role,
        # In English: the speaker with the glossary applied (Poetin → Putin), the role
        # translated; the Dutch view keeps `speaker` and `role`.
        # A key quote whose speaker is below the confidence threshold is shown unattributed.
        "speaker_en": document.speakers_en.get(q.speaker, q.speaker) if q.speaker else ("unattributed" if q.key else None),
        "role_en": (role_en or q.role) if q.role else None,
        "attribution": q.attribution,
        "candidate": q.candidate,
        "confidence": q.confidence,
        "support": q.support,
        "key": q.key,
        "nested": q.depth > 0,
        "closed": q.closed,
        "sentences": sentences,
        "origin": english.origin,
    }


def _title(document: Document) -> Title:
    """The headline where there is one; else the lead sentence, shortened, in both languages."""
    if document.article.title:
        english = document.english_of("title")
        return {"nl": document.article.title, "en": english.text, "from": "headline", "origin": english.origin}
    english = document.english_of(document.lead_id)
    return {"nl": shorten(document.lead), "en": shorten(english.text), "from": "lead", "origin": english.origin}


def _qa_counts(rows: Iterable[SentenceRow]) -> dict[str, int]:
    counts = {flag: 0 for flag in qa.FLAGS}
    for row in rows:
        for flag in row["qa"]:
            counts[flag] += 1
    return counts


def story_records(groups: list[list[Document]], records: Mapping[int, ArticleRecord]) -> list[StoryRecord]:
    """Stories as plain data: their articles (by input file name), sources, headline, quotes.
    `records`: each document's record, by the document's identity. Each article record learns
    its story's id."""
    stories: list[StoryRecord] = []
    for n, members in enumerate(groups, start=1):
        arts = [records[id(d)] for d in members]
        arts.sort(key=lambda a: (a["date"] or "9999", a["name"]))
        lead = next((a for a in arts if a["title"]["from"] == "headline"), arts[0])
        sid = f"s{n}"
        for a in arts:
            a["story"] = sid
        stories.append(
            {
                "id": sid,
                "articles": [a["name"] for a in arts],
                "article_ids": [a["id"] for a in arts],
                "sources": list(dict.fromkeys(a["source"] or a["name"] for a in arts)),
                "date": arts[0]["date"],
                "headline": {"en": lead["title"]["en"], "nl": lead["title"]["nl"]},
                "key_quotes": [listed(q, a) for a in arts for q in a["quotes"] if q["key"]],
            }
        )
    stories.sort(key=lambda st: (st["date"] or "9999", st["id"]))
    return stories


def date_label(date: ArticleDate | None) -> str:
    if date is None:
        return "Undated"
    if date.day:
        day = date.first_day
        return f"{day:%A} {day.day} {day:%B %Y}"
    if date.month:
        return f"{calendar.month_name[date.month]} {date.year}"
    return str(date.year)


def _group_sort_key(date: ArticleDate | None) -> tuple:
    # Chronological; a month before the days inside it; undated last.
    if date is None:
        return (1, dt.date.max, 0)
    order = {"year": 0, "month": 1, "day": 2}[date.precision]
    return (0, date.first_day, order)


def in_range(date: ArticleDate | None, since: dt.date | None, until: dt.date | None) -> bool:
    """Does the article's date (at its own precision) overlap [since, until]?"""
    if since is None and until is None:
        return True
    if date is None:
        return False
    return (until is None or date.first_day <= until) and (since is None or date.last_day >= since)


def group_by_date(documents: list[Document], records: list[ArticleRecord], stories: list[StoryRecord]) -> list[Group]:
    """Article records in date groups, chronological (a month before the days in it, undated
    last); within a group the articles of one story stand together, the story's first first."""
    story_rank = {st["id"]: n for n, st in enumerate(stories)}
    groups: dict[str, Group] = {}
    order: dict[str, tuple[int, dt.date, int]] = {}
    for document, record in zip(documents, records):
        date = document.article.date
        key = str(date) if date else "undated"
        if key not in groups:
            groups[key] = {"date": key, "label": date_label(date), "precision": date.precision if date else None, "articles": []}
            order[key] = _group_sort_key(date)
        groups[key]["articles"].append(record)
    ordered = [groups[k] for k in sorted(groups, key=lambda k: order[k])]
    for group in ordered:
        group["articles"].sort(key=lambda a: (story_rank[a.get("story", "")], a["name"]))
        seen: set[str] = set()
        for a in group["articles"]:
            a["story_first"] = a.get("story", "") not in seen
            seen.add(a.get("story", ""))
    return ordered


def mark_check_first(articles: list[ArticleRecord], share: float) -> int:
    """Mark the least confident sentences of the briefing (the lowest `share` of the scored ones)
    "check first": a fixed threshold cannot be calibrated without the real weights, a share of
    the briefing itself can. Each article learns how many of its rows to check, and each such
    row the next one (for the keyboard). Returns how many were marked."""
    rows = [r for a in articles for p in a["paragraphs"] for r in p["sentences"] if r["score"] is not None]
    count = math.ceil(share * len(rows)) if rows and share > 0 else 0
    for row in sorted(rows, key=lambda r: r["score"] or 0.0)[:count]:
        row["check_first"] = True
    for article in articles:
        _link_checks(article)
    return count


def _link_checks(article: ArticleRecord) -> None:
    """The article's rows to check (flagged or "check first"): how many, the first, and from
    each the next."""
    to_check = [r for p in article["paragraphs"] for r in p["sentences"] if r["qa"] or r["check_first"]]
    article["to_check"] = len(to_check)
    if to_check:
        article["first_check"] = to_check[0]["id"]
    for row, following in itertools.pairwise(to_check):
        row["next_check"] = following["id"]


def summarise(articles: list[ArticleRecord], key_quotes: int, stories: int, rejected: Iterable[tuple[str, str]]) -> Summary:
    """The briefing's counts: what was read, what was written, what was refused."""
    return {
        "articles": len(articles),
        "sentences_in": sum(a["counts"]["sentences_in"] for a in articles),
        "rows_out": sum(a["counts"]["rows_out"] for a in articles),
        "key_quotes": key_quotes,
        "stories": stories,
        "qa": _qa_counts(r for a in articles for p in a["paragraphs"] for r in p["sentences"]),
        "rejected": [{"file": f, "reason": r} for f, r in rejected],
    }


def assemble(
    documents: list[Document],
    made_with: Mapping[str, Any],
    rejected: Iterable[tuple[str, str]] = (),
    stories: list[list[Document]] | None = None,
    glossary: list[GlossaryTerm] | None = None,
    check_share: float = 0.05,
    topic: Iterable[str] = (),
    period: Period | None = None,
    follow: Callable[[Briefing], None] | None = None,
    earlier_quotes: Sequence[dict[str, Any]] = (),
) -> Briefing:
    """The whole briefing from finished documents: groups by date → articles → paragraphs →
    sentences; stories (the documents that tell one event; each its own where none are given),
    key quotes, counts, the least confident sentences marked. `follow` puts
    in what earlier briefings showed (new articles, stories going on: the history's); who said
    what lists the key quotes by speaker, with `earlier_quotes` from the history."""
    from briefing.output.history import who_said_what

    records = [article_record(document) for document in documents]
    by_document = {id(d): r for d, r in zip(documents, records)}
    story_list = story_records(stories or [[d] for d in documents], by_document)
    groups = group_by_date(documents, records, story_list)
    articles = [a for g in groups for a in g["articles"]]
    key_quotes = [listed(q, a) for a in articles for q in a["quotes"] if q["key"]]
    summary = summarise(articles, len(key_quotes), len(story_list), rejected)
    summary["check_first"] = mark_check_first(articles, check_share)
    summary["check_share"] = check_share
    briefing: Briefing = {
        "schema": SCHEMA,
        "made_with": dict(made_with),
        "summary": summary,
        "key_quotes": key_quotes,
        "stories": story_list,
        "glossary": list(glossary or []),
        "groups": groups,
        "topic": list(topic),
    }
    if period is not None:  # the period chosen (--week, --since/--until): the headings name it
        briefing["period"] = period
    if follow is not None:
        follow(briefing)
    briefing["speakers"] = who_said_what(briefing, earlier_quotes)
    return briefing
