"""The desk's defences: which urls it may fetch (no SSRF), a rate limit per client, a cap on the
size of a request, and the headers every answer carries (Content-Security-Policy and friends)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import ipaddress
import json
import re
import socket
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from briefing.errors import InputError

MAX_URL_CHARS = 2000

# The desk page: its own script and styles only, talking to itself only; no frames, no plugins.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'"
)
# The API docs page (Swagger UI, served by the desk itself from the fastapi-offline package)
# starts its script with an inline one; it shows no article text.
DOCS_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def is_loopback_host(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost: the desk listens for this machine only."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url(url: str, public_only: bool) -> str:
    """A url the desk may fetch: http(s), of sane length; with `public_only` (the desk listens
    beyond this machine), its host must resolve to public addresses only."""
    url = url.strip()
    if len(url) > MAX_URL_CHARS:
        raise InputError(url[:60] + "…", f"a url longer than {MAX_URL_CHARS} characters")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InputError(url[:80], "only http and https urls can be fetched")
    if parts.username or parts.password:
        raise InputError(url[:80], "a url with a user name or password is not fetched")
    if public_only:
        refuse_private(parts.hostname, parts.port or (443 if parts.scheme.lower() == "https" else 80), url)
    return url


def refuse_private(host: str, port: int, url: str) -> None:
    """InputError where `host` is, or resolves to, a loopback, private, link-local or otherwise
    non-public address: a desk open to others must not reach into its own network."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        raise InputError(url[:80], f"the host {host[:60]} cannot be resolved") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global or address.is_multicast:
            raise InputError(url[:80], "the host resolves to a private or local address; not fetched")


def redirect_guard(public_only: bool) -> Callable[[Any], None]:
    """An httpx request hook: every request the fetcher makes (robots.txt, redirects included)
    is checked as the first url was."""

    def hook(request: Any) -> None:
        check_url(str(request.url), public_only)

    return hook


class RateLimiter:
    """A token bucket per client address: `per_minute` requests, refilled evenly; 0 turns it off."""

    def __init__(self, per_minute: int, max_clients: int = 10_000) -> None:
        self.per_minute = per_minute
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, client: str) -> float:
        """0 where the request may go ahead, else the seconds until it may."""
        if self.per_minute <= 0:
            return 0.0
        now = time.monotonic()
        rate = self.per_minute / 60.0
        with self._lock:
            tokens, last = self._buckets.pop(client, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - last) * rate)
            if tokens >= 1:
                self._buckets[client] = (tokens - 1, now)
                wait = 0.0
            else:
                self._buckets[client] = (tokens, now)
                wait = (1 - tokens) / rate
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
        return wait


def script_hashes(html: str) -> list[str]:
    """CSP sources for the inline scripts of a page the desk rendered itself (the briefing page
    remembers its reading view with one), so no other inline script can run."""
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    ]


def briefing_csp(html: str) -> str:
    scripts = " ".join(script_hashes(html)) or "'none'"
    return (
        f"default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"
    )


Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class _TooLarge(Exception):
    """The body passed the cap (413), or stopped arriving (408): the request is answered so."""

    def __init__(self, status: int = 413) -> None:
        super().__init__(status)
        self.status = status


class Guard:
    """ASGI middleware: refuses a request body over `max_bytes` (413, as JSON {"error": …}) and
    adds the security headers to every answer (the CSP unless the route set its own)."""

    def __init__(self, app: ASGIApp, max_bytes: int, body_timeout_s: float = 30.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.body_timeout_s = body_timeout_s  # a body that trickles in slower than this is dropped

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"").decode("latin-1")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._drain(receive)
            await self._too_large(send)
            return
        seen = 0
        started = False
        over = False
        body_done = False

        async def capped_receive() -> Message:
            nonlocal seen, over, body_done
            if body_done:  # after the body: waiting for a disconnect, as long as a stream runs
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), self.body_timeout_s)
            except TimeoutError:
                over = True
                raise _TooLarge(408) from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                body_done = not message.get("more_body", False)
                if seen > self.max_bytes:
                    over = True
                    raise _TooLarge
            return message

        path = scope.get("path", "")

        async def secured_send(message: Message) -> None:
            nonlocal started
            if over:
                return  # the framework's own 500 for the exception below: the 413 replaces it
            if message["type"] == "http.response.start":
                started = True
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                names = {name.lower() for name, _ in message.get("headers", [])}
                if b"content-security-policy" not in names:
                    csp = DOCS_CSP if path == "/docs" else PAGE_CSP
                    extra.append((b"content-security-policy", csp.encode()))
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        try:
            await self.app(scope, capped_receive, secured_send)
        except _TooLarge as refused:
            if not started:
                if refused.status == 413 and not body_done:
                    await self._drain(receive)
                await self._too_large(send, refused.status)

    async def _drain(self, receive: Receive) -> None:
        """Read and drop what is left of a refused body, within bounds (a few times the cap, a few
        seconds): a client still sending when the answer comes and the connection closes would
        see the connection reset instead of the 413. Past the bounds it is closed all the same."""
        left = 4 * self.max_bytes
        loop = asyncio.get_running_loop()
        deadline = loop.time() + min(self.body_timeout_s, 5.0)
        while left > 0:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                return
            if message["type"] != "http.request":
                return
            left -= len(message.get("body", b""))
            if not message.get("more_body", False):
                return

    async def _too_large(self, send: Send, status: int = 413) -> None:
        message = (f"Request too large: the limit is {self.max_bytes:,} bytes" if status == 413
                   else f"Request timeout: the body did not arrive within {self.body_timeout_s:g} s")
        body = json.dumps({"error": message}).encode()
        await send({"type": "http.response.start", "status": status, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            (b"content-security-policy", PAGE_CSP.encode()), (b"x-content-type-options", b"nosniff"),
            (b"connection", b"close"),
        ]})
        await send({"type": "http.response.body", "body": body})
