"""The one exception family the core raises; the CLI turns it into `Error: ...` and an exit code."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

# Exit codes, documented in the README.
EXIT_OK = 0
EXIT_ERROR = 1  # nothing could be built (model unavailable, no usable input, ...)
EXIT_USAGE = 2  # bad options or arguments (typer/click use 2 as well)
EXIT_SOME_REJECTED = 3  # the briefing was written, but some inputs were rejected


class BriefingError(Exception):
    """Base class: a problem the user can act on. Its message is shown as `Error: <message>`."""

    exit_code = EXIT_ERROR


class UsageError(BriefingError):
    exit_code = EXIT_USAGE


class InputError(BriefingError):
    """One input file cannot be used. Carries the file so the message always names it."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ModelUnavailable(BriefingError):
    """The translation model cannot be loaded (offline, unknown name, broken folder)."""


class StoreUnavailable(BriefingError):
    """A SQLite file of the user's cannot be opened, read or written (corrupt, unreadable, disk
    full): the message names it and the ways out."""

    what = "store"
    option = "store"

    def __init__(self, path: object, exc: BaseException) -> None:
        detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        super().__init__(
            f"{self.what} {path}: {detail}. Run with --no-{self.option}, or move the file aside "
            f"(a new one is made), or free space on its disk; --{self.option} PATH puts it elsewhere"
        )


    @classmethod
    @contextmanager
    def raised_for(cls, path: object) -> Iterator[None]:
        """SQLite and OS errors of the file become this one error, naming it."""
        try:
            yield
        except (sqlite3.Error, OSError) as exc:
            raise cls(path, exc) from None


def store_method(error: type[StoreUnavailable]) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """A method of a store (an object with a `path`) whose failures of the file are `error`."""

    def decorate(method: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(method)
        def guarded(self: Any, *args: Any, **kwargs: Any) -> T:
            with error.raised_for(self.path):
                return method(self, *args, **kwargs)

        return guarded

    return decorate


class MemoryUnavailable(StoreUnavailable):
    """The translation memory."""

    what, option = "translation memory", "memory"


class HistoryUnavailable(StoreUnavailable):
    """The history of briefings."""

    what, option = "history", "history"


class NoInput(BriefingError):
    """Nothing to build from."""


class MissingExtra(BriefingError):
    """An optional extra (Ray, Playwright…) is not installed; the message says how to add it to
    this install (briefing.extras.install_hint). Exit code 1, as any missing means to build."""
