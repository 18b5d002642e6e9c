"""An append-only, fsync'd on-disk queue of line-protocol lines, replayed in order.

On disk, under one directory (``<data_dir>/spool/``)::

    00000000000000000001.seg   segments, numbered in order; append-only
    00000000000000000002.seg   one record per line: ``<crc32 of line, 8 hex> <line>\\n``
    cursor                     ``<segment number> <byte offset>\\n``: what is acknowledged
    lock                       flock'd while a Spool has the directory open

Policies:

- Every ``append`` is written and fsync'd before it returns (write-ahead of the send).
- A Spool never appends to a segment it did not create: after a crash, a torn last line
  (no newline, or a bad checksum) is detected when read, skipped with a warning, never sent.
- ``ack`` moves the cursor (written to a temp file, fsync'd, renamed); segments read to their
  end are deleted. A crash between send and ack re-sends a batch: harmless, because points
  carry explicit timestamps and InfluxDB overwrites the same series+time.
- Bounded: when the segments exceed ``max_bytes`` (default 1 GiB), whole segments are dropped,
  OLDEST first (the newest state matters most to operations), logged at ERROR with the
  number of points lost; ``dropped`` counts them for this process.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from netmon.errors import ConfigError

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 1 << 30
_SUFFIX = ".seg"
_READ_CHUNK = 1 << 20


@dataclass(frozen=True)
class Batch:
    """Lines read from one segment; ``ack(batch)`` marks them done."""

    lines: list[str]
    segment: int
    start: int
    end: int  # byte offset after the last record consumed
    consumed: int  # records consumed, good and torn
    skipped: int  # torn or corrupt records, not in ``lines``


class Spool:
    def __init__(self, directory: Path, max_bytes: int = DEFAULT_MAX_BYTES,
                 segment_bytes: int | None = None) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.max_bytes = max_bytes
        # several segments under the cap, so that dropping the oldest loses a small share
        self.segment_bytes = segment_bytes or max(64 * 1024, min(16 << 20, max_bytes // 16))
        self.dropped = 0  # points dropped because the spool was full (this process)
        self._lock = threading.RLock()
        self._lockfile = os.open(self.directory / "lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self._lockfile, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(self._lockfile)
            raise ConfigError(f"spool {self.directory} is in use by another process") from exc
        self._active: int | None = None  # segment this Spool appends to
        self._active_fd: int | None = None
        self._sizes: dict[int, int] = {n: self._path(n).stat().st_size for n in self._scan()}
        self._cursor = self._read_cursor()
        for number in [n for n in self._sizes if n < self._cursor[0]]:
            self._delete(number)  # acknowledged before a crash, not yet deleted
        self._pending = sum(self._count_lines(n, self._offset_in(n)) for n in self._sizes)

    # --- writing ---------------------------------------------------------------------------

    def append(self, lines: Sequence[str]) -> None:
        """Write ``lines`` (line protocol, no newlines inside) and fsync before returning."""
        if not lines:
            return
        data = b"".join(_record(line) for line in lines)
        with self._lock:
            if self._active is None or self._sizes[self._active] >= self.segment_bytes:
                self._roll()
            assert self._active is not None and self._active_fd is not None
            _write_all(self._active_fd, data)
            os.fsync(self._active_fd)
            self._sizes[self._active] += len(data)
            self._pending += len(lines)
            self._enforce_cap()

    def _roll(self) -> None:
        self._close_active()
        number = max(self._sizes, default=self._cursor[0]) + 1
        fd = os.open(self._path(number), os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND,
                     0o600)
        _fsync_dir(self.directory)  # the new name must survive a crash too
        self._active, self._active_fd = number, fd
        self._sizes[number] = 0

    def _enforce_cap(self) -> None:
        while self._sizes and sum(self._sizes.values()) > self.max_bytes:
            oldest = min(self._sizes)
            lost = self._count_lines(oldest, self._offset_in(oldest))
            self._delete(oldest)
            self._pending -= lost
            self.dropped += lost
            log.error(
                "spool %s is full (cap %d bytes): dropped the oldest %d points "
                "(%d dropped since start); InfluxDB has been unreachable for too long",
                self.directory, self.max_bytes, lost, self.dropped,
            )

    # --- reading ---------------------------------------------------------------------------

    def pending(self) -> int:
        """Records written and not yet acknowledged (torn records included until read)."""
        with self._lock:
            return self._pending

    def read_batch(self, max_lines: int) -> Batch | None:
        """The next up to ``max_lines`` lines after the cursor, from one segment, in order."""
        with self._lock:
            for number in sorted(n for n in self._sizes if n >= self._cursor[0]):
                start = self._offset_in(number)
                size = self._sizes[number]
                if start >= size:
                    if number != self._active:
                        self._delete(number)  # read to its end and acked earlier
                    continue
                return self._read(number, start, size, max_lines)
            return None

    def _read(self, number: int, start: int, size: int, max_lines: int) -> Batch:
        lines: list[str] = []
        consumed = skipped = 0
        pos = start
        with self._path(number).open("rb") as f:
            f.seek(start)
            buf = b""
            while len(lines) < max_lines and pos + len(buf) < size:
                buf += f.read(min(_READ_CHUNK, size - pos - len(buf)))
                records = buf.split(b"\n")
                buf = records.pop()  # incomplete tail, if any
                for raw in records:
                    pos += len(raw) + 1
                    consumed += 1
                    line = _parse(raw)
                    if line is None:
                        skipped += 1
                        log.warning("spool %s: skipped a torn or corrupt record at byte %d",
                                    self._path(number).name, pos - len(raw) - 1)
                    else:
                        lines.append(line)
                    if len(lines) >= max_lines:
                        buf = b""  # the rest is read again by the next batch
                        break
            if buf and number != self._active and pos + len(buf) >= size:
                # a last line without newline in a closed segment: a write torn by a crash
                log.warning("spool %s: skipped a torn last line (%d bytes)",
                            self._path(number).name, len(buf))
                pos += len(buf)
                consumed += 1
                skipped += 1
        return Batch(lines, number, start, pos, consumed, skipped)

    def ack(self, batch: Batch) -> None:
        """Mark a batch as delivered (or deliberately dropped): it will not be read again."""
        with self._lock:
            if (batch.segment, batch.end) <= self._cursor:
                return  # already acknowledged, or its segment was dropped by the cap
            self._pending -= batch.consumed
            self._cursor = (batch.segment, batch.end)
            if batch.segment in self._sizes and batch.end >= self._sizes[batch.segment]:
                self._delete(batch.segment)
            self._write_cursor()

    def close(self) -> None:
        with self._lock:
            self._close_active()
            if self._lockfile >= 0:
                os.close(self._lockfile)  # releases the flock
                self._lockfile = -1

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- files -----------------------------------------------------------------------------

    def _path(self, number: int) -> Path:
        return self.directory / f"{number:020d}{_SUFFIX}"

    def _scan(self) -> list[int]:
        return sorted(int(p.stem) for p in self.directory.glob(f"*{_SUFFIX}")
                      if p.stem.isdigit())

    def _offset_in(self, number: int) -> int:
        seg, off = self._cursor
        return off if number == seg else 0 if number > seg else self._sizes.get(number, 0)

    def _count_lines(self, number: int, start: int) -> int:
        """Records from ``start`` on, a torn last line counted as one."""
        count, tail = 0, b""
        with self._path(number).open("rb") as f:
            f.seek(start)
            while chunk := f.read(_READ_CHUNK):
                count += chunk.count(b"\n")
                tail = chunk[-1:]
        return count + (1 if tail not in (b"", b"\n") else 0)

    def _delete(self, number: int) -> None:
        if number == self._active:
            self._close_active()
        self._sizes.pop(number, None)
        self._path(number).unlink(missing_ok=True)
        if self._cursor[0] <= number:
            self._cursor = (number + 1, 0)
            self._write_cursor()

    def _close_active(self) -> None:
        if self._active_fd is not None:
            os.close(self._active_fd)
        self._active = self._active_fd = None

    def _read_cursor(self) -> tuple[int, int]:
        try:
            seg, off = (self.directory / "cursor").read_text().split()
            return int(seg), int(off)
        except (FileNotFoundError, ValueError):
            return (min(self._sizes, default=1), 0)

    def _write_cursor(self) -> None:
        tmp = self.directory / "cursor.tmp"
        with tmp.open("w") as f:
            f.write(f"{self._cursor[0]} {self._cursor[1]}\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.directory / "cursor")


def _record(line: str) -> bytes:
    raw = line.encode("utf-8")
    if b"\n" in raw:
        raise ValueError("a line-protocol line cannot contain a newline")
    return b"%08x %s\n" % (zlib.crc32(raw), raw)


def _parse(record: bytes) -> str | None:
    if len(record) < 10 or record[8:9] != b" ":
        return None
    raw = record[9:]
    try:
        if int(record[:8], 16) != zlib.crc32(raw):
            return None
        return raw.decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
