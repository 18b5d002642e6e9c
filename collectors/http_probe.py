"""HTTP(S) probes of portals, online public services and data-centre web services.

One GET per URL (redirects followed, at most 5), the way Prometheus' blackbox exporter's
http prober does it: the status, the time to the response headers, the TLS certificate
(validity, expiry), and whether the page holds an expected text (the first MiB is read).
Optionally the plain ``http://`` URL is asked once, without following, to see that it
redirects to ``https://`` (a portal reached by typing its name must not stay on http).

Politeness (these are other people's servers): ``WebProber`` probes a URL named by several
agencies once, at most ``concurrency`` at a time, each within ``timeout_s``, says who it
is in the User-Agent, and answers from its last result when asked again within
``min_interval_s``: never more than one request per URL per interval.
"""

from __future__ import annotations

import asyncio
import ssl
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from netmon.collectors.probes import (
    USER_AGENT,
    Certificate,
    ProbeResult,
    ProbeStatus,
    certificate_of,
    read_certificate,
    tls_context,
    utcnow,
    verify_error,
)

MAX_BODY = 1 << 20
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class WebTarget:
    url: str
    expect: str | None = None
    ca_file: Path | None = None
    timeout_s: float = 10.0
    redirect_from: str | None = None  # an http:// URL that should redirect to https://


def default_redirect_from(url: str) -> str | None:
    """``http://host/path`` for an https URL on the default port; None otherwise (on a
    custom port the plain-http twin cannot be guessed)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "https" or parts.port not in (None, 443):
        return None
    return urllib.parse.urlunsplit(("http", parts.hostname or "", parts.path or "/",
                                    parts.query, ""))


def _ssl_cause(exc: BaseException) -> ssl.SSLError | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLError):
            return current
        current = current.__cause__ or current.__context__
    return None


def _classify(exc: BaseException) -> tuple[ProbeStatus, str]:
    if isinstance(exc, httpx.TimeoutException):  # its context may hold an SSLWantRead
        return ProbeStatus.TIMEOUT, f"no answer in time ({type(exc).__name__})"
    tls = _ssl_cause(exc)
    if tls is not None:
        return ProbeStatus.TLS_ERROR, verify_error(tls)
    if isinstance(exc, httpx.TooManyRedirects):
        return ProbeStatus.HTTP_ERROR, f"more than {MAX_REDIRECTS} redirects"
    if isinstance(exc, httpx.ConnectError | httpx.RemoteProtocolError | httpx.ReadError):
        return ProbeStatus.REFUSED, f"connection failed ({type(exc).__name__})"
    return ProbeStatus.INTERNAL, f"probe error ({type(exc).__name__})"


async def probe_url(target: WebTarget, user_agent: str = USER_AGENT) -> ProbeResult:
    """One GET of ``target.url``; never raises."""
    url = target.url
    kind = urllib.parse.urlsplit(url).scheme
    at = utcnow()
    t0 = time.perf_counter()
    cert: Certificate | None = None
    try:
        ctx = tls_context(target.ca_file)
        async with httpx.AsyncClient(verify=ctx, timeout=target.timeout_s,
                                     follow_redirects=True, max_redirects=MAX_REDIRECTS,
                                     headers={"User-Agent": user_agent}) as client, \
                client.stream("GET", url) as response:
            ttfb = (time.perf_counter() - t0) * 1000.0
            stream = response.extensions.get("network_stream")
            if stream is not None and response.url.scheme == "https":
                cert = certificate_of(stream.get_extra_info("ssl_object"), True)
            body = b""
            if target.expect is not None:
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) >= MAX_BODY or target.expect.encode() in body:
                        break
        duration = (time.perf_counter() - t0) * 1000.0
    except Exception as exc:
        failure, why = _classify(exc)
        if failure is ProbeStatus.TLS_ERROR:
            parts = urllib.parse.urlsplit(url)
            cert = await read_certificate(parts.hostname or "", parts.port or 443,
                                          parts.hostname, target.timeout_s, why)
        redirect = await _redirects(target, user_agent)
        return ProbeResult(url, kind, url, failure, at,
                           duration_ms=round((time.perf_counter() - t0) * 1000.0, 3),
                           cert=cert, redirects_to_https=redirect, error=why)
    found = None
    if target.expect is not None:
        text = body[:MAX_BODY].decode(response.encoding or "utf-8", "replace")
        found = target.expect in text
    status = ProbeStatus.OK
    error: str | None = None
    if response.status_code >= 400:
        status, error = ProbeStatus.HTTP_ERROR, f"HTTP {response.status_code}"
    elif found is False:
        status, error = ProbeStatus.EXPECT_MISSING, "the expected text is not on the page"
    return ProbeResult(url, kind, url, status, at, duration_ms=round(duration, 3),
                       ttfb_ms=round(ttfb, 3), http_status=response.status_code,
                       expect_found=found, cert=cert,
                       redirects_to_https=await _redirects(target, user_agent), error=error)


async def _redirects(target: WebTarget, user_agent: str) -> bool | None:
    """Does the http:// twin send users to https://? None when it could not be asked."""
    source = target.redirect_from
    if source is None:
        return None
    try:
        async with httpx.AsyncClient(timeout=target.timeout_s, follow_redirects=False,
                                     headers={"User-Agent": user_agent}) as client:
            response = await client.get(source)
    except httpx.TimeoutException:
        return None
    except httpx.HTTPError:
        return False  # nothing answers on http: a user typing the name gets nothing
    location = response.headers.get("location", "")
    return response.is_redirect and location.startswith("https://")


class WebProber:
    """Probes many URLs politely (see the module docstring)."""

    def __init__(self, concurrency: int = 8, min_interval_s: float = 60.0,
                 user_agent: str = USER_AGENT) -> None:
        self.concurrency = concurrency
        self.min_interval_s = min_interval_s
        self.user_agent = user_agent
        self._last: dict[str, tuple[float, ProbeResult]] = {}
        self.requests = 0  # GETs sent (the redirect twin not counted): for tests and logs

    async def probe(self, targets: Sequence[WebTarget]) -> dict[str, ProbeResult]:
        """``{url: result}``, one probe per distinct URL."""
        unique = {t.url: t for t in targets}
        sem = asyncio.Semaphore(self.concurrency)
        now = time.monotonic()

        async def one(t: WebTarget) -> ProbeResult:
            last = self._last.get(t.url)
            if last is not None and now - last[0] < self.min_interval_s:
                return last[1]
            async with sem:
                self.requests += 1
                result = await probe_url(t, self.user_agent)
            self._last[t.url] = (time.monotonic(), result)
            return result

        results = await asyncio.gather(*(one(t) for t in unique.values()))
        return dict(zip(unique, results, strict=True))
