"""The translation desk's API, through a real uvicorn on 127.0.0.1: the LibreTranslate client,
raw JSON and form posts, the briefing's article record, limits and errors, 8 clients at once, a
clean stop."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
from pathlib import Path

import httpx
import pytest
from test_desk_support import ARTICLE_PAGE, GatedTranslator, loopback_site, running_desk

from briefing.document import English
from briefing.errors import InputError
from briefing.translate.memory import HumanUnit, TranslationMemory

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

ARTICLE = (
    "Poetin in Pyongyang\n\n"
    "De Russische president Vladimir Poetin is dinsdag in Noord-Korea aangekomen. "
    '"We zullen onze samenwerking uitbreiden", zei Poetin bij aankomst. '
    "Het is zijn eerste bezoek in 24 jaar.\n\n"
    "Kim Jong-un ontving hem op het vliegveld. Het Westen maakt zich zorgen."
)


@pytest.fixture(scope="module")
def desk():
    with running_desk(char_limit=5000, batch_limit=4, max_body_bytes=200_000) as running:
        yield running


@pytest.fixture
def client(desk):
    with httpx.Client(base_url=desk.url, timeout=30) as c:
        yield c


# --- LibreTranslate compatibility ------------------------------------------------------------------


def test_libretranslate_client_with_the_tiny_model(tiny_model):
    from libretranslatepy import LibreTranslateAPI

    with running_desk(model=tiny_model) as running:
        lt = LibreTranslateAPI(running.url)
        assert {"code": "nl", "name": "Dutch", "targets": ["en"]} in lt.languages()
        english = lt.translate("De president is in Noord-Korea. Hij blijft twee dagen.", "nl", "en")
        assert isinstance(english, str) and english.strip()
        detected = lt.detect("De president is vandaag in het land aangekomen.")
        assert detected[0]["language"] == "nl"
        # The same sentence twice: both answered, the engine is not asked twice for it.
        again = lt.translate("De president is in Noord-Korea. Hij blijft twee dagen.", "nl", "en")
        assert again == english


def test_json_string_and_list_keep_lines(client):
    r = client.post("/translate", json={"q": "Een zin. Nog een.\n\nTweede alinea.", "source": "nl", "target": "en"})
    assert r.status_code == 200
    assert r.json() == {"translatedText": "[en] Een zin. [en] Nog een.\n\n[en] Tweede alinea."}
    r = client.post("/translate", json={"q": ["Een.", "Twee."], "source": "nl", "target": "en"})
    assert r.json() == {"translatedText": ["[en] Een.", "[en] Twee."]}


def test_form_posts_urlencoded_and_multipart(client):
    r = client.post("/translate", data={"q": "Goedemorgen.", "source": "nl", "target": "en"})
    assert r.json() == {"translatedText": "[en] Goedemorgen."}
    r = client.post("/translate", data={"q": "Goedemorgen.", "source": "nl", "target": "en"}, files={"unused": ("x.txt", b"")})
    assert r.json() == {"translatedText": "[en] Goedemorgen."}


def test_auto_source_reports_the_language(client):
    r = client.post("/translate", json={"q": "Het kabinet is gevallen over de asielwet.", "source": "auto", "target": "en"})
    body = r.json()
    assert body["detectedLanguage"]["language"] == "nl"
    assert body["translatedText"].startswith("[en] ")
    # English in, with auto: sent back as it was (nothing to translate), and said so.
    r = client.post("/translate", json={"q": "The government fell over the asylum law.", "source": "auto", "target": "en"})
    assert r.json() == {"translatedText": "The government fell over the asylum law.",
                        "detectedLanguage": {"language": "en", "confidence": r.json()["detectedLanguage"]["confidence"]}}


def test_html_format_keeps_tags_and_escapes_text(client):
    q = '<p class="lead">De minister <b>zegt</b> nee.</p><script>var x = "niet vertalen";</script><p>A &lt; B.</p><i>12:30</i>'
    r = client.post("/translate", json={"q": q, "source": "nl", "target": "en", "format": "html"})
    out = r.json()["translatedText"]
    assert out.startswith('<p class="lead">[en] De minister <b>[en] zegt</b>')
    assert out.endswith("<i>12:30</i>")  # no letter, nothing to translate
    assert '<script>var x = "niet vertalen";</script>' in out  # scripts are not translated
    assert "[en] A &lt; B." in out  # text stays text: the < is still escaped


@pytest.mark.parametrize(("body", "message"), [
    ({"source": "nl", "target": "en"}, "Invalid request: missing q parameter"),
    ({"q": "Hoi.", "target": "en"}, "Invalid request: missing source parameter"),
    ({"q": "Hoi.", "source": "nl"}, "Invalid request: missing target parameter"),
    ({"q": "Hoi.", "source": "de", "target": "en"}, "de is not supported"),
    ({"q": "Hoi.", "source": "nl", "target": "fr"}, "fr is not supported"),
    ({"q": "Hoi.", "source": "nl", "target": "en", "format": "pdf"}, "pdf format is not supported"),
    ({"q": ["a", "b", "c", "d", "e"], "source": "nl", "target": "en"}, "Invalid request: request (5) exceeds text limit (4)"),
    ({"q": "x" * 5001, "source": "nl", "target": "en"}, "Invalid request: request (5001) exceeds text limit (5000)"),
    ({"q": [1, 2], "source": "nl", "target": "en"}, "Invalid request: q must be a string or a list of strings"),
])
def test_bad_fields_are_400_with_libretranslate_messages(client, body, message):
    r = client.post("/translate", json=body)
    assert r.status_code == 400
    assert r.json() == {"error": message}


def test_invalid_json_and_too_large_bodies(client):
    r = client.post("/translate", content=b"{not json", headers={"Content-Type": "application/json"})
    assert (r.status_code, r.json()) == (400, {"error": "Invalid JSON format"})
    r = client.post("/translate", content=b"x" * 300_000, headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and "too large" in r.json()["error"]

    def chunks():  # no Content-Length: the cap counts what arrives
        for _ in range(30):
            yield b"y" * 10_000

    r = client.post("/translate", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and "too large" in r.json()["error"]


def test_json_nested_past_the_parser_is_400_not_a_crash(client):
    r = client.post("/translate", content=b"[" * 200_000, headers={"Content-Type": "application/json"})
    assert (r.status_code, r.json()) == (400, {"error": "Invalid JSON format"})


def test_a_body_that_trickles_in_is_dropped_with_408():
    import socket

    with running_desk(body_timeout_s=0.5) as running:
        port = int(running.url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            conn.sendall(b"POST /translate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 100\r\n\r\n{\"q\": ")  # and then nothing more
            answer = b""
            while chunk := conn.recv(4096):  # the desk closes the connection after its answer
                answer += chunk
        answer = answer.decode()
        assert answer.startswith("HTTP/1.1 408") and "did not arrive within 0.5 s" in answer


def test_download_of_a_title_in_any_script(client):
    body = client.post("/api/article", json={"text": "title: Київ — Ουκρανία\n\nDe oorlog gaat door. Er is geen bestand."}).json()
    r = client.get(body["downloads"]["md"])
    assert r.status_code == 200 and r.headers["content-disposition"].isascii()


def test_unknown_route_is_json_404(client):
    r = client.get("/nothing-here")
    assert r.status_code == 404 and "error" in r.json()


# --- keys and rate ----------------------------------------------------------------------------------


def test_api_key_required_when_given():
    from libretranslatepy import LibreTranslateAPI

    key = "k3y-for-the-desk-tests"
    with running_desk(api_keys=(key,)) as running, httpx.Client(base_url=running.url) as c:
        body = {"q": "Hallo.", "source": "nl", "target": "en"}
        r = c.post("/translate", json=body)
        assert (r.status_code, r.json()) == (400, {"error": "Please contact the server operator to get an API key"})
        r = c.post("/translate", json={**body, "api_key": "wrong-key-wrong-key"})
        assert (r.status_code, r.json()) == (403, {"error": "Invalid API key"})
        assert c.post("/translate", json={**body, "api_key": key}).status_code == 200
        assert c.post("/translate", json=body, headers={"X-API-Key": key}).status_code == 200
        assert c.post("/translate", json=body, headers={"Authorization": f"Bearer {key}"}).status_code == 200
        assert LibreTranslateAPI(running.url, api_key=key).translate("Hallo.", "nl", "en") == "[en] Hallo."
        with pytest.raises(urllib.error.HTTPError) as refused:
            LibreTranslateAPI(running.url, api_key="another-wrong-key").translate("Hallo.", "nl", "en")
        assert refused.value.code == 403
        assert c.get("/frontend/settings").json()["keyRequired"] is True
        assert c.post("/api/article", json={"text": ARTICLE}).status_code == 400


def test_rate_limit_per_client_is_429_with_retry_after():
    with running_desk(rate_per_minute=3) as running, httpx.Client(base_url=running.url) as c:
        body = {"q": "Hallo.", "source": "nl", "target": "en"}
        codes = [c.post("/translate", json=body).status_code for _ in range(3)]
        r = c.post("/translate", json=body)
        assert codes == [200, 200, 200]
        assert r.status_code == 429
        assert r.json()["error"].startswith("Slowdown: 3 per 1 minute")
        assert 1 <= int(r.headers["Retry-After"]) <= 20
        assert c.get("/languages").status_code == 200  # as in LibreTranslate: not limited


# --- many clients, a full queue, timeouts ---------------------------------------------------------------


def _queued(url: str, segments: int) -> None:
    """Wait until the desk's queue holds this many segments (threads start when the machine lets them)."""
    deadline = time.monotonic() + 20
    while httpx.get(url + "/health").json()["queued_segments"] < segments and time.monotonic() < deadline:
        time.sleep(0.05)


def test_eight_clients_are_batched_together():
    translator = GatedTranslator()
    with running_desk(translator) as running:
        results: dict[int, object] = {}

        def ask(n: int) -> None:
            with httpx.Client(base_url=running.url, timeout=30) as c:
                q = [f"Zin nummer {n} van klant {n}.", f"Nog een zin van klant {n}."]
                results[n] = c.post("/translate", json={"q": q, "source": "nl", "target": "en"}).json()

        threads = [threading.Thread(target=ask, args=(n,)) for n in range(8)]
        threads[0].start()
        assert translator.entered.wait(10)  # the engine is busy with the first client
        for t in threads[1:]:
            t.start()
        _queued(running.url, 14)  # the other seven queue up
        translator.gate.set()
        for t in threads:
            t.join(30)
        for n in range(8):
            assert results[n] == {"translatedText": [f"[en] Zin nummer {n} van klant {n}.", f"[en] Nog een zin van klant {n}."]}
        # The first client's round, then one round for the other seven: 14 segments at once.
        assert len(translator.calls) == 2
        assert sorted(len(call) for call in translator.calls) == [2, 14]


def test_streamed_articles_advance_side_by_side():
    """Two streamed articles: each round takes one chunk of each, so both show sentences early."""
    from briefing.desk.batching import Batcher
    from briefing.translate.translator import TranslationConfig, open_translator

    translator = GatedTranslator()
    with open_translator(TranslationConfig(use_memory=False), translator) as translation:
        batcher = Batcher(translation, warm=False)
        try:
            first = batcher.submit(["Eerst."])
            assert translator.entered.wait(10)  # the engine is busy: the streams queue up
            a = batcher.submit_chunks([["A1.", "A2."], ["A3."], ["A4."]], stream=True)
            b = batcher.submit_chunks([["B1."], ["B2.", "B3."]], stream=True)
            translator.gate.set()
            for future in [first, *a, *b]:
                future.result(10)
        finally:
            batcher.close()
    assert translator.calls == [["Eerst."], ["A1.", "A2.", "B1."], ["A3.", "B2.", "B3."], ["A4."]]
    assert a[0].result() == {"A1.": English("[en] A1."), "A2.": English("[en] A2.")}


def test_a_human_translation_in_the_memory_reaches_the_desk_as_human(tmp_path):
    """The desk's English carries where it came from, as a build's does: a person's translation
    in the memory is marked human in /api/article's rows (it was shown as the model's)."""
    memory = tmp_path / "memory.sqlite3"
    with TranslationMemory(memory) as store:
        store.store_human([HumanUnit("De pomp is kapot.", "The pump has broken down.")])
    with running_desk(memory=memory) as running, httpx.Client(base_url=running.url, timeout=30) as client:
        answer = client.post("/api/article", json={"text": "De pomp is kapot. De monteur komt morgen."})
    assert answer.status_code == 200, answer.text
    rows = [r for p in answer.json()["article"]["paragraphs"] for r in p["sentences"]]
    assert [(r["en"], r["origin"]) for r in rows] == [("The pump has broken down.", "human"),
                                                     ("[en] De monteur komt morgen.", "model")]
    assert rows[0]["qa"] == [] and not rows[0]["check_first"]


def test_full_queue_is_503_with_retry_after_then_recovers():
    translator = GatedTranslator()
    with running_desk(translator, max_queue=3) as running:
        first: list[httpx.Response] = []
        waiting = threading.Thread(target=lambda: first.append(httpx.post(
            running.url + "/translate", json={"q": ["Een.", "Twee."], "source": "nl", "target": "en"}, timeout=30)))
        waiting.start()
        assert translator.entered.wait(10)
        second: list[httpx.Response] = []
        queued = threading.Thread(target=lambda: second.append(httpx.post(
            running.url + "/translate", json={"q": ["Drie.", "Vier."], "source": "nl", "target": "en"}, timeout=30)))
        queued.start()
        _queued(running.url, 2)
        r = httpx.post(running.url + "/translate", json={"q": ["Vijf.", "Zes."], "source": "nl", "target": "en"})
        assert r.status_code == 503
        assert "queue is full" in r.json()["error"]
        assert int(r.headers["Retry-After"]) >= 1
        translator.gate.set()
        waiting.join(30)
        queued.join(30)
        assert first[0].status_code == 200 and second[0].status_code == 200
        again = httpx.post(running.url + "/translate", json={"q": "Vijf.", "source": "nl", "target": "en"})
        assert again.json() == {"translatedText": "[en] Vijf."}


def test_stopping_refuses_what_waits_and_finishes_what_runs():
    translator = GatedTranslator()
    with running_desk(translator) as running:
        answers: dict[str, httpx.Response] = {}

        def ask(name: str, q: str) -> None:
            answers[name] = httpx.post(running.url + "/translate", json={"q": q, "source": "nl", "target": "en"}, timeout=30)

        running_one = threading.Thread(target=ask, args=("running", "Een."))
        running_one.start()
        assert translator.entered.wait(10)
        waiting_one = threading.Thread(target=ask, args=("waiting", "Twee."))
        waiting_one.start()
        _queued(running.url, 1)
        running.app.app.state.desk.batcher.close(timeout_s=0)  # what Ctrl-C does first
        waiting_one.join(10)
        assert answers["waiting"].status_code == 503
        assert answers["waiting"].json() == {"error": "the desk is shutting down"}
        assert answers["waiting"].headers["Retry-After"] == "5"
        translator.gate.set()
        running_one.join(10)
        assert answers["running"].json() == {"translatedText": "[en] Een."}


def test_a_request_that_waits_too_long_times_out_as_503():
    translator = GatedTranslator()
    with running_desk(translator, timeout_s=0.5, max_round=2) as running:
        q = ["Een.", "Twee.", "Drie.", "Vier.", "Vijf.", "Zes."]  # three round-sized chunks
        r = httpx.post(running.url + "/translate", json={"q": q, "source": "nl", "target": "en"}, timeout=30)
        assert r.status_code == 503
        assert r.json() == {"error": "Translation timed out after 0.5 s; try again later"}
        assert "Retry-After" in r.headers
        translator.gate.set()
        # The engine finishes the chunk it was on; the two chunks still waiting are dropped.
        r = httpx.post(running.url + "/translate", json={"q": "Zeven.", "source": "nl", "target": "en"}, timeout=30)
        assert r.json() == {"translatedText": "[en] Zeven."}
        assert translator.calls == [["Twee.", "Een."], ["Zeven."]]


# --- the briefing's article -----------------------------------------------------------------------


def test_article_record_is_the_briefings(client):
    r = client.post("/api/article", json={"text": ARTICLE})
    assert r.status_code == 200, r.text
    body = r.json()
    article = body["article"]
    rows = [s for p in article["paragraphs"] for s in p["sentences"]]
    assert len(rows) == 5
    assert article["title"] == {"nl": "Poetin in Pyongyang", "en": "[en] Putin in Pyongyang", "from": "headline", "origin": "model"}
    assert all(s["en"].startswith("[en] ") for s in rows)
    assert {"qa", "score", "check_first", "marks"} <= set(rows[0])
    quote = next(q for q in article["quotes"] if q["speaker"])
    assert quote["speaker"] == "Vladimir Poetin" and quote["speaker_en"] == "Vladimir Putin"  # the glossary applies
    assert body["made_with"]["model"] == "stand-in"
    assert "Putin" in body["english"]
    assert client.get("/api/article", params={"text": ARTICLE}).json()["article"]["paragraphs"] == article["paragraphs"]
    # Downloads of the same article.
    md = client.get(body["downloads"]["md"])
    assert md.status_code == 200 and "Putin" in md.text
    assert client.get(body["downloads"]["json"]).json()["groups"][0]["articles"][0]["id"] == article["id"]
    docx = client.get(body["downloads"]["docx"])
    assert docx.content[:2] == b"PK"
    assert client.get(body["view"]).headers["Content-Security-Policy"].startswith("default-src 'none'; script-src 'sha256-")


def test_article_stream_sends_sentences_then_the_record(client):
    text = "Titel van het stuk\n\n" + " ".join(f"Dit is zin nummer {n}." for n in range(1, 21))
    with client.stream("POST", "/api/article/stream", data={"text": text}) as r:
        assert r.headers["content-type"].startswith("application/x-ndjson")
        events = [json.loads(line) for line in r.iter_lines() if line.strip()]
    kinds = [e["event"] for e in events]
    assert kinds[0] == "start" and kinds[-1] == "done"
    assert kinds.count("sentences") >= 3  # streamed in chunks, the lead first
    streamed = {row["id"]: row["en"] for e in events if e["event"] == "sentences" for row in e["rows"]}
    final = {s["id"]: s["en"] for p in events[-1]["article"]["paragraphs"] for s in p["sentences"]}
    assert streamed == final


def test_repeat_is_answered_from_memory(tmp_path):
    translator = GatedTranslator()
    translator.gate.set()
    with running_desk(translator, memory=tmp_path / "memory.sqlite3") as running:
        first = httpx.post(running.url + "/api/article", json={"text": ARTICLE}, timeout=30).json()
        calls = len(translator.calls)
        second = httpx.post(running.url + "/api/article", json={"text": ARTICLE}, timeout=30).json()
        assert len(translator.calls) == calls  # nothing new for the engine
        assert second["article"]["paragraphs"] == first["article"]["paragraphs"]


def test_url_from_a_loopback_site(client):
    with loopback_site({"/nieuws/poetin": (200, "text/html; charset=utf-8", ARTICLE_PAGE.encode())}) as site:
        r = client.post("/api/article", json={"url": site + "/nieuws/poetin"})
        assert r.status_code == 200, r.text
        article = r.json()["article"]
        assert article["title"]["nl"] == "Poetin bezoekt Noord-Korea"
        assert article["url"] == site + "/nieuws/poetin"
        r = client.post("/api/article", json={"url": site + "/missing"})
        assert r.status_code == 400 and "HTTP 404" in r.json()["error"]
    r = client.post("/api/article", json={"url": "file:///etc/passwd"})
    assert (r.status_code, r.json()["error"]) == (400, "file:///etc/passwd: only http and https urls can be fetched")


def test_open_desk_refuses_private_addresses():
    from briefing.desk.guard import check_url, redirect_guard

    for url in ("http://127.0.0.1:9/x", "http://localhost/", "http://10.1.2.3/", "http://[::1]/", "http://169.254.169.254/latest"):
        with pytest.raises(InputError, match="private or local address"):
            check_url(url, public_only=True)
        check_url(url, public_only=False)  # a desk on loopback may read the user's own sites
    with pytest.raises(InputError, match="only http and https"):
        check_url("gopher://example.org/", public_only=False)
    hook = redirect_guard(public_only=True)
    with pytest.raises(InputError):
        hook(httpx.Request("GET", "http://127.0.0.1/redirected-here"))
    # Through the API: a desk configured for other machines will not fetch from loopback.
    with running_desk(host="0.0.0.0", api_keys=("a-long-enough-key",)) as running, \
            loopback_site({"/a": (200, "text/html", ARTICLE_PAGE.encode())}) as site:
        r = httpx.post(running.url + "/api/article", json={"url": site + "/a", "api_key": "a-long-enough-key"})
        assert r.status_code == 400 and "private or local address" in r.json()["error"]


def test_translate_file_answers_with_the_bilingual_result(client):
    r = client.post("/translate_file", data={"source": "nl", "target": "en"},
                    files={"file": ("artikel.txt", ARTICLE.encode(), "text/plain")})
    assert r.status_code == 200, r.text
    url = r.json()["translatedFileUrl"]
    assert url.startswith(str(client.base_url)) and url.endswith(".artikel.en.md")
    got = client.get(url)
    assert "attachment" in got.headers["content-disposition"] and "Putin" in got.text and "Poetin" in got.text
    r = client.post("/translate_file", data={"source": "nl", "target": "en"}, files={"file": ("x.pdf", b"%PDF", "application/pdf")})
    assert (r.status_code, r.json()) == (400, {"error": "Invalid request: file format not supported"})
    r = client.post("/translate_file", data={"source": "nl", "target": "en"})
    assert (r.status_code, r.json()) == (400, {"error": "Invalid request: missing file parameter"})
    r = client.post("/translate_file", data={"source": "nl", "target": "en"}, files={"file": ("leeg.txt", b"", "text/plain")})
    assert (r.status_code, r.json()["error"]) == (400, "leeg.txt: the file is empty")


def test_article_text_is_escaped_and_the_page_has_a_csp(client):
    hostile = "Een <script>alert(1)</script> zin met <img src=x onerror=alert(2)> erin. En nog een zin."
    body = client.post("/api/article", json={"text": hostile}).json()
    view = client.get(body["view"]).text
    assert "<script>alert(1)</script>" not in view and "&lt;script&gt;alert(1)&lt;/script&gt;" in view
    assert "<img src=x" not in view
    page = client.get("/")
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert page.headers["X-Content-Type-Options"] == "nosniff"


def test_openapi_describes_the_routes(client):
    spec = client.get("/openapi.json").json()
    assert {"/translate", "/languages", "/translate_file", "/api/article", "/api/article/stream"} <= set(spec["paths"])
    assert "q" in spec["paths"]["/translate"]["post"]["requestBody"]["content"]["application/json"]["schema"]["properties"]


# --- the process: address on the first line, a clean stop ----------------------------------------------


def _serve(*args: str) -> subprocess.Popen[str]:
    # This checkout's briefing, whatever is installed (the test runs in its own folder).
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, "-m", "briefing", "serve", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


SLOW_DESK = """
import sys, time
from briefing.desk import DeskConfig, serve
from briefing.testing import StandInTranslator
from briefing.translate.translator import TranslationConfig

class Slow(StandInTranslator):
    def translate(self, texts):
        time.sleep(1.5)
        return super().translate(texts)

serve(DeskConfig(port=0, rate_per_minute=0), TranslationConfig(use_memory=False), Slow())
"""


def test_serve_prints_its_address_and_stops_cleanly_on_ctrl_c():
    """The address on the first line; Ctrl-C while a request is being translated: that request
    is finished, the process ends within seconds, with no traceback."""
    root = str(Path(__file__).resolve().parent.parent)
    proc = subprocess.Popen([sys.executable, "-c", SLOW_DESK], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": root})
    try:
        first = proc.stdout.readline().strip()
        assert first.startswith("http://127.0.0.1:") and first.endswith("/")
        answers: list[httpx.Response] = []
        asking = threading.Thread(target=lambda: answers.append(httpx.post(
            first + "translate", json={"q": "De minister is in Brussel.", "source": "nl", "target": "en"}, timeout=30)))
        asking.start()
        time.sleep(0.7)  # the engine is translating it now
        start = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=20)
        asking.join(10)
        assert time.monotonic() - start < 8
        assert proc.returncode == 0, err
        assert "Traceback" not in err and "stopped" in err
        assert answers and answers[0].json() == {"translatedText": "[en] De minister is in Brussel."}
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


def test_an_idle_desk_stops_on_ctrl_c_without_a_traceback():
    """Ctrl-C with nothing in flight: uvicorn's own signal handling raised the signal again after
    its shutdown and logged its lifespan task's cancellation as a traceback."""
    root = str(Path(__file__).resolve().parent.parent)
    proc = subprocess.Popen([sys.executable, "-c", SLOW_DESK], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": root})
    try:
        assert proc.stdout.readline().startswith("http://127.0.0.1:")
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=20)
        assert proc.returncode == 0 and "Traceback" not in err and "stopped" in err, err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


def test_serve_beyond_loopback_needs_a_key():
    proc = _serve("--host", "0.0.0.0", "--port", "0", "--model", "stand-in")
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert "Error: --host 0.0.0.0 lets other machines in: give an API key" in err
    assert "Traceback" not in err
