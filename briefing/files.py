"""Files the user names: one way to read them (only a regular file, never past a limit), and one
way to write a set of them (all or none: `write_set`).

Every stage reads files whose names come from the user (articles, saved pages, lists of urls,
translation exchange files, the settings file, the built `.eml`), and each of them can be a pipe
(opening it for reading waits for a writer), a device (`/dev/zero` never ends), a folder, a link
to any of these, or a file of gigabytes. `read_regular_file` is the one reader for them all:

* it opens first and asks the opened file what it is (`fstat`), so nothing can be swapped in
  between the check and the read; `O_NONBLOCK` makes the open of a FIFO return at once instead
  of waiting for a writer (and `O_NOCTTY` keeps a terminal from becoming ours);
* it refuses what is not a regular file, and a file larger than the limit, by its size where the
  file system knows it and by counting while reading where it does not (at most limit + 1 bytes
  are ever read);
* what it says is the caller's: each caller hands over its own `Refusals`, one message (as the
  exception to raise) per way the file can be refused, so every command keeps its own words.

This module is a foundation: every stage may import it, and it imports nothing of theirs.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.errors import BriefingError, UsageError

# getattr: Windows has neither flag (and no FIFOs to open); importing this module must not fail there.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


@dataclass(frozen=True)
class Refusals:
    """A caller's messages, each as the exception to raise, for the ways a file is refused."""

    #: the path (or the file a link points to) does not exist; given the error
    missing: Callable[[OSError], Exception]
    #: the path is a folder
    folder: Callable[[], Exception]
    #: the path is a pipe, a device or a socket
    not_regular: Callable[[], Exception]
    #: the file is larger than the limit: given its size where the file system reports it over
    #: the limit, None where that size was within it and reading found more
    too_large: Callable[[int | None], Exception]
    #: the file is there but cannot be opened or read (no permission, an I/O error); given the error
    unreadable: Callable[[OSError], Exception]
    #: the path cannot even be looked up (a loop of links, a part of it that is not a folder, a
    #: folder on the way that may not be searched); given the error. None: as `unreadable`
    unreachable: Callable[[OSError], Exception] | None = None


def plain_refusals(where: str, what: str, limit: int) -> Refusals:
    """A usage error for each way a file the user names on the command line (a glossary, a side
    of `qa`) is refused, in the words the articles' reader uses, the file named as `where` and
    what it should have been as `what`."""

    def unreadable(error: OSError) -> UsageError:
        detail = "permission denied" if isinstance(error, PermissionError) else error.strerror or error
        return UsageError(f"{where}: cannot be read ({detail})")

    return Refusals(
        missing=lambda _: UsageError(f"{where}: no such file or folder"),
        folder=lambda: UsageError(f"{where}: is a folder; give a file"),
        not_regular=lambda: UsageError(f"{where}: is not a regular file (a pipe, device or socket); save it to a file"),
        too_large=lambda size: UsageError(
            f"{where}: is {limit + 1 if size is None else size:,} bytes, too large for {what} (the limit is {limit:,})"
        ),
        unreadable=unreadable,
    )


def read_regular_file(path: str | os.PathLike[str], limit: int, refusals: Refusals) -> bytes:
    """The bytes of the regular file at `path` (links followed), at most `limit` of them; any
    other file, or a larger one, raises the caller's exception from `refusals`."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise _failed_open(path, error, refusals) from None
    try:
        info = os.fstat(fd)
        refusal = _refused_kind(info.st_mode, refusals)
        if refusal is None and info.st_size > limit:
            refusal = refusals.too_large(info.st_size)
    except OSError as error:
        refusal = refusals.unreadable(error)
    if refusal is not None:
        os.close(fd)
        raise refusal
    # A regular file: the file object (which refuses a folder's descriptor) can take it now.
    with os.fdopen(fd, "rb") as handle:
        try:
            if hasattr(os, "set_blocking"):  # O_NONBLOCK was only for the open
                os.set_blocking(fd, True)
            data = handle.read(limit + 1)
        except OSError as error:
            raise refusals.unreadable(error) from None
    if len(data) > limit:
        raise refusals.too_large(None)
    return data


def _refused_kind(mode: int, refusals: Refusals) -> Exception | None:
    """The caller's refusal of anything but a regular file; None for a regular file."""
    if stat.S_ISDIR(mode):
        return refusals.folder()
    if not stat.S_ISREG(mode):
        return refusals.not_regular()
    return None


def _failed_open(path: str | os.PathLike[str], error: OSError, refusals: Refusals) -> Exception:
    """Why an open failed, in the caller's words. A path that exists is looked at (`stat`, which
    opens nothing) so that a folder or a socket that could not be opened is still called what
    it is; nothing is read after this look, so it leaves no window for a swap."""
    if isinstance(error, FileNotFoundError):
        return refusals.missing(error)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError as gone:
        return refusals.missing(gone)
    except OSError as lookup:
        return (refusals.unreachable or refusals.unreadable)(lookup)
    return _refused_kind(mode, refusals) or refusals.unreadable(error)


# --- writing ---------------------------------------------------------------------------------------

STALE_S = 60  # a temporary output file older than this was left by a killed build


def write_set(files: Mapping[Path, str | bytes]) -> list[Path]:
    """Write the output set together: every file to a temporary name first, then the renames,
    so a build killed half-way never leaves a new briefing.html beside an old briefing.json;
    temporary files an earlier killed build left behind are removed first. An OS error (the
    folder is a file, read-only, the disk full) becomes one message naming the file."""
    tmps: list[tuple[str, Path]] = []
    try:
        for path in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            for stale in path.parent.glob(f".{path.name}.*"):
                if time.time() - stale.stat().st_mtime > STALE_S:  # not another build's, in flight
                    stale.unlink(missing_ok=True)
        for path, content in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            tmps.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(content.encode("utf-8") if isinstance(content, str) else content)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
        for tmp, path in tmps:
            os.replace(tmp, path)
    except OSError as exc:
        where = exc.filename or (next(iter(files)) if files else "the output folder")
        raise BriefingError(f"cannot write {where}: {exc.strerror or exc}. Choose another --out, or free space") from None
    finally:
        for tmp, _ in tmps:
            Path(tmp).unlink(missing_ok=True)
    return list(files)


def parse_toml(text: str, where: str, what: str) -> dict[str, Any]:
    """A TOML file the user gave (`where` names it, `what` says what it should be): invalid TOML,
    or tables nested deeper than the parser can follow, is one usage error naming the file."""
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{where}: not valid TOML ({exc})") from None
    except RecursionError:
        raise UsageError(f"{where}: not {what} (arrays or tables nested too deep)") from None
