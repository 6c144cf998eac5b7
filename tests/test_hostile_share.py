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
from briefing.cli import app
from briefing.testing import StandInTranslator
from briefing.translation import TranslationConfig

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

    from briefing import cli, mail

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
    monkeypatch.setattr("briefing.mail.DeadlineSMTP.peer_is_loopback", lambda self: False)
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


@pytest.mark.parametrize("where", ["/dev/zero", "folder", "missing.eml"])
def test_eml_that_is_no_regular_file_is_one_error_line(tmp_path, where):
    (tmp_path / "folder").mkdir()
    path = where if where.startswith("/") else str(tmp_path / where)
    run = briefing_cli("send", "--to", "team@example.org", "--eml", path, "--smtp", f"127.0.0.1:{free_port()}", timeout=30)
    assert run.returncode == 2
    one_error_line(run.stderr)


def test_an_oversized_eml_is_refused(tmp_path, monkeypatch, smtp_server):
    monkeypatch.setattr("briefing.mail.MAX_EML_BYTES", 1000)
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
    assert message["Message-ID"].startswith("<") and message["Message-ID"].endswith(">") and "@" in message["Message-ID"]
    html = message.get_body(("html",)).get_content()
    assert 'href="https://nos.nl/artikel/123-poetin"' in html
    assert "https://nos.nl/artikel/123-poetin" in message.get_body(("plain",)).get_content()
    result = send(tmp_path, smtp_server.port, "--to", "team@example.org")
    assert result.exit_code == 0, result.output
    (_, _, content), = smtp_server.received
    assert email.message_from_bytes(content, policy=policy.default)["Message-ID"] == message["Message-ID"]
