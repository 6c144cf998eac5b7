"""The briefing as people send it on: PDF, Word and e-mail, each made from the same assembled
briefing the other formats read.

* PDF: the HTML page printed by headless Chromium (through Playwright: the page's own print
  styles, real text, bookmarks from the headings, page numbers and the title in the margins).
  Chromium rather than WeasyPrint: the page's CSS (grid columns, dark-mode rules) is written for
  a browser, and the browser tests already drive the same Chromium, so what is printed is what
  the tests looked at.
* Word: python-docx, a two-column table per article (Dutch | English), a row per sentence.
* E-mail: a multipart/alternative message: the Markdown as text/plain, and HTML written for mail
  clients (tables, inline styles, no script, no remote resource) as text/html.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import shutil
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from briefing import __version__
from briefing.errors import BriefingError
from briefing.output.records import Briefing

PAPERS = ("A4", "Letter")


def chromium_path() -> str | None:
    """An installed Chrome or Chromium: BRIEFING_CHROMIUM, else the usual names on PATH."""
    configured = os.environ.get("BRIEFING_CHROMIUM")
    if configured:
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def date_range(briefing: Briefing) -> str:
    """The briefing's period as chosen (`--week`, `--since`/`--until`), else the first and last
    of its articles' dates."""
    from briefing.output.templates import period_label

    if briefing.get("period"):
        return period_label(briefing.get("period"))
    dates = [g["date"] for g in briefing["groups"] if g["date"] != "undated"]
    if not dates:
        return "undated"
    return dates[0] if dates[0] == dates[-1] else f"{dates[0]} – {dates[-1]}"


def pdf_bytes(html: str, briefing: Briefing, paper: str = "A4") -> bytes:
    """The page printed to PDF: searchable text, bookmarks, page numbers, title and dates."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise BriefingError("PDF output needs Playwright: pip install playwright (it drives an installed Chromium)") from None
    browser_path = chromium_path()
    if browser_path is None:
        raise BriefingError("PDF output needs Chrome or Chromium: apt-get install chromium (or set BRIEFING_CHROMIUM)")
    title = f"Briefing: Dutch news in English · {date_range(briefing)}"
    margin = "<div style='font-size:8px;width:100%;padding:0 12mm;color:#555;display:flex;justify-content:space-between'>"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=browser_path,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
            )
            try:
                page = browser.new_page()
                # Nothing leaves this machine: the page is self-contained.
                page.route("**/*", lambda route: route.abort() if not route.request.url.startswith(("data:", "about:")) else route.continue_())
                page.set_content(html, wait_until="load")
                page.emulate_media(media="print", color_scheme="light")
                headings = page.evaluate("[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => h.innerText)")
                return mend_outline(page.pdf(
                    format=paper, print_background=True, outline=True, tagged=True,
                    display_header_footer=True,
                    header_template=f"{margin}<span>{_escape(title)}</span><span></span></div>",
                    footer_template=f"{margin}<span>made with briefing</span><span><span class='pageNumber'></span> / <span class='totalPages'></span></span></div>",
                    margin={"top": "16mm", "bottom": "16mm", "left": "12mm", "right": "12mm"},
                ), headings)
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise BriefingError(f"PDF output: Chromium failed ({str(exc).splitlines()[0]})") from None


def mend_outline(pdf: bytes, headings: list[str]) -> bytes:
    """Chromium titles a bookmark with its heading's text as laid out, the lines run together
    without a space ("…17–23 June" + "2024" → "June2024"): each bookmark is given back its
    heading's own text (matched with the spaces left out). Without pypdf the PDF stays as is."""
    try:
        import pypdf
        from pypdf.generic import NameObject, TextStringObject
    except ImportError:
        return pdf
    by_letters: dict[str, str] = {}
    for heading in headings:
        by_letters.setdefault("".join(heading.split()), " ".join(heading.split()))
    try:
        writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
        outlines = writer.root_object.get("/Outlines")
        pending = [outlines.get_object().get("/First")] if outlines is not None else []
        changed = False
        while pending:
            node = pending.pop()
            if node is None:
                continue
            item = node.get_object()
            title = str(item.get("/Title", ""))
            better = by_letters.get("".join(title.split()))
            if better and better != title:
                item[NameObject("/Title")] = TextStringObject(better)
                changed = True
            pending += [item.get("/First"), item.get("/Next")]
        if not changed:
            return pdf
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    except Exception:  # the bookmarks' text is a nicety: never lose the PDF over it
        return pdf


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Characters XML 1.0 cannot hold (C0 controls but tab and line breaks, lone surrogates, U+FFFE,
# U+FFFF): Word's XML refuses them, so they become U+FFFD there; the other formats keep the text.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(value: Any) -> Any:
    """A copy of a briefing (or any part) with every string fit for XML."""
    if isinstance(value, str):
        return _NOT_XML.sub("\ufffd", value)
    if isinstance(value, dict):
        return {k: xml_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [xml_safe(v) for v in value]
    return value


# (width, height) in millimetres; Word's own default template is US Letter whatever the locale.
PAPER_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}


def docx_bytes(source: Briefing, paper: str = "A4") -> bytes:
    """A Word document: headings per date and article, a Dutch | English table per article,
    on the chosen paper, its author the tool that made it."""
    try:
        import docx
        from docx.shared import Pt
    except ImportError:
        raise BriefingError("Word output needs python-docx: pip install python-docx") from None
    briefing: Any = xml_safe(source)
    document = docx.Document()
    _set_paper(document, paper)
    made = briefing["made_with"]
    _set_properties(document, briefing)
    document.add_heading("Briefing: Dutch news in English", level=0)
    s = briefing["summary"]
    document.add_paragraph(f"{s['articles']} articles, {s['rows_out']} sentences, {s['key_quotes']} key quotes · {date_range(briefing)}")
    if briefing["key_quotes"]:
        _add_key_quotes(document, briefing["key_quotes"])
    for group in briefing["groups"]:
        document.add_heading(group["label"], level=1)
        for article in group["articles"]:
            _add_article(document, article)
    document.add_paragraph(
        "Made with briefing " + str(made.get("version")) + ": "
        + ", ".join(f"{k} {v}" for k, v in made.items() if k != "version")
    ).runs[0].font.size = Pt(8)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _set_paper(document: Any, paper: str) -> None:
    """Every section on the chosen paper, with 20 mm margins."""
    from docx.shared import Mm

    width, height = PAPER_MM[paper]
    for section in document.sections:
        section.page_width, section.page_height = Mm(width), Mm(height)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(20)


def _set_properties(document: Any, briefing: Any) -> None:
    """The document's title, author (the tool that made it), language and dates."""
    made = briefing["made_with"]
    properties = document.core_properties
    properties.title = f"Briefing {date_range(briefing)}"
    properties.author = properties.last_modified_by = f"briefing {made.get('version') or __version__}"
    properties.comments = "Dutch news in English, sentence by sentence (machine translation)"
    properties.language = "en"
    with contextlib.suppress(TypeError, ValueError):
        properties.created = properties.modified = dt.datetime.fromisoformat(str(made.get("built_at")))


def _add_key_quotes(document: Any, key_quotes: list[Any]) -> None:
    """The key quotes, a bullet each: the English in bold, then who said it and where."""
    document.add_heading("Key quotes", level=1)
    for q in key_quotes:
        para = document.add_paragraph(style="List Bullet")
        para.add_run(f"“{q['en']}”").bold = True
        who = q["speaker_en"] or q["speaker"] or ""
        para.add_run(f" — {who}" + (f" ({q['role_en'] or q['role']})" if q["role"] else "") + f", in {q['article_title']}")


def _add_article(document: Any, article: Any) -> None:
    """An article: its English headline, the Dutch one in italics, its details, and its table."""
    document.add_heading(article["title"]["en"] or article["title"]["nl"], level=2)
    meta = document.add_paragraph(article["title"]["nl"])
    meta.runs[0].italic = True
    details = " · ".join(x for x in (article["date"], article["source"], article.get("author"), article["url"]) if x)
    if details:
        document.add_paragraph(details)
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Nederlands", "English"
    for cell in table.rows[0].cells:
        cell.paragraphs[0].runs[0].bold = True
    for paragraph in article["paragraphs"]:
        for row in paragraph["sentences"]:
            _add_sentence_row(table, paragraph["kind"], row)


def _add_sentence_row(table: Any, kind: str, row: Any) -> None:
    """One sentence, Dutch | English: bold for a heading or a key quote, italic for a caption,
    the English followed by its QA flags."""
    from docx.shared import Pt

    cells = table.add_row().cells
    for cell, text in zip(cells, (row["nl"], row["en"])):
        run = cell.paragraphs[0].add_run(text)
        run.bold = kind == "heading" or row["key_quote"]
        run.italic = kind == "caption"
        run.font.size = Pt(10)
    if row["qa"]:
        cells[1].paragraphs[0].add_run(" ⚑ " + ", ".join(row["qa"])).font.size = Pt(8)


def eml_bytes(briefing: Briefing, text: str, html: str) -> bytes:
    """A message ready to send or import: text/plain (the Markdown) and text/html (for mail)."""
    message = EmailMessage()
    message["Subject"] = f"Briefing: Dutch news in English, {date_range(briefing)}"
    message["Date"] = formatdate(localtime=False)
    message["MIME-Version"] = "1.0"
    # Unique by time, process and a random number; the domain is reserved, so never anyone's.
    # Short enough that the header is never folded (a folded one reads back with a space).
    message["Message-ID"] = make_msgid(domain="briefing.invalid")
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return bytes(message)


def render_email_html(briefing: Briefing, templates: Any = None) -> str:
    from briefing.output.templates import _environment

    return str(_environment(templates, html=True).get_template("briefing.email.html.j2").render(b=briefing))
