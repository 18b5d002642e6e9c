"""The wire to InfluxDB: the v2 write API (influxdb-client), v1 ``/write`` and ``/query``.

Every HTTP outcome is translated here, at the boundary, into netmon.errors (STYLE 9):

    5xx, timeout, connection refused      -> SinkRetry       (back off and retry)
    401, 403, 404 (credentials, no db)    -> SinkRefused     (a SinkRetry: the points are
                                             fine, the config is not; they stay on disk)
    429 (and 503 with Retry-After)        -> SinkThrottled   (wait ``retry_after``)
    413                                   -> SinkTooLarge    (split the batch)
    other 4xx (400 partial write, 422...) -> SinkRejected    (drop, loudly)

Messages carry the status and the server's own words, never a token or password.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http.client import HTTPException
from typing import Protocol

import urllib3
from influxdb_client import InfluxDBClient, WritePrecision
from influxdb_client.client.exceptions import InfluxDBError
from influxdb_client.client.write_api import SYNCHRONOUS

from netmon.errors import (
    SinkError,
    SinkRefused,
    SinkRejected,
    SinkRetry,
    SinkThrottled,
    SinkTooLarge,
)
from netmon.monitor.sinks.influx_config import InfluxSettings, safe_url

_V1_PRECISION = "n"  # Point.line() writes nanoseconds; 1.x spells it "n" ("ns" is not v1)
_MESSAGE_MAX = 500


class Transport(Protocol):
    def send(self, body: bytes) -> None: ...
    def close(self) -> None: ...


class _Redactor:
    """Removes the configured secrets from any text that leaves this module."""

    def __init__(self, secrets: list[str]) -> None:
        self._secrets = [s for s in secrets if len(s) >= 4]  # shorter ones would garble text

    def __call__(self, text: str) -> str:
        for s in self._secrets:
            text = text.replace(s, "***")
        return text


def _secrets(s: InfluxSettings) -> list[str]:
    out = [x.get_secret_value() for x in (s.token, s.password) if x is not None]
    if s.token is not None and ":" in out[0]:
        out.append(out[0].split(":", 1)[1])  # a 1.8 token "user:password" holds a password
    return out


def classify(status: int, body: bytes | str | None, headers: Mapping[str, str] | None,
             redact: _Redactor) -> SinkError:
    """The netmon error for one HTTP error answer."""
    message = redact(server_message(body))
    text = f"InfluxDB answered HTTP {status}: {message}"
    retry_after = parse_retry_after(
        next((v for k, v in (headers or {}).items() if k.lower() == "retry-after"), None))
    if status == 429 or (status == 503 and retry_after is not None):
        return SinkThrottled(text, retry_after if retry_after is not None else 1.0)
    if status == 413:
        return SinkTooLarge(text)
    if status in (401, 403, 404):
        return SinkRefused(text)
    if 400 <= status < 500:
        return SinkRejected(text)
    return SinkRetry(text)


def server_message(body: bytes | str | None) -> str:
    """The error text of a 1.x (``{"error": ...}``) or 2.x (``{"message": ...}``) answer."""
    if body is None:
        return ""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    try:
        doc = json.loads(text)
        if isinstance(doc, dict):
            text = str(doc.get("message") or doc.get("error") or text)
    except ValueError:
        pass
    text = " ".join(text.split())
    return text[:_MESSAGE_MAX]


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _unreachable(url: str, exc: BaseException, redact: _Redactor) -> SinkRetry:
    reason = getattr(exc, "reason", None) or exc
    return SinkRetry(redact(f"InfluxDB at {safe_url(url)} unreachable: "
                            f"{type(exc).__name__}: {reason}")[:_MESSAGE_MAX])


class V2Transport:
    """influxdb-client's synchronous write API (InfluxDB 1.8+, 2.x, 3.x)."""

    def __init__(self, s: InfluxSettings) -> None:
        self._s = s
        self._redact = _Redactor(_secrets(s))
        # influxdb-client's debug log masks Authorization (a test checks it) but logs bodies
        self._client = InfluxDBClient(
            url=s.url, token=s.token.get_secret_value() if s.token else None, org=s.org,
            timeout=int(s.timeout_s * 1000), verify_ssl=s.verify_ssl, enable_gzip=s.gzip,
            debug=s.debug_http,
        )
        self._write = self._client.write_api(write_options=SYNCHRONOUS)

    def send(self, body: bytes) -> None:
        try:
            self._write.write(bucket=self._s.bucket, org=self._s.org, record=body,
                              write_precision=WritePrecision.NS)
        except InfluxDBError as exc:
            status = getattr(exc, "status", None) or getattr(exc.response, "status", None)
            if not status:
                raise _unreachable(self._s.url, exc, self._redact) from exc
            raise classify(int(status), getattr(exc, "body", None),
                           getattr(exc, "headers", None), self._redact) from exc
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise _unreachable(self._s.url, exc, self._redact) from exc

    def close(self) -> None:
        self._write.close()
        self._client.close()


class V1Transport:
    """``POST /write`` of InfluxDB 1.x (before 1.8 there is no v2 API), with basic auth so
    that no password travels in a URL (URLs end up in debug logs)."""

    def __init__(self, s: InfluxSettings) -> None:
        self._s = s
        self._redact = _Redactor(_secrets(s))
        params = {"db": s.database, "precision": _V1_PRECISION}
        if s.retention_policy:
            params["rp"] = s.retention_policy
        self._url = f"{s.url.rstrip('/')}/write?{urllib.parse.urlencode(params)}"
        self._opener = _opener(s)
        self._headers = {"Content-Type": "text/plain; charset=utf-8", **_auth_header(s)}

    def send(self, body: bytes) -> None:
        headers = dict(self._headers)
        if self._s.gzip:
            body = gzip.compress(body, compresslevel=1)
            headers["Content-Encoding"] = "gzip"
        req = urllib.request.Request(self._url, data=body, method="POST", headers=headers)
        _call(self._opener, req, self._s, self._redact)

    def close(self) -> None:
        pass


def _auth_header(s: InfluxSettings) -> dict[str, str]:
    if s.api == "v2":
        return {"Authorization": f"Token {s.token.get_secret_value()}"} if s.token else {}
    if s.username is None:
        return {}
    password = s.password.get_secret_value() if s.password else ""
    cred = base64.b64encode(f"{s.username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {cred}"}


def _opener(s: InfluxSettings) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [urllib.request.ProxyHandler({})]
    if not s.verify_ssl:
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        handlers.append(urllib.request.HTTPSHandler(context=ctx))
    return urllib.request.build_opener(*handlers)


def _call(opener: urllib.request.OpenerDirector, req: urllib.request.Request,
          s: InfluxSettings, redact: _Redactor) -> bytes:
    try:
        with opener.open(req, timeout=s.timeout_s) as resp:
            data: bytes = resp.read()
            return data
    except urllib.error.HTTPError as exc:
        with exc:
            headers = {k: v for k, v in exc.headers.items()}
            raise classify(exc.code, exc.read(), headers, redact) from exc
    except (urllib.error.URLError, HTTPException, OSError) as exc:
        raise _unreachable(s.url, exc, redact) from exc
