"""The translation memory: a SQLite database of translations already made.

A translation is stored under a key of everything that determines it: the model's identity (name
and revision, or a hash of its files), the backend, the decoding settings, and the source
segment. A build asks the memory first and translates only what is missing; each finished
batch is committed at once, so a crash loses at most the batch in flight.

The database is in WAL mode with a busy timeout, so several builds can share it at once.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1


def default_memory_path() -> Path:
    """`$XDG_CACHE_HOME/briefing/memory.sqlite3`, or `~/.cache/briefing/memory.sqlite3`."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefing" / "memory.sqlite3"


def _hash_file(path: Path, digest: Any) -> None:
    """Add a file to the digest: whole if small, else its size, head and tail (fast, and a
    changed checkpoint changes them)."""
    size = path.stat().st_size
    digest.update(f"{path.name}\0{size}\0".encode())
    with path.open("rb") as handle:
        if size <= 16 * 2**20:
            digest.update(handle.read())
        else:
            digest.update(handle.read(4 * 2**20))
            handle.seek(size - 4 * 2**20)
            digest.update(handle.read())


def model_identity(name: str) -> str | None:
    """Who the model is, without loading it (no torch): `hub:NAME@COMMIT` for a model in the
    Hugging Face cache, `dir:SHA256` of the files of a local folder. None if it cannot be told
    without loading the model (a hub model not yet downloaded)."""
    path = Path(name).expanduser()
    if path.is_dir():
        digest = hashlib.sha256()
        for f in sorted(path.iterdir()):
            if f.is_file() and not f.name.startswith("."):
                _hash_file(f, digest)
        return "dir:" + digest.hexdigest()[:32]
    try:
        from huggingface_hub import try_to_load_from_cache

        config = try_to_load_from_cache(name, "config.json")
    except Exception:  # noqa: BLE001 - a name the hub library refuses: not cached
        return None
    if isinstance(config, str):
        commit = Path(config).parent.name  # …/snapshots/<commit>/config.json
        return f"hub:{name}@{commit}"
    return None


def settings_key(identity: str, settings: Mapping[str, Any]) -> str:
    """One string for everything that decides a translation but the source segment."""
    blob = json.dumps({"model": identity, **settings}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


class TranslationMemory:
    """Source segment → translation, per settings key, in a SQLite file."""

    def __init__(self, path: str | Path, timeout_s: float = 60.0) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # One connection, used by one caller at a time; that caller's thread may change (a Ray
        # actor runs its constructor and its calls on different threads).
        self._db = sqlite3.connect(self.path, timeout=timeout_s, isolation_level=None, check_same_thread=False)
        self._db.execute(f"PRAGMA busy_timeout = {int(timeout_s * 1000)}")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = NORMAL")
        self._db.executescript(
            """
            CREATE TABLE IF NOT EXISTS settings (
                key TEXT PRIMARY KEY, description TEXT NOT NULL, created REAL NOT NULL);
            CREATE TABLE IF NOT EXISTS translations (
                key TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, created REAL NOT NULL,
                PRIMARY KEY (key, source)) WITHOUT ROWID;
            """
        )
        self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def describe(self, key: str, description: Mapping[str, Any]) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO settings VALUES (?, ?, ?)",
            (key, json.dumps(description, sort_keys=True, ensure_ascii=False), time.time()),
        )

    def lookup(self, key: str, sources: Iterable[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        wanted = list(dict.fromkeys(sources))
        for i in range(0, len(wanted), 500):  # SQLite caps the number of parameters
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT source, target FROM translations WHERE key = ? AND source IN ({marks})",
                (key, *chunk),
            )
            found.update(rows)
        return found

    def store(self, key: str, pairs: Mapping[str, str]) -> None:
        """Store one finished batch in one transaction: it is on disk when this returns."""
        now = time.time()
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "INSERT OR IGNORE INTO translations VALUES (?, ?, ?, ?)",
                [(key, s, t, now) for s, t in pairs.items()],
            )

    def count(self, key: str | None = None) -> int:
        if key is None:
            return self._db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
        return self._db.execute("SELECT COUNT(*) FROM translations WHERE key = ?", (key,)).fetchone()[0]


@dataclass
class MemoryStats:
    segments: int = 0
    from_memory: int = 0
    translated: int = 0

    def __str__(self) -> str:
        return f"{self.segments} segments: {self.from_memory} from memory, {self.translated} translated"


@dataclass
class MemoryTranslator:
    """A translator that asks the memory first and translates only what is missing.

    The model behind it is made (and torch imported) only when something is missing, so a
    build whose every segment is in memory never loads it.
    """

    memory: TranslationMemory | None
    make_inner: Callable[[], Any]
    identity: Callable[[], str]
    settings: Mapping[str, Any]
    signature_base: Mapping[str, Any]
    chunk_segments: int = 64
    progress: Callable[[int, int], None] | None = None  # (done, total) of the segments to translate
    stats: MemoryStats = field(default_factory=MemoryStats)
    _inner: Any = field(default=None, init=False, repr=False)
    _identity: str | None = field(default=None, init=False, repr=False)

    @property
    def inner(self) -> Any:
        if self._inner is None:
            self._inner = self.make_inner()
        return self._inner

    @property
    def key(self) -> str:
        if self._identity is None:
            self._identity = self.identity()
        return settings_key(self._identity, self.settings)

    @property
    def signature(self) -> dict[str, Any]:
        if self._identity is None:
            self._identity = self.identity()
        return {**self.signature_base, "model_id": self._identity}

    def translate(self, texts: Sequence[str]) -> list[str]:
        unique = list(dict.fromkeys(t for t in texts if t.strip()))
        self.stats.segments += len(unique)
        known: dict[str, str] = {}
        if self.memory is not None:
            key = self.key
            self.memory.describe(key, {"model": self._identity, **self.settings})
            known = self.memory.lookup(key, unique)
        self.stats.from_memory += len(known)
        missing = [t for t in unique if t not in known]
        # Longest first, in chunks of about a batch: each chunk is stored as soon as it is done.
        missing.sort(key=len, reverse=True)
        done = 0
        for i in range(0, len(missing), self.chunk_segments):
            chunk = missing[i : i + self.chunk_segments]
            english = dict(zip(chunk, self.inner.translate(chunk)))
            if self.memory is not None:
                self.memory.store(self.key, english)
            known.update(english)
            done += len(chunk)
            self.stats.translated += len(chunk)
            if self.progress:
                self.progress(done, len(missing))
        return [known.get(t, "") if t.strip() else "" for t in texts]
