"""`briefing fetch`: feeds, article urls, saved pages and url lists into an inbox of article
files that `build` reads. Polite by default: robots.txt (of every host a redirect leads to), a
User-Agent naming the tool, a pause between requests to one host, retries on 429/503 that
respect Retry-After, an overall deadline and a size cap on every request. Consent walls and
paywalls are named, never bypassed.

The inbox keeps a small SQLite store (`INBOX/.fetch.sqlite3`): every url an article was fetched
from and a hash of its text (a known url is not downloaded again, a known text not written
again), each feed's ETag and Last-Modified (feeds are fetched with conditional GET, and the
validators are kept only once every item of the feed is in), and the feed items that could
not be used (tried again later with a growing pause, reported the first time only).

An article is written under a hidden temporary name and renamed into place in the same store
transaction that records it: a crash or a full disk leaves no empty or half-written `.md`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import math
import os
import re
import sqlite3
import tempfile
import threading
import time
import unicodedata
import urllib.robotparser
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

from briefing import __version__
from briefing.errors import BriefingError, InputError
from briefing.files import Refusals, read_regular_file
from briefing.ingest.pages import (
    MIN_ARTICLE_CHARS,
    Page,
    canonical_url,
    decode_html,
    extract,
    hide_userinfo,
    page_article_text,
    without_userinfo,
)

USER_AGENT = f"briefing/{__version__} (Dutch news briefings; +https://pypi.org/project/briefing/)"
STORE = ".fetch.sqlite3"
#: Google's robots.txt limit; what follows it is not read (RFC 9309 asks for at least 500 KiB).
MAX_ROBOTS_BYTES = 512 * 1024
#: A list of urls is a few hundred lines; a bigger file is not one.
MAX_LIST_BYTES = 1_000_000
MAX_LIST_DEPTH = 5  # lists naming lists
MAX_REDIRECTS = 10
MAX_NAME_CHARS = 60  # the slug of an inbox file name
_TMP_PREFIX = ".fetch-"  # hidden: `build` never reads a file being written
T = TypeVar("T")


@dataclass
class FetchConfig:
    sources: list[str]
    into: Path
    timeout_s: float = 15.0  # the whole of one request: connect, answer, body
    max_bytes: int = 5_000_000  # a news page is well under this
    delay_s: float = 1.0  # between two requests to one host
    retries: int = 3
    max_wait_s: float = 60.0  # the longest Retry-After honoured
    max_items: int = 200  # per feed: 200 at the default pause is a few minutes
    min_chars: int = MIN_ARTICLE_CHARS  # shorter pages are teasers (0 keeps every page with text)
    retry_after_s: float = 3600.0  # a rejected feed item is tried again after this, doubling


@dataclass
class FetchResult:
    written: list[Path] = field(default_factory=list)
    known: int = 0  # articles fetched before (same url or same text)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (url or file, reason): new this run
    notes: list[str] = field(default_factory=list)  # what the user should know that is no failure
    retried: list[tuple[str, str]] = field(default_factory=list)  # rejected before, again now (not re-reported)
    waiting: int = 0  # rejected before, not due for another try yet


class FetchStoreError(BriefingError):
    """The inbox's store cannot be opened, read or written."""

    def __init__(self, path: Path, exc: BaseException | str) -> None:
        detail = exc if isinstance(exc, str) else (getattr(exc, "strerror", None) or str(exc) or type(exc).__name__)
        super().__init__(f"fetch store {path}: {detail}. Move it aside (it is made again; articles already in the "
                         "inbox may then be fetched once more), or give another --into")


_SCHEMA = {
    "articles": ["url", "digest", "file"],
    "feeds": ["url", "etag", "modified"],
    "rejected": ["url", "reason", "tries", "last_try"],
}


class Store:
    """What the inbox has seen: article urls and text hashes, feeds' validators, rejected items."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if path.exists() and not path.is_file():
            raise FetchStoreError(path, "is not a file")
        try:
            self.db = sqlite3.connect(path, isolation_level=None)
            self.db.executescript(
                """
                CREATE TABLE IF NOT EXISTS articles (url TEXT PRIMARY KEY, digest TEXT NOT NULL, file TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS by_digest ON articles (digest);
                CREATE TABLE IF NOT EXISTS feeds (url TEXT PRIMARY KEY, etag TEXT, modified TEXT);
                CREATE TABLE IF NOT EXISTS rejected (url TEXT PRIMARY KEY, reason TEXT NOT NULL,
                                                     tries INTEGER NOT NULL, last_try REAL NOT NULL);
                """
            )
            for table, columns in _SCHEMA.items():
                found = [row[1] for row in self.db.execute(f"PRAGMA table_info({table})")]
                if found != columns:
                    raise FetchStoreError(path, f"its table {table} has the columns {found}, not {columns} "
                                                "(not a store of this version)")
        except sqlite3.Error as exc:
            raise FetchStoreError(path, exc) from None

    def _run(self, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        try:
            return self.db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise FetchStoreError(self.path, exc) from None

    def knows_url(self, url: str) -> bool:
        return bool(self._run("SELECT 1 FROM articles WHERE url = ?", (url,)))

    def knows_digest(self, digest: str) -> bool:
        return bool(self._run("SELECT 1 FROM articles WHERE digest = ?", (digest,)))

    def knows_file(self, name: str) -> bool:
        return bool(self._run("SELECT 1 FROM articles WHERE file = ?", (name,)))

    def add(self, urls: list[str], digest: str, file: str) -> None:
        for url in dict.fromkeys(urls):
            self._run("INSERT OR REPLACE INTO articles VALUES (?, ?, ?)", (url, digest, file))

    def validators(self, feed: str) -> tuple[str | None, str | None]:
        rows = self._run("SELECT etag, modified FROM feeds WHERE url = ?", (feed,))
        return (rows[0][0], rows[0][1]) if rows else (None, None)

    def remember_feed(self, feed: str, etag: str | None, modified: str | None) -> None:
        self._run("INSERT OR REPLACE INTO feeds VALUES (?, ?, ?)", (feed, etag, modified))

    def rejection(self, url: str) -> tuple[int, float] | None:
        rows = self._run("SELECT tries, last_try FROM rejected WHERE url = ?", (url,))
        return (int(rows[0][0]), float(rows[0][1])) if rows else None

    def reject(self, url: str, reason: str, tries: int, when: float) -> None:
        self._run("INSERT OR REPLACE INTO rejected VALUES (?, ?, ?, ?)", (url, reason, tries, when))

    def forget_rejection(self, url: str) -> None:
        self._run("DELETE FROM rejected WHERE url = ?", (url,))

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        self._run("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
            raise
        self._run("COMMIT")

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()


class _TooLarge(Exception):
    pass


class _Late(Exception):
    pass


def shown(url: str) -> str:
    """A url as messages show it: no user:password@, at most 200 characters."""
    text = without_userinfo(url)
    return text if len(text) <= 200 else text[:199] + "…"


def valid_url(url: str) -> str | None:
    """Why a http(s) url cannot be fetched, or None where it can."""
    import httpx

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        if parts.scheme.lower() not in ("http", "https"):
            return "not a web address (only http and https urls are fetched)"
        if not parts.hostname:
            return "not a valid url (no host)"
        if any(ch.isspace() for ch in url.strip()):
            return "not a valid url (it holds spaces)"
        parsed = httpx.URL(url)
        parsed.host.encode("idna")
        if parsed.raw_host:
            parsed.raw_host.decode("ascii")
    except (ValueError, UnicodeError, httpx.InvalidURL) as exc:
        return f"not a valid url ({hide_userinfo(str(exc)) or type(exc).__name__})"
    return None


class Fetcher:
    """HTTP with manners: robots.txt, a pause per host, retries with backoff, an overall
    deadline, a size cap."""

    def __init__(self, config: FetchConfig) -> None:
        self.config = config
        self.client = self._client()
        self.robots: dict[str, urllib.robotparser.RobotFileParser | str | None] = {}
        self.last: dict[str, float] = {}

    def _client(self) -> Any:
        import httpx

        return httpx.Client(headers={"User-Agent": USER_AGENT}, timeout=self.config.timeout_s, follow_redirects=False)

    def close(self) -> None:
        self.client.close()

    def _pause(self, host: str) -> None:
        wait = self.last.get(host, 0.0) + self.config.delay_s - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.last[host] = time.monotonic()

    def _within_deadline(self, work: Callable[[Any, float], T], where: str) -> T:
        """`work(client, deadline)` in a thread of its own. httpx bounds each read, not the
        whole: a server that drips a byte at a time would hold a request for ever. Past the
        deadline the request is left to its thread (a daemon) and a new client takes over."""
        deadline = time.monotonic() + self.config.timeout_s
        box: dict[str, Any] = {}
        client = self.client

        def run() -> None:
            try:
                box["value"] = work(client, deadline)
            except BaseException as exc:  # handed to the caller below
                box["error"] = exc

        worker = threading.Thread(target=run, daemon=True, name="briefing-fetch")
        worker.start()
        worker.join(self.config.timeout_s + 0.1)
        if worker.is_alive():
            self.client = self._client()
            raise InputError(where, f"no answer within {self.config.timeout_s:g} s")
        if "error" in box:
            raise box["error"]
        return box["value"]  # type: ignore[no-any-return]

    def _read(self, url: str, headers: dict[str, str], limit: int, cut: bool = False,
              redirects: bool = False) -> tuple[int, bytes, dict[str, str]]:
        """One GET, its body read to `limit` bytes (`cut`: the rest is not read; else too large
        is an error), all within the deadline."""
        import httpx

        def work(client: Any, deadline: float) -> tuple[int, bytes, dict[str, str]]:
            with client.stream("GET", url, headers=headers, follow_redirects=redirects) as answer:
                found = {k.lower(): v for k, v in answer.headers.items()}
                if answer.status_code in (429, 503) or 300 <= answer.status_code < 400:
                    return answer.status_code, b"", found
                body = bytearray()
                for chunk in answer.iter_bytes():
                    body.extend(chunk)
                    if len(body) > limit:
                        if cut:
                            return answer.status_code, bytes(body[:limit]), found
                        raise _TooLarge
                    if time.monotonic() > deadline:
                        raise _Late
                return answer.status_code, bytes(body), found

        where = shown(url)
        try:
            return self._within_deadline(work, where)
        except (_Late, httpx.TimeoutException):
            raise InputError(where, f"no answer within {self.config.timeout_s:g} s") from None
        except _TooLarge:
            raise InputError(where, f"larger than {limit:,} bytes; not a news page") from None
        except httpx.HTTPError as exc:
            raise InputError(where, f"cannot be fetched ({type(exc).__name__}: {hide_userinfo(str(exc))})") from None
        except (ValueError, UnicodeError, httpx.InvalidURL) as exc:
            raise InputError(where, f"not a valid url ({hide_userinfo(str(exc))})") from None
        except httpx.StreamError as exc:  # not an HTTPError: a body that cannot be read on
            raise InputError(where, f"cannot be fetched ({type(exc).__name__})") from None

    def allowed(self, url: str) -> str | None:
        """Why robots.txt keeps the tool from `url`, or None where it may fetch it."""
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
        if base not in self.robots:
            robots: urllib.robotparser.RobotFileParser | str | None
            try:
                self._pause(parts.netloc)
                status, body, _ = self._read(base + "/robots.txt", {}, MAX_ROBOTS_BYTES, cut=True, redirects=True)
                if status >= 500 or status in (429, 503):
                    robots = f"robots.txt could not be read (HTTP {status}); not fetched"
                elif status >= 400 or 300 <= status < 400:
                    robots = None  # no robots.txt: everything is allowed
                else:
                    robots = urllib.robotparser.RobotFileParser()
                    lines = body.decode("utf-8", "replace").splitlines()
                    if len(body) >= MAX_ROBOTS_BYTES:
                        lines = lines[:-1]  # the last line may be cut
                    robots.parse(lines)
            except InputError as exc:
                robots = f"robots.txt could not be read ({exc.reason}); not fetched"
            self.robots[base] = robots
        robots = self.robots[base]
        if isinstance(robots, str):
            return robots
        if robots is not None and not robots.can_fetch(USER_AGENT, url):
            return "robots.txt does not allow fetching it"
        return None

    def get(self, url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str], str]:
        """(status, body, headers, final url), redirects followed with robots.txt asked at
        every host; raises InputError naming the url and the reason."""
        current = url
        for hop in range(MAX_REDIRECTS + 1):
            problem = valid_url(current)
            if problem:
                raise InputError(shown(url), problem if hop == 0 else f"redirected to a url that is {problem}")
            refused = self.allowed(current)
            if refused:
                raise InputError(shown(url), refused if hop == 0 else f"redirected to {shown(current)}: {refused}")
            status, body, answer = self._get_once(current, headers or {})
            if 300 <= status < 400 and status != 304 and answer.get("location"):
                following = urljoin(current, answer["location"].strip())
                if not re.match(r"https?://", following, re.IGNORECASE):
                    raise InputError(shown(url), f"redirected to {shown(following)}, not a web address")
                if urlsplit(following).netloc != urlsplit(current).netloc:
                    headers = {}  # a conditional request is for the first host only
                current = following
                continue
            return status, body, answer, current
        raise InputError(shown(url), f"more than {MAX_REDIRECTS} redirects")

    def _get_once(self, url: str, headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
        host = urlsplit(url).netloc
        for attempt in range(self.config.retries + 1):
            self._pause(host)
            status, body, answer = self._read(url, headers, self.config.max_bytes)
            if status in (429, 503) and attempt < self.config.retries:
                wait = _retry_after(answer.get("retry-after"), 2.0**attempt)
                if wait > self.config.max_wait_s:
                    raise InputError(shown(url), f"HTTP {status}: asked to wait {wait:.0f} s")
                time.sleep(wait)
                continue
            if status in (429, 503):
                raise InputError(shown(url), f"still refused after {self.config.retries} retries (HTTP {status})")
            return status, body, answer
        raise AssertionError("unreachable")  # pragma: no cover


def _retry_after(value: str | None, default: float) -> float:
    if value and value.strip().isdigit():
        return float(value.strip())
    return default


def check_config(config: FetchConfig) -> None:
    """Limits that are numbers a clock and a counter can use."""
    from briefing.errors import UsageError

    if not (math.isfinite(config.timeout_s) and 0 < config.timeout_s <= 3600):
        raise UsageError("--timeout must be a number of seconds above 0, at most 3600")
    if not (math.isfinite(config.delay_s) and 0 <= config.delay_s <= 3600):
        raise UsageError("--delay must be a number of seconds from 0 to 3600")
    if config.max_bytes < 1 or config.max_items < 1 or config.min_chars < 0:
        raise UsageError("--max-bytes and --max-items must be at least 1, --min-chars 0 or more")


def fetch(config: FetchConfig) -> FetchResult:
    """Fetch every source into the inbox; what cannot be used is named with its reason."""
    check_config(config)
    result = FetchResult()
    into = _inbox(config.into)
    store = Store(into / STORE)
    fetcher = Fetcher(config)
    run = _Run(config, into, store, fetcher, result)
    try:
        for source in config.sources:
            try:
                run.source(source)
            except InputError as exc:
                result.failed.append((exc.path, exc.reason))
    finally:
        fetcher.close()
        store.close()
    return result


def _inbox(into: Path) -> Path:
    """The inbox folder, made where it is missing; one clear error where it cannot be."""
    try:
        into.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise BriefingError(f"--into {into}: is a file, not a folder") from None
    except NotADirectoryError:
        raise BriefingError(f"--into {into}: a part of the path is a file, not a folder") from None
    except OSError as exc:
        raise BriefingError(f"--into {into}: cannot be made ({exc.strerror or exc})") from None
    if not into.is_dir():
        raise BriefingError(f"--into {into}: is not a folder")
    for stale in into.glob(_TMP_PREFIX + "*.tmp"):  # what a killed run was writing
        with contextlib.suppress(OSError):
            stale.unlink()
    return into


def _read_file(path: Path, where: str, limit: int, kind: str) -> tuple[bytes, Path]:
    """A saved page's or a list's bytes and its real path; InputError for a missing path, a
    folder, a pipe or a device, or a file larger than `limit` (`kind` says what it is)."""
    refusals = Refusals(
        missing=lambda _: InputError(where, "no such file (give a feed or article url, a saved .html page, or a file of urls)"),
        folder=lambda: InputError(where, "is a folder; give a saved .html page or a file of urls"),
        not_regular=lambda: InputError(where, "is not a regular file (a pipe or a device)"),
        too_large=lambda _: InputError(where, f"larger than {limit:,} bytes; too large for {kind}"),
        unreadable=lambda error: InputError(where, f"cannot be read ({error.strerror or error})"),
        unreachable=lambda error: InputError(where, f"cannot be opened ({error.strerror or error})"),
    )
    data = read_regular_file(path, limit, refusals)
    try:
        return data, path.resolve()
    except OSError as exc:
        raise InputError(where, f"cannot be opened ({exc.strerror or exc})") from None


class _Run:
    """One fetch: the sources in order, each failure named and the rest still fetched."""

    def __init__(self, config: FetchConfig, into: Path, store: Store, fetcher: Fetcher, result: FetchResult) -> None:
        self.config, self.into, self.store, self.fetcher, self.result = config, into, store, fetcher, result

    def source(self, source: str) -> None:
        source = source.strip()
        if re.match(r"[a-z][a-z0-9+.-]*://", source, re.IGNORECASE):  # ftp:// too: named, not looked for as a file
            self.url(source)
        else:
            self.file(source, set(), 0)

    # --- files: saved pages and lists of urls ---

    def file(self, source: str, lists: set[Path], depth: int) -> None:
        """A saved page (`.html`, `.htm`) is kept as an article; any other file is a list of urls."""
        path = Path(source)
        where = shown(source)
        if path.suffix.lower() in (".html", ".htm"):
            data, _ = _read_file(path, where, self.config.max_bytes, "a saved page")
            self.keep_or_reject(_extracted(decode_html(data, None), None, where, self.config.min_chars), [], where)
        else:
            self.url_list(*_read_file(path, where, MAX_LIST_BYTES, "a list of urls"), where, lists, depth)

    def url_list(self, data: bytes, real: Path, where: str, lists: set[Path], depth: int) -> None:
        """Each line an article url, or a file (a saved page or another list); blank lines and
        `# comments` are skipped. A list is read once, and lists naming lists only so deep."""
        if real in lists:
            raise InputError(where, "a list of urls that names itself, or a list that names it; read once")
        if depth >= MAX_LIST_DEPTH:
            raise InputError(where, f"lists of urls nested more than {MAX_LIST_DEPTH} deep")
        for line in data.decode("utf-8", "replace").splitlines():
            entry = line.strip()
            if not entry or entry.startswith("#"):
                continue
            try:
                if re.match(r"https?://", entry, re.IGNORECASE):
                    self.item(entry)
                else:
                    self.file(entry, lists | {real}, depth + 1)
            except InputError as exc:
                self.result.failed.append((exc.path, exc.reason))

    # --- urls: feeds and articles ---

    def url(self, source: str) -> None:
        where = shown(source)
        problem = valid_url(source)
        if problem:
            raise InputError(where, problem)
        if self.store.knows_url(canonical_url(source)):
            self.result.known += 1  # an article fetched before: not downloaded again
            return
        etag, modified = self.store.validators(canonical_url(source))
        headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", modified)) if v}
        status, body, answer, final = self.fetcher.get(source, headers)
        if status == 304:
            if headers:
                return  # the feed has not changed since the last fetch
            raise InputError(where, "HTTP 304 (not modified) to a request that asked for the page")
        if status != 200:
            raise InputError(where, f"HTTP {status}")
        kind = answer.get("content-type", "").split(";")[0].strip().lower()
        if kind.endswith(("rss+xml", "atom+xml", "/xml")) or body.lstrip()[:200].lower().startswith((b"<?xml", b"<rss", b"<feed")):
            import feedparser

            feed = feedparser.parse(body)
            if feed.entries:
                self.feed(source, feed.entries, answer, final)
                return
        self.keep_or_reject(_page_from(source, status, body, answer, final, self.config.min_chars), [source, final], where)

    def feed(self, source: str, entries: list[Any], answer: dict[str, str], final: str) -> None:
        links = [str(entry.get("link") or "").strip() for entry in entries]
        links = [urljoin(final, link) if not re.match(r"[a-z][a-z0-9+.-]*:", link, re.IGNORECASE) else link
                 for link in links if link]
        if len(links) > self.config.max_items:
            self.result.notes.append(f"{shown(source)}: {len(links):,} items; the first {self.config.max_items} "
                                     "were taken (--max-items raises the limit)")
            links = links[: self.config.max_items]
        complete = True
        for link in links:
            try:
                complete = self.item(link) and complete
            except InputError as exc:
                self.result.failed.append((exc.path, exc.reason))
                complete = False
        # The validators are kept only when every item is in: a 304 next time must not hide an
        # item that failed, or the rest of a feed a crash cut short.
        if complete:
            self.store.remember_feed(canonical_url(source), answer.get("etag"), answer.get("last-modified"))
        else:
            self.store.remember_feed(canonical_url(source), None, None)

    def item(self, link: str) -> bool:
        """One article of a feed or a list: skipped where known, tried again only when due
        where it was rejected before (and then reported the first time only). True when the
        article is in the inbox."""
        key = canonical_url(link) if not valid_url(link) else without_userinfo(link)
        where = shown(link)
        if self.store.knows_url(key):
            self.result.known += 1
            return True
        before = self.store.rejection(key)
        now = time.time()
        # The pause doubles with every try (an hour, two, four, ... at most a month).
        if before and now < before[1] + min(self.config.retry_after_s * 2.0 ** (before[0] - 1), 30 * 86400.0):
            self.result.waiting += 1
            return False
        problem = valid_url(link)
        if problem:
            found: Page | InputError = InputError(where, problem)
        else:
            found = _article(link, self.fetcher, self.config.min_chars)
        if isinstance(found, InputError):
            self.store.reject(key, found.reason, (before[0] if before else 0) + 1, now)
            (self.result.retried if before else self.result.failed).append((found.path, found.reason))
            return False
        self.store.forget_rejection(key)
        self.keep(found, [link], where)
        return True

    def keep_or_reject(self, found: Page | InputError, urls: list[str], where: str) -> None:
        if isinstance(found, InputError):
            raise found
        self.keep(found, urls, where)

    def keep(self, page: Page, urls: list[str], where: str) -> None:
        """Write the article unless its text is known; the file and its store record together."""
        digest = hashlib.sha256(" ".join(page.body.split()).encode()).hexdigest()
        keys = [canonical_url(u) for u in urls if not valid_url(u)]
        if self.store.knows_digest(digest):
            self.store.add(keys, digest, "")  # its urls too: next time they are not downloaded
            self.result.known += 1
            return
        page.url = without_userinfo(page.url)
        fetched_at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        text = page_article_text(page, fetched_at)
        path = self.name_for(page, text)
        tmp: Path | None = None
        try:
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.into, prefix=_TMP_PREFIX,
                                             suffix=".tmp", delete=False) as handle:
                tmp = Path(handle.name)
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            with self.store.transaction():
                # Only the urls asked for: a page's canonical link may name another page.
                self.store.add(keys, digest, path.name)
                os.replace(tmp, path)
        except OSError as exc:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    tmp.unlink()
            raise BriefingError(f"cannot write {path}: {exc.strerror or exc} (nothing half-written was left; "
                                f"{len(self.result.written)} articles were written before)") from None
        self.result.written.append(path)

    def name_for(self, page: Page, text: str) -> Path:
        """`DATE-slug.md`: the slug cut at a word, a short hash only where the name is taken."""
        day = page.date[:10] if page.date and re.match(r"\d{4}-\d{2}-\d{2}", page.date) else dt.date.today().isoformat()
        base = f"{day}-{inbox_slug(page.title)}"
        path = self.into / f"{base}.md"
        if self._free(path, text):
            return path
        tag = hashlib.sha256((page.url + page.title).encode()).hexdigest()
        for n in range(0, len(tag) - 6):
            path = self.into / f"{base}-{tag[n:n + 6]}.md"
            if self._free(path, text):
                return path
        raise BriefingError(f"no free file name for {base}.md in {self.into}")  # pragma: no cover

    def _free(self, path: Path, text: str) -> bool:
        """Not there; or a file the store does not know that is empty (an older version's crash)
        or this very article (a crash between the rename and the store's commit)."""
        try:
            if not path.exists() and not path.is_symlink():
                return True
            if not path.is_file() or self.store.knows_file(path.name):
                return False
            size = path.stat().st_size
            if size == 0:
                return True
            if size > 2 * len(text.encode()) + 1000:
                return False
            return _without_fetched_at(path.read_text("utf-8", "replace")) == _without_fetched_at(text)
        except OSError:
            return False


def _without_fetched_at(text: str) -> str:
    return re.sub(r"(?m)^fetched_at: .*\n", "", text)


def inbox_slug(title: str) -> str:
    """A title as file-name words: ASCII letters and digits, one `-` between words, cut at a
    word boundary within MAX_NAME_CHARS."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", plain)
    slug = ""
    for word in words:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > MAX_NAME_CHARS:
            break
        slug = longer
    return slug or (words[0][:MAX_NAME_CHARS] if words else "artikel")


def fetch_page(url: str, config: FetchConfig) -> Page:
    """One article page (`briefing translate URL`); InputError where it cannot be used."""
    check_config(config)
    problem = valid_url(url)
    if problem:
        raise InputError(shown(url), problem)
    fetcher = Fetcher(config)
    try:
        return page_with(url, fetcher)
    finally:
        fetcher.close()


def page_with(url: str, fetcher: Fetcher) -> Page:
    """One article page through a fetcher the caller keeps (the desk's, with its own guards);
    InputError where it cannot be used."""
    found = _article(url, fetcher, fetcher.config.min_chars)
    if isinstance(found, InputError):
        raise found
    return found


def _article(url: str, fetcher: Fetcher, min_chars: int) -> Page | InputError:
    try:
        status, body, answer, final = fetcher.get(url)
        return _page_from(url, status, body, answer, final, min_chars)
    except InputError as exc:
        return exc


def _page_from(url: str, status: int, body: bytes, answer: dict[str, str], final: str, min_chars: int) -> Page | InputError:
    where = shown(url)
    if status == 304:
        return InputError(where, "HTTP 304 (not modified) to a request that asked for the page")
    if status != 200:
        return InputError(where, f"HTTP {status}")
    kind = answer.get("content-type", "").split(";")[0].strip().lower()
    if kind and kind not in ("text/html", "application/xhtml+xml"):
        return InputError(where, f"not a web page ({kind})")
    charset = re.search(r"charset=([\w-]+)", answer.get("content-type", ""))
    if final != url and re.search(r"consent|cookiewall|privacy-?gate|myprivacy", final, re.IGNORECASE):
        return InputError(where, "redirected to a consent or cookie wall (never bypassed)")
    found = _extracted(decode_html(body, charset.group(1) if charset else None), without_userinfo(final), where, min_chars)
    if isinstance(found, Page) and urlsplit(found.url).netloc != urlsplit(canonical_url(final)).netloc:
        found.url = canonical_url(final)  # a canonical link to another site is not this page's address
    return found


def _extracted(html: str, url: str | None, where: str, min_chars: int) -> Page | InputError:
    try:
        return extract(html, url, where, min_chars)
    except InputError as exc:
        return exc
