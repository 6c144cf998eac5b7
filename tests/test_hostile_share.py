"""Sharing under attack: a hostile SMTP server or argument, a planted template cache, characters
Word cannot hold, words too long for a line. Each must give the right result or one `Error:`
line: no traceback, no hang, no secret shown, no planted code run.

Servers are on 127.0.0.1, started and stopped by the test. What could hang runs in a child
process with a timeout, so a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import base64
import contextlib
import email
import os
import re
import socket
import subprocess
import sys
import threading
import time
from email import policy
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS
from typer.testing import CliRunner

from briefing.build import BuildConfig, build
from briefing.cli.app import app
from briefing.testing import StandInTranslator
from briefing.translate.translator import TranslationConfig

PASSWORD = "s3cret-Pa55"


def built(out: Path, *formats: str, inputs: list[str] | None = None, **options):
    return build(BuildConfig(inputs=inputs or [str(SEEDS)], out_dir=out, formats=formats,
                             translation=TranslationConfig(use_memory=False), **options), translator=StandInTranslator())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def briefing_cli(*args: str, timeout: float = 60, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command in a child process (what could hang cannot hang the tests)."""
    return subprocess.run([sys.executable, "-m", "briefing", *args], capture_output=True, text=True, timeout=timeout,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


# --- send ------------------------------------------------------------------------------------


class ScriptedServer:
    """A raw TCP server on 127.0.0.1 playing a hostile SMTP server: `serve(conn)` runs per
    connection in a thread; everything it read is kept in `heard`."""

    def __init__(self, serve):
        self.serve = serve
        self.stop = threading.Event()
        self.heard: list[bytes] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(0.5)
                with contextlib.suppress(OSError):
                    self.serve(self, conn)

    def read_line(self, conn) -> bytes:
        line = b""
        while not line.endswith(b"\n") and not self.stop.is_set():
            try:
                chunk = conn.recv(1)
            except TimeoutError:
                continue
            if not chunk:
                break
            line += chunk
        self.heard.append(line)
        return line

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(5)
        self.listener.close()


def drip_greeting(server, conn):
    """A greeting one byte at a time, a byte every second (each read is quick; the whole is
    endless)."""
    for byte in b"220 slow.example ESMTP " + b"." * 10_000:
        if server.stop.wait(1.0):
            return
        conn.sendall(bytes([byte]))


def test_send_has_an_overall_deadline_against_a_dripping_server(tmp_path):
    built(tmp_path, "eml")
    with ScriptedServer(drip_greeting) as server:
        start = time.monotonic()
        run = briefing_cli("send", "--to", "team@example.org", "--eml", str(tmp_path / "briefing.eml"),
                           "--smtp", f"127.0.0.1:{server.port}", "--timeout", "3", timeout=30)
        took = time.monotonic() - start
    assert run.returncode == 1
    assert "within 3 s" in one_error_line(run.stderr)
    assert took < 15  # 3 s of deadline and the process's start, not the server's pace


def test_the_default_deadline_is_bounded(monkeypatch):
    import inspect

    from briefing.cli import app as cli
    from briefing.output import mail

    assert 0 < mail.DEFAULT_TIMEOUT_S <= 120
    default = inspect.signature(cli.send).parameters["timeout"].default.default
    assert 0 < default <= 120


class Recorder:
    """An aiosmtpd handler and authenticator that keep what they were given."""

    def __init__(self):
        self.received: list[tuple[str, list[str], bytes]] = []
        self.logins: list[tuple[bytes, bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.mail_from, envelope.rcpt_tos, envelope.content))
        return "250 OK"

    def __call__(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult

        self.logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == PASSWORD.encode())


@pytest.fixture
def smtp_server():
    """aiosmtpd on 127.0.0.1 that accepts AUTH without TLS (as a careless or hostile server
    would), so a login sent in clear is seen."""
    pytest.importorskip("aiosmtpd")
    from aiosmtpd.controller import Controller

    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port(), authenticator=recorder, auth_require_tls=False)
    controller.start()
    recorder.port = controller.port
    try:
        yield recorder
    finally:
        controller.stop()


def send(tmp_path, port, *extra, env=None):
    eml = tmp_path / "briefing.eml"
    if not eml.exists():
        built(tmp_path, "eml")
    return CliRunner().invoke(app, ["send", "--eml", str(eml), "--smtp", f"127.0.0.1:{port}", *extra], env=env)


def test_a_login_without_tls_is_refused_before_the_password_leaves(tmp_path, smtp_server):
    result = send(tmp_path, smtp_server.port, "--to", "team@example.org", "--user", "me@example.org",
                  env={"BRIEFING_SMTP_PASSWORD": PASSWORD})
    assert result.exit_code == 2, result.output
    assert "--starttls" in one_error_line(result.output) and PASSWORD not in result.output
    assert smtp_server.logins == [] and smtp_server.received == []


def test_insecure_login_is_allowed_to_a_loopback_relay(tmp_path, smtp_server):
    result = send(tmp_path, smtp_server.port, "--to", "team@example.org", "--user", "me@example.org", "--insecure-login",
                  env={"BRIEFING_SMTP_PASSWORD": PASSWORD})
    assert result.exit_code == 0, result.output
    assert smtp_server.logins == [(b"me@example.org", PASSWORD.encode())]
    (sender, recipients, _), = smtp_server.received
    assert (sender, recipients) == ("me@example.org", ["team@example.org"])


def test_insecure_login_is_refused_beyond_loopback(tmp_path, smtp_server, monkeypatch):
    # The test's server is on loopback; the check is on the connected peer, so pretend it is not.
    monkeypatch.setattr("briefing.output.mail.DeadlineSMTP.peer_is_loopback", lambda self: False)
    result = send(tmp_path, smtp_server.port, "--to", "team@example.org", "--user", "me@example.org", "--insecure-login",
                  env={"BRIEFING_SMTP_PASSWORD": PASSWORD})
    assert result.exit_code == 2, result.output
    assert "loopback" in one_error_line(result.output)
    assert smtp_server.logins == [] and smtp_server.received == []


def test_starttls_asked_of_a_server_without_it_is_an_error_not_clear_text(tmp_path, smtp_server):
    result = send(tmp_path, smtp_server.port, "--to", "team@example.org", "--user", "me@example.org", "--starttls",
                  env={"BRIEFING_SMTP_PASSWORD": PASSWORD})
    assert result.exit_code == 1, result.output
    assert "STARTTLS" in one_error_line(result.output)
    assert smtp_server.logins == [] and smtp_server.received == []


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 and a client context that trusts only it."""
    import shutil
    import ssl

    if not shutil.which("openssl"):
        pytest.skip("no openssl to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
                   check=True, capture_output=True, timeout=60)
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    client = ssl.create_default_context(cafile=str(folder / "cert.pem"))
    return server, client


def test_a_login_over_starttls_is_delivered(tmp_path, certificate, monkeypatch):
    pytest.importorskip("aiosmtpd")
    from aiosmtpd.controller import Controller

    from briefing.output.mail import send_eml

    server_tls, client_tls = certificate
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port(), authenticator=recorder,
                            tls_context=server_tls, require_starttls=True)
    controller.start()
    try:
        built(tmp_path, "eml")
        monkeypatch.setenv("BRIEFING_SMTP_PASSWORD", PASSWORD)
        send_eml(tmp_path / "briefing.eml", ["team@example.org"], "127.0.0.1", controller.port, starttls=True,
                 user="me@example.org", sender=None, timeout_s=20, tls_context=client_tls)
    finally:
        controller.stop()
    assert recorder.logins == [(b"me@example.org", PASSWORD.encode())]
    (sender, recipients, _), = recorder.received
    assert (sender, recipients) == ("me@example.org", ["team@example.org"])


def test_the_deadline_holds_after_starttls(tmp_path, certificate):
    """Past the TLS handshake smtplib reads from a new (TLS) socket: it keeps the deadline."""
    from briefing.errors import BriefingError
    from briefing.output.mail import send_eml

    server_tls, client_tls = certificate

    def tls_then_drip(server, conn):
        conn.sendall(b"220 tls.example ESMTP\r\n")
        while not server.stop.is_set():
            line = server.read_line(conn)
            if not line:
                return
            if line.upper().startswith(b"EHLO"):
                conn.sendall(b"250-tls.example\r\n250 STARTTLS\r\n")
            elif line.upper().startswith(b"STARTTLS"):
                conn.sendall(b"220 go ahead\r\n")
                conn.settimeout(10)
                secure = server_tls.wrap_socket(conn, server_side=True)
                for byte in b"250-tls.example" + b"." * 10_000:  # the answer to EHLO, a byte a second
                    if server.stop.wait(1.0):
                        return
                    secure.sendall(bytes([byte]))

    built(tmp_path, "eml")
    outcome: list[BaseException | None] = []

    def attempt():
        try:
            send_eml(tmp_path / "briefing.eml", ["team@example.org"], "127.0.0.1", scripted.port, starttls=True,
                     user=None, sender=None, timeout_s=4, tls_context=client_tls)
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    with ScriptedServer(tls_then_drip) as scripted:
        start = time.monotonic()
        worker = threading.Thread(target=attempt, daemon=True)
        worker.start()
        worker.join(20)
        took = time.monotonic() - start
    assert not worker.is_alive() and took < 15, "send went on past its deadline after STARTTLS"
    (error,) = outcome
    assert isinstance(error, BriefingError) and "within 4 s" in str(error)


def echo_auth(server, conn):
    """Offers AUTH PLAIN and answers the login with the line it was sent (a hostile echo)."""
    conn.sendall(b"220 echo.example ESMTP\r\n")
    while not server.stop.is_set():
        line = server.read_line(conn)
        if not line:
            return
        if line.upper().startswith(b"EHLO"):
            conn.sendall(b"250-echo.example\r\n250 AUTH PLAIN\r\n")
        elif line.upper().startswith(b"AUTH"):
            conn.sendall(b"535 who is " + line.strip() + b"?\r\n")
        elif line.upper().startswith(b"QUIT"):
            conn.sendall(b"221 bye\r\n")
            return
        else:
            conn.sendall(b"250 ok\r\n")


def test_a_server_echoing_the_login_does_not_get_the_password_shown(tmp_path):
    with ScriptedServer(echo_auth) as server:
        result = send(tmp_path, server.port, "--to", "team@example.org", "--user", "me@example.org", "--insecure-login",
                      env={"BRIEFING_SMTP_PASSWORD": PASSWORD})
    assert any(line.startswith(b"AUTH") for line in server.heard)  # the server did echo it
    assert result.exit_code == 1, result.output
    line = one_error_line(result.output)
    secret = base64.b64encode(f"\0me@example.org\0{PASSWORD}".encode()).decode()
    assert PASSWORD not in line and secret not in line and "[hidden]" in line


@pytest.mark.parametrize("option,value", [
    ("--to", "team@example.org\r\nBcc: everyone@example.org"),
    ("--to", "team@example.org\nRCPT TO:<spy@example.org>"),
    ("--from", "me@example.org\r\nSubject: hijacked"),
    ("--from", "me@example.org\rX: y"),
    ("--to", "team@example.org, spy@example.org"),
    ("--to", "not an address"),
])
def test_a_line_break_or_not_one_address_is_one_error_line(tmp_path, smtp_server, option, value):
    args = ["--to", "team@example.org", "--from", "me@example.org"]
    args[args.index(option) + 1] = value
    result = send(tmp_path, smtp_server.port, *args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    one_error_line(result.output)
    assert smtp_server.received == []


def test_eml_that_is_a_fifo_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "briefing.eml"
    os.mkfifo(fifo)
    run = briefing_cli("send", "--to", "team@example.org", "--eml", str(fifo), "--smtp", f"127.0.0.1:{free_port()}", timeout=30)
    assert run.returncode == 2
    assert "not a regular file" in one_error_line(run.stderr)


@pytest.mark.parametrize("where", ["/dev/zero", "folder", "missing.eml", "notes.txt"])
def test_eml_that_is_no_regular_file_is_one_error_line(tmp_path, where):
    (tmp_path / "folder").mkdir()
    (tmp_path / "notes.txt").write_text("not a message at all\n")
    path = where if where.startswith("/") else str(tmp_path / where)
    run = briefing_cli("send", "--to", "team@example.org", "--eml", path, "--smtp", f"127.0.0.1:{free_port()}", timeout=30)
    assert run.returncode == 2
    one_error_line(run.stderr)


def test_an_oversized_eml_is_refused(tmp_path, monkeypatch, smtp_server):
    monkeypatch.setattr("briefing.output.mail.MAX_EML_BYTES", 1000)
    built(tmp_path, "eml")
    result = send(tmp_path, smtp_server.port, "--to", "team@example.org")
    assert result.exit_code == 2 and "larger than 1,000 bytes" in one_error_line(result.output)
    assert smtp_server.received == []


def test_the_email_has_a_message_id_and_links_to_the_articles(tmp_path, smtp_server):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "url: https://nos.nl/artikel/123-poetin\ndate: 2024-06-19\n\nPoetin is in Noord-Korea. Hij ontmoet Kim.\n")
    built(tmp_path, "eml", inputs=[str(tmp_path / "in")])
    message = email.message_from_bytes((tmp_path / "briefing.eml").read_bytes(), policy=policy.default)
    assert re.fullmatch(r"<[^<>@\s]+@briefing\.invalid>", message["Message-ID"])
    assert b"Message-ID: <" in (tmp_path / "briefing.eml").read_bytes()  # on one line, not folded
    html = message.get_body(("html",)).get_content()
    assert 'href="https://nos.nl/artikel/123-poetin"' in html
    assert "https://nos.nl/artikel/123-poetin" in message.get_body(("plain",)).get_content()
    result = send(tmp_path, smtp_server.port, "--to", "team@example.org")
    assert result.exit_code == 0, result.output
    (_, _, content), = smtp_server.received
    assert email.message_from_bytes(content, policy=policy.default)["Message-ID"] == message["Message-ID"]


# --- the compiled-template cache ---------------------------------------------------------------


def template_caches() -> list[Path]:
    import jinja2

    from briefing.cachefiles import cache_folder

    return [cache_folder() / "templates" / kind / f"jinja2-{jinja2.__version__}" for kind in ("html", "text")]


def plant(folder: Path, marker: Path) -> int:
    """Replace every compiled template in `folder` by code that writes `marker`: a valid cache
    entry (Jinja's header and the template's checksum), so only the cache's own checks stop it."""
    import marshal
    import pickle

    from jinja2.bccache import bc_magic

    code = compile(f"import pathlib; pathlib.Path({str(marker)!r}).write_text('planted code ran')", "<planted>", "exec")
    planted = 0
    for file in folder.glob("*.cache"):
        data = file.read_bytes()
        assert data.startswith(bc_magic)
        checksum = pickle.loads(data[len(bc_magic):])
        file.write_bytes(bc_magic + pickle.dumps(checksum, 2) + marshal.dumps(code))
        planted += 1
    return planted


def test_the_template_cache_is_owner_only(tmp_path):
    built(tmp_path / "out", "html", "md")
    for folder in template_caches():
        assert folder.stat().st_mode & 0o777 == 0o700
        files = list(folder.iterdir())
        assert files and all(f.stat().st_mode & 0o077 == 0 for f in files)


@pytest.mark.parametrize("how", ["folder writable by others", "file writable by others", "file a symlink"])
def test_planted_template_code_never_runs(tmp_path, how):
    built(tmp_path / "first", "html", "md")
    marker = tmp_path / "PLANTED"
    for folder in template_caches():
        assert plant(folder, marker) >= 1
        if how == "folder writable by others":
            folder.chmod(0o777)
        for file in folder.glob("*.cache"):
            if how == "file writable by others":
                file.chmod(0o666)
            elif how == "file a symlink":
                elsewhere = tmp_path / f"elsewhere-{folder.parent.name}-{file.name}"
                file.rename(elsewhere)
                file.symlink_to(elsewhere)
    result = built(tmp_path / "second", "html", "md")
    assert not marker.exists()
    assert (tmp_path / "second" / "briefing.html").read_text() == (tmp_path / "first" / "briefing.html").read_text()
    assert result.briefing["summary"]["articles"] == 5


@pytest.mark.parametrize("damage", ["empty", "not a cache", "header, then no checksum", "header, checksum, not code",
                                    "header, checksum, cut short"])
def test_a_damaged_template_cache_is_compiled_afresh_and_mended(tmp_path, damage):
    import marshal
    import pickle

    from jinja2.bccache import bc_magic

    built(tmp_path / "first", "html", "md")
    for folder in template_caches():
        for file in folder.glob("*.cache"):
            data = file.read_bytes()
            checksum = pickle.dumps(pickle.loads(data[len(bc_magic):]), 2)
            file.write_bytes({
                "empty": b"",
                "not a cache": b"garbage" * 50,
                "header, then no checksum": bc_magic + b"\x80\x04\xffgarbage",
                "header, checksum, not code": bc_magic + checksum + marshal.dumps(42),
                "header, checksum, cut short": data[: len(data) // 2],
            }[damage])
    built(tmp_path / "second", "html", "md")
    assert (tmp_path / "second" / "briefing.md").read_text() == (tmp_path / "first" / "briefing.md").read_text()
    for folder in template_caches():  # written again, whole
        assert all(f.stat().st_size > 1000 for f in folder.glob("*.cache"))


def test_a_fifo_in_the_template_cache_does_not_hang_the_build(tmp_path):
    built(tmp_path / "first", "html")
    fifos = []
    for file in template_caches()[0].glob("*.cache"):
        file.unlink()
        os.mkfifo(file)
        fifos.append(file)
    done: list[object] = []
    worker = threading.Thread(target=lambda: done.append(built(tmp_path / "second", "html")), daemon=True)
    worker.start()
    worker.join(60)
    if worker.is_alive():  # release the build stuck opening the FIFO, then fail
        for fifo in fifos:
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("the build waited on a FIFO in the template cache")
    assert done and (tmp_path / "second" / "briefing.html").is_file()


# --- Word --------------------------------------------------------------------------------------


def article(folder: Path, name: str, text: str, date: str = "2024-06-19", **meta: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"date: {date}", *(f"{k}: {v}" for k, v in meta.items())]
    path = folder / name
    path.write_text("\n".join(lines) + "\n\n" + text + "\n", encoding="utf-8")
    return path


def test_word_takes_characters_xml_cannot_hold(tmp_path):
    docx = pytest.importorskip("docx")
    article(tmp_path / "in", "a.txt", "Poetin\ufffe is in Noord\uffff-Korea. Hij ontmoet Kim\x0b Jong-un.", title="Kop\ufffe met \uffff tekens")
    # (A glossary term holding them is refused when the glossary is read: test_hostile_config.)
    result = build(BuildConfig(inputs=[str(tmp_path / "in")], out_dir=tmp_path / "out", formats=("html", "md", "json", "docx", "eml"),
                               translation=TranslationConfig(use_memory=False)), translator=StandInTranslator())
    assert sorted(p.name for p in result.written) == ["briefing.docx", "briefing.eml", "briefing.html", "briefing.json", "briefing.md"]
    document = docx.Document(tmp_path / "out" / "briefing.docx")
    cells = " ".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Poetin\ufffd is in Noord\ufffd-Korea." in cells and "\ufffe" not in cells
    # The other formats keep the text as it came.
    assert "Noord\uffff-Korea" in (tmp_path / "out" / "briefing.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("paper,size_mm", [("A4", (210, 297)), ("Letter", (215.9, 279.4))])
def test_word_follows_the_paper_and_names_the_tool_as_author(tmp_path, paper, size_mm):
    docx = pytest.importorskip("docx")
    from briefing import __version__

    built(tmp_path, "docx", paper=paper)
    document = docx.Document(tmp_path / "briefing.docx")
    for section in document.sections:
        assert abs(section.page_width.mm - size_mm[0]) < 0.5 and abs(section.page_height.mm - size_mm[1]) < 0.5
    properties = document.core_properties
    assert properties.author == properties.last_modified_by == f"briefing {__version__}"
    assert "python-docx" not in (properties.comments or "")
    assert properties.created.year == 2026  # the build's time (SOURCE_DATE_EPOCH in the tests)


# --- the period and the author -----------------------------------------------------------------


def test_a_week_briefing_names_its_week_in_every_heading(tmp_path):
    import datetime as dt

    from briefing.build import iso_week

    article(tmp_path / "in", "a.txt", "Poetin is in Noord-Korea. Hij ontmoet Kim Jong-un.")
    since, until = iso_week("2024-W25")
    result = built(tmp_path / "out", "html", "md", "json", "eml", inputs=[str(tmp_path / "in")], since=since, until=until)
    label = "Week 25, 2024 (17–23 June 2024)"
    html = (tmp_path / "out" / "briefing.html").read_text()
    assert f"<h1>Briefing: {label}</h1>" in html and f"<title>Briefing: {label}</title>" in html
    assert (tmp_path / "out" / "briefing.md").read_text().startswith(f"# Briefing: Dutch news in English, {label}\n")
    message = email.message_from_bytes((tmp_path / "out" / "briefing.eml").read_bytes(), policy=policy.default)
    assert message["Subject"] == f"Briefing: Dutch news in English, {label}"
    assert result.briefing["period"] == {"since": "2024-06-17", "until": "2024-06-23"}
    # Other spans are named by their days.
    result = built(tmp_path / "span", "md", inputs=[str(tmp_path / "in")], since=dt.date(2024, 6, 1), until=dt.date(2024, 7, 3))
    assert (tmp_path / "span" / "briefing.md").read_text().startswith("# Briefing: Dutch news in English, 1 June – 3 July 2024\n")


@pytest.mark.parametrize("since,until,label", [
    ("2024-12-30", "2025-01-05", "Week 1, 2025 (30 December 2024 – 5 January 2025)"),
    ("2024-06-01", None, "from 1 June 2024"),
    (None, "2024-06-30", "until 30 June 2024"),
    ("2024-06-18", "2024-06-18", "18 June 2024"),
    ("2023-12-20", "2024-01-10", "20 December 2023 – 10 January 2024"),
])
def test_period_labels(since, until, label):
    from briefing.output.templates import period_label

    assert period_label({"since": since, "until": until}) == label


def test_the_author_shows_where_the_record_has_one(tmp_path):
    from briefing.output.render import render

    article(tmp_path / "in", "a.txt", "Poetin is in Noord-Korea. Hij ontmoet Kim Jong-un.", source="NOS")
    result = built(tmp_path / "out", "html", inputs=[str(tmp_path / "in")])
    plain = render(result.briefing, "html")
    assert " · by " not in str(plain)
    result.briefing["groups"][0]["articles"][0]["author"] = "Jan <b>de</b> Vries"  # type: ignore[typeddict-unknown-key]
    html, md = str(render(result.briefing, "html")), str(render(result.briefing, "md"))
    assert "2024-06-19 · NOS · by Jan &lt;b&gt;de&lt;/b&gt; Vries" in html
    assert "2024-06-19 · NOS · by Jan &lt;b>de&lt;/b> Vries" in md


# --- words longer than a line, on paper --------------------------------------------------------

LONG_WORD = "".join(f"Woord{i:03d}" for i in range(38))[:300]


def pdf_text(path: Path) -> str:
    """The PDF's text as pdftotext (poppler) reads it, else pypdf."""
    import shutil

    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True, timeout=60).stdout
    pypdf = pytest.importorskip("pypdf")
    return " ".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_long_word_reaches_the_paper_whole(tmp_path, paper):
    from briefing.output.share import chromium_path

    if chromium_path() is None:
        pytest.skip("no Chrome or Chromium installed")
    pytest.importorskip("playwright")
    article(tmp_path / "in", "lang.txt", f"Het woord {LONG_WORD} is lang. Daarna komt een gewone zin over Noord-Korea.")
    built(tmp_path / "out", "pdf", inputs=[str(tmp_path / "in")], paper=paper)
    text = "".join(pdf_text(tmp_path / "out" / "briefing.pdf").split())
    # Both columns: the Dutch and the English ("[en] Het woord …") carry the word, every character of it.
    assert text.count(LONG_WORD) >= 2, [w for w in pdf_text(tmp_path / "out" / "briefing.pdf").split() if w.startswith("Woord")]


def test_pdf_bookmarks_keep_the_spaces_of_wrapped_headings(tmp_path):
    from briefing.output.share import chromium_path

    pypdf = pytest.importorskip("pypdf")
    if chromium_path() is None:
        pytest.skip("no Chrome or Chromium installed")
    pytest.importorskip("playwright")
    from briefing.build import iso_week

    title = "Poetin haalt in Pyongyang de banden aan met Noord-Korea en belooft militaire steun"
    article(tmp_path / "in", "a.txt", "Poetin is in Noord-Korea. Hij ontmoet Kim Jong-un.", title=title)
    since, until = iso_week("2024-W25")
    built(tmp_path / "out", "pdf", inputs=[str(tmp_path / "in")], since=since, until=until)

    def titles(outline):
        for item in outline:
            yield from titles(item) if isinstance(item, list) else [item.title]

    found = list(titles(pypdf.PdfReader(tmp_path / "out" / "briefing.pdf").outline))
    assert found[0] == "Briefing: Week 25, 2024 (17–23 June 2024)"  # two lines on A4, one bookmark with its spaces
    assert "[en] Putin haalt in Pyongyang de banden aan met Noord-Korea en belooft militaire steun" in found, found
    assert all("  " not in t and "June2024" not in t for t in found)
