"""PDF, Word and e-mail, made from the same briefing: the text reads back, the structure is
there, and nothing unsafe or remote goes into the mail."""

from __future__ import annotations

import email
import io
import shutil
import subprocess
from email import policy

import pytest
from conftest import SEEDS

from briefing.build import BuildConfig, build
from briefing.output.share import chromium_path
from briefing.testing import StandInTranslator
from briefing.translate.translator import TranslationConfig


def built(tmp_path, *formats, paper="A4"):
    return build(BuildConfig(inputs=[str(SEEDS)], out_dir=tmp_path, formats=formats, paper=paper,
                             translation=TranslationConfig(use_memory=False)), translator=StandInTranslator())


def test_word_has_headings_tables_and_the_key_quotes(tmp_path):
    docx = pytest.importorskip("docx")
    result = built(tmp_path, "docx")
    document = docx.Document(tmp_path / "briefing.docx")
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Key quotes" in headings and "August 2022" in headings and "June 2024" in headings
    rows = sum(len(t.rows) - 1 for t in document.tables)
    assert len(document.tables) == result.briefing["summary"]["articles"]
    assert rows == result.briefing["summary"]["rows_out"]  # one row per sentence, nothing dropped
    first = document.tables[0].rows[1].cells
    assert first[0].text.startswith("Russisch president") and first[1].text.startswith("[en]")
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert any("de uitgebreide en constructieve" in t for t in bold)  # key quotes in bold
    if shutil.which("soffice") or shutil.which("libreoffice"):
        office = shutil.which("soffice") or shutil.which("libreoffice")
        subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"), str(tmp_path / "briefing.docx")],
                       check=True, capture_output=True, timeout=180)
        assert (tmp_path / "lo" / "briefing.pdf").stat().st_size > 1000


def test_the_email_is_multipart_with_text_and_safe_html(tmp_path):
    built(tmp_path, "eml")
    message = email.message_from_bytes((tmp_path / "briefing.eml").read_bytes(), policy=policy.default)
    assert message["Subject"].startswith("Briefing: Dutch news in English, 2022-08 – 2024-06")
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "## Key quotes" in text and "Vladimir Putin" in text
    assert "<table" in html and "Vladimir Putin" in html and 'lang="nl"' in html
    assert "<script" not in html.lower() and "src=" not in html and "http://" not in html and "https://" not in html
    assert 'style="' in html  # inline styles: mail clients drop <style> blocks


@pytest.mark.skipif(chromium_path() is None, reason="no Chrome or Chromium installed")
@pytest.mark.parametrize("paper,size", [("A4", (595, 842)), ("Letter", (612, 792))])
def test_the_pdf_is_real_text_with_bookmarks_and_page_numbers(tmp_path, paper, size):
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("playwright")
    built(tmp_path, "pdf", paper=paper)
    reader = pypdf.PdfReader(io.BytesIO((tmp_path / "briefing.pdf").read_bytes()))
    page = reader.pages[0]
    assert abs(float(page.mediabox.width) - size[0]) < 2 and abs(float(page.mediabox.height) - size[1]) < 2
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Kim Jong-un" in text and "Oekraïne" in text and "Poetin" in text  # diacritics, Dutch
    assert f"1 / {len(reader.pages)}" in reader.pages[0].extract_text()  # page numbers
    assert "2022-08 – 2024-06" in text  # the title and dates in the margin
    def titles(outline):
        for item in outline:
            yield from titles(item) if isinstance(item, list) else [item.title]

    found = list(titles(reader.outline))
    assert found[0] == "Briefing"  # the heading alone, its subtitle not run into it ("BriefingDutch news")
    assert "August 2022" in found and "June 2024" in found  # bookmarks follow the date groups
    assert any(t.startswith("[en] Russisch president") for t in found)  # and the articles


def test_a_missing_chromium_is_one_message(tmp_path, monkeypatch):
    from briefing.errors import BriefingError

    monkeypatch.setattr("briefing.output.share.chromium_path", lambda: None)
    with pytest.raises(BriefingError, match="apt-get install chromium"):
        built(tmp_path, "pdf")


def test_send_delivers_the_email_to_a_local_smtp_server(tmp_path, monkeypatch):
    pytest.importorskip("aiosmtpd")
    from aiosmtpd.controller import Controller
    from typer.testing import CliRunner

    from briefing.cli.app import app

    class Inbox:
        def __init__(self):
            self.received = []

        async def handle_DATA(self, server, session, envelope):
            self.received.append((envelope.mail_from, envelope.rcpt_tos, envelope.content))
            return "250 OK"

    built(tmp_path, "eml")
    import socket

    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        result = CliRunner().invoke(app, ["send", "--to", "team@example.org", "--eml", str(tmp_path / "briefing.eml"),
                                          "--smtp", f"127.0.0.1:{port}", "--from", "me@example.org"])
    finally:
        controller.stop()
    assert result.exit_code == 0, result.output
    (sender, recipients, content), = inbox.received
    assert (sender, recipients) == ("me@example.org", ["team@example.org"])
    message = email.message_from_bytes(content, policy=policy.default)
    assert message["Subject"].startswith("Briefing: Dutch news in English") and message.get_body(("html",)) is not None


def test_send_never_takes_the_password_on_the_command_line(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from briefing.cli.app import app

    monkeypatch.delenv("BRIEFING_SMTP_PASSWORD", raising=False)
    result = CliRunner().invoke(app, ["send", "--to", "a@b.c", "--password", "x"])
    assert result.exit_code == 2  # no such option


def test_every_sentence_is_in_the_pdf_the_word_file_and_the_mail(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    if chromium_path() is None:
        pytest.skip("no Chrome or Chromium installed")
    result = built(tmp_path, "pdf", "docx", "eml")
    rows = [r for g in result.briefing["groups"] for a in g["articles"] for p in a["paragraphs"] for r in p["sentences"]]
    squash = lambda t: "".join(t.split())  # noqa: E731 - line breaks and hyphenation in the PDF
    pdf = squash(" ".join(p.extract_text() for p in pypdf.PdfReader(tmp_path / "briefing.pdf").pages))
    message = email.message_from_bytes((tmp_path / "briefing.eml").read_bytes(), policy=policy.default)
    html = message.get_body(("html",)).get_content()
    import docx

    document = docx.Document(tmp_path / "briefing.docx")
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    missing_pdf = [r["nl"] for r in rows if squash(r["nl"])[:40] not in pdf]
    assert missing_pdf == []
    from markupsafe import escape  # as the template escapes

    assert all(str(escape(r["nl"])) in html and str(escape(r["en"])) in html for r in rows)
    assert all(r["nl"] in cells and any(c.startswith(r["en"]) for c in cells) for r in rows)


def test_build_writes_all_six_formats(tiny_model, tmp_path):
    if chromium_path() is None:
        pytest.skip("no Chrome or Chromium installed")
    pytest.importorskip("playwright")
    from typer.testing import CliRunner

    from briefing.cli.app import app

    result = CliRunner().invoke(app, ["build", str(SEEDS), "--format", "html,md,json,pdf,docx,eml", "--out", str(tmp_path / "out"),
                                      "--model", str(tiny_model), "--no-memory", "--max-new-tokens", "8", "-q"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "briefing.docx", "briefing.eml", "briefing.html", "briefing.json", "briefing.md", "briefing.pdf"]
