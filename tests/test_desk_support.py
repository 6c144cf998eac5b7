"""A real desk (uvicorn on 127.0.0.1, a free port) in a thread, for the desk's tests."""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from briefing.testing import StandInTranslator

ARTICLE_PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8">
<title>Poetin bezoekt Noord-Korea</title></head><body><article>
<h1>Poetin bezoekt Noord-Korea</h1>
<p>De Russische president Vladimir Poetin is dinsdag aangekomen in Noord-Korea voor een bezoek van twee dagen.
Het is zijn eerste reis naar het land in 24 jaar.</p>
<p>"We zullen onze samenwerking verder uitbreiden", zei Poetin bij aankomst in Pyongyang. De Noord-Koreaanse leider
Kim Jong-un ontving hem op het vliegveld.</p>
<p>Westerse landen maken zich zorgen over de banden tussen beide landen. Zij vermoeden dat Noord-Korea munitie
levert voor de oorlog in Oekraïne, wat beide landen ontkennen.</p>
<p>Volgens analisten wil Moskou vooral laten zien dat het niet geïsoleerd is. De Verenigde Staten noemden het bezoek
zorgwekkend.</p>
</article></body></html>"""


class GatedTranslator(StandInTranslator):
    """The stand-in, but each call waits until the gate opens: requests pile up meanwhile."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.entered = threading.Event()

    def translate(self, texts: Sequence[str]) -> list[str]:
        self.entered.set()
        self.gate.wait(30)
        return super().translate(texts)


@dataclass
class Desk:
    url: str
    app: Any
    server: Any


@contextmanager
def running_desk(
    translator: Any = None, model: Path | None = None, memory: Path | None = None, translation: Any = None, **settings: Any
) -> Iterator[Desk]:
    """The desk over the stand-in (or `translator`), or the model at `model` (greedy, 8 tokens:
    fast), or exactly `translation` (a TranslationConfig); `settings` are DeskConfig's."""
    import uvicorn

    from briefing.desk import DeskConfig, create_app
    from briefing.translate.engine import DecodeSettings
    from briefing.translate.translator import TranslationConfig, open_translator

    config = translation or TranslationConfig(
        model=str(model) if model else "stand-in", device="cpu", backend="transformers",
        decode=DecodeSettings(beam_size=1, max_new_tokens=8), memory=memory, use_memory=memory is not None,
    )
    stand_in = None if model else (translator or StandInTranslator())
    settings.setdefault("rate_per_minute", 0)
    settings.setdefault("fetch_delay_s", 0.0)
    with open_translator(config, stand_in) as translation:
        app = create_app(translation, DeskConfig(**settings))
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=2))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        try:
            yield Desk(f"http://127.0.0.1:{sock.getsockname()[1]}", app, server)
        finally:
            if isinstance(translator, GatedTranslator):
                translator.gate.set()
            server.should_exit = True
            thread.join(15)
            sock.close()


class _Site(http.server.BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, tuple[int, str, bytes]]] = {}

    def do_GET(self) -> None:
        status, kind, body = self.pages.get(self.path, (404, "text/plain", b"not here"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def loopback_site(pages: dict[str, tuple[int, str, bytes]]) -> Iterator[str]:
    """A small web site on 127.0.0.1: path → (status, content type, body)."""
    handler = type("Site", (_Site,), {"pages": pages})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
