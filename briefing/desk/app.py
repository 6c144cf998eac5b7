"""The desk's web application (FastAPI on Starlette, served by uvicorn).

Routes:

* the page at `/` (and its script and styles under `/static/`);
* the LibreTranslate API: `POST /translate`, `GET /languages`, `POST /translate_file` with
  `GET /download_file/{name}`, `POST /detect`, `GET /frontend/settings`, with LibreTranslate's
  field names, answers and errors (JSON `{"error": …}` with 400, 403, 413, 429, 503);
* the briefing's own: `POST|GET /api/article` (the briefing's article record),
  `POST /api/article/stream` (the same, sentence by sentence as they are translated, one JSON
  object a line), `GET /t/{id}` (the article as the briefing's page) and `GET /t/{id}.{md,html,
  json,docx,pdf}` (downloads); the OpenAPI description at `/openapi.json`, docs at `/docs`.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import math
import re
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The desk's extra (`pip install briefing[desk]`); only `briefing serve` imports this module.
from fastapi import Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from briefing.errors import BriefingError, InputError, ModelUnavailable
from briefing.ingest.articles import MAX_ARTICLE_BYTES, Article
from briefing.nlp import namebook
from briefing.output.records import Briefing
from briefing.qa.words import WordCache
from briefing.translate.translator import Translation

from .batching import Batcher, Busy, Translated
from .guard import Guard, RateLimiter, _TooLarge, briefing_csp, check_url, is_loopback_host, redirect_guard
from .work import (
    FILE_SUFFIXES,
    Results,
    article_briefing,
    article_chunks,
    article_from_file,
    article_from_page,
    article_from_text,
    cut_html,
    cut_text,
    detect,
    english_text,
    rows_of,
    skeleton,
    the_article,
)

STATIC = Path(__file__).resolve().parent / "static"
DOWNLOADS = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
             "json": "application/json", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "pdf": "application/pdf"}
LANGUAGES = [
    {"code": "nl", "name": "Dutch", "targets": ["en"]},
    {"code": "en", "name": "English", "targets": []},
]


@dataclass
class DeskConfig:
    """How the desk listens and what it accepts. The defaults are safe on one's own machine."""

    host: str = "127.0.0.1"
    port: int = 8100
    api_keys: tuple[str, ...] = ()  # required when given, and required to listen beyond loopback
    max_body_bytes: int = 2_000_000  # a request body; more is refused with 413
    char_limit: int = 100_000  # characters of one text (LibreTranslate's char limit)
    batch_limit: int = 128  # texts in one /translate list
    max_article_bytes: int = MAX_ARTICLE_BYTES  # an uploaded or fetched article
    rate_per_minute: int = 120  # requests per client address; 0: no limit
    timeout_s: float = 120.0  # the longest a request waits for its translation
    body_timeout_s: float = 30.0  # the longest a request body may take to arrive (408 after)
    max_queue: int = 4096  # segments waiting for the engine; more: 503 with Retry-After
    max_round: int = 64  # segments the engine takes in one round
    results: int = 50  # finished articles kept for downloads
    check_share: float = 0.05
    fetch_timeout_s: float = 15.0
    fetch_delay_s: float = 1.0
    warm: bool = True  # load the model at start, not on the first request

    @property
    def loopback(self) -> bool:
        return is_loopback_host(self.host)


class DeskError(Exception):
    """An answer in LibreTranslate's shape: {"error": message} with this status."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


class Desk:
    """The state behind the routes: the batcher over the translation, limits, finished work."""

    def __init__(self, translation: Translation, config: DeskConfig) -> None:
        self.translation = translation
        self.config = config
        self.batcher = Batcher(translation, config.max_queue, config.max_round, warm=config.warm)
        self.limiter = RateLimiter(config.rate_per_minute)
        self.results = Results(config.results)
        # The QA word cache, read once for the desk's life (not per request) and saved as it stops.
        self.words = WordCache.open()
        self.files: OrderedDict[str, bytes] = OrderedDict()
        self._made_with: dict[str, Any] | None = None
        self._fetcher: Any = None
        self._fetch_lock = threading.Lock()

    def made_with(self) -> dict[str, Any]:
        if self._made_with is None:
            self._made_with = self.translation.made_with()
        return self._made_with

    # --- access ------------------------------------------------------------------------------

    def admit(self, client: str) -> None:
        wait = self.limiter.take(client)
        if wait:
            raise DeskError(429, f"Slowdown: {self.config.rate_per_minute} per 1 minute",
                            {"Retry-After": str(max(1, math.ceil(wait)))})

    def check_key(self, given: str | None) -> None:
        if not self.config.api_keys:
            return
        if not given:
            raise DeskError(400, "Please contact the server operator to get an API key")
        if not any(hmac.compare_digest(given.encode(), k.encode()) for k in self.config.api_keys):
            raise DeskError(403, "Invalid API key")

    # --- translation -------------------------------------------------------------------------

    async def wait(self, futures: list[Future[Translated]]) -> Translated:
        """The translations of these jobs, merged; a timeout or failure cancels every one of
        them that has not started (the worker drops those), and is answered as LibreTranslate
        answers it."""
        try:
            parts = await asyncio.wait_for(asyncio.gather(*(asyncio.wrap_future(f) for f in futures)), self.config.timeout_s)
        except TimeoutError:
            raise DeskError(503, f"Translation timed out after {self.config.timeout_s:g} s; try again later",
                            {"Retry-After": str(self.batcher.retry_after())}) from None
        except Busy as busy:
            raise DeskError(503, str(busy), {"Retry-After": str(busy.retry_after)}) from None
        except ModelUnavailable as exc:
            raise DeskError(503, f"Cannot translate text: {exc}", {"Retry-After": "60"}) from None
        except BriefingError as exc:
            raise DeskError(500, f"Cannot translate text: {exc}") from None
        finally:
            for future in futures:
                future.cancel()  # no effect on those done or running
        return {t: v for part in parts for t, v in part.items()}

    def submit(self, chunks: list[list[str]], stream: bool = False) -> list[Future[Translated]]:
        try:
            return self.batcher.submit_chunks(chunks, stream)
        except Busy as busy:
            raise DeskError(503, str(busy), {"Retry-After": str(busy.retry_after)}) from None

    async def translate_all(self, texts: list[str]) -> Translated:
        """Every text's translation. A long request goes in round-sized chunks, so a client that
        gives up (a timeout) leaves the engine only the chunk it is on."""
        if not texts:
            return {}
        size = self.config.max_round
        return await self.wait(self.submit([texts[i : i + size] for i in range(0, len(texts), size)]))

    def fetch(self, url: str) -> Article:
        """One article page, fetched as `briefing fetch` fetches (robots.txt, a pause between
        two requests to one site, retries, consent walls and paywalls named); every request it
        makes, redirects and robots.txt included, is checked against the desk's url rules first.
        One fetcher serves every request, so the pause per site holds across clients."""
        from briefing.ingest import fetch as fetching
        public_only = not self.config.loopback
        check_url(url, public_only)
        with self._fetch_lock:
            if self._fetcher is None:
                config = fetching.FetchConfig([], Path("."), timeout_s=self.config.fetch_timeout_s,
                                              max_bytes=self.config.max_article_bytes * 10,
                                              delay_s=self.config.fetch_delay_s, retries=1, max_wait_s=10.0)
                self._fetcher = fetching.Fetcher(config)
                self._fetcher.client.event_hooks["request"].append(redirect_guard(public_only))
        return article_from_page(fetching.page_with(url, self._fetcher))

    def close(self) -> None:
        self.batcher.close()
        self.words.save()
        namebook.save_learnt()
        if self._fetcher is not None:
            self._fetcher.close()


def _json_error(status: int, message: str, headers: Mapping[str, str] | None = None) -> Any:
    from fastapi.responses import JSONResponse

    return JSONResponse({"error": message}, status_code=status, headers=dict(headers or {}))


def _client(request: Any) -> str:
    return request.client.host if request.client else "unknown"


async def _fields(request: Any) -> dict[str, Any]:
    """The request's fields: a JSON object, or form fields (url-encoded or multipart)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json" or kind.endswith("+json"):
        try:
            data = json.loads(await request.body() or b"null")
        except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: [[[[… nested past the parser
            raise DeskError(400, "Invalid JSON format") from None
        if not isinstance(data, dict):
            raise DeskError(400, "Invalid JSON format")
        return data
    if kind in ("application/x-www-form-urlencoded", "multipart/form-data"):
        try:
            form = await request.form(max_files=1, max_fields=32)
        except _TooLarge:
            raise
        except Exception as exc:  # python-multipart's and Starlette's parse errors
            raise DeskError(400, f"Invalid form data: {str(exc)[:200]}") from None
        fields: dict[str, Any] = {}
        for name, value in form.multi_items():
            fields.setdefault(name, value if isinstance(value, UploadFile) else str(value))
        return fields
    return dict(request.query_params)


def _key_of(request: Any, fields: Mapping[str, Any]) -> str | None:
    given = fields.get("api_key") or request.query_params.get("api_key") or request.headers.get("x-api-key")
    auth = request.headers.get("authorization", "")
    if not given and auth.lower().startswith("bearer "):
        given = auth[7:].strip()
    return str(given) if given else None


def create_app(translation: Translation, config: DeskConfig | None = None) -> Any:
    """The desk as an ASGI application, over an open Translation (see `open_translator`)."""
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
    from fastapi_offline import FastAPIOffline
    from starlette.concurrency import run_in_threadpool
    from starlette.exceptions import HTTPException

    from briefing import __version__
    from briefing.pipeline import analysed

    config = config or DeskConfig()
    desk = Desk(translation, config)

    @contextlib.asynccontextmanager
    async def lifespan(_: Any) -> AsyncIterator[None]:
        yield
        await run_in_threadpool(desk.close)

    # fastapi-offline: FastAPI whose /docs serves Swagger UI from the installed package, not a CDN,
    # so the docs work offline and the page's CSP can stay with the desk's own address.
    app = FastAPIOffline(
        title="briefing translation desk",
        version=__version__,
        description="Dutch news into English, sentence by sentence: a LibreTranslate-compatible API "
        "and the briefing's own article records. Errors are JSON {\"error\": message}.",
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
        static_url="/docs/static",
    )
    app.state.desk = desk

    @app.exception_handler(DeskError)
    async def desk_error(_: Request, exc: DeskError) -> Response:
        return _json_error(exc.status, exc.message, exc.headers)

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> Response:
        return _json_error(exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def failed(_: Request, exc: Exception) -> Response:
        # The server's log has the traceback; the client gets LibreTranslate's 500 shape.
        return _json_error(500, f"Cannot translate text: {type(exc).__name__}")

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query"))
        return _json_error(400, f"Invalid request: {where or 'field'} {first.get('msg', 'is not valid')}".strip())

    async def guarded(request: Request, fields: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Rate limit, then the fields, then the key: LibreTranslate's order."""
        desk.admit(_client(request))
        data = dict(fields) if fields is not None else await _fields(request)
        desk.check_key(_key_of(request, data))
        return data

    # --- the page ------------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    async def page() -> Response:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        from briefing.output.templates import shipped_templates

        files = {"desk.js": STATIC / "desk.js", "desk.css": STATIC / "desk.css",
                 "briefing.css": shipped_templates() / "briefing.css"}
        if name not in files:
            raise DeskError(404, "Not Found")
        return FileResponse(files[name], headers={"Cache-Control": "no-cache"})

    # --- LibreTranslate ----------------------------------------------------------------------

    @app.get("/languages", tags=["translate"], summary="Supported languages")
    async def languages() -> list[dict[str, Any]]:
        return LANGUAGES

    @app.get("/health", tags=["misc"])
    async def health() -> dict[str, Any]:
        return {"status": "ok", "model_loaded": desk.batcher.ready.is_set() and desk.batcher.load_error is None,
                "queued_segments": desk.batcher.pending, "batching": vars(desk.batcher.stats)}

    @app.get("/frontend/settings", tags=["frontend"], summary="The desk's settings, as LibreTranslate gives them")
    async def frontend_settings() -> dict[str, Any]:
        return {
            "charLimit": config.char_limit,
            "frontendTimeout": 500,
            "apiKeys": bool(config.api_keys),
            "keyRequired": bool(config.api_keys),
            "suggestions": False,
            "filesTranslation": True,
            "supportedFilesFormat": list(FILE_SUFFIXES),
            "language": {"source": {"code": "nl", "name": "Dutch"}, "target": {"code": "en", "name": "English"}},
            "maxBodyBytes": config.max_body_bytes,
        }

    translate_body = {
        "requestBody": {
            "content": {
                media: {"schema": {
                    "type": "object", "required": ["q", "source", "target"],
                    "properties": {
                        "q": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
                              "description": "Dutch text, or a list of texts"},
                        "source": {"type": "string", "enum": ["nl", "auto"]},
                        "target": {"type": "string", "enum": ["en"]},
                        "format": {"type": "string", "enum": ["text", "html"], "default": "text"},
                        "api_key": {"type": "string"},
                    }}}
                for media in ("application/json", "application/x-www-form-urlencoded")
            }
        },
        "responses": {"400": {"description": "Invalid request"}, "403": {"description": "Invalid API key"},
                      "413": {"description": "Request too large"}, "429": {"description": "Slowdown"},
                      "503": {"description": "Busy: see Retry-After"}},
    }

    @app.post("/translate", tags=["translate"], summary="Translate text (LibreTranslate)", openapi_extra=translate_body)
    async def translate(request: Request) -> Response:
        fields = await guarded(request)
        q, source, target = fields.get("q"), fields.get("source"), fields.get("target")
        text_format = fields.get("format") or "text"
        if q is None or q == "" or q == []:
            raise DeskError(400, "Invalid request: missing q parameter")
        if not source:
            raise DeskError(400, "Invalid request: missing source parameter")
        if not target:
            raise DeskError(400, "Invalid request: missing target parameter")
        batch = isinstance(q, list)
        texts = q if batch else [q]
        if not all(isinstance(t, str) for t in texts):
            raise DeskError(400, "Invalid request: q must be a string or a list of strings")
        if batch and len(texts) > config.batch_limit:
            raise DeskError(400, f"Invalid request: request ({len(texts)}) exceeds text limit ({config.batch_limit})")
        for text in texts:
            if len(text) > config.char_limit:
                raise DeskError(400, f"Invalid request: request ({len(text)}) exceeds text limit ({config.char_limit})")
        if source not in ("nl", "auto", "en"):
            raise DeskError(400, f"{source} is not supported")
        if target != "en":
            raise DeskError(400, f"{target} is not supported")
        if text_format not in ("text", "html"):
            raise DeskError(400, f"{text_format} format is not supported")
        texts = [t.replace("\r\n", "\n").replace("\r", "\n") for t in texts]
        detected = [detect(t)[0] if source == "auto" else {"language": source, "confidence": 100.0} for t in texts]
        if source == "en":
            raise DeskError(400, "English (en) is not available as a target language from English (en)")
        try:
            cuts = await run_in_threadpool(lambda: [cut_html(t) if text_format == "html" else cut_text(t) for t in texts])
        except Exception as exc:  # lxml on markup it cannot read
            raise DeskError(400, f"Invalid request: the html cannot be read ({str(exc)[:120]})") from None
        wanted = [s for cut, d in zip(cuts, detected) if d["language"] == "nl" for s in cut.sentences]
        translated = await desk.translate_all(list(dict.fromkeys(s for s in wanted if s.strip())))
        english = {s: e.text for s, e in translated.items()}
        out = [cut.rebuild(english) if d["language"] == "nl" else text for cut, d, text in zip(cuts, detected, texts)]
        result: dict[str, Any] = {"translatedText": out if batch else out[0]}
        if source == "auto":
            result["detectedLanguage"] = detected if batch else detected[0]
        if str(fields.get("alternatives", "0")).strip() not in ("", "0"):
            result["alternatives"] = [[] for _ in out] if batch else []
        return JSONResponse(result)

    @app.post("/detect", tags=["translate"], summary="Detect the language (Dutch or English only)")
    async def detect_language(request: Request) -> list[dict[str, Any]]:
        fields = await guarded(request)
        q = fields.get("q")
        if not q or not isinstance(q, str):
            raise DeskError(400, "Invalid request: missing q parameter")
        if len(q) > config.char_limit:
            raise DeskError(400, f"Invalid request: request ({len(q)}) exceeds text limit ({config.char_limit})")
        return detect(q)

    @app.post("/translate_file", tags=["translate"], summary="Translate an article file (.txt, .md, .html)",
              openapi_extra={"requestBody": {"content": {"multipart/form-data": {"schema": {
                  "type": "object", "required": ["file", "source", "target"],
                  "properties": {"file": {"type": "string", "format": "binary"}, "source": {"type": "string"},
                                 "target": {"type": "string"}, "api_key": {"type": "string"}}}}}}})
    async def translate_file(request: Request) -> Response:
        fields = await guarded(request)
        upload = fields.get("file")
        if not isinstance(upload, UploadFile):
            raise DeskError(400, "Invalid request: missing file parameter")
        if not fields.get("source"):
            raise DeskError(400, "Invalid request: missing source parameter")
        if not fields.get("target"):
            raise DeskError(400, "Invalid request: missing target parameter")
        if not upload.filename:
            raise DeskError(400, "Invalid request: empty file")
        if not upload.filename.lower().endswith(FILE_SUFFIXES):
            raise DeskError(400, "Invalid request: file format not supported")
        if fields["source"] not in ("nl", "auto"):
            raise DeskError(400, f"{fields['source']} is not supported")
        if fields["target"] != "en":
            raise DeskError(400, f"{fields['target']} is not supported")
        briefing = await article(await _article_of(fields))
        from briefing.output.templates import render_template

        record = the_article(briefing)
        text = await run_in_threadpool(lambda: render_template("translation.md.j2", a=record).strip() + "\n")
        stem = re.sub(r"[^A-Za-z0-9_-]+", "-", upload.filename.rsplit(".", 1)[0])[:60].strip("-") or "article"
        name = f"{desk.results.add(briefing)}.{stem}.en.md"
        desk.files[name] = text.encode("utf-8")
        while len(desk.files) > config.results:
            desk.files.popitem(last=False)
        return JSONResponse({"translatedFileUrl": str(request.base_url) + "download_file/" + name})

    @app.get("/download_file/{filename}", tags=["translate"], summary="Download a translated file")
    async def download_file(filename: str) -> Response:
        data = desk.files.get(filename)
        if data is None:
            raise DeskError(400, "Invalid filename")
        download = filename.split(".", 1)[1]
        return Response(data, media_type="text/markdown; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{download}"'})

    # --- the briefing's article ----------------------------------------------------------------

    async def _article_of(fields: Mapping[str, Any]) -> Article:
        """The article a request names: an uploaded file, a url, or text."""
        upload, url, text = fields.get("file"), fields.get("url"), fields.get("text")
        try:
            if isinstance(upload, UploadFile) and upload.filename:
                data = await upload.read(config.max_article_bytes + 1)
                return await run_in_threadpool(article_from_file, upload.filename, data, config.max_article_bytes)
            if isinstance(url, str) and url.strip():
                return await run_in_threadpool(desk.fetch, url.strip())
            if isinstance(text, str) and text.strip():
                if len(text) > config.char_limit:
                    raise DeskError(400, f"Invalid request: request ({len(text)}) exceeds text limit ({config.char_limit})")
                return await run_in_threadpool(article_from_text, text)
        except InputError as exc:
            raise DeskError(400, str(exc)) from None
        raise DeskError(400, "Invalid request: missing text, url or file parameter")

    async def article(source: Article) -> Briefing:
        document = await run_in_threadpool(analysed, source)
        translated = await desk.translate_all([t for chunk in article_chunks(document) for t in chunk])
        made_with = await run_in_threadpool(desk.made_with)
        briefing = await run_in_threadpool(article_briefing, document, translated, translation, made_with, config.check_share, desk.words)
        return briefing

    def payload(key: str, briefing: Briefing) -> dict[str, Any]:
        from briefing.qa import checks as qa
        return {
            "id": key,
            "article": the_article(briefing),
            "made_with": briefing["made_with"],
            "glossary": briefing["glossary"],
            "flags": qa.FLAGS,
            "english": english_text(briefing),
            "view": f"/t/{key}",
            "downloads": {fmt: f"/t/{key}.{fmt}" for fmt in DOWNLOADS},
        }

    article_body = {"requestBody": {"content": {
        "application/json": {"schema": {"type": "object", "properties": {
            "text": {"type": "string", "description": "Dutch article text (front matter allowed)"},
            "url": {"type": "string", "description": "A news article url (http or https)"},
            "api_key": {"type": "string"}}}},
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "text": {"type": "string"}, "url": {"type": "string"}, "file": {"type": "string", "format": "binary"},
            "api_key": {"type": "string"}}}},
    }}}

    @app.post("/api/article", tags=["briefing"], summary="One article through the briefing's pipeline",
              openapi_extra=article_body)
    async def api_article(request: Request) -> Response:
        fields = await guarded(request)
        briefing = await article(await _article_of(fields))
        return JSONResponse(payload(desk.results.add(briefing), briefing))

    @app.get("/api/article", tags=["briefing"], summary="One article (?url= or ?text=) through the pipeline")
    async def api_article_get(request: Request, url: str | None = None, text: str | None = None) -> Response:
        fields = await guarded(request, dict(request.query_params))
        briefing = await article(await _article_of(fields))
        return JSONResponse(payload(desk.results.add(briefing), briefing))

    @app.post("/api/article/stream", tags=["briefing"], openapi_extra=article_body,
              summary="The same, streamed: one JSON object a line (start, sentences…, done or error)")
    async def api_article_stream(request: Request) -> Response:
        fields = await guarded(request)
        source = await _article_of(fields)
        document = await run_in_threadpool(analysed, source)
        chunks = article_chunks(document)
        futures = desk.submit(chunks, stream=True)  # admitted now, or 503 before anything streams
        layout = await run_in_threadpool(skeleton, document)
        rows = rows_of(layout)
        title = document.article.title

        async def events() -> AsyncIterator[bytes]:
            def line(obj: Mapping[str, Any]) -> bytes:
                return (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")

            translated: Translated = {}
            try:
                yield line({"event": "start", **layout})
                for future in futures:
                    part = await desk.wait([future])
                    translated.update(part)
                    event: dict[str, Any] = {"event": "sentences",
                                             "rows": [{"id": rid, "en": part[t].text} for t in part for rid in rows.get(t, [])]}
                    if title and title in part:
                        event["title"] = part[title].text
                    yield line(event)
                made_with = await run_in_threadpool(desk.made_with)
                briefing = await run_in_threadpool(article_briefing, document, translated, translation, made_with,
                                                   config.check_share, desk.words)
                yield line({"event": "done", **payload(desk.results.add(briefing), briefing)})
            except DeskError as exc:
                yield line({"event": "error", "error": exc.message})
            except Exception as exc:  # the page says so instead of a stream that just stops
                yield line({"event": "error", "error": f"Cannot translate text: {type(exc).__name__}"})
            finally:
                for future in futures:
                    future.cancel()

        return StreamingResponse(events(), media_type="application/x-ndjson", headers={"Cache-Control": "no-store"})

    @app.get("/api/result/{key}", tags=["briefing"], summary="A finished article again (the recent list)")
    async def api_result(request: Request, key: str) -> Response:
        await guarded(request, dict(request.query_params))
        briefing = desk.results.get(key)
        if briefing is None:
            raise DeskError(404, "No such translation here (the desk keeps the most recent ones only)")
        return JSONResponse(payload(key, briefing))

    @app.get("/t/{name}", tags=["briefing"], summary="A finished article: the briefing page, or a download")
    async def result_file(name: str) -> Response:
        from briefing.output.render import render

        key, _, fmt = name.partition(".")
        briefing = desk.results.get(key)
        if briefing is None:
            raise DeskError(404, "No such translation here (the desk keeps the most recent ones only)")
        if not fmt:
            html = await run_in_threadpool(render, briefing, "html")
            assert isinstance(html, str)
            return Response(html, media_type="text/html; charset=utf-8",
                            headers={"Content-Security-Policy": briefing_csp(html)})
        if fmt not in DOWNLOADS:
            raise DeskError(404, f"No download as {fmt[:20]}; choose {', '.join(DOWNLOADS)}")
        try:
            content = await run_in_threadpool(render, briefing, fmt)
        except BriefingError as exc:
            raise DeskError(503, str(exc)) from None
        # ASCII only: a header is Latin-1, and a title may be in any script.
        stem = re.sub(r"[^A-Za-z0-9_-]+", "-", the_article(briefing)["title"]["en"] or "article")[:50].strip("-") or "article"
        headers = {"Content-Disposition": f'attachment; filename="{stem}.{fmt}"'}
        if fmt == "html":
            assert isinstance(content, str)
            headers["Content-Security-Policy"] = briefing_csp(content)
        return Response(content, media_type=DOWNLOADS[fmt], headers=headers)

    return Guard(app, config.max_body_bytes, config.body_timeout_s)
