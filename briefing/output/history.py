"""The history: what every briefing showed, kept week over week in one SQLite file.

A build records its briefing here (articles, sentences in both languages, quotes with their
speakers, stories) and, before it renders, reads back what earlier briefings showed: which
articles are new, which stories go on from an earlier week (and since when), and what each
speaker said before. `briefing search` reads the same file through SQLite FTS5, with diacritics
folded so that `oekraine` finds `Oekraïne`.

A briefing is recorded under its period (first and last day) and topic: rebuilding the same
briefing replaces its record, a briefing of another period is another record. Like the
translation memory the file is in WAL mode with a busy timeout, and each briefing is written in
one transaction, so concurrent builds and a build killed half-way leave it whole.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.errors import HistoryUnavailable, store_method
from briefing.nlp.stories import THRESHOLD, cosine, tfidf
from briefing.output.records import ArticleRecord, Briefing, QuoteSource, Speaker, SpokenQuote, TimelineEntry
from briefing.stores import SQLiteStore

SCHEMA_VERSION = 1
#: An article of this briefing continues a story of the history when the two are this close
#: (the stories feature's threshold) and their dates lie within this many days.
FOLLOW_WINDOW_DAYS = 28


def default_history_path() -> Path:
    """`$XDG_DATA_HOME/briefing/history.sqlite3`, or `~/.local/share/briefing/history.sqlite3`:
    data the user keeps, not a cache."""
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "briefing" / "history.sqlite3"


def quotation_key(text: str) -> str:
    """A quotation compared as Quotebank does: without case, punctuation or diacritics."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return " ".join(re.findall(r"\w+", "".join(c for c in folded if not unicodedata.combining(c))))


def article_identity(article: ArticleRecord) -> str:
    """The same article in two briefings: its url, else its name below the input folder."""
    return article["url"] or f"name:{article['name']}"


_guard = store_method(HistoryUnavailable)


@dataclass
class Hit:
    """One sentence found by `search`."""

    date: str | None
    source: str | None
    title: str
    url: str | None
    nl: str
    en: str
    speaker: str | None
    article: str


@dataclass
class Followed:
    """What the history says about one briefing before it is recorded."""

    new: dict[str, bool] = field(default_factory=dict)  # article id → shown by no earlier briefing
    story_ids: dict[str, str] = field(default_factory=dict)  # local story id → id across briefings
    first_seen: dict[str, str | None] = field(default_factory=dict)  # story id across briefings → date
    timeline: dict[str, list[TimelineEntry]] = field(default_factory=dict)  # story id → earlier articles

    def apply(self, briefing: Briefing) -> None:
        """Into the briefing: `new` on each article; each story under its id across briefings,
        with `first_seen` and the `timeline` of its earlier articles."""
        for group in briefing["groups"]:
            for a in group["articles"]:
                if a["id"] in self.new:
                    a["new"] = self.new[a["id"]]
                if a.get("story") in self.story_ids:
                    a["story"] = self.story_ids[a["story"]]
        for story in briefing["stories"]:
            story_id = story["id"] = self.story_ids.get(story["id"], story["id"])
            story["first_seen"] = self.first_seen.get(story_id)
            story["timeline"] = self.timeline.get(story_id, [])
        briefing["summary"]["new"] = sum(self.new.values())


class History(SQLiteStore):
    """The history file. Every failure of it (corrupt, unreadable, read-only, disk full) is one
    HistoryUnavailable naming it."""

    error = HistoryUnavailable

    def _create(self) -> None:
        self._db.execute("PRAGMA foreign_keys = ON")
        self._db.executescript(
            """
            CREATE TABLE IF NOT EXISTS briefings (
                key TEXT PRIMARY KEY, first_day TEXT, last_day TEXT, topic TEXT, built_at TEXT NOT NULL,
                recorded REAL NOT NULL);
            CREATE TABLE IF NOT EXISTS articles (
                briefing TEXT NOT NULL REFERENCES briefings(key) ON DELETE CASCADE,
                ident TEXT NOT NULL, name TEXT NOT NULL, url TEXT, source TEXT, date TEXT,
                title_nl TEXT NOT NULL, title_en TEXT NOT NULL, story TEXT,
                PRIMARY KEY (briefing, ident));
            CREATE INDEX IF NOT EXISTS articles_ident ON articles(ident);
            CREATE INDEX IF NOT EXISTS articles_story ON articles(story);
            CREATE INDEX IF NOT EXISTS articles_date ON articles(date);
            CREATE TABLE IF NOT EXISTS sentences (
                id INTEGER PRIMARY KEY,
                briefing TEXT NOT NULL REFERENCES briefings(key) ON DELETE CASCADE,
                ident TEXT NOT NULL, nl TEXT NOT NULL, en TEXT NOT NULL, speaker TEXT);
            CREATE INDEX IF NOT EXISTS sentences_article ON sentences(briefing, ident);
            CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5(
                nl, en, content='sentences', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
            CREATE TRIGGER IF NOT EXISTS sentences_in AFTER INSERT ON sentences BEGIN
                INSERT INTO sentences_fts(rowid, nl, en) VALUES (new.id, new.nl, new.en); END;
            CREATE TRIGGER IF NOT EXISTS sentences_out AFTER DELETE ON sentences BEGIN
                INSERT INTO sentences_fts(sentences_fts, rowid, nl, en) VALUES ('delete', old.id, old.nl, old.en); END;
            CREATE TABLE IF NOT EXISTS quotes (
                briefing TEXT NOT NULL REFERENCES briefings(key) ON DELETE CASCADE,
                ident TEXT NOT NULL, norm TEXT NOT NULL, nl TEXT NOT NULL, en TEXT NOT NULL,
                speaker TEXT NOT NULL, role TEXT);
            CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker);
            """
        )
        self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # --- reading what earlier briefings showed ---------------------------------------------------

    @_guard
    def follow(self, briefing: Briefing, key: str, texts: dict[str, str]) -> Followed:
        """What the history says of `briefing` (recorded under `key`, which is left out: a rebuild
        does not see itself). `texts` is each article's Dutch text by article id, for stories."""
        followed = Followed()
        articles = [a for g in briefing["groups"] for a in g["articles"]]
        earlier: dict[str, tuple[str | None, str | None]] = {}  # ident → (story, date)
        for article_id, row in self._first_records(articles, key):
            followed.new[article_id] = row is None
            if row:
                earlier[article_id] = row
        by_id = {a["id"]: a for a in articles}
        close = self._close_stories(articles, texts, self._candidates_near_in_date(articles, key))
        for story in briefing["stories"]:
            followed.story_ids[story["id"]] = _story_id_across_briefings(story["article_ids"], earlier, close, by_id)
        for local, story_id in followed.story_ids.items():
            rows = self._earlier_articles_of_story(story_id, key)
            members = [by_id[i] for s in briefing["stories"] if s["id"] == local for i in s["article_ids"]]
            followed.timeline[story_id] = _timeline(rows, {article_identity(a) for a in members})
            followed.first_seen[story_id] = _first_seen(rows, [a["date"] for a in members])
        return followed

    def _first_records(
        self, articles: list[ArticleRecord], key: str
    ) -> Iterator[tuple[str, tuple[str | None, str | None] | None]]:
        """Per article (by id), the (story, date) of its earliest record in another briefing;
        None where no earlier briefing showed it."""
        for a in articles:
            row = self._db.execute(
                "SELECT story, date FROM articles WHERE ident = ? AND briefing != ? ORDER BY date LIMIT 1",
                (article_identity(a), key),
            ).fetchone()
            yield a["id"], (row[0], row[1]) if row else None

    def _candidates_near_in_date(self, articles: list[ArticleRecord], key: str) -> list[tuple[Any, ...]]:
        """The history's articles with a story, dated within FOLLOW_WINDOW_DAYS of this briefing's
        articles, as (ident, story, date, Dutch text): only these can continue a story, the
        history's others are never read. An article recorded by several briefings is one
        candidate; its Dutch is its sentences."""
        days = [d for d in (_day(a["date"]) for a in articles) if d]
        if not days:
            return []
        window = dt.timedelta(days=FOLLOW_WINDOW_DAYS)
        return self._db.execute(
            "SELECT a.ident, a.story, a.date, (SELECT group_concat(s.nl, ' ') FROM sentences s"
            "   WHERE s.briefing = a.briefing AND s.ident = a.ident)"
            " FROM articles a WHERE a.briefing != ? AND a.story IS NOT NULL AND a.date >= ? AND a.date <= ?"
            " GROUP BY a.ident",
            (key, (min(days) - window).isoformat(), (max(days) + window).isoformat() + "~"),
        ).fetchall()

    def _earlier_articles_of_story(self, story_id: str, key: str) -> list[tuple[Any, ...]]:
        """The articles other briefings recorded under `story_id`, oldest first, each once, as
        (date, source, title_en, title_nl, url, ident, rowid)."""
        return self._db.execute(
            "SELECT date, source, title_en, title_nl, url, ident, MIN(rowid) FROM articles"
            " WHERE story = ? AND briefing != ? GROUP BY ident ORDER BY date",
            (story_id, key),
        ).fetchall()

    @staticmethod
    def _close_stories(
        articles: list[ArticleRecord], texts: dict[str, str], candidates: list[tuple[Any, ...]]
    ) -> dict[str, list[tuple[str, str]]]:
        """For each article of this briefing, the (date, story) of the history's articles close to
        it and near in date: one TF-IDF over both, as the stories feature compares articles."""
        if not candidates:
            return {}
        vectors = tfidf([*(texts.get(a["id"], "") for a in articles), *(c[3] or "" for c in candidates)])
        theirs = [(_day(date), date, story, vector) for (_, story, date, _), vector in zip(candidates, vectors[len(articles) :])]
        close: dict[str, list[tuple[str, str]]] = {}
        for a, mine in zip(articles, vectors):
            day = _day(a["date"])
            if day is None:
                continue
            close[a["id"]] = [
                (date or "", story) for other, date, story, vector in theirs
                if other is not None and abs((day - other).days) <= FOLLOW_WINDOW_DAYS and cosine(mine, vector) >= THRESHOLD
            ]
        return close

    @_guard
    def quotes_since(self, since: dt.date, key: str) -> list[dict[str, Any]]:
        """Quotes with a speaker in briefings other than `key` of articles dated from `since` on."""
        rows = self._db.execute(
            "SELECT q.norm, q.nl, q.en, q.speaker, q.role, a.name, a.source, a.date, a.title_en, a.title_nl, a.url"
            " FROM quotes q JOIN articles a ON a.briefing = q.briefing AND a.ident = q.ident"
            " WHERE q.briefing != ? AND a.date >= ? ORDER BY a.date",
            (key, since.isoformat()),
        ).fetchall()
        return [
            {"norm": r[0], "nl": r[1], "en": r[2], "speaker": r[3], "role": r[4],
             "source": QuoteSource(article=r[5], outlet=r[6], date=r[7], title=r[8] or r[9], url=r[10])}
            for r in rows
        ]

    # --- recording a briefing --------------------------------------------------------------------

    @_guard
    def record(self, briefing: Briefing, key: str, period: tuple[str | None, str | None]) -> None:
        """Replace the record of the briefing `key` with this one, in one transaction."""
        topic = " ".join(briefing.get("topic", []))
        with self._transaction():
            self._db.execute("DELETE FROM briefings WHERE key = ?", (key,))
            self._db.execute(
                "INSERT INTO briefings VALUES (?, ?, ?, ?, ?, julianday('now'))",
                (key, period[0], period[1], topic, str(briefing["made_with"].get("built", ""))),
            )
            for group in briefing["groups"]:
                for a in group["articles"]:
                    ident = article_identity(a)
                    self._db.execute(
                        "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (key, ident, a["name"], a["url"], a["source"], a["date"], a["title"]["nl"], a["title"]["en"],
                         a.get("story")),
                    )
                    speakers = {s: q["speaker"] for q in a["quotes"] if q["speaker"] for s in q["sentences"]}
                    self._db.executemany(
                        "INSERT INTO sentences (briefing, ident, nl, en, speaker) VALUES (?, ?, ?, ?, ?)",
                        [(key, ident, s["nl"], s["en"], speakers.get(s["id"]))
                         for p in a["paragraphs"] for s in p["sentences"]],
                    )
                    self._db.executemany(
                        "INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [(key, ident, quotation_key(q["nl"]), q["nl"], q["en"], q["speaker"], q["role"])
                         for q in a["quotes"] if q["speaker"] and q["key"]],
                    )

    # --- searching -------------------------------------------------------------------------------

    @_guard
    def search(
        self,
        query: str,
        since: dt.date | None = None,
        until: dt.date | None = None,
        speaker: str | None = None,
        source: str | None = None,
        limit: int = 50,
    ) -> list[Hit]:
        """Sentences that hold every word of `query`, in Dutch or English, newest first; the same
        sentence shown by several briefings once."""
        words = re.findall(r"\w+", query)
        if not words and not speaker:
            return []
        where, args = [], []
        if words:
            # Each word quoted: FTS5's own syntax (AND, NEAR, *, ") is text here, never a query.
            where.append("s.id IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?)")
            args.append(" ".join('"' + w.replace('"', '""') + '"' for w in words))
        if since:
            where.append("a.date >= ?")
            args.append(since.isoformat())
        if until:
            where.append("substr(a.date, 1, 10) <= ?")
            args.append(until.isoformat())
        if speaker:
            where.append("s.speaker LIKE ? ESCAPE '\\'")
            args.append(f"%{_like(speaker)}%")
        if source:
            where.append("a.source LIKE ? ESCAPE '\\'")
            args.append(f"%{_like(source)}%")
        # The same sentence of the same article, shown by several briefings, is one hit.
        rows = self._db.execute(
            "SELECT a.date, a.source, a.title_en, a.title_nl, a.url, s.nl, s.en, s.speaker, a.name, MIN(s.id) AS first"
            " FROM sentences s JOIN articles a ON a.briefing = s.briefing AND a.ident = s.ident"
            f" WHERE {' AND '.join(where)} GROUP BY a.ident, s.nl ORDER BY a.date DESC, first LIMIT ?",
            [*args, limit],
        ).fetchall()
        return [Hit(date, src, title_en or title_nl, url, nl, en, who, name)
                for date, src, title_en, title_nl, url, nl, en, who, name, _ in rows]

    @_guard
    def counts(self) -> dict[str, int]:
        return {table: self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("briefings", "articles", "sentences", "quotes")}


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _day(date: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(date[:10]) if date and len(date) >= 10 else None
    except ValueError:
        return None


def _new_story_id(article_ids: Sequence[str], by_id: dict[str, ArticleRecord]) -> str:
    """A story seen for the first time: an id from its first article, the same in every briefing."""
    first = min((by_id[i] for i in article_ids), key=lambda a: (a["date"] or "9999", article_identity(a)))
    return "s-" + hashlib.sha256(article_identity(first).encode()).hexdigest()[:10]


def _story_id_across_briefings(
    article_ids: Sequence[str],
    earlier: dict[str, tuple[str | None, str | None]],
    close: dict[str, list[tuple[str, str]]],
    by_id: dict[str, ArticleRecord],
) -> str:
    """A story goes on under the id of the earliest story any of its articles was (in an earlier
    briefing), else of the earliest story one of them is close to; else it is new."""
    found: list[tuple[str, str]] = []  # (date, story id)
    for article_id in article_ids:
        story_id, date = earlier.get(article_id, (None, None))
        if story_id:
            found.append((date or "", story_id))
    if not found:
        found = [match for article_id in article_ids for match in close.get(article_id, [])]
    return min(found)[1] if found else _new_story_id(article_ids, by_id)


def _timeline(rows: list[tuple[Any, ...]], shown: set[str]) -> list[TimelineEntry]:
    """A story's earlier articles (rows of `_earlier_articles_of_story`), less those this
    briefing shows itself."""
    return [TimelineEntry(date=d, source=s, title=en or nl, url=u) for d, s, en, nl, u, ident, _ in rows if ident not in shown]


def _first_seen(rows: list[tuple[Any, ...]], own_dates: list[str | None]) -> str | None:
    """The earliest date of a story: of its earlier articles and of its articles here."""
    dates = [r[0] for r in rows if r[0]]
    return min([*dates, *(d for d in own_dates if d)], default=None)


def briefing_key(period: tuple[str | None, str | None], topic: Sequence[str]) -> str:
    """A briefing's record: its period and topic (a rebuild of the same week replaces it)."""
    return json.dumps({"period": period, "topic": sorted(topic)}, sort_keys=True)


def who_said_what(briefing: Briefing, earlier: Sequence[dict[str, Any]] = ()) -> list[Speaker]:
    """Each speaker of the briefing's key quotes (and of `earlier` quotes from the history), with
    their quotations; the same quotation in several articles is one entry with several sources."""
    people: dict[str, Speaker] = {}
    entries: dict[tuple[str, str], SpokenQuote] = {}

    def add(speaker: str, role: str | None, nl: str, en: str, source: QuoteSource,
            speaker_en: str | None = None, role_en: str | None = None) -> None:
        person = people.setdefault(speaker, Speaker(name=speaker, name_en=speaker_en, role=role, role_en=role_en, quotes=[]))
        if role and not person["role"]:
            person["role"], person["role_en"] = role, role_en
        entry = entries.get((speaker, quotation_key(nl)))
        if entry is None:
            entry = entries[(speaker, quotation_key(nl))] = SpokenQuote(nl=nl, en=en, sources=[])
            person["quotes"].append(entry)
        if all(s["article"] != source["article"] for s in entry["sources"]):
            entry["sources"].append(source)

    for group in briefing["groups"]:
        for a in group["articles"]:
            for q in a["quotes"]:
                if q["key"] and q["speaker"]:
                    add(q["speaker"], q["role"], q["nl"], q["en"], QuoteSource(
                        article=a["name"], article_id=a["id"], anchor=q["anchor"], outlet=a["source"], date=a["date"],
                        title=a["title"]["en"] or a["title"]["nl"], url=a["url"]), q["speaker_en"], q["role_en"])
    for old in earlier:
        add(old["speaker"], old["role"], old["nl"], old["en"], old["source"])
    for person in people.values():
        person["quotes"].sort(key=lambda e: min((s["date"] or "") for s in e["sources"]))
    return sorted(people.values(), key=lambda p: (-len(p["quotes"]), p["name"]))
