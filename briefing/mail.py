"""`briefing send`: the built `.eml` through an SMTP server. The password comes from the
environment (`BRIEFING_SMTP_PASSWORD`) or the system keyring, never from the command line, where
every user of the machine could read it."""

from __future__ import annotations

import email
import os
import smtplib
import ssl
from email import policy
from pathlib import Path

from briefing.errors import BriefingError, UsageError

PASSWORD_ENV = "BRIEFING_SMTP_PASSWORD"


def password_for(user: str, host: str) -> str:
    secret = os.environ.get(PASSWORD_ENV)
    if secret:
        return secret
    try:
        import keyring

        stored = keyring.get_password(f"briefing-smtp:{host}", user)
    except Exception:
        stored = None
    if not stored:
        raise UsageError(f"--user {user}: set {PASSWORD_ENV}, or store the password in the keyring as service 'briefing-smtp:{host}'")
    return str(stored)


def send_eml(path: Path, to: list[str], host: str, port: int, starttls: bool, user: str | None, sender: str | None) -> None:
    """Send the message in `path` to `to`; every failure is one message naming the server."""
    try:
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    except OSError as exc:
        raise UsageError(f"--eml {path}: cannot be read ({exc.strerror or exc}); build it with --format eml") from None
    frm = sender or user or "briefing@localhost"
    del message["From"], message["To"]
    message["From"] = frm
    message["To"] = ", ".join(to)
    try:
        with smtplib.SMTP(host, port, timeout=30) as server:
            if starttls:
                server.starttls(context=ssl.create_default_context())
            if user:
                server.login(user, password_for(user, host))
            server.send_message(message, from_addr=frm, to_addrs=to)
    except (OSError, smtplib.SMTPException) as exc:
        raise BriefingError(f"cannot send through {host}:{port}: {exc}") from None
