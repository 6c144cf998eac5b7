"""The translation desk (`briefing serve`): the model loaded once, the page at `/`, and a
LibreTranslate-compatible API, over the same pipeline as `build` (memory, glossary, quotes, QA,
confidence). `app` is the web application, `batching` the engine's queue, `guard` the limits,
`work` the article and text steps, `server` the process."""

from __future__ import annotations

from briefing.errors import UsageError

try:
    import fastapi  # noqa: F401
    import uvicorn  # noqa: F401
except ImportError as missing:  # an install without the desk's extra: say how to add it
    raise UsageError(f"the desk needs {missing.name}: pip install 'briefing[desk]'") from None

from briefing.desk.app import DeskConfig, create_app
from briefing.desk.server import serve

__all__ = ["DeskConfig", "create_app", "serve"]
