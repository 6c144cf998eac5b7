"""Stage 6: the assembled briefing in one output format (HTML, Markdown, JSON, PDF, Word, e-mail,
XLIFF); writing the files is `briefing.files.write_set`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from briefing.errors import BriefingError
from briefing.output.templates import render_html, render_markdown

FORMATS = ("html", "md", "json", "pdf", "docx", "eml", "xliff")


def render_json(briefing: Mapping[str, Any]) -> str:
    return json.dumps(briefing, ensure_ascii=False, indent=2) + "\n"


def render(briefing: Mapping[str, Any], fmt: str, templates: Path | None = None, paper: str = "A4") -> str | bytes:
    """One output format (text, or bytes for PDF, Word and e-mail); a broken template is named
    with its line and what is wrong."""
    import jinja2

    from briefing.output import share
    b: Any = briefing
    try:
        if fmt == "html":
            return render_html(briefing, templates)
        if fmt == "md":
            return render_markdown(briefing, templates)
        if fmt == "json":
            return render_json(briefing)
        if fmt == "pdf":
            return share.pdf_bytes(render_html(briefing, templates), b, paper)
        if fmt == "docx":
            return share.docx_bytes(b, paper)
        if fmt == "xliff":  # for post-editing in a CAT tool; `briefing memory import` reads it back
            from briefing.translate.exchange import briefing_xliff

            return briefing_xliff(briefing)
        if fmt == "eml":
            return share.eml_bytes(b, render_markdown(briefing, templates), share.render_email_html(b, templates))
    except jinja2.TemplateSyntaxError as exc:
        raise BriefingError(f"template {exc.filename or exc.name}, line {exc.lineno}: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise BriefingError(f"template for {fmt} cannot be rendered: {exc}") from None
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
