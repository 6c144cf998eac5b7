"""The user's cache folder (`cache_folder`), and the JSON files kept there (what the QA check and
the name book learnt): read only when they are regular files of sensible size, written only
through a temporary file of their own. A cache that cannot be read or written is simply made
again."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

from briefing.files import Refusals, read_regular_file


def cache_folder() -> Path:
    """`$XDG_CACHE_HOME/briefing`, or `~/.cache/briefing`: the translation memory, converted
    models, the QA checks' word list."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "briefing"


# Our cache files are at most a few megabytes; anything far larger is not ours.
MAX_CACHE_BYTES = 32 * 1024 * 1024


class _NotOurs(Exception):
    """A cache file that is missing, not a regular file, too large or unreadable: made again."""


_QUIETLY = Refusals(
    missing=lambda _: _NotOurs(), folder=_NotOurs, not_regular=_NotOurs, too_large=lambda _: _NotOurs(),
    unreadable=lambda _: _NotOurs(),
)


def read_json(path: Path, max_bytes: int = MAX_CACHE_BYTES) -> object:
    """The JSON in `path` if it is a regular file of at most `max_bytes` holding JSON, else None:
    a link to /dev/zero or a FIFO is neither waited on nor read without end (the one bounded
    reader, `files.read_regular_file`), and JSON nested too deep for the parser is damage like
    any other."""
    try:
        return json.loads(read_regular_file(path, max_bytes, _QUIETLY).decode("utf-8"))
    except (_NotOurs, ValueError, RecursionError):
        return None


def write_json(path: Path, data: object) -> bool:
    """Write `data` to `path` through a temporary file created exclusively beside it (a planted
    file or link is never written through), renamed into place. False where it could not be."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False)
        os.replace(tmp, path)
        tmp = None
        return True
    except OSError:
        return False
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
