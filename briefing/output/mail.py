"""`briefing send`: the built `.eml` through an SMTP server. The password comes from the
environment (`BRIEFING_SMTP_PASSWORD`) or the system keyring, never from the command line, where
every user of the machine could read it.

Three rules keep a hostile server, network or argument from doing harm:

* one deadline for the whole exchange (name look-up, connection, greeting, STARTTLS, login,
  message): every read and write gets only the time that is left, so a server that answers one
  byte at a time cannot hold the command past it;
* the password is only sent over TLS (STARTTLS, the certificate checked), or, with
  `--insecure-login`, in clear to a relay on this machine's own loopback address, never across
  a network;
* addresses are addresses: a line break or other control character in `--to`/`--from` is
  refused, not written into the envelope or the headers.
"""

from __future__ import annotations

import email
import ipaddress
import os
import re
import smtplib
import socket
import ssl
import threading
import time
from email import policy
from email.message import EmailMessage
from email.utils import formataddr, getaddresses, make_msgid
from pathlib import Path
from typing import Any

from briefing.errors import BriefingError, UsageError
from briefing.files import Refusals, read_regular_file

PASSWORD_ENV = "BRIEFING_SMTP_PASSWORD"
DEFAULT_TIMEOUT_S = 60.0
MAX_EML_BYTES = 50_000_000  # a briefing's message is a few hundred kB; mail servers refuse far less
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")


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


def address(option: str, value: str) -> tuple[str, str]:
    """One address from the command line as (display name, addr-spec); UsageError for anything
    that is not exactly one address, above all a line break, which would start a new header or
    SMTP command."""
    if _CONTROL.search(value):
        raise UsageError(f"{option} {value!r}: a line break or control character is not allowed in an address")
    found = getaddresses([value])
    if len(found) != 1:
        raise UsageError(f"{option} {value!r}: give one address per {option}")
    name, spec = found[0]
    local, at, domain = spec.rpartition("@")
    if not at or not local or not domain.strip(".") or re.search(r"[\s<>,;\"()\[\]]", domain) or " " in spec:
        raise UsageError(f"{option} {value!r}: not an e-mail address like name@example.org")
    return name, spec


def read_eml(path: Path) -> EmailMessage:
    """The message in `path`: a regular file only (a pipe or device would wait or never end),
    at most MAX_EML_BYTES, counted while reading."""
    where = f"--eml {path}"

    def not_the_eml(kind: str) -> UsageError:
        return UsageError(f"{where}: is {kind}; give the .eml file `build --format eml` wrote")

    refusals = Refusals(
        missing=lambda _: UsageError(f"{where}: no such file; build it with --format eml"),
        folder=lambda: not_the_eml("a folder"),
        not_regular=lambda: not_the_eml("not a regular file (a pipe, device or socket)"),
        too_large=lambda _: UsageError(f"{where}: larger than {MAX_EML_BYTES:,} bytes, not a briefing's message"),
        unreadable=lambda error: UsageError(f"{where}: cannot be read ({error.strerror or error})"),
    )
    data = read_regular_file(path, MAX_EML_BYTES, refusals)
    message = email.message_from_bytes(data, policy=policy.default)
    if not isinstance(message, EmailMessage) or (message.get_content_type() == "text/plain" and not message["Subject"]):
        raise UsageError(f"{where}: not an e-mail message; build it with --format eml")
    return message


# --- the deadline ----------------------------------------------------------------------------


class Deadline:
    """One budget of seconds for the whole exchange."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        remaining = self.end - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"no complete answer within {self.seconds:g} s (--timeout)")
        return remaining


class _DeadlineSocket(socket.socket):
    """A socket whose every read and write may take only what is left of the deadline (a
    socket's own timeout counts per call, so a byte every few seconds would never trip it)."""

    deadline: Deadline

    def recv_into(self, buffer: Any, nbytes: int = 0, flags: int = 0) -> int:
        self.settimeout(self.deadline.left())
        return super().recv_into(buffer, nbytes, flags)

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        self.settimeout(self.deadline.left())
        return super().recv(bufsize, flags)

    def sendall(self, data: Any, flags: int = 0) -> None:
        self.settimeout(self.deadline.left())  # sendall's timeout bounds the whole call
        super().sendall(data, flags)

    def send(self, data: Any, flags: int = 0) -> int:
        self.settimeout(self.deadline.left())
        return super().send(data, flags)


def _tls_socket_class(deadline: Deadline) -> type[ssl.SSLSocket]:
    class DeadlineSSLSocket(ssl.SSLSocket):
        def recv_into(self, buffer: Any, nbytes: int | None = None, flags: int = 0) -> int:
            self.settimeout(deadline.left())
            return super().recv_into(buffer, nbytes, flags)  # type: ignore[arg-type]

        def recv(self, buflen: int = 1024, flags: int = 0) -> bytes:
            self.settimeout(deadline.left())
            return super().recv(buflen, flags)

        def sendall(self, data: Any, flags: int = 0) -> None:
            self.settimeout(deadline.left())
            super().sendall(data, flags)

        def send(self, data: Any, flags: int = 0) -> int:
            self.settimeout(deadline.left())
            return super().send(data, flags)

    return DeadlineSSLSocket


def _resolve(host: str, port: int, deadline: Deadline) -> list[Any]:
    """getaddrinfo within the deadline: the system resolver has no timeout of ours, so it runs
    in a daemon thread that is left behind if it does not answer in time."""
    answer: list[Any] = []
    failure: list[BaseException] = []

    def look_up() -> None:
        try:
            answer.extend(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except OSError as exc:
            failure.append(exc)

    worker = threading.Thread(target=look_up, daemon=True, name="smtp-resolve")
    worker.start()
    worker.join(deadline.left())
    if worker.is_alive():
        raise TimeoutError(f"the name {host} was not resolved within {deadline.seconds:g} s (--timeout)")
    if failure:
        raise failure[0]
    return answer


class DeadlineSMTP(smtplib.SMTP):
    """smtplib.SMTP with one deadline over every network call (see Deadline)."""

    def __init__(self, host: str, port: int, deadline: Deadline) -> None:
        self.deadline = deadline
        super().__init__(host, port, timeout=deadline.seconds)

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        error: OSError | None = None
        for family, kind, proto, _, where in _resolve(host, port, self.deadline):
            sock = _DeadlineSocket(family, kind, proto)
            sock.deadline = self.deadline
            try:
                sock.settimeout(self.deadline.left())
                sock.connect(where)
                return sock
            except OSError as exc:  # TimeoutError included: try the next address, if any
                sock.close()
                error = exc
        raise error or OSError(f"no address for {host}")

    def starttls(self, context: ssl.SSLContext | None = None) -> tuple[int, bytes]:  # type: ignore[override]
        context = context or ssl.create_default_context()
        # The TLS socket smtplib swaps in keeps the deadline on its reads and writes.
        context.sslsocket_class = _tls_socket_class(self.deadline)
        if self.sock is not None:
            self.sock.settimeout(self.deadline.left())  # the handshake as one call
        return super().starttls(context=context)

    def peer_is_loopback(self) -> bool:
        if self.sock is None:
            return False
        peer = ipaddress.ip_address(str(self.sock.getpeername()[0]).split("%", 1)[0])
        mapped = getattr(peer, "ipv4_mapped", None)  # ::ffff:127.0.0.1
        return bool(peer.is_loopback or (mapped is not None and mapped.is_loopback))


def send_eml(
    path: Path, to: list[str], host: str, port: int, starttls: bool, user: str | None, sender: str | None,
    timeout_s: float = DEFAULT_TIMEOUT_S, insecure_login: bool = False, tls_context: ssl.SSLContext | None = None,
) -> None:
    """Send the message in `path` to `to`; every failure is one message naming the server.
    `tls_context` (for STARTTLS) defaults to the system's CAs with host names checked."""
    recipients = [address("--to", t) for t in to]
    if user is not None and _CONTROL.search(user):
        raise UsageError(f"--user {user!r}: a line break or control character is not allowed")
    frm = address("--from", sender) if sender else _user_address(user)
    _check_timeout_and_login(timeout_s, user, starttls, insecure_login)
    message = _addressed(read_eml(path), frm, recipients)
    password = password_for(user, host) if user else None
    deadline = Deadline(timeout_s)
    try:
        with DeadlineSMTP(host, port, deadline) as server:
            if starttls:
                # Refuses (SMTPNotSupportedError) where the server does not offer STARTTLS: no
                # fall-back to clear text.
                server.starttls(context=tls_context or ssl.create_default_context())
            if user and password is not None:
                _log_in(server, host, user, password, starttls)
            server.send_message(message, from_addr=frm[1], to_addrs=[r[1] for r in recipients])
    except BriefingError:
        raise
    except (OSError, smtplib.SMTPException, ValueError) as exc:
        detail = _failure_detail(exc, deadline)
        raise BriefingError(f"cannot send through {host}:{port}: {_hide(detail, user, password)}") from None


def _check_timeout_and_login(timeout_s: float, user: str | None, starttls: bool, insecure_login: bool) -> None:
    """The options that cannot go together: a deadline of no time, --insecure-login without a
    login or beside --starttls, and a login whose password would cross the network in clear."""
    if timeout_s <= 0:
        raise UsageError("--timeout must be more than 0 seconds")
    if insecure_login and not user:
        raise UsageError("--insecure-login is only for --user (a login without TLS to a relay on this machine)")
    if insecure_login and starttls:
        raise UsageError("--insecure-login and --starttls exclude each other: with --starttls the login is encrypted")
    if user and not starttls and not insecure_login:
        raise UsageError(f"--user {user}: the password would cross the network unencrypted; add --starttls "
                         "(or --insecure-login for a relay on this machine's loopback address)")


def _addressed(message: EmailMessage, frm: tuple[str, str], recipients: list[tuple[str, str]]) -> EmailMessage:
    """The built message with this sending's From and To (the built ones dropped), and a
    Message-ID where it has none."""
    del message["From"], message["To"]
    message["From"] = formataddr(frm)
    message["To"] = ", ".join(formataddr(r) for r in recipients)
    if not message["Message-ID"]:
        message["Message-ID"] = make_msgid(domain=frm[1].rpartition("@")[2])
    return message


def _log_in(server: DeadlineSMTP, host: str, user: str, password: str, starttls: bool) -> None:
    """The login: over TLS, or (--insecure-login) in clear only to this machine's loopback address."""
    if not starttls and not server.peer_is_loopback():
        raise UsageError(f"--insecure-login: {host} is not this machine's loopback address; "
                         "the password is only sent in clear to a local relay. Use --starttls")
    server.login(user, password)


def _failure_detail(exc: BaseException, deadline: Deadline) -> str:
    """A failure of the exchange in one line; a timeout as the deadline that ran out."""
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if time.monotonic() >= deadline.end or isinstance(exc, TimeoutError):
        # smtplib reports a read that timed out as "Connection unexpectedly closed".
        detail = f"no complete answer within {deadline.seconds:g} s (--timeout)"
    return detail


def _user_address(user: str | None) -> tuple[str, str]:
    """The sender when --from is not given: --user where it is an address, else a local one."""
    if user:
        try:
            return address("--user", user)
        except UsageError:
            pass
    return "", "briefing@localhost"


def _hide(text: str, user: str | None, password: str | None) -> str:
    """A server's answer, as shown, without the password in it: a hostile server may echo the
    AUTH line back (base64 is not a secret's disguise)."""
    if not password:
        return text
    import base64

    secrets = {password, base64.b64encode(password.encode()).decode(),
               base64.b64encode(f"\0{user}\0{password}".encode()).decode()}
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "[hidden]")
    return text
