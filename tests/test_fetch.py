"""Getting news in, offline: a site on 127.0.0.1 serves pages in three site styles, a feed, and
every way a fetch can fail; feed → fetch → build gives the right titles, days and outlets."""

from __future__ import annotations

import contextlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from typer.testing import CliRunner

from briefing.build import BuildConfig, build
from briefing.cli.app import app
from briefing.ingest.fetch import FetchConfig, fetch
from briefing.testing import StandInTranslator
from briefing.translate.translator import TranslationConfig

pytest.importorskip("trafilatura")
runner = CliRunner()

PARAS_NOS = [
    "De Russische president Poetin is woensdag in de Noord-Koreaanse hoofdstad Pyongyang aangekomen voor een zeldzaam staatsbezoek. Hij werd op het vliegveld ontvangen door leider Kim Jong-un.",
    "Het is het eerste bezoek van Poetin aan Noord-Korea in 24 jaar. Volgens analisten gaat het de twee landen vooral om wapens en om steun tegen de westerse sancties.",
    '"Dit is een historische dag voor onze landen", zei Kim Jong-un bij de ontvangst. Poetin sprak van een nieuwe fase in de samenwerking.',
]
PARAS_VK = [
    "De twee grootste woningcorporaties van Twente gaan fuseren. Dat hebben de besturen dinsdag bekendgemaakt na maanden van overleg met huurders en gemeenten.",
    ",,Er is vanaf het begin met de huurders gepraat. Dat staat gewoon in de afspraken'', zegt bestuurder Wim Oosterman. De nieuwe corporatie krijgt ruim veertigduizend woningen.",
    "De huurdersbonden zijn minder enthousiast. Zij vrezen dat de afstand tot de bewoners groter wordt en dat kleine kernen het onderspit delven bij het onderhoud.",
]
PARAS_REGIO = [
    "Bij een grote brand in een loods aan de Industrieweg in Hoogezand is dinsdagnacht veel schade ontstaan. Niemand raakte gewond, maar het café ernaast is onbruikbaar.",
    "De brandweer rukte uit met zes wagens. ,,Het vuur was lastig te bestrijden door de wind'', zegt woordvoerder René Bakker. Omwonenden werd gevraagd ramen en deuren te sluiten.",
    "De eigenaar van het café, Hélène de Vries, hoopt over een paar weken weer open te gaan. De oorzaak van de brand wordt onderzocht.",
]


def page(title, paras, head="", site="", extra=""):
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (
        f"<html><head><title>{title} | {site}</title>{head}</head><body>"
        f"<nav><a href='/'>Home</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>{title}</h1>{body}<p>Lees ook: Tien vragen over het bezoek</p>{extra}</article>"
        f"<aside>Advertentie</aside><footer>Deze website gebruikt cookies. Deel dit artikel.</footer></body></html>"
    )


NOS = page("Poetin aangekomen in Pyongyang", PARAS_NOS, site="NOS",
           head='<meta property="og:site_name" content="NOS"><meta property="article:published_time" content="2024-06-19T10:00:00+02:00">')
VK = page("Woningcorporaties in Twente fuseren", PARAS_VK, site="de Volkskrant", head=(
    '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
    '"headline":"Woningcorporaties in Twente fuseren","datePublished":"2024-06-18T09:00:00+02:00",'
    '"author":{"@type":"Person","name":"Els Jansen"},"publisher":{"@type":"Organization","name":"de Volkskrant"}}</script>'
    '<meta property="og:site_name" content="de Volkskrant">'))
REGIO = page("Grote brand in loods Hoogezand", PARAS_REGIO, site="Dagblad van het Noorden",
             head='<meta charset="iso-8859-1"><meta property="og:site_name" content="Dagblad van het Noorden">'
                  '<meta property="article:published_time" content="2024-06-17T08:00:00+02:00">')
TEASER = page("Alleen voor abonnees", ["Het college wil de parkeertarieven verhogen."], site="Krant")
CONSENT = "<html><body><h1>Wij vragen uw toestemming</h1><p>Wij en onze partners gebruiken cookies. Akkoord?</p></body></html>"


class Site(BaseHTTPRequestHandler):
    routes: ClassVar[dict] = {}
    hits: ClassVar[dict] = {}

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        path = self.path.split("?")[0]
        Site.hits[path] = Site.hits.get(path, 0) + 1
        handler = Site.routes.get(path)
        if handler is None:
            self.send_response(404)
            self.end_headers()
            self.wfile.write(b"not found")
            return
        status, headers, body = handler(self)
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if body:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a client that gave up
                self.wfile.write(body)


def html(text, charset="utf-8"):
    return lambda h: (200, {"Content-Type": f"text/html; charset={charset}"}, text.encode(charset))


@pytest.fixture
def site():
    base_holder = {}

    def feed(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return 304, {}, b""
        b = base_holder["base"]
        items = "".join(f"<item><title>x</title><link>{b}{p}?utm_source=rss</link></item>" for p in (
            "/nos/poetin.html", "/vk/fusie.html", "/regio/brand.html", "/consent", "/missing.html",
            "/private/geheim.html", "/limited.html", "/teaser.html", "/slow.html", "/huge.html", "/feed-image.png"))
        rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Nieuws</title>{items}</channel></rss>'
        return 200, {"Content-Type": "application/rss+xml", "ETag": '"v1"'}, rss.encode()

    def limited(handler):
        if Site.hits["/limited.html"] == 1:
            return 429, {"Retry-After": "1"}, b""
        return html(page("Tweede Kamer stemt over stikstof", PARAS_VK[::-1], site="NU.nl",
                         head='<meta property="og:site_name" content="NU.nl">'))(handler)

    def slow(handler):
        time.sleep(2.5)
        return html(NOS)(handler)

    Site.hits = {}
    Site.routes = {
        "/feed.xml": feed,
        "/nos/poetin.html": html(NOS),
        "/vk/fusie.html": html(VK),
        "/regio/brand.html": html(REGIO, "iso-8859-1"),
        "/consent": lambda h: (302, {"Location": "/consent-wall?return=/x"}, b""),
        "/consent-wall": html(CONSENT),
        "/private/geheim.html": html(NOS),
        "/robots.txt": lambda h: (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
        "/limited.html": limited,
        "/teaser.html": html(TEASER),
        "/slow.html": slow,
        "/huge.html": lambda h: (200, {"Content-Type": "text/html"}, b"<p>" + b"x" * 400_000 + b"</p>"),
        "/feed-image.png": lambda h: (200, {"Content-Type": "image/png"}, b"\x89PNG...."),
    }
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.daemon_threads = True
    base_holder["base"] = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base_holder["base"]
    server.shutdown()
    server.server_close()


def config(sources, into):
    return FetchConfig(sources, into, timeout_s=1.0, delay_s=0.0, max_bytes=200_000, max_wait_s=5)


def test_a_feed_becomes_an_inbox_and_every_unusable_page_is_named(site, tmp_path):
    result = fetch(config([f"{site}/feed.xml"], tmp_path / "inbox"))
    names = sorted(p.name for p in result.written)
    assert names == ["2024-06-17-grote-brand-in-loods-hoogezand.md", "2024-06-18-woningcorporaties-in-twente-fuseren.md",
                     "2024-06-19-poetin-aangekomen-in-pyongyang.md", names[3]] and len(names) == 4
    reasons = {url.split("/")[-1].split("?")[0]: reason for url, reason in result.failed}
    assert "consent" in reasons["consent"]
    assert reasons["missing.html"] == "HTTP 404"
    assert "robots.txt" in reasons["geheim.html"]
    assert "paywall teaser" in reasons["teaser.html"]
    assert "no answer within" in reasons["slow.html"]
    assert "larger than" in reasons["huge.html"]
    assert "not a web page" in reasons["feed-image.png"]
    assert Site.hits["/limited.html"] == 2  # a 429 with Retry-After, then the page
    vk = (tmp_path / "inbox" / "2024-06-18-woningcorporaties-in-twente-fuseren.md").read_text()
    assert "source: de volkskrant" in vk.lower() and "url: http://127.0.0.1" in vk and "utm_source" not in vk
    assert "Lees ook" not in vk and "cookies" not in vk and "Advertentie" not in vk


def test_a_second_fetch_writes_nothing(site, tmp_path):
    fetch(config([f"{site}/feed.xml"], tmp_path / "inbox"))
    again = fetch(config([f"{site}/feed.xml", f"{site}/nos/poetin.html"], tmp_path / "inbox"))
    # Items failed, so the feed is read again (no 304): the four articles it gave are known
    # without a download, the seven rejected ones wait for their next try and are not
    # reported again; the article named by its url is known too.
    assert again.written == [] and again.failed == [] and (again.known, again.waiting) == (5, 7)
    assert Site.hits["/nos/poetin.html"] == Site.hits["/vk/fusie.html"] == 1


def test_feed_fetch_build_gives_titles_days_outlets_and_clean_paragraphs(site, tmp_path):
    fetch(config([f"{site}/feed.xml"], tmp_path / "inbox"))
    result = build(BuildConfig(inputs=[str(tmp_path / "inbox")], out_dir=tmp_path / "out", formats=("json",),
                               translation=TranslationConfig(use_memory=False)), translator=StandInTranslator())
    articles = {a["title"]["nl"]: a for g in result.briefing["groups"] for a in g["articles"]}
    regio = articles["Grote brand in loods Hoogezand"]
    assert (regio["date"], regio["source"]) == ("2024-06-17", "Dagblad van het Noorden")
    text = " ".join(s["nl"] for p in regio["paragraphs"] for s in p["sentences"])
    assert "café" in text and "René Bakker" in text and "Hélène" in text  # ISO-8859-1 intact
    assert "Lees ook" not in text and "cookies" not in text
    assert articles["Poetin aangekomen in Pyongyang"]["source"] == "NOS"
    assert articles["Woningcorporaties in Twente fuseren"]["url"].startswith("http://127.0.0.1")
    quotes = [q for a in articles.values() for q in a["quotes"] if q["key"]]
    assert any(q["speaker"] == "Wim Oosterman" for q in quotes)


def test_a_saved_page_given_to_build_becomes_its_article(tmp_path):
    (tmp_path / "opgeslagen.html").write_text(NOS, encoding="utf-8")
    result = build(BuildConfig(inputs=[str(tmp_path / "opgeslagen.html")], out_dir=tmp_path / "out", formats=("json",),
                               translation=TranslationConfig(use_memory=False)), translator=StandInTranslator())
    (article,) = result.briefing["groups"][0]["articles"]
    assert (article["title"]["nl"], article["date"], article["source"]) == ("Poetin aangekomen in Pyongyang", "2024-06-19", "NOS")
    assert article["counts"]["sentences_in"] >= 6


def test_the_cli_names_failures_and_exits_3_and_reads_feeds_from_briefing_toml(site, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefing.toml").write_text(f'[fetch]\nfeeds = ["{site}/feed.xml"]\ninbox = "postvak"\n')
    result = runner.invoke(app, ["fetch", "--timeout", "1", "--delay", "0", "--max-bytes", "200000"])
    assert result.exit_code == 3, result.output
    assert "rejected: " in result.stderr and "HTTP 404" in result.stderr
    assert "4 articles written to postvak" in result.stdout
    assert len(list((tmp_path / "postvak").glob("*.md"))) == 4


def test_week_last_and_a_topic_choose_the_articles(tmp_path):
    import datetime as dt

    from briefing.build import iso_week

    assert iso_week("last", dt.date(2024, 6, 26)) == (dt.date(2024, 6, 17), dt.date(2024, 6, 23))
    assert iso_week("this", dt.date(2024, 6, 26)) == (dt.date(2024, 6, 24), dt.date(2024, 6, 30))
    for name, text in {"a.txt": "Kim Jong-un ontving Poetin.", "b.txt": "De gemeente verhoogt de tarieven."}.items():
        (tmp_path / name).write_text(f" date 2024-06-18 {text}", encoding="utf-8")
    result = build(BuildConfig(inputs=[str(tmp_path)], out_dir=tmp_path / "out", formats=("json", "md"), topic=("noord-korea", "kim jong-un"),
                               translation=TranslationConfig(use_memory=False)), translator=StandInTranslator())
    assert [a["name"] for g in result.briefing["groups"] for a in g["articles"]] == ["a.txt"]
    assert result.briefing["topic"] == ["noord-korea", "kim jong-un"] and "Topic: noord-korea" in (tmp_path / "out" / "briefing.md").read_text()


def test_translate_takes_a_url(site, tiny_model, tmp_path):
    result = runner.invoke(app, ["translate", f"{site}/nos/poetin.html", "--model", str(tiny_model), "--no-memory"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.strip().split("\n\n")) == 4  # the headline and three paragraphs
