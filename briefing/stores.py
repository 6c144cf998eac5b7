"""The user's SQLite files (the translation memory, the history): how they are opened and written.

One connection in WAL mode with a busy timeout, so several builds can share a file; writes in
transactions that take the write lock at once (`BEGIN IMMEDIATE`), so a killed run leaves every
transaction whole or absent; every failure of the file (corrupt, unreadable, read-only, disk full)
one error of the store's own kind, naming the file and the ways out.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar, Self

from briefing.errors import StoreUnavailable


class SQLiteStore:
    """A store in one SQLite file. Subclasses name their `error` and make their tables in
    `_create`; their methods that touch the file are wrapped in `errors.store_method(error)`."""

    error: ClassVar[type[StoreUnavailable]] = StoreUnavailable

    def __init__(self, path: str | Path, timeout_s: float = 60.0) -> None:
        self.path = Path(path)
        with self.error.raised_for(self.path):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # One connection, used by one caller at a time; that caller's thread may change (a Ray
            # actor runs its constructor and its calls on different threads).
            self._db = sqlite3.connect(self.path, timeout=timeout_s, isolation_level=None, check_same_thread=False)
            self._db.execute(f"PRAGMA busy_timeout = {int(timeout_s * 1000)}")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._create()

    def _create(self) -> None:
        """The store's pragmas and tables (and any upgrade of an older file)."""
        raise NotImplementedError

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """All or nothing, holding the write lock from the start."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
