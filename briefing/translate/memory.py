"""The translation memory: a SQLite database of translations already made.

A translation is stored under a key of everything that determines it: the model's identity (name
and revision, or a hash of its files), the backend, the decoding settings, and the source
segment. A build asks the memory first and translates only what is missing; each finished
batch is committed at once, so a crash loses at most the batch in flight.

Human translations (imported from a CAT tool's TMX or XLIFF, or a post-edited briefing) are kept
apart, under the Dutch segment alone: they are used whatever the model, backend or settings, and
win over any model's translation.

The database is in WAL mode with a busy timeout, so several builds can share it at once.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.errors import MemoryUnavailable, store_method
from briefing.stores import SQLiteStore
from briefing.translate.engine import Engine, Scored

# 2: each translation keeps the model's confidence (score) and whether it was a second try;
# 3: human translations (imported from TMX, XLIFF, PO, TSV), looked up for any model; model
#    translations say whether they were imported (made elsewhere) rather than made here.
SCHEMA_VERSION = 3


def default_memory_path() -> Path:
    """`$XDG_CACHE_HOME/briefing/memory.sqlite3`, or `~/.cache/briefing/memory.sqlite3`."""
    from briefing.cachefiles import cache_folder

    return cache_folder() / "memory.sqlite3"


def settings_key(identity: str, settings: Mapping[str, Any]) -> str:
    """One string for everything that decides a translation but the source segment."""
    blob = json.dumps({"model": identity, **settings}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


# Every failure of the file (SQLite's or the OS's) is one MemoryUnavailable naming it.
_guard = store_method(MemoryUnavailable)


class TranslationMemory(SQLiteStore):
    """Source segment → translation, per settings key, in a SQLite file. Every failure of the
    file (corrupt, unreadable, read-only, disk full) is a MemoryUnavailable naming it."""

    error = MemoryUnavailable

    def _create(self) -> None:
        self._db.execute("PRAGMA synchronous = NORMAL")
        self._db.executescript(
            """
            CREATE TABLE IF NOT EXISTS settings (
                key TEXT PRIMARY KEY, description TEXT NOT NULL, created REAL NOT NULL);
            CREATE TABLE IF NOT EXISTS translations (
                key TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, created REAL NOT NULL,
                score REAL, retried INTEGER NOT NULL DEFAULT 0, imported INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (key, source)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS engines (
                key TEXT PRIMARY KEY, signature TEXT NOT NULL, created REAL NOT NULL);
            CREATE TABLE IF NOT EXISTS human (
                source TEXT PRIMARY KEY, target TEXT NOT NULL, created REAL NOT NULL,
                provenance TEXT NOT NULL) WITHOUT ROWID;
            """
        )
        # A memory made before scores were kept gets the columns; its old rows have none. Two
        # builds may open an old file at once: the one that adds a column second finds it there.
        for column, kind in (("score", "REAL"), ("retried", "INTEGER NOT NULL DEFAULT 0"),
                             ("imported", "INTEGER NOT NULL DEFAULT 0")):
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(translations)")}
            if column not in columns:
                try:
                    self._db.execute(f"ALTER TABLE translations ADD COLUMN {column} {kind}")
                except sqlite3.OperationalError as exc:
                    if "duplicate column" not in str(exc):
                        raise
        self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @_guard
    def describe(self, key: str, description: Mapping[str, Any]) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO settings VALUES (?, ?, ?)",
            (key, json.dumps(description, sort_keys=True, ensure_ascii=False), time.time()),
        )

    @_guard
    def record_engine(self, key: str, signature: Mapping[str, Any]) -> None:
        """How the engine that filled this key translated (device, fitted limits, versions):
        a later build answered wholly from memory stamps its briefing with it."""
        self._db.execute(
            "INSERT OR REPLACE INTO engines VALUES (?, ?, ?)",
            (key, json.dumps(signature, sort_keys=True, ensure_ascii=False), time.time()),
        )

    @_guard
    def engine(self, key: str) -> dict[str, Any] | None:
        row = self._db.execute("SELECT signature FROM engines WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def _rows(self, columns: str, key: str, sources: Iterable[str], where: str = "") -> Iterator[tuple[Any, ...]]:
        """`SELECT columns` of the key's rows for these sources (and `where`)."""
        wanted = list(dict.fromkeys(sources))
        for i in range(0, len(wanted), 500):  # SQLite caps the number of parameters
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            yield from self._db.execute(
                f"SELECT {columns} FROM translations WHERE key = ? {where} AND source IN ({marks})", (key, *chunk)
            )

    @_guard
    def lookup(self, key: str, sources: Iterable[str]) -> dict[str, tuple[str, float | None]]:
        """Source → (translation, score) for the sources the memory holds."""
        return {source: (target, score) for source, target, score in self._rows("source, target, score", key, sources)}

    @_guard
    def retried(self, key: str, sources: Iterable[str]) -> set[str]:
        """The sources whose stored translation is a second try."""
        return {row[0] for row in self._rows("source", key, sources, "AND retried = 1")}

    @_guard
    def imported(self, key: str, sources: Iterable[str]) -> set[str]:
        """The sources whose stored translation was imported from another memory (`memory
        import` of an export), not made by this machine's engine."""
        return {row[0] for row in self._rows("source", key, sources, "AND imported = 1")}

    @_guard
    def store(self, key: str, pairs: Mapping[str, str | tuple[str, float | None]], retried: bool = False) -> None:
        """Store one finished batch (source → translation, or (translation, score)) in one
        transaction: it is on disk when this returns. `retried`: a second try's better output,
        which takes the first's place."""
        now = _now()
        verb = "INSERT OR REPLACE" if retried else "INSERT OR IGNORE"
        rows = [(key, s, *((v, None) if isinstance(v, str) else v), now, int(retried)) for s, v in pairs.items()]
        with self._transaction():
            self._db.executemany(
                f"{verb} INTO translations (key, source, target, score, created, retried) VALUES (?, ?, ?, ?, ?, ?)", rows
            )

    @_guard
    def store_human(self, units: Iterable[HumanUnit]) -> tuple[int, int, int]:
        """Store human translations in one transaction, each replacing any older one of its Dutch
        segment (one with the same English is left as it was). Returns (new, replaced, unchanged)."""
        now = _now()
        rows = [(segment_key(u.source), u.target, round(u.created, 6) if u.created is not None else now, u.provenance)
                for u in units]
        latest = {r[0]: r for r in rows}  # the last of a segment in the file wins
        with self._transaction():
            known = dict(self._human_rows("source, target", latest))
            changed = [r for r in latest.values() if known.get(r[0]) != r[1]]
            self._db.executemany("INSERT OR REPLACE INTO human (source, target, created, provenance) VALUES (?, ?, ?, ?)",
                                 changed)
        replaced = sum(r[0] in known for r in changed)
        return len(changed) - replaced, replaced, len(latest) - len(changed)

    def _human_rows(self, columns: str, sources: Iterable[str]) -> Iterator[tuple[Any, ...]]:
        wanted = list(dict.fromkeys(sources))
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            yield from self._db.execute(f"SELECT {columns} FROM human WHERE source IN ({','.join('?' * len(chunk))})", chunk)

    @_guard
    def lookup_human(self, sources: Iterable[str]) -> dict[str, str]:
        """Dutch segment → its human translation, for the segments that have one (whatever the
        model: the key is the segment alone, its spacing evened out)."""
        by_key: dict[str, list[str]] = {}
        for source in sources:
            by_key.setdefault(segment_key(source), []).append(source)
        found: dict[str, str] = {}
        for key, target in self._human_rows("source, target", by_key):
            found.update((source, target) for source in by_key[key])
        return found

    @_guard
    def human_units(self, since: float | None = None) -> list[HumanUnit]:
        rows = self._db.execute(
            "SELECT source, target, created, provenance FROM human WHERE created >= ? ORDER BY created, source",
            (since or 0.0,),
        )
        return [HumanUnit(*row) for row in rows]

    @_guard
    def model_units(self, since: float | None = None) -> list[ModelUnit]:
        """The model translations, each with what made it: the settings it is kept under and the
        engine's signature, where known."""
        rows = self._db.execute(
            """SELECT t.key, t.source, t.target, t.score, t.retried, t.created, s.description, e.signature
               FROM translations t LEFT JOIN settings s ON s.key = t.key LEFT JOIN engines e ON e.key = t.key
               WHERE t.created >= ? ORDER BY t.created, t.key, t.source""",
            (since or 0.0,),
        )
        return [
            ModelUnit(source, target, key, json.loads(description) if description else {},
                      json.loads(signature) if signature else None, score, bool(retried), created)
            for key, source, target, score, retried, created, description, signature in rows
        ]

    @_guard
    def store_model_units(self, units: Iterable[ModelUnit]) -> int:
        """Model translations as exported (a memory moved to another machine): kept under their
        own key, with their settings, signature, score and time; they replace what the key held."""
        units = list(units)
        with self._transaction():
            for unit in units:
                self._db.execute("INSERT OR IGNORE INTO settings VALUES (?, ?, ?)",
                                 (unit.key, json.dumps(unit.settings, sort_keys=True, ensure_ascii=False), unit.created))
                if unit.engine is not None:
                    self._db.execute("INSERT OR REPLACE INTO engines VALUES (?, ?, ?)",
                                     (unit.key, json.dumps(unit.engine, sort_keys=True, ensure_ascii=False), unit.created))
            self._db.executemany(
                "INSERT OR REPLACE INTO translations (key, source, target, score, created, retried, imported)"
                " VALUES (?, ?, ?, ?, ?, ?, 1)",
                [(u.key, u.source, u.target, u.score, u.created, int(u.retried)) for u in units],
            )
        return len(units)

    @_guard
    def forget(self, segments: Sequence[str] = (), source: str | None = None) -> tuple[int, int]:
        """Forget the translations of Dutch segments (each as written and as sent to the model), or
        those of one source: the file human translations were imported from, or the model (its
        id) that made them. Returns the (human, model) translations forgotten."""
        human = model = 0
        with self._transaction():
            for segment in dict.fromkeys(segments):
                human += self._db.execute("DELETE FROM human WHERE source = ?", (segment_key(segment),)).rowcount
                model += self._db.execute("DELETE FROM translations WHERE source = ?", (segment,)).rowcount
            if source is not None:
                human += self._db.execute("DELETE FROM human WHERE provenance = ?", (source,)).rowcount
                keys = [k for k, d in self._db.execute("SELECT key, description FROM settings")
                        if json.loads(d).get("model") == source]
                for key in keys:
                    model += self._db.execute("DELETE FROM translations WHERE key = ?", (key,)).rowcount
        return human, model

    @_guard
    def stats(self) -> dict[str, dict[str, int]]:
        """Counts by origin: human translations by the file they came from, model translations
        by the model that made them."""
        human = dict(self._db.execute("SELECT provenance, COUNT(*) FROM human GROUP BY provenance ORDER BY provenance"))
        model: dict[str, int] = {}
        for description, n in self._db.execute(
            "SELECT s.description, COUNT(*) FROM translations t LEFT JOIN settings s ON s.key = t.key GROUP BY t.key"
        ):
            name = json.loads(description).get("model", "?") if description else "?"
            model[name] = model.get(name, 0) + n
        return {"human": human, "model": dict(sorted(model.items()))}

    @_guard
    def count(self, key: str | None = None) -> int:
        if key is None:
            return self._db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
        return self._db.execute("SELECT COUNT(*) FROM translations WHERE key = ?", (key,)).fetchone()[0]


def _now() -> float:
    """Now, to the microsecond: the precision an export writes, so a round trip keeps it."""
    return round(time.time(), 6)


def segment_key(source: str) -> str:
    """A Dutch segment as human translations are kept: its spacing evened out, so a unit from a
    CAT tool finds the build's segment (which a tool may have wrapped or spaced otherwise)."""
    return " ".join(source.split())


@dataclass(frozen=True)
class HumanUnit:
    """A person's translation of one Dutch segment; `provenance`: the file it was imported from."""

    source: str
    target: str
    created: float | None = None
    provenance: str = ""


@dataclass(frozen=True)
class ModelUnit:
    """A model's translation as the memory keeps it: its key and what made it."""

    source: str
    target: str
    key: str
    settings: dict[str, Any]  # the key's description: the model's id and the decoding settings
    engine: dict[str, Any] | None  # the engine's signature (device, versions), where recorded
    score: float | None
    retried: bool
    created: float


@dataclass
class MemoryStats:
    segments: int = 0
    from_memory: int = 0
    translated: int = 0
    human: int = 0  # a person's translation, from the memory (counted in segments, not in from_memory)

    def __str__(self) -> str:
        noun = "segment" if self.segments == 1 else "segments"
        human = f"{self.human} human, " if self.human else ""
        return f"{self.segments} {noun}: {human}{self.from_memory} from memory, {self.translated} translated"


@dataclass
class MemoryTranslator:
    """A translator that asks the memory first and translates only what is missing.

    The engine behind it is made (and torch imported) only when something is missing, so a
    build whose every segment is in memory never loads it. Made in one place:
    `briefing.translate.translator.open_translator`.
    """

    memory: TranslationMemory | None
    make_engine: Callable[[], Engine]
    identity: Callable[[Engine | None], str]  # the model's identity; given the engine where one loaded
    settings: Mapping[str, Any]  # what, besides the model, decides a translation (`Signature.settings()`)
    # An output worth a second try (source, English): the engine's `retry` decodes it again.
    broken: Callable[[str, str], bool] | None = None
    chunk_segments: int = 64
    progress: Callable[[int, int], None] | None = None  # (done, total) of the segments to translate
    stats: MemoryStats = field(default_factory=MemoryStats)
    scores: dict[str, float | None] = field(default_factory=dict)  # source → the model's confidence
    fresh: set[str] = field(default_factory=set)  # translated in this run, not from memory
    retried: set[str] = field(default_factory=set)  # a second try, in this run or (in memory) before
    imported: set[str] = field(default_factory=set)  # from memory, imported there from another memory
    _engine: Engine | None = field(default=None, init=False, repr=False)
    _identity: str | None = field(default=None, init=False, repr=False)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = self.make_engine()
        return self._engine

    @property
    def model_id(self) -> str:
        if self._identity is None:
            self._identity = self.identity(self._engine)
        return self._identity

    @property
    def key(self) -> str:
        return settings_key(self.model_id, self.settings)

    def engine_signature(self) -> dict[str, Any] | None:
        """How the translations were made: the loaded engine's own account, or, when nothing
        loaded, the one the memory kept from the engine that made them."""
        if self._engine is not None:
            return dict(self._engine.signature)
        if self.memory is not None:
            return self.memory.engine(self.key)
        return None

    def translate(self, texts: Sequence[str]) -> list[str]:
        """Each segment's English; `scores` keeps the model's confidence in each, where known."""
        unique = list(dict.fromkeys(t for t in texts if t.strip()))
        self.stats.segments += len(unique)
        known = self._recall(unique)
        self.stats.from_memory += len(known)
        missing = [t for t in unique if t not in known]
        self.fresh.update(missing)
        known.update(self._translate_missing(missing))
        self.scores.update((t, score) for t, (_, score) in known.items())
        return [known[t][0] if t in known else "" for t in texts]

    def _recall(self, segments: list[str]) -> dict[str, Scored]:
        """What the memory already holds of these segments; which of those were second tries,
        and which were imported from another memory, is noted."""
        if self.memory is None:
            return {}
        key = self.key
        self.memory.describe(key, {"model": self.model_id, **self.settings})
        known = self.memory.lookup(key, segments)
        self.retried.update(self.memory.retried(key, known))
        self.imported.update(self.memory.imported(key, known))
        return known

    def _translate_missing(self, missing: list[str]) -> dict[str, Scored]:
        """The engine's translations of what the memory lacks: longest first, in chunks of about a
        batch, each chunk stored as soon as it is done, second tries settled (a crash loses at
        most the one in flight, and never leaves a first try in the memory that the second would
        have replaced: a rerun trusts what the memory holds)."""
        if not missing:
            return {}
        missing = sorted(missing, key=len, reverse=True)
        if self.progress:
            self.progress(0, len(missing))  # shown at once: the model may take a while to load
        english: dict[str, Scored] = {}
        for i in range(0, len(missing), self.chunk_segments):
            chunk = missing[i : i + self.chunk_segments]
            done = dict(zip(chunk, self.engine.translate_scored(chunk), strict=True))
            better = self._second_try(done)
            if self.memory is not None:
                self.memory.store(self.key, {s: v for s, v in done.items() if s not in better})
                if better:
                    self.memory.store(self.key, better, retried=True)
            english.update(done)
            english.update(better)
            self.retried.update(better)
            self.stats.translated += len(chunk)
            if self.progress:
                self.progress(len(english), len(missing))
        if self.memory is not None:
            self.memory.record_engine(self.key, self.engine.signature)
        return english

    def _second_try(self, done: Mapping[str, Scored]) -> dict[str, Scored]:
        """Outputs that are `broken` (a loop, a length out of the band), decoded once more so as
        not to loop; the second is kept where it is not broken, or scores higher."""
        if self.broken is None:
            return {}
        wanted = [s for s, (english, _) in done.items() if english and self.broken(s, english)]
        again = self.engine.retry(wanted) if wanted else []
        better: dict[str, Scored] = {}
        for source, (english, score) in zip(wanted, again, strict=bool(again)):
            first = done[source][1]
            if not self.broken(source, english) or (score is not None and first is not None and score > first):
                better[source] = (english, score)
        return better
