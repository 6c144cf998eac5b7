"""The translation desk (`briefing serve`): the model loaded once, the page at `/`, and a
LibreTranslate-compatible API, over the same pipeline as `build` (memory, glossary, quotes, QA,
confidence). `app` is the web application, `batching` the engine's queue, `guard` the limits,
`work` the article and text steps, `server` the process."""

from __future__ import annotations

from briefing.desk.app import DeskConfig, create_app
from briefing.desk.server import serve

__all__ = ["DeskConfig", "create_app", "serve"]
