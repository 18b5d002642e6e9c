"""Service probes' shared types: what a probe of a URL or a service learned.

A probe is data like a poll (STYLE 2): ``probe()`` functions never raise for the
service's sake; they return a ``ProbeResult`` whose ``status`` says how it ended. A
service is ``up`` only when a user would have been served: the answer came, the TLS
certificate verified (a browser or mail client refuses an expired or misnamed one), the
HTTP status was below 400 and the expected text was there.

Certificates: when verification fails, the probe reads the certificate again without
verifying, only to report its dates, so that "expired 3 days ago" is said as such.
"""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from netmon import __version__

USER_AGENT = f"netmon/{__version__} (city network monitor; service availability probe)"


class ProbeStatus(StrEnum):
    OK = "ok"
    TIMEOUT = "timeout"
    REFUSED = "refused"  # connection refused or reset: nothing listens
    TLS_ERROR = "tls_error"  # handshake or certificate verification failed
    HTTP_ERROR = "http_error"  # an HTTP status of 400 or more
    EXPECT_MISSING = "expect_missing"  # the page answered without the expected text
    PROTOCOL_ERROR = "protocol_error"  # a banner or reply that is not the protocol's
    NO_STARTTLS = "no_starttls"  # a mail server that does not offer STARTTLS
    DNS_ERROR = "dns_error"  # no answer for a zone, or an error rcode
    INTERNAL = "internal"


@dataclass(frozen=True)
class Certificate:
    subject: str | None
    issuer: str | None
    not_before: datetime
    not_after: datetime
    verified: bool
    error: str | None = None  # why verification failed

    def days_left(self, now: datetime) -> float:
        return (self.not_after - now).total_seconds() / 86400.0


@dataclass(frozen=True)
class ProbeResult:
    check: str  # the URL of a web check, the id of a service check
    kind: str  # http, https, smtp, submission, imap, dns
    target: str  # the URL, or host:port
    status: ProbeStatus
    at: datetime
    duration_ms: float | None = None
    ttfb_ms: float | None = None  # request sent -> response headers (HTTP), banner (mail)
    http_status: int | None = None
    expect_found: bool | None = None
    redirects_to_https: bool | None = None  # the http:// URL redirected to https://
    cert: Certificate | None = None
    banner: str | None = None
    answers: tuple[str, ...] = ()
    error: str | None = None

    @property
    def up(self) -> bool:
        return self.status is ProbeStatus.OK

    def cert_days_left(self) -> float | None:
        return None if self.cert is None else round(self.cert.days_left(self.at), 3)


def utcnow() -> datetime:
    return datetime.now(UTC)


def tls_context(ca_file: Path | None = None) -> ssl.SSLContext:
    """The system's trust store, plus a private CA when the inventory names one."""
    ctx = ssl.create_default_context()
    if ca_file is not None:
        ctx.load_verify_locations(cafile=str(ca_file))
    return ctx


def unverified_context() -> ssl.SSLContext:
    """Only to read a certificate that failed verification; never to trust an answer."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def parse_certificate(der: bytes, verified: bool, error: str | None = None) -> Certificate:
    from cryptography import x509

    cert = x509.load_der_x509_certificate(der)
    return Certificate(subject=cert.subject.rfc4514_string() or None,
                       issuer=cert.issuer.rfc4514_string() or None,
                       not_before=cert.not_valid_before_utc, not_after=cert.not_valid_after_utc,
                       verified=verified, error=error)


def certificate_of(ssl_object: ssl.SSLObject | ssl.SSLSocket | None, verified: bool,
                   error: str | None = None) -> Certificate | None:
    if ssl_object is None:
        return None
    der = ssl_object.getpeercert(binary_form=True)
    return parse_certificate(der, verified, error) if der else None


async def read_certificate(host: str, port: int, server_name: str | None,
                           timeout_s: float, error: str) -> Certificate | None:
    """The certificate a TLS server presents, read without verifying it (see the module)."""
    try:
        _reader, writer = await asyncio.wait_for(asyncio.open_connection(
            host, port, ssl=unverified_context(), server_hostname=server_name or host),
            timeout_s)
    except (OSError, TimeoutError, ssl.SSLError):
        return None
    try:
        return certificate_of(writer.get_extra_info("ssl_object"), False, error)
    finally:
        writer.close()


def verify_error(exc: BaseException) -> str:
    """A short, stable reason from an ssl error: 'certificate has expired', 'Hostname
    mismatch, certificate is not valid for 'x'.'"""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return str(exc.verify_message or exc.reason or "certificate verify failed")
    if isinstance(exc, ssl.SSLError):
        return str(exc.reason or type(exc).__name__)
    return type(exc).__name__
