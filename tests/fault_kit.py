"""Tools of the fault tests (tests/test_fault_*.py): a small real filesystem that fills up,
an independent reader of the spool's documented format, and `netmon daemon` as a process.

The spool reader is the tests' own reading of spool.py's on-disk format (``<crc32 8 hex>
<line>\\n`` per record, ``cursor`` = ``<segment> <offset>``), so that a test can say what was
durable at the moment a process died without asking the code under test.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

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

    def __init__(self, config: Path, log: Path, env: dict[str, str] | None = None) -> None:
        self.log_path = log
        self._log = log.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "netmon", "--config", str(config), "daemon"],
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
