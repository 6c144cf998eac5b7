"""The one bounded reader of a regular file (briefing/files.py) and the five readers built on it:
each refuses a pipe (without waiting for a writer), a link to one, a folder, a missing file and a
file over its limit, in its own words."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing.errors import BriefingError
from briefing.files import Refusals, read_regular_file
from briefing.ingest.articles import read_bytes
from briefing.ingest.fetch import FetchConfig, fetch
from briefing.output import mail
from briefing.settings import read_settings_text
from briefing.translate.exchange import _read_bounded

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
LIMIT = 1_000_000  # the settings file's own limit; the other callers are given it
HANG_S = 10


def message_of(read: Callable[[], object]) -> str:
    """The message of the refusal `read` raises (or, for fetch, which reports and goes on,
    returns); fails the test if it does not return in time."""
    outcome: list[BaseException | object] = []

    def run() -> None:
        try:
            outcome.append(read())
        except BaseException as exc:  # handed to the test
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(HANG_S)
    if worker.is_alive():
        pytest.fail(f"the reader did not return within {HANG_S} s (it waited on a pipe)")
    (result,) = outcome
    assert isinstance(result, BriefingError), f"expected a refusal, got {result!r}"
    return str(result)


def via_articles(path: Path, tmp_path: Path) -> str:
    return message_of(lambda: read_bytes(path, LIMIT))


def via_exchange(path: Path, tmp_path: Path) -> str:
    return message_of(lambda: _read_bounded(str(path), LIMIT))


def via_fetch(path: Path, tmp_path: Path) -> str:
    def reported() -> BriefingError:
        result = fetch(FetchConfig([str(path)], tmp_path / "inbox", max_bytes=LIMIT, delay_s=0))
        ((where, reason),) = result.failed
        return BriefingError(f"{where}: {reason}")

    return message_of(reported)


def via_settings(path: Path, tmp_path: Path) -> str:
    return message_of(lambda: read_settings_text(path, named=True))


def via_mail(path: Path, tmp_path: Path) -> str:
    return message_of(lambda: mail.read_eml(path))


@dataclass(frozen=True)
class Caller:
    name: str
    read: Callable[[Path, Path], str]
    pipe: str
    folder: str
    missing: str
    too_large: str


CALLERS = [
    Caller(
        "articles.read_bytes", via_articles,
        pipe="{p}: is not a regular file (a pipe, device or socket); save the article to a file",
        folder="{p}: is a folder, not an article file",
        missing="{p}: no such file or folder",
        too_large="{p}: is 3,000,000 bytes, too large for a news article (the limit is 1,000,000; "
                  "raise it with --max-article-bytes)",
    ),
    Caller(
        "exchange._read_bounded", via_exchange,
        pipe="{p}: is not a regular file",
        folder="{p}: is not a regular file",
        missing="{p}: cannot be read (No such file or directory)",
        too_large="{p}: is 3 MB, over the 1 MB limit (split it, or raise --max-bytes)",
    ),
    Caller(
        "fetch: a saved page", via_fetch,
        pipe="{p}: is not a regular file (a pipe or a device)",
        folder="{p}: is a folder; give a saved .html page or a file of urls",
        missing="{p}: no such file (give a feed or article url, a saved .html page, or a file of urls)",
        too_large="{p}: larger than 1,000,000 bytes; too large for a saved page",
    ),
    Caller(
        "settings.read_settings_text", via_settings,
        pipe="{p}: is a pipe, device or socket, not a settings file; it must be a regular TOML file",
        folder="{p}: is a folder, not a settings file; it must be a regular TOML file",
        missing="--config {p}: no such file",
        too_large="{p}: larger than 1,000,000 bytes, so not a settings file",
    ),
    Caller(
        "mail.read_eml", via_mail,
        pipe="--eml {p}: is not a regular file (a pipe, device or socket); give the .eml file `build --format eml` wrote",
        folder="--eml {p}: is a folder; give the .eml file `build --format eml` wrote",
        missing="--eml {p}: no such file; build it with --format eml",
        too_large="--eml {p}: larger than 1,000,000 bytes, not a briefing's message",
    ),
]


@pytest.fixture(autouse=True)
def _mail_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mail, "MAX_EML_BYTES", LIMIT)


@pytest.mark.parametrize("caller", CALLERS, ids=lambda c: c.name)
@needs_fifo
def test_a_pipe_is_refused_without_waiting_for_a_writer(caller: Caller, tmp_path: Path) -> None:
    pipe = tmp_path / "page.html"
    os.mkfifo(pipe)
    assert caller.read(pipe, tmp_path) == caller.pipe.format(p=pipe)


@pytest.mark.parametrize("caller", CALLERS, ids=lambda c: c.name)
@needs_fifo
def test_a_link_to_a_pipe_is_refused_as_the_pipe(caller: Caller, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    link = tmp_path / "page.html"
    link.symlink_to(tmp_path / "pipe")
    assert caller.read(link, tmp_path) == caller.pipe.format(p=link)


@pytest.mark.parametrize("caller", CALLERS, ids=lambda c: c.name)
def test_a_folder_is_refused(caller: Caller, tmp_path: Path) -> None:
    folder = tmp_path / "page.html"
    folder.mkdir()
    assert caller.read(folder, tmp_path) == caller.folder.format(p=folder)


@pytest.mark.parametrize("caller", CALLERS, ids=lambda c: c.name)
def test_a_missing_file_is_refused(caller: Caller, tmp_path: Path) -> None:
    missing = tmp_path / "page.html"
    assert caller.read(missing, tmp_path) == caller.missing.format(p=missing)


@pytest.mark.parametrize("caller", CALLERS, ids=lambda c: c.name)
def test_a_file_over_the_limit_is_refused(caller: Caller, tmp_path: Path) -> None:
    big = tmp_path / "page.html"
    with big.open("wb") as handle:
        handle.truncate(3_000_000)  # sparse: no disk needed
    assert caller.read(big, tmp_path) == caller.too_large.format(p=big)


# --- the reader itself ----------------------------------------------------------------------------


class Refused(Exception):
    pass


REFUSALS = Refusals(
    missing=lambda error: Refused(f"missing: {error.strerror}"),
    folder=lambda: Refused("folder"),
    not_regular=lambda: Refused("not regular"),
    too_large=lambda size: Refused(f"too large: {size}"),
    unreadable=lambda error: Refused(f"unreadable: {error.strerror}"),
)


def test_a_file_of_exactly_the_limit_is_read_and_one_byte_more_is_not(tmp_path: Path) -> None:
    (tmp_path / "at.txt").write_bytes(b"x" * 10)
    (tmp_path / "over.txt").write_bytes(b"x" * 11)
    assert read_regular_file(tmp_path / "at.txt", 10, REFUSALS) == b"x" * 10
    with pytest.raises(Refused, match="too large: 11"):
        read_regular_file(tmp_path / "over.txt", 10, REFUSALS)


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="no /proc")
def test_a_file_larger_than_its_size_says_is_counted_while_reading() -> None:
    # /proc files say they hold 0 bytes; the limit holds all the same, and at most limit + 1
    # bytes are read.
    with pytest.raises(Refused, match="too large: None"):
        read_regular_file("/proc/self/status", 10, REFUSALS)


def test_a_device_is_refused(tmp_path: Path) -> None:
    with pytest.raises(Refused, match="not regular"):
        read_regular_file("/dev/zero", 10, REFUSALS)


def test_a_socket_is_called_what_it_is_though_it_cannot_be_opened(tmp_path: Path) -> None:
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(Refused, match="not regular"):
            read_regular_file(path, 10, REFUSALS)


def test_a_dangling_link_is_missing_and_a_loop_of_links_unreadable(tmp_path: Path) -> None:
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(Refused, match="missing: No such file"):
        read_regular_file(tmp_path / "dangling", 10, REFUSALS)
    with pytest.raises(Refused, match="unreadable: Too many levels of symbolic links"):
        read_regular_file(tmp_path / "a", 10, REFUSALS)


@needs_fifo
def test_the_kind_is_asked_of_the_opened_file_not_of_the_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A pipe put where a regular file was checked: a check by name (stat, then open) would open
    # the pipe and wait for a writer. The reader asks the file it opened.
    regular = tmp_path / "regular.txt"
    regular.write_bytes(b"x")
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda path, *args, **kwargs: real_stat(regular, *args, **kwargs))
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            read_regular_file(pipe, 10, REFUSALS)
        except BaseException as exc:  # handed to the test
            outcome.append(exc)

    worker = threading.Thread(target=read, daemon=True)
    worker.start()
    worker.join(HANG_S)
    if worker.is_alive():
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))  # let the waiting reader go
        pytest.fail("the reader opened the pipe and waited for a writer")
    assert [str(exc) for exc in outcome] == ["not regular"]
