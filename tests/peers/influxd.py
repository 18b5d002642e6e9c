"""Debian's real ``influxd`` (1.6.7) on loopback, and the v2 front that 1.8 would be.

``start_influxd(directory)`` writes a config under ``directory`` (meta, data, wal; HTTP and
RPC on free 127.0.0.1 ports; reporting off), starts ``influxd -config ...``, waits for
``/ping``, creates the database and returns an :class:`Influxd` handle that can stop and start
the *same* server (same ports, same data) for outage tests.

``start_front(influxd)`` puts a small HTTP server in front of it that answers
``POST /api/v2/write?bucket=DB/RP&precision=P`` the way InfluxDB 1.8 does (``/write?db=DB&rp=RP
&precision=P'``, ``Authorization: Token USER:PASS`` -> ``u``/``p``, body and Content-Encoding
passed through) because 1.6.7 has no ``/api/v2/write``. The front can be told to answer 429,
413, 500 or 400 instead, to drive a sink's error classes over the real server path.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

INFLUXD = shutil.which("influxd")
requires_influxd = pytest.mark.skipif(
    INFLUXD is None, reason="Debian's influxd is not installed (apt-get install influxdb)"
)

_PRECISION_V2_TO_V1 = {"ns": "n", "us": "u", "ms": "ms", "s": "s"}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Influxd:
    """A running (or stopped) influxd; ``stop()``/``start()`` keep ports and data."""

    directory: Path
    port: int
    rpc_port: int
    database: str
    username: str | None = None
    password: str | None = None
    proc: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def config_path(self) -> Path:
        return self.directory / "influxdb.conf"

    def start(self, timeout_s: float = 30.0) -> None:
        assert self.proc is None, "already running"
        log = (self.directory / "influxd.log").open("ab")
        assert INFLUXD is not None
        self.proc = subprocess.Popen(
            [INFLUXD, "-config", str(self.config_path)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env={**os.environ, "INFLUXDB_CONFIG_PATH": str(self.config_path)},
        )
        log.close()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:  # bounded wait for /ping
            if self.proc.poll() is not None:
                raise RuntimeError(f"influxd exited ({self.proc.returncode}): {self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "/ping", timeout=1) as resp:
                    if resp.status == 204:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"influxd did not answer /ping in {timeout_s}s: {self.log_tail()}")

    def stop(self, timeout_s: float = 15.0) -> None:
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout_s)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, n: int = 2000) -> str:
        path = self.directory / "influxd.log"
        return path.read_text(errors="replace")[-n:] if path.exists() else ""

    def query(self, q: str, database: str | None = None) -> list[dict[str, Any]]:
        """InfluxQL over /query; one dict per row, series tags merged in, ``_measurement`` set."""
        params = {"q": q, "db": database or self.database, "epoch": "ns"}
        body = self._http("/query", params)
        rows: list[dict[str, Any]] = []
        for result in body.get("results", []):
            if "error" in result:
                raise RuntimeError(f"InfluxQL error: {result['error']}")
            for series in result.get("series", []):
                for values in series.get("values", []):
                    row = dict(zip(series["columns"], values, strict=True))
                    row.update(series.get("tags") or {})
                    row["_measurement"] = series.get("name")
                    rows.append(row)
        return rows

    def count(self, measurement: str, fld: str, database: str | None = None) -> int:
        rows = self.query(f'SELECT count("{fld}") FROM "{measurement}"', database)
        return int(rows[0]["count"]) if rows else 0

    def create_database(self, name: str) -> None:
        self._http("/query", {"q": f'CREATE DATABASE "{name}"'})

    def _http(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        data = urllib.parse.urlencode(params).encode()
        req = urllib.request.Request(self.url + path, data=data, method="POST")
        if self.username is not None and self.password is not None:
            cred = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
            req.add_header("Authorization", f"Basic {cred}")
        with urllib.request.urlopen(req, timeout=10) as resp:
            result: dict[str, Any] = json.loads(resp.read() or b"{}")
            return result


def _config(directory: Path, port: int, rpc_port: int, auth: bool, max_body_size: int) -> str:
    return f"""\
reporting-disabled = true
bind-address = "127.0.0.1:{rpc_port}"

[meta]
  dir = "{directory / 'meta'}"

[data]
  dir = "{directory / 'data'}"
  wal-dir = "{directory / 'wal'}"
  query-log-enabled = false

[monitor]
  store-enabled = false

[http]
  enabled = true
  bind-address = "127.0.0.1:{port}"
  auth-enabled = {"true" if auth else "false"}
  log-enabled = false
  max-body-size = {max_body_size}

[continuous_queries]
  enabled = false

[logging]
  level = "warn"
  suppress-logo = true
"""


def start_influxd(
    directory: Path,
    *,
    database: str = "netmon",
    username: str | None = None,
    password: str | None = None,
    max_body_size: int = 25_000_000,
) -> Influxd:
    """Start a fresh influxd in ``directory``; with ``username``/``password``, auth is enabled
    and that admin user is created (the first user may be created without credentials)."""
    if INFLUXD is None:
        pytest.skip("Debian's influxd is not installed (apt-get install influxdb)")
    directory.mkdir(parents=True, exist_ok=True)
    auth = username is not None and password is not None
    server = Influxd(directory, free_port(), free_port(), database)
    server.config_path.write_text(_config(directory, server.port, server.rpc_port, auth,
                                          max_body_size))
    server.start()
    if auth:
        server._http("/query", {"q": f"CREATE USER \"{username}\" WITH PASSWORD '{password}' "
                                     "WITH ALL PRIVILEGES"})
        server.username, server.password = username, password
    server.create_database(database)
    return server


@pytest.fixture
def influxd(tmp_path: Path) -> Iterator[Influxd]:
    """A fresh influxd for one test (no auth)."""
    server = start_influxd(tmp_path / "influxd")
    try:
        yield server
    finally:
        server.stop()


# --- the v2 front ---------------------------------------------------------------------------


@dataclass
class Fault:
    status: int
    remaining: int
    retry_after: str | None = None
    message: str = "injected by the test front"


class Front:
    """A 1.8-style ``/api/v2/write`` in front of a 1.x server, with fault injection."""

    def __init__(self, backend: Influxd) -> None:
        self.backend = backend
        self.max_body_bytes: int | None = None  # 413 above this many (received) bytes
        self.requests = 0  # write requests received, answered or not
        self.forwarded = 0  # write requests passed to influxd
        self.authorizations: list[str] = []  # scheme of each Authorization header seen
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        front = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                front._handle(self)

            def do_GET(self) -> None:
                front._handle(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def fail_next(self, status: int, count: int = 1, *, retry_after: str | None = None,
                  message: str = "injected by the test front") -> None:
        """Answer the next ``count`` write requests with ``status`` instead of forwarding."""
        with self._lock:
            self._faults.append(Fault(status, count, retry_after, message))

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next_fault(self) -> Fault | None:
        with self._lock:
            self.requests += 1
            while self._faults and self._faults[0].remaining <= 0:
                self._faults.pop(0)
            if not self._faults:
                return None
            self._faults[0].remaining -= 1
            return self._faults[0]

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        url = urllib.parse.urlsplit(h.path)
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        auth = h.headers.get("Authorization", "")
        if url.path != "/api/v2/write" or h.command != "POST":
            # /ping, /query as they are; 1.8 also takes a "Token user:pass" there
            qs = urllib.parse.parse_qsl(url.query) + list(_token_params(auth).items())
            headers = {} if auth.startswith("Token ") or not auth else {"Authorization": auth}
            self._forward(h, url.path, urllib.parse.urlencode(qs), body, headers)
            return
        fault = self._next_fault()
        self.authorizations.append(auth.split(" ", 1)[0])
        if fault is not None:
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            self._answer(h, fault.status, {"code": "injected", "message": fault.message}, headers)
            return
        if self.max_body_bytes is not None and len(body) > self.max_body_bytes:
            self._answer(h, 413, {"code": "request too large",
                                  "message": f"body {len(body)} > {self.max_body_bytes} bytes"})
            return
        q = urllib.parse.parse_qs(url.query)
        bucket = q.get("bucket", [""])[0]
        db, _, rp = bucket.partition("/")
        params = {"db": db, "precision": _PRECISION_V2_TO_V1.get(q.get("precision", ["ns"])[0],
                                                                  "n")}
        if rp:
            params["rp"] = rp
        params.update(_token_params(auth))
        headers = {}
        if h.headers.get("Content-Encoding"):
            headers["Content-Encoding"] = h.headers["Content-Encoding"]
        with self._lock:
            self.forwarded += 1
        self._forward(h, "/write", urllib.parse.urlencode(params), body, headers)

    def _forward(self, h: BaseHTTPRequestHandler, path: str, query: str, body: bytes,
                 headers: dict[str, str]) -> None:
        req = urllib.request.Request(
            f"{self.backend.url}{path}?{query}", data=body if h.command == "POST" else None,
            method=h.command, headers={"Content-Type": h.headers.get("Content-Type", "text/plain"),
                                       **headers},
        )
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                self._raw(h, resp.status, resp.read(), resp.headers.get("Content-Type"))
        except urllib.error.HTTPError as exc:
            self._raw(h, exc.code, exc.read(), exc.headers.get("Content-Type"))
        except (urllib.error.URLError, OSError):
            # influxd is down: a 1.8 server would not answer at all; closest is a 503
            self._answer(h, 503, {"code": "unavailable", "message": "backend influxd is down"})

    def _answer(self, h: BaseHTTPRequestHandler, status: int, payload: dict[str, str],
                headers: dict[str, str] | None = None) -> None:
        self._raw(h, status, json.dumps(payload).encode(), "application/json", headers)

    @staticmethod
    def _raw(h: BaseHTTPRequestHandler, status: int, data: bytes, ctype: str | None,
             headers: dict[str, str] | None = None) -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype or "application/json")
        h.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        if data:
            h.wfile.write(data)


def _token_params(auth: str) -> dict[str, str]:
    """InfluxDB 1.8 reads ``Authorization: Token user:password`` as u/p."""
    if not auth.startswith("Token "):
        return {}
    user, sep, password = auth[len("Token "):].partition(":")
    return {"u": user, "p": password} if sep else {}


def start_front(backend: Influxd) -> Front:
    return Front(backend)
