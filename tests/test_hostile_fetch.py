"""`briefing fetch` against a hostile web and a hostile disk (issue 22, round 3): every case gives
the right result or one clear line; no traceback, no hang, nothing lost, no password shown.
Servers run on 127.0.0.1, started and stopped by the tests; deadlines are small."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.build import BuildConfig, build
from briefing.cli.app import app
from briefing.errors import BriefingError, UsageError
from briefing.ingest.articles import parse_article, read_article
from briefing.ingest.fetch import STORE, FetchConfig, fetch, fetch_page, inbox_slug
from briefing.testing import StandInTranslator
from briefing.translate.translator import TranslationConfig

pytest.importorskip("trafilatura")
runner = CliRunner()

PARAS = [
    "De gemeenteraad van Zwolle heeft dinsdagavond ingestemd met het plan voor een nieuw zwembad aan de rand van de stad. Het bad moet in 2027 open gaan.",
    "Wethouder Karin de Boer sprak van een belangrijke dag voor de sporters in de stad. De oppositie vreest dat de kosten verder oplopen dan de begrote twintig miljoen euro.",
    "Het oude zwembad in het centrum gaat dicht zodra het nieuwe bad klaar is. Wat er met het gebouw gebeurt, is nog niet bekend.",
]


def article_html(title: str, paras: list[str], head: str = "", lead_markup: bool = False) -> bytes:
    body = "".join(f"<p>{'<strong>' + p + '</strong>' if lead_markup and i == 0 else p}</p>" for i, p in enumerate(paras))
    return (f"<html><head><title>{title}</title><meta property='article:published_time' content='2024-06-18T10:00:00+02:00'>"
            f"{head}</head><body><article><h1>{title}</h1>{body}</article></body></html>").encode()


def variant(n: int) -> list[str]:
    """Three paragraphs of their own for article n (the store tells articles apart by text)."""
    return [f"{p} Dit is bericht nummer {n}." for p in PARAS]


Route = Callable[[BaseHTTPRequestHandler], tuple[int, dict[str, str], bytes] | None]


class Server:
    """A site on 127.0.0.1: routes by path, hit counts, and a stop for handlers that drip."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.stop = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                outer.hits[path] = outer.hits.get(path, 0) + 1
                route = outer.routes.get(path)
                answer = route(self) if route else (404, {}, b"not found")
                if answer is None:
                    return  # the route answered itself
                status, headers, body = answer
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                with contextlib.suppress(OSError):
                    self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def page(self, path: str, body: bytes, headers: dict[str, str] | None = None) -> str:
        self.routes[path] = lambda h: (200, {"Content-Type": "text/html; charset=utf-8", **(headers or {})}, body)
        return self.base + path

    def close(self) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    site = Server()
    yield site
    site.close()


def cfg(sources: list[str], into: Path, **kw: object) -> FetchConfig:
    base: dict = {"timeout_s": 1.0, "delay_s": 0.0, "max_bytes": 300_000, "max_wait_s": 2, "retries": 1}
    base.update(kw)
    return FetchConfig(sources, into, **base)


def drip(site: Server, headers_first: bool = True) -> Route:
    """An answer that never ends: a byte every 0.2 s until the client goes."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        with contextlib.suppress(OSError):
            if headers_first:
                handler.send_response(200)
                handler.send_header("Content-Type", "text/html")
                handler.end_headers()
            else:
                handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
            while not site.stop.is_set():
                handler.wfile.write(b"x" if headers_first else b"X-Slow: 1\r\n")
                handler.wfile.flush()
                time.sleep(0.2)
        return None

    return route


# --- news lost or wrong on the way in ----------------------------------------------------------


def test_a_url_list_goes_on_past_a_failure(server, tmp_path):
    urls = [server.page(f"/a{n}.html", article_html(f"Bericht {n}", variant(n))) for n in (1, 2, 3)]
    (tmp_path / "urls.txt").write_text(f"{urls[0]}\n{server.base}/missing.html\n{urls[1]}\n{urls[2]}\n")
    result = fetch(cfg([str(tmp_path / "urls.txt")], tmp_path / "inbox"))
    assert len(result.written) == 3
    assert result.failed == [(f"{server.base}/missing.html", "HTTP 404")]


def feed_of(site: Server, paths: list[str], etag: str = '"v1"') -> None:
    def route(handler: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
        if handler.headers.get("If-None-Match") == etag:
            return 304, {}, b""
        items = "".join(f"<item><title>x</title><link>{site.base}{p}</link></item>" for p in paths)
        return 200, {"Content-Type": "application/rss+xml", "ETag": etag}, f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()

    site.routes["/feed.xml"] = route


def test_a_feed_item_that_failed_once_is_tried_again_and_reported_once(server, tmp_path):
    feed_of(server, ["/a1.html", "/flaky.html"])
    server.page("/a1.html", article_html("Bericht 1", variant(1)))
    state = {"ok": False}
    good = article_html("Bericht 2", variant(2))
    server.routes["/flaky.html"] = lambda h: (200, {"Content-Type": "text/html"}, good) if state["ok"] else (500, {}, b"")
    first = fetch(cfg([f"{server.base}/feed.xml"], tmp_path / "inbox", retry_after_s=3600))
    assert len(first.written) == 1 and [r for _, r in first.failed] == ["HTTP 500"]
    # Not due yet: not downloaded, not reported again (a weekly job does not exit 3 for ever).
    again = fetch(cfg([f"{server.base}/feed.xml"], tmp_path / "inbox", retry_after_s=3600))
    assert again.failed == [] and again.waiting == 1 and server.hits["/flaky.html"] == 1
    assert server.hits["/a1.html"] == 1  # known: skipped before download
    # Due (a pause of 0), still failing: tried, not reported a second time.
    third = fetch(cfg([f"{server.base}/feed.xml"], tmp_path / "inbox", retry_after_s=0))
    assert third.failed == [] and len(third.retried) == 1 and server.hits["/flaky.html"] == 2
    state["ok"] = True
    fourth = fetch(cfg([f"{server.base}/feed.xml"], tmp_path / "inbox", retry_after_s=0))
    assert [p.name for p in fourth.written] == ["2024-06-18-bericht-2.md"]
    # Every item in: now the feed's ETag is kept and the next run is one 304.
    fifth = fetch(cfg([f"{server.base}/feed.xml"], tmp_path / "inbox"))
    assert fifth.written == [] and fifth.known == 0 and server.hits["/a1.html"] == 1


def test_a_crash_mid_feed_loses_nothing(server, tmp_path, monkeypatch):
    from briefing.ingest import fetch as fetch_module
    feed_of(server, [f"/a{n}.html" for n in (1, 2, 3)])
    for n in (1, 2, 3):
        server.page(f"/a{n}.html", article_html(f"Bericht {n}", variant(n)))
    real_keep = fetch_module._Run.keep
    calls = {"n": 0}

    def crashing_keep(self, *args):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # kill in the middle of the feed
        return real_keep(self, *args)

    monkeypatch.setattr(fetch_module._Run, "keep", crashing_keep)
    with pytest.raises(KeyboardInterrupt):
        fetch(cfg([f"{server.base}/feed.xml"], tmp_path / "inbox"))
    monkeypatch.setattr(fetch_module._Run, "keep", real_keep)
    again = fetch(cfg([f"{server.base}/feed.xml"], tmp_path / "inbox"))
    assert sorted(p.name for p in (tmp_path / "inbox").glob("*.md")) == [f"2024-06-18-bericht-{n}.md" for n in (1, 2, 3)]
    assert again.known == 1 and len(again.written) == 2


def test_a_failed_write_leaves_no_file_and_the_rerun_takes_the_name(server, tmp_path, monkeypatch):
    from briefing.ingest import fetch as fetch_module
    url = server.page("/a1.html", article_html("Bericht 1", variant(1)))
    inbox = tmp_path / "inbox"

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fetch_module.os, "replace", full_disk)
    with pytest.raises(BriefingError, match="No space left on device"):
        fetch(cfg([url], inbox))
    assert [p.name for p in inbox.iterdir()] == [STORE]  # no .md, no temporary file
    monkeypatch.undo()
    # What an older version's kill -9 left: an empty .md the store does not know, a temporary file.
    (inbox / "2024-06-18-bericht-1.md").write_bytes(b"")
    (inbox / ".fetch-abc.tmp").write_text("half")
    result = fetch(cfg([url], inbox))
    assert [p.name for p in result.written] == ["2024-06-18-bericht-1.md"]
    assert sorted(p.name for p in inbox.iterdir()) == [STORE, "2024-06-18-bericht-1.md"]
    assert read_article(inbox / "2024-06-18-bericht-1.md").title == "Bericht 1"
    # A kill between the rename and the store's commit: the file is there, the store forgot it.
    # The rerun takes the file back, no `-2` copy.
    with sqlite3.connect(inbox / STORE) as db:
        db.execute("DELETE FROM articles")
    db.close()
    again = fetch(cfg([url], inbox))
    assert [p.name for p in again.written] == ["2024-06-18-bericht-1.md"]
    assert sorted(p.name for p in inbox.iterdir()) == [STORE, "2024-06-18-bericht-1.md"]


COOKIE_FINE = [
    "De Autoriteit Persoonsgegevens heeft een webwinkel uit Utrecht een boete van 600.000 euro opgelegd. Het bedrijf plaatste cookies bij bezoekers zonder hun toestemming.",
    "Volgens de toezichthouder volgde de winkel met die cookies het surfgedrag van miljoenen mensen. De privacy van klanten werd daarmee geschonden, zegt de AP. Ook partners van de winkel kregen de gegevens.",
    "De webwinkel zegt de cookiebanner inmiddels te hebben aangepast. Het bedrijf gaat in beroep tegen de boete, die volgens de directie veel te hoog is. De uitspraak van de rechter wordt volgend jaar verwacht.",
    "Het is de hoogste boete die de AP dit jaar voor cookies oplegde. Eerder kregen een sportbond en een reisbureau een boete voor het plaatsen van cookies zonder toestemming.",
]


def test_an_article_about_a_cookie_fine_and_a_short_item_are_kept(server, tmp_path):
    fine = server.page("/boete.html", article_html("Webwinkel krijgt boete om cookies", COOKIE_FINE))
    short = ["Bij een brand in Hoogezand is niemand gewond geraakt.", "De brandweer was snel ter plaatse.",
             "Een loods brandde volledig uit. De oorzaak wordt onderzocht door de politie, meldt een woordvoerder. Omwonenden kregen een NL-Alert."]
    item = server.page("/kort.html", article_html("Brand in loods", short))
    wall = server.page("/wall.html", b"<html><body><h1>Wij vragen uw toestemming</h1><p>Wij en onze partners gebruiken cookies "
                       b"en vergelijkbare technieken. Klik op Akkoord om cookies te accepteren, of wijzig uw instellingen. "
                       b"U kunt uw toestemming altijd intrekken via privacy.</p></body></html>")
    teaser = server.page("/teaser.html", article_html("Plan", ["Het college wil de parkeertarieven verhogen."]))
    result = fetch(cfg([fine, item, wall, teaser], tmp_path / "inbox"))
    assert sorted(p.name for p in result.written) == ["2024-06-18-brand-in-loods.md", "2024-06-18-webwinkel-krijgt-boete-om-cookies.md"]
    reasons = {url.rsplit("/", 1)[1]: reason for url, reason in result.failed}
    assert "consent" in reasons["wall.html"] and "--min-chars" in reasons["teaser.html"]
    kept = fetch(cfg([teaser], tmp_path / "inbox2", min_chars=0))
    assert len(kept.written) == 1  # a way to keep it


def test_a_canonical_link_to_another_page_does_not_make_that_page_known(server, tmp_path):
    b_url = f"{server.base}/b.html"
    a_url = server.page("/a.html", article_html("Bericht A", variant(1), head=f"<link rel='canonical' href='{b_url}'>"))
    server.page("/b.html", article_html("Bericht B", variant(2)))
    first = fetch(cfg([a_url], tmp_path / "inbox"))
    second = fetch(cfg([b_url], tmp_path / "inbox"))
    assert len(first.written) == 1 and [p.name for p in second.written] == ["2024-06-18-bericht-b.md"]


def test_a_redirect_asks_the_other_hosts_robots_txt_and_a_bare_304_is_named(server, tmp_path):
    other = Server()
    try:
        other.routes["/robots.txt"] = lambda h: (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /\n")
        other.page("/geheim.html", article_html("Geheim", variant(1)))
        server.routes["/go"] = lambda h: (302, {"Location": f"{other.base}/geheim.html"}, b"")
        server.routes["/same"] = lambda h: (304, {}, b"")
        result = fetch(cfg([f"{server.base}/go", f"{server.base}/same"], tmp_path / "inbox"))
        reasons = dict(result.failed)
        assert "robots.txt" in reasons[f"{server.base}/go"] and other.base in reasons[f"{server.base}/go"]
        assert other.hits.get("/geheim.html") is None
        assert "HTTP 304" in reasons[f"{server.base}/same"]
    finally:
        other.close()


def test_markdown_is_read_as_markdown_and_the_fetched_lead_has_no_asterisks(server, tmp_path):
    url = server.page("/a1.html", article_html("Bericht 1", ["Een *ster* en [haak] en &lt;b&gt; &amp;amp;", *variant(1)], lead_markup=True,
                                               head="<meta name='author' content='Els Jansen'>"))
    inbox = tmp_path / "inbox"
    fetch(cfg([url], inbox))
    (written,) = inbox.glob("*.md")
    assert "author: Els Jansen" in written.read_text()
    article = read_article(written)
    texts = [b.text for b in article.blocks]
    assert texts[0] == "Een *ster* en [haak] en <b> &amp;" and not any("**" in t for t in texts)
    assert article.author == "Els Jansen" and article.title == "Bericht 1"
    (inbox / "hand.md").write_text("---\ndate: 2024-06-18\n---\n\n# Een kop\n\nTekst met **vet** en _schuin_ en [een link](http://x.nl).\n\n- een\n- twee\n\n"
                                   "1986. Dat jaar won Nederland.\n")
    hand = read_article(inbox / "hand.md")
    assert hand.title == "Een kop"
    assert [b.text for b in hand.blocks] == ["Tekst met vet en schuin en een link.", "een", "twee", "1986. Dat jaar won Nederland."]
    result = build(BuildConfig(inputs=[str(inbox)], out_dir=tmp_path / "out", formats=("json",),
                               translation=TranslationConfig(use_memory=False)), translator=StandInTranslator())
    assert "**" not in str(result.briefing) and "Els Jansen" not in str(result.briefing["groups"][0]["articles"][0]["title"])
    (tmp_path / "plain.txt").write_text("date: 2024-06-18\n\nTekst met **vet**.\n")
    assert [b.text for b in read_article(tmp_path / "plain.txt").blocks] == ["Tekst met **vet**."]  # .txt as it was


def test_a_hostile_markdown_file_is_read_in_seconds():
    started = time.monotonic()
    for shape in ("[" * 100_000, "*a*" * 40_000, "- " * 50_000 + "a", "=\n" * 50_000, "a\n\n" * 60_000, "<a>" * 40_000):
        parse_article("x.md", "date: 2024-06-18\n\n" + shape, markdown=True)
    assert time.monotonic() - started < 30


# --- resources without bounds ------------------------------------------------------------------


def test_a_huge_robots_txt_is_read_only_to_its_cap(server, tmp_path):
    def endless(handler: BaseHTTPRequestHandler) -> None:
        """A robots.txt without end (gigabytes at full speed), until the client goes."""
        with contextlib.suppress(OSError):
            handler.send_response(200)
            handler.send_header("Content-Type", "text/plain")
            handler.end_headers()
            handler.wfile.write(b"User-agent: *\nDisallow: /private/\n")
            for _ in range(10_000):  # 1 GB at most, should a client read on
                if server.stop.is_set():
                    break
                handler.wfile.write(b"# padding\n" * 10_000)

    server.routes["/robots.txt"] = endless
    ok = server.page("/ok.html", article_html("Bericht 1", variant(1)))
    private = server.page("/private/x.html", article_html("Bericht 2", variant(2)))
    result = fetch(cfg([ok, private], tmp_path / "inbox"))
    assert len(result.written) == 1 and "robots.txt" in dict(result.failed)[private]


@pytest.mark.parametrize("path", ["/drip.html", "/robots.txt", "/headers.html"])
def test_a_dripping_server_meets_the_deadline(server, tmp_path, path):
    server.routes[path] = drip(server, headers_first=path != "/headers.html")
    url = server.page("/a.html", article_html("Bericht 1", variant(1))) if path == "/robots.txt" else server.base + path
    started = time.monotonic()
    result = fetch(cfg([url], tmp_path / "inbox", timeout_s=1.0))
    assert time.monotonic() - started < 5
    assert "within 1 s" in result.failed[0][1]


def test_translate_url_meets_the_deadline(server):
    server.routes["/drip.html"] = drip(server)
    started = time.monotonic()
    with pytest.raises(BriefingError, match="within 1 s"):
        fetch_page(f"{server.base}/drip.html", FetchConfig([], Path("."), timeout_s=1.0, delay_s=0))
    assert time.monotonic() - started < 5


def test_large_saved_pages_and_url_lists_are_refused_unread(tmp_path):
    (tmp_path / "groot.html").write_bytes(b"<p>" + b"x" * 400_000 + b"</p>")
    (tmp_path / "urls.txt").write_bytes(b"http://127.0.0.1:9/x\n" * 60_000)
    result = fetch(cfg([str(tmp_path / "groot.html"), str(tmp_path / "urls.txt")], tmp_path / "inbox", max_bytes=300_000))
    reasons = [reason for _, reason in result.failed]
    assert "larger than 300,000 bytes" in reasons[0] and "larger than 1,000,000 bytes" in reasons[1]


def test_url_lists_naming_each_other_are_read_once(server, tmp_path):
    url = server.page("/a1.html", article_html("Bericht 1", variant(1)))
    (tmp_path / "zelf.txt").write_text(f"{url}\nzelf.txt\n")
    (tmp_path / "a.txt").write_text("b.txt\n")
    (tmp_path / "b.txt").write_text("a.txt\n")
    os.chdir(tmp_path)
    try:
        result = fetch(cfg(["zelf.txt", "a.txt"], tmp_path / "inbox"))
    finally:
        os.chdir(Path(__file__).parent.parent)
    assert len(result.written) == 1 and server.hits["/a1.html"] == 1
    assert [p for p, r in result.failed if "names itself" in r] == ["zelf.txt", "a.txt"]


def test_a_feed_of_many_items_is_cut_and_says_so(server, tmp_path):
    feed_of(server, [f"/a{n}.html" for n in range(1, 251)])
    for n in range(1, 4):
        server.page(f"/a{n}.html", article_html(f"Bericht {n}", variant(n)))
    result = fetch(cfg([f"{server.base}/feed.xml"], tmp_path / "inbox", max_items=3))
    assert len(result.written) == 3 and result.failed == []
    assert result.notes == [f"{server.base}/feed.xml: 250 items; the first 3 were taken (--max-items raises the limit)"]


# --- secrets -----------------------------------------------------------------------------------


def test_a_password_in_a_url_is_shown_and_stored_nowhere(server, tmp_path):
    server.page("/a1.html", article_html("Bericht 1", variant(1)))
    host = server.base.removeprefix("http://")
    inbox = tmp_path / "inbox"
    result = fetch(cfg([f"http://kim:geheim@{host}/a1.html", f"http://kim:geheim@{host}/missing.html"], inbox))
    assert len(result.written) == 1 and "geheim" not in str(result.failed)
    assert "geheim" not in result.written[0].read_text()
    assert b"geheim" not in (inbox / STORE).read_bytes()
    old = parse_article("old.md", f"---\ndate: 2024-06-18\nurl: http://kim:geheim@{host}/a1.html\n---\n\nTekst.", markdown=True)
    assert old.url == f"http://{host}/a1.html"


# --- one line instead of a traceback ------------------------------------------------------------


def test_broken_urls_and_a_long_name_are_one_line_each_and_the_rest_goes_on(server, tmp_path):
    url = server.page("/a1.html", article_html("Bericht 1", variant(1)))
    long_name = "x" * 300
    result = fetch(cfg(["http://[::1", "http://xn--a.xn--/x", long_name, url, "ftp://127.0.0.1/x"], tmp_path / "inbox"))
    assert len(result.written) == 1
    reasons = [reason for _, reason in result.failed]
    assert reasons[0].startswith("not a valid url") and reasons[1].startswith("not a valid url")
    assert "File name too long" in reasons[2] and len(result.failed[2][0]) <= 200
    assert reasons[3].startswith("not a web address")


@pytest.mark.parametrize("damage", ["garbage", "schema", "folder"])
def test_a_damaged_store_is_one_error(server, tmp_path, damage):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    store = inbox / STORE
    if damage == "garbage":
        store.write_bytes(b"this is not a database" * 100)
    elif damage == "schema":
        with sqlite3.connect(store) as db:
            db.execute("CREATE TABLE articles (x TEXT)")
    else:
        store.mkdir()
    result = runner.invoke(app, ["fetch", server.page("/a1.html", article_html("Bericht 1", variant(1))), "--into", str(inbox)])
    assert result.exit_code == 1 and result.stderr.startswith("Error: fetch store") and "Traceback" not in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files")
def test_a_read_only_store_is_one_error(server, tmp_path):
    inbox = tmp_path / "inbox"
    fetch(cfg([server.page("/a1.html", article_html("Bericht 1", variant(1)))], inbox))
    (inbox / STORE).chmod(0o444)
    result = runner.invoke(app, ["fetch", server.page("/a2.html", article_html("Bericht 2", variant(2))), "--into", str(inbox)])
    assert result.exit_code == 1 and result.stderr.startswith("Error: fetch store")


@pytest.mark.parametrize("args", [["--into", "{file}"], ["--into", "/dev/null"], ["--into", "{file}/onder"],
                                  ["--timeout", "nan"], ["--delay", "inf"], ["--timeout", "0"], ["--max-items", "0"]])
def test_bad_options_are_one_error(tmp_path, args):
    (tmp_path / "f.txt").write_text("x")
    args = [a.replace("{file}", str(tmp_path / "f.txt")) for a in args]
    result = runner.invoke(app, ["fetch", "http://127.0.0.1:9/x", *args] + ([] if "--into" in args else ["--into", str(tmp_path / "in")]))
    assert result.exit_code in (1, 2) and result.stderr.startswith("Error: ") and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_fetch_config_limits_are_checked():
    with pytest.raises(UsageError):
        fetch(FetchConfig([], Path("."), timeout_s=float("nan")))


# --- inbox names and the author ------------------------------------------------------------------


def test_inbox_names_are_consistent(server, tmp_path):
    assert inbox_slug("Kabinet -- na  lang overleg -- akkoord") == "kabinet-na-lang-overleg-akkoord"
    long = inbox_slug("Een heel lange kop over de onderhandelingen tussen het kabinet en de oppositie over de begroting")
    assert len(long) <= 60 and long == "een-heel-lange-kop-over-de-onderhandelingen-tussen-het"
    assert inbox_slug("Oekraïne: één café") == "oekraine-een-cafe" and inbox_slug("!!!") == "artikel"
    one = server.page("/a1.html", article_html("Zelfde kop", variant(1)))
    two = server.page("/a2.html", article_html("Zelfde kop", variant(2)))
    names = [p.name for p in fetch(cfg([one, two], tmp_path / "inbox")).written]
    assert names[0] == "2024-06-18-zelfde-kop.md" and names[1].startswith("2024-06-18-zelfde-kop-") and len(names[1]) == len(names[0]) + 7
