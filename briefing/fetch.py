"""`briefing fetch`: feeds, article urls, saved pages and url lists into an inbox of article
files that `build` reads. Polite by default: robots.txt, a User-Agent naming the tool, a pause
between requests to one host, retries on 429/503 that respect Retry-After, a timeout and a size
cap on every request. Consent walls and paywalls are named, never bypassed.

The inbox keeps a small SQLite store (`INBOX/.fetch.sqlite3`): the canonical url and a hash of
the text of every article written (a second fetch writes nothing new), and each feed's ETag and
Last-Modified (feeds are fetched with conditional GET).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sqlite3
import time
import urllib.robotparser
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from briefing import __version__
from briefing.assemble import slug
from briefing.errors import InputError
from briefing.pages import Page, decode_html, extract, page_article_text

USER_AGENT = f"briefing/{__version__} (Dutch news briefings; +https://pypi.org/project/briefing/)"
STORE = ".fetch.sqlite3"


@dataclass
class FetchConfig:
    sources: list[str]
    into: Path
    timeout_s: float = 15.0
    max_bytes: int = 5_000_000  # a news page is well under this
    delay_s: float = 1.0  # between two requests to one host
    retries: int = 3
    max_wait_s: float = 60.0  # the longest Retry-After honoured


@dataclass
class FetchResult:
    written: list[Path] = field(default_factory=list)
    known: int = 0  # articles fetched before (same url or same text)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (url or file, reason)


class Store:
    """What the inbox has seen: article urls and text hashes, feeds' validators."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.executescript(
            """
            CREATE TABLE IF NOT EXISTS articles (url TEXT PRIMARY KEY, digest TEXT NOT NULL, file TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS by_digest ON articles (digest);
            CREATE TABLE IF NOT EXISTS feeds (url TEXT PRIMARY KEY, etag TEXT, modified TEXT);
            """
        )

    def seen(self, url: str, digest: str) -> bool:
        row = self.db.execute("SELECT 1 FROM articles WHERE url = ? OR digest = ?", (url, digest)).fetchone()
        return row is not None

    def add(self, url: str, digest: str, file: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO articles VALUES (?, ?, ?)", (url, digest, file))

    def validators(self, feed: str) -> tuple[str | None, str | None]:
        row = self.db.execute("SELECT etag, modified FROM feeds WHERE url = ?", (feed,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def remember_feed(self, feed: str, etag: str | None, modified: str | None) -> None:
        self.db.execute("INSERT OR REPLACE INTO feeds VALUES (?, ?, ?)", (feed, etag, modified))

    def close(self) -> None:
        self.db.close()


class Fetcher:
    """HTTP with manners: robots.txt, a pause per host, retries with backoff, timeouts, a cap."""

    def __init__(self, config: FetchConfig) -> None:
        import httpx

        self.config = config
        self.client = httpx.Client(headers={"User-Agent": USER_AGENT}, timeout=config.timeout_s, follow_redirects=True)
        self.robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self.last: dict[str, float] = {}

    def close(self) -> None:
        self.client.close()

    def _pause(self, host: str) -> None:
        wait = self.last.get(host, 0.0) + self.config.delay_s - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.last[host] = time.monotonic()

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
        if base not in self.robots:
            parser: urllib.robotparser.RobotFileParser | None = urllib.robotparser.RobotFileParser()
            try:
                self._pause(parts.netloc)
                answer = self.client.get(base + "/robots.txt")
                if answer.status_code >= 400:
                    parser = None  # no robots.txt: everything is allowed
                else:
                    assert parser is not None
                    parser.parse(answer.text.splitlines())
            except Exception:
                parser = None
            self.robots[base] = parser
        robots = self.robots[base]
        return robots is None or robots.can_fetch(USER_AGENT, url)

    def get(self, url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str], str]:
        """(status, body, headers, final url); raises InputError naming the url and the reason."""
        import httpx

        if not self.allowed(url):
            raise InputError(url, "robots.txt does not allow fetching it")
        host = urlsplit(url).netloc
        for attempt in range(self.config.retries + 1):
            self._pause(host)
            try:
                with self.client.stream("GET", url, headers=headers or {}) as answer:
                    if answer.status_code in (429, 503) and attempt < self.config.retries:
                        wait = _retry_after(answer.headers.get("Retry-After"), 2.0**attempt)
                        if wait > self.config.max_wait_s:
                            raise InputError(url, f"HTTP {answer.status_code}: asked to wait {wait:.0f} s")
                        time.sleep(wait)
                        continue
                    body = bytearray()
                    for chunk in answer.iter_bytes():
                        body.extend(chunk)
                        if len(body) > self.config.max_bytes:
                            raise InputError(url, f"larger than {self.config.max_bytes:,} bytes; not a news page")
                    return answer.status_code, bytes(body), dict(answer.headers), str(answer.url)
            except httpx.TimeoutException:
                raise InputError(url, f"no answer within {self.config.timeout_s:g} s") from None
            except httpx.HTTPError as exc:
                raise InputError(url, f"cannot be fetched ({type(exc).__name__}: {exc})") from None
        raise InputError(url, "still refused after retries (HTTP 429/503)")


def _retry_after(value: str | None, default: float) -> float:
    if value and value.strip().isdigit():
        return float(value.strip())
    return default


def fetch(config: FetchConfig) -> FetchResult:
    """Fetch every source into the inbox; what cannot be used is named with its reason."""
    result = FetchResult()
    config.into.mkdir(parents=True, exist_ok=True)
    store = Store(config.into / STORE)
    fetcher = Fetcher(config)
    try:
        for source in config.sources:
            try:
                for page in _pages(source, fetcher, store):
                    if isinstance(page, InputError):
                        result.failed.append((page.path, page.reason))
                    else:
                        _keep(page, store, config.into, result)
            except InputError as exc:
                result.failed.append((exc.path, exc.reason))
    finally:
        fetcher.close()
        store.close()
    return result


def _pages(source: str, fetcher: Fetcher, store: Store) -> Iterator[Page | InputError]:
    """The pages a source stands for: a saved page, a list of urls, a feed, or one article."""
    path = Path(source)
    if not re.match(r"https?://", source, re.IGNORECASE):
        if not path.is_file():
            raise InputError(source, "no such file (give a feed or article url, a saved .html page, or a file of urls)")
        data = path.read_bytes()
        if path.suffix.lower() in (".html", ".htm"):
            yield _extracted(decode_html(data, None), None, source)
            return
        for line in data.decode("utf-8", "replace").splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                yield from _pages(line.strip(), fetcher, store)
        return
    etag, modified = store.validators(source)
    headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", modified)) if v}
    status, body, answer, final = fetcher.get(source, headers)
    if status == 304:
        return  # the feed has not changed since the last fetch
    if status >= 400:
        raise InputError(source, f"HTTP {status}")
    kind = answer.get("content-type", "").split(";")[0].strip().lower()
    if kind.endswith(("rss+xml", "atom+xml", "/xml")) or body.lstrip()[:200].lower().startswith((b"<?xml", b"<rss", b"<feed")):
        import feedparser

        feed = feedparser.parse(body)
        if feed.entries:
            store.remember_feed(source, answer.get("etag"), answer.get("last-modified"))
            for entry in feed.entries:
                link = entry.get("link")
                if link:
                    yield _article(link, fetcher)
            return
    yield _page_from(source, status, body, answer, final)


def fetch_page(url: str, config: FetchConfig) -> Page:
    """One article page (`briefing translate URL`); InputError where it cannot be used."""
    fetcher = Fetcher(config)
    try:
        found = _article(url, fetcher)
    finally:
        fetcher.close()
    if isinstance(found, InputError):
        raise found
    return found


def _article(url: str, fetcher: Fetcher) -> Page | InputError:
    try:
        status, body, answer, final = fetcher.get(url)
        return _page_from(url, status, body, answer, final)
    except InputError as exc:
        return exc


def _page_from(url: str, status: int, body: bytes, answer: dict[str, str], final: str) -> Page | InputError:
    if status >= 400:
        return InputError(url, f"HTTP {status}")
    kind = answer.get("content-type", "").split(";")[0].strip().lower()
    if kind and kind not in ("text/html", "application/xhtml+xml"):
        return InputError(url, f"not a web page ({kind})")
    charset = re.search(r"charset=([\w-]+)", answer.get("content-type", ""))
    if final != url and re.search(r"consent|cookiewall|privacy-?gate|myprivacy", final, re.IGNORECASE):
        return InputError(url, "redirected to a consent or cookie wall (never bypassed)")
    return _extracted(decode_html(body, charset.group(1) if charset else None), final, url)


def _extracted(html: str, url: str | None, where: str) -> Page | InputError:
    try:
        return extract(html, url, where)
    except InputError as exc:
        return exc


def _keep(page: Page, store: Store, into: Path, result: FetchResult) -> None:
    digest = hashlib.sha256(" ".join(page.body.split()).encode()).hexdigest()
    if store.seen(page.url, digest):
        result.known += 1
        return
    day = (page.date or dt.date.today().isoformat())[:10]
    name = f"{day}-{slug(page.title.lower().replace(' ', '-'))[:60].strip('-') or 'artikel'}.md"
    path = into / name
    n = 2
    while path.exists():
        path = into / f"{name[:-3]}-{n}.md"
        n += 1
    fetched_at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    path.write_text(page_article_text(page, fetched_at), encoding="utf-8")
    store.add(page.url, digest, path.name)
    result.written.append(path)





