"""`briefing serve`: open the translator, bind the socket, print the address, serve until Ctrl-C."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

from briefing.errors import UsageError
from briefing.translate.engine import Engine
from briefing.translate.translator import TranslationConfig, open_translator

from .app import DeskConfig, create_app
from .guard import is_loopback_host

KEY_ENV = "BRIEFING_API_KEY"


def api_keys(given: list[str] | None) -> tuple[str, ...]:
    """The keys from --api-key, else from $BRIEFING_API_KEY (comma-separated)."""
    keys = [k.strip() for k in (given or []) if k.strip()]
    if not keys:
        keys = [k.strip() for k in os.environ.get(KEY_ENV, "").split(",") if k.strip()]
    short = [k for k in keys if len(k) < 12]
    if short:
        raise UsageError("an API key must be 12 characters or more (e.g. python -c 'import secrets; print(secrets.token_urlsafe())')")
    return tuple(keys)


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound now, so the address printed is the one in use (port 0: a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def check_config(config: DeskConfig) -> None:
    if not is_loopback_host(config.host) and not config.api_keys:
        raise UsageError(
            f"--host {config.host} lets other machines in: give an API key (--api-key KEY or ${KEY_ENV}), "
            "or keep the default 127.0.0.1"
        )
    if not 0 <= config.port <= 65535:
        raise UsageError("--port must be 0 to 65535 (0: any free port)")


def serve(
    config: DeskConfig,
    translation_config: TranslationConfig,
    stand_in: Engine | None = None,
    announce: Callable[[str], None] | None = None,
) -> None:
    """Serve until interrupted. The first thing written to standard output is the address."""
    import uvicorn

    check_config(config)
    sock = bind(config.host, config.port)
    say = announce or (lambda line: print(line, flush=True))
    # From the moment the address is out until uvicorn handles the signals itself, a Ctrl-C or
    # SIGTERM is held and then starts the same graceful shutdown: raised there, it could land inside
    # the event loop's construction and print a half-built loop's traceback.
    held: list[int] = []
    before: dict[int, Any] = {}
    try:
        with open_translator(translation_config, stand_in) as translation:
            app: Any = create_app(translation, config)
            if threading.current_thread() is threading.main_thread():
                before = {sig: signal.signal(sig, lambda sig, _frame: held.append(sig)) for sig in (signal.SIGINT, signal.SIGTERM)}
            say(url_of(sock))
            if config.api_keys:
                print("API key required (api_key field, X-API-Key header or Bearer token)", file=sys.stderr, flush=True)
            batcher = app.app.state.desk.batcher

            class Server(uvicorn.Server):
                @contextlib.contextmanager
                def capture_signals(self) -> Iterator[None]:
                    # Ctrl-C and SIGTERM start the graceful shutdown (a second Ctrl-C forces it),
                    # and that is the end of them: uvicorn's own handling raises the signal again
                    # afterwards, which interrupts its lifespan task and logs a traceback.
                    if threading.current_thread() is not threading.main_thread():
                        yield
                        return
                    previous = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
                    for sig in held:
                        self.handle_exit(sig, None)
                    try:
                        yield
                    finally:
                        for sig, handler in previous.items():
                            signal.signal(sig, handler)

                async def shutdown(self, sockets: Any = None) -> None:
                    # First refuse what waits in the queue (503, at once), then let uvicorn finish
                    # the requests in flight (the engine's round finishes), for up to 5 s.
                    batcher.close(timeout_s=0)
                    await super().shutdown(sockets)

            server = Server(uvicorn.Config(
                app, log_level="warning", timeout_graceful_shutdown=5, timeout_keep_alive=5,
                limit_concurrency=512, h11_max_incomplete_event_size=64 * 1024, server_header=False,
            ))
            server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # Ctrl-C before the server ran (the model loading, say): nothing was in flight
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)
        sock.close()
    print("stopped", file=sys.stderr, flush=True)
