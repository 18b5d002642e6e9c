"""SMTP, submission and IMAP probes: the banner, STARTTLS and the server's certificate.

The dialogue is the shortest a mail client would have: SMTP ``220`` banner, ``EHLO``,
``STARTTLS`` (it must be offered), the TLS handshake against the trust store (plus the
inventory's CA), then ``QUIT``; IMAP ``* OK`` banner, ``CAPABILITY``, ``STARTTLS``, the
handshake, ``LOGOUT``. No mail is sent and no login is tried. A server whose certificate
fails verification is down for its users; the probe then reads the certificate again
without verifying, only to report its dates.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import time
from pathlib import Path

from netmon.collectors.probes import (
    Certificate,
    ProbeResult,
    ProbeStatus,
    certificate_of,
    tls_context,
    unverified_context,
    utcnow,
    verify_error,
)

MAX_LINE = 4096
MAX_LINES = 100  # an EHLO answer longer than this is not a mail server


class _Protocol(Exception):
    def __init__(self, status: ProbeStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


async def _line(reader: asyncio.StreamReader) -> str:
    raw = await reader.readline()
    if not raw:
        raise _Protocol(ProbeStatus.PROTOCOL_ERROR, "the server closed the connection")
    return raw[:MAX_LINE].decode("utf-8", "replace").rstrip("\r\n")


async def _smtp_reply(reader: asyncio.StreamReader) -> tuple[int, list[str]]:
    lines: list[str] = []
    for _ in range(MAX_LINES):
        line = await _line(reader)
        lines.append(line[4:])
        if len(line) < 4 or not line[:3].isdigit():
            raise _Protocol(ProbeStatus.PROTOCOL_ERROR, f"not an SMTP reply: {line[:80]!r}")
        if line[3] != "-":
            return int(line[:3]), lines
    raise _Protocol(ProbeStatus.PROTOCOL_ERROR, "SMTP reply too long")


async def _smtp(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, starttls: bool,
                upgrade: ssl.SSLContext, server_name: str) -> str:
    code, lines = await _smtp_reply(reader)
    if code != 220:
        raise _Protocol(ProbeStatus.PROTOCOL_ERROR, f"SMTP banner {code}")
    banner = lines[0]
    writer.write(b"EHLO netmon.invalid\r\n")
    code, lines = await _smtp_reply(reader)
    if code != 250:
        raise _Protocol(ProbeStatus.PROTOCOL_ERROR, f"EHLO answered {code}")
    if starttls:
        if not any(x.upper().startswith("STARTTLS") for x in lines):
            raise _Protocol(ProbeStatus.NO_STARTTLS, "the server does not offer STARTTLS")
        writer.write(b"STARTTLS\r\n")
        code, _ = await _smtp_reply(reader)
        if code != 220:
            raise _Protocol(ProbeStatus.NO_STARTTLS, f"STARTTLS answered {code}")
        await writer.start_tls(upgrade, server_hostname=server_name)
        writer.write(b"EHLO netmon.invalid\r\n")
        await _smtp_reply(reader)
    writer.write(b"QUIT\r\n")
    await writer.drain()
    return banner


async def _imap(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, starttls: bool,
                upgrade: ssl.SSLContext, server_name: str) -> str:
    banner = await _line(reader)
    if not banner.startswith("* OK"):
        raise _Protocol(ProbeStatus.PROTOCOL_ERROR, f"not an IMAP banner: {banner[:80]!r}")

    async def command(tag: str, cmd: str) -> list[str]:
        writer.write(f"{tag} {cmd}\r\n".encode())
        lines = []
        for _ in range(MAX_LINES):
            line = await _line(reader)
            lines.append(line)
            if line.startswith(f"{tag} "):
                if not line.startswith(f"{tag} OK"):
                    raise _Protocol(ProbeStatus.PROTOCOL_ERROR, f"{cmd}: {line[:80]!r}")
                return lines
        raise _Protocol(ProbeStatus.PROTOCOL_ERROR, f"{cmd}: answer too long")

    if starttls:
        caps = " ".join(await command("n1", "CAPABILITY")).upper()
        if "STARTTLS" not in caps:
            raise _Protocol(ProbeStatus.NO_STARTTLS, "the server does not offer STARTTLS")
        await command("n2", "STARTTLS")
        await writer.start_tls(upgrade, server_hostname=server_name)
    writer.write(b"n3 LOGOUT\r\n")
    await writer.drain()
    return banner[5:].strip() or banner


async def _dialogue(kind: str, address: str, port: int, starttls: bool,
                    ctx: ssl.SSLContext, server_name: str) -> tuple[str, Certificate | None]:
    reader, writer = await asyncio.open_connection(address, port, limit=MAX_LINE * 4)
    try:
        talk = _imap if kind == "imap" else _smtp
        banner = await talk(reader, writer, starttls, ctx, server_name)
        verified = ctx.verify_mode != ssl.CERT_NONE
        cert = certificate_of(writer.get_extra_info("ssl_object"), verified) \
            if starttls else None
        return banner, cert
    finally:
        writer.close()
        with contextlib.suppress(OSError, TimeoutError, ssl.SSLError):
            await asyncio.wait_for(writer.wait_closed(), 1.0)


async def probe_mail(check: str, kind: str, address: str, port: int, *,
                     host: str | None = None, starttls: bool = True,
                     ca_file: Path | None = None, timeout_s: float = 10.0) -> ProbeResult:
    """One mail dialogue with ``address:port``; ``host`` is the name the certificate must
    carry (default the address). Never raises."""
    at = utcnow()
    t0 = time.perf_counter()
    target = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
    name = host or address

    def result(status: ProbeStatus, **kw: object) -> ProbeResult:
        return ProbeResult(check, kind, target, status, at,
                           duration_ms=round((time.perf_counter() - t0) * 1000.0, 3),
                           **kw)  # type: ignore[arg-type]

    try:
        banner, cert = await asyncio.wait_for(
            _dialogue(kind, address, port, starttls, tls_context(ca_file), name), timeout_s)
    except TimeoutError:
        return result(ProbeStatus.TIMEOUT, error=f"no complete answer within {timeout_s:g} s")
    except _Protocol as exc:
        return result(exc.status, error=str(exc))
    except ssl.SSLError as exc:
        why = verify_error(exc)
        cert = None
        with contextlib.suppress(OSError, TimeoutError, ssl.SSLError, _Protocol):
            _, cert = await asyncio.wait_for(_dialogue(kind, address, port, True,
                                                       unverified_context(), name), timeout_s)
        if cert is not None:
            cert = Certificate(cert.subject, cert.issuer, cert.not_before, cert.not_after,
                               verified=False, error=why)
        return result(ProbeStatus.TLS_ERROR, cert=cert, error=why)
    except OSError as exc:
        return result(ProbeStatus.REFUSED,
                      error=f"connection failed ({exc.strerror or type(exc).__name__})")
    except Exception as exc:
        return result(ProbeStatus.INTERNAL, error=f"probe error ({type(exc).__name__})")
    return result(ProbeStatus.OK, banner=banner, cert=cert,
                  ttfb_ms=None)
