"""Tools of the fault tests (tests/test_fault_*.py): a small real filesystem that fills up,
an independent reader of the spool's documented format, and `netmon daemon` as a process.

The spool reader is the tests' own reading of spool.py's on-disk format (``<crc32 8 hex>
<line>\\n`` per record, ``cursor`` = ``<segment> <offset>``), so that a test can say what was
durable at the moment a process died without asking the code under test.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.peers.influxd import Influxd

MOUNT = shutil.which("mount")
UMOUNT = shutil.which("umount")


@contextmanager
def tmpfs(path: Path, size_kb: int) -> Iterator[Path]:
    """A real tmpfs of ``size_kb`` mounted at ``path``; always unmounted after."""
    if os.geteuid() != 0 or MOUNT is None or UMOUNT is None:
        pytest.skip("needs root and mount(8) to mount a small tmpfs")
    path.mkdir(parents=True, exist_ok=True)
    res = subprocess.run([MOUNT, "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0700", "tmpfs",
                          str(path)], capture_output=True, text=True, check=False)
    if res.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {res.stderr.strip()}")
    try:
        yield path
    finally:
        for _ in range(50):  # bounded: a process of the test may still hold a file
            if subprocess.run([UMOUNT, str(path)], capture_output=True,
                              check=False).returncode == 0:
                break
            time.sleep(0.1)
        else:
            subprocess.run([UMOUNT, "-l", str(path)], capture_output=True, check=False)


def fill(directory: Path, name: str = "filler", leave: int = 0) -> Path:
    """Write ``directory/name`` until the filesystem is full, then give back ``leave``
    bytes. Returns the filler, whose removal is "space comes back"."""
    path = directory / name
    chunk = b"\0" * 4096
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        for _ in range(1 << 20):  # bounded: 4 GiB at most
            try:
                if os.write(fd, chunk) < len(chunk):
                    continue  # the next write says ENOSPC
            except OSError as exc:
                assert exc.errno in (errno.ENOSPC, errno.EDQUOT), exc
                break
    finally:
        os.close(fd)
    size = path.stat().st_size
    os.truncate(path, max(0, size - leave))
    return path


def free_bytes(directory: Path) -> int:
    st = os.statvfs(directory)
    return st.f_bavail * st.f_frsize


# --- the spool, read independently -----------------------------------------------------------

@dataclass
class SpoolView:
    pending: list[str] = field(default_factory=list)  # records after the cursor, in order
    torn: int = 0  # records that fail the format or the checksum
    segments: int = 0


def read_spool(directory: Path) -> SpoolView:
    """What the spool holds after its cursor, by the documented format."""
    view = SpoolView()
    if not directory.is_dir():
        return view
    try:
        seg, off = (int(x) for x in (directory / "cursor").read_text().split())
    except (FileNotFoundError, ValueError):
        seg, off = 0, 0
    for path in sorted(directory.glob("*.seg")):
        number = int(path.stem)
        view.segments += 1
        if number < seg:
            continue
        data = path.read_bytes()[off if number == seg else 0:]
        records = data.split(b"\n")
        tail = records.pop()
        if tail:
            view.torn += 1  # a last record without its newline
        for raw in records:
            ok = len(raw) > 9 and raw[8:9] == b" "
            try:
                ok = ok and int(raw[:8], 16) == zlib.crc32(raw[9:])
            except ValueError:
                ok = False
            if ok:
                view.pending.append(raw[9:].decode("utf-8"))
            else:
                view.torn += 1
    return view


# --- netmon as a process ---------------------------------------------------------------------

def netmon_env(**extra: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NETMON_")}
    return {**clean, **extra}


class Daemon:
    """`netmon daemon` in its own process, its stdout+stderr in a file."""

    def __init__(self, config: Path, log: Path, env: dict[str, str] | None = None,
                 verbose: int = 0) -> None:
        self.log_path = log
        self._log = log.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "netmon", "--config", str(config),
             *(["-" + "v" * verbose] if verbose else []), "daemon"],
            stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env=env or netmon_env())

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill9(self) -> None:
        if self.alive():
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)
        self._log.close()

    def stop(self, timeout_s: float = 60.0) -> int:
        """SIGTERM (flush, then exit); SIGKILL if it does not stop in time."""
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout_s)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self._log.close()
        return int(self.proc.returncode)

    def text(self) -> str:
        return self.log_path.read_text(errors="replace")


def wait_for(what: str, check: Callable[[], bool], timeout_s: float = 60.0,
             step_s: float = 0.2) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:  # bounded
        if check():
            return
        time.sleep(step_s)
    raise AssertionError(f"timed out after {timeout_s:g} s waiting for {what}")


# --- InfluxDB behind a witness ---------------------------------------------------------------

class RecordingProxy:
    """``POST /write`` (InfluxDB 1.x) passed to a real influxd; every line that influxd
    accepted (2xx) is counted, so a test knows what arrived and how often. While influxd is
    stopped it answers 503, as a 1.x behind a load balancer would."""

    def __init__(self, backend: Influxd) -> None:
        self.backend = backend
        self.arrived: Counter[str] = Counter()  # line -> times influxd accepted it
        self.refused = 0  # requests answered 503 (influxd down)
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                proxy._handle(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        body = h.rfile.read(int(h.headers.get("Content-Length") or 0))
        req = urllib.request.Request(f"{self.backend.url}{h.path}", data=body, method="POST",
                                     headers={"Content-Type": "text/plain; charset=utf-8"})
        status, answer = 503, b'{"error":"influxd is down"}'
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                status, answer = resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            status, answer = exc.code, exc.read()
        except (urllib.error.URLError, OSError):
            with self._lock:
                self.refused += 1
        if 200 <= status < 300 and h.path.startswith("/write"):
            with self._lock:
                self.arrived.update(body.decode("utf-8").splitlines())
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(answer)))
        h.end_headers()
        h.wfile.write(answer)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def point_key(line: str) -> tuple[str, str]:
    """(series, timestamp) of a line-protocol line: what InfluxDB keeps one point per."""
    i, series_end = 0, -1
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        if line[i] == " ":
            series_end = i
            break
        i += 1
    return line[:series_end], line.rsplit(" ", 1)[1]


def points_in_influx(server: Influxd) -> dict[str, int]:
    """Points per measurement, counted with InfluxQL (one row per series and time)."""
    out: dict[str, int] = {}
    for row in server.query("SHOW MEASUREMENTS"):
        name = str(row["name"])
        out[name] = len(server.query(f'SELECT * FROM "{name}"'))
    return out


def keys_per_measurement(lines: Iterable[str]) -> dict[str, int]:
    keys = {point_key(line) for line in lines}
    out: dict[str, int] = {}
    for series, _ in keys:
        m = re.split(r"(?<!\\),", series, maxsplit=1)[0].replace("\\ ", " ")
        out[m] = out.get(m, 0) + 1
    return out
