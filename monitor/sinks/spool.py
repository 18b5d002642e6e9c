"""An append-only, fsync'd on-disk queue of line-protocol lines, replayed in order, that
several processes may share (the daemon and any number of ``netmon scan`` runs).

On disk, under one directory (``<data_dir>/spool/``)::

    00000000000000000001.seg   segments, numbered in order; append-only
    00000000000000000002.seg   one record per line: ``<crc32 of line, 8 hex> <line>\\n``
    cursor                     ``<segment number> <byte offset>\\n``: what is acknowledged
    lock                       flock'd (exclusive) for the length of ONE operation

Sharing: every operation (``append``; ``read_batch``; ``ack``; ``pending``) takes the
exclusive flock on ``lock``, re-reads the cursor and the segment list and sizes from disk,
does its work and releases the lock. Nothing about the queue is remembered between
operations except line counts of bytes already counted (segments only grow; numbers are
never reused), so a Spool sees what other processes did. One queue, one writer at a time:

- ``append`` writes to the newest segment under the lock, so records of two processes
  never interleave; lines appended by one process stay in its order. A new segment is
  started when the newest is full, or when it does not end with a newline (a write torn by
  a crash: the next record must not be glued to it).
- A drain is ``read_batch`` (under the lock) -> send (NO lock held: appends by others go on)
  -> ``ack`` (under the lock). ``ack`` moves the cursor only forward, to the batch's end: if
  another process acknowledged the same lines meanwhile, it changes nothing (no double ack).
  Two processes draining at once may both send a batch (at least once, never lost): harmless,
  since points carry explicit timestamps and InfluxDB overwrites the same series+time.

Policies:

- Every ``append`` is written and fsync'd before it returns (write-ahead of the send), or
  raises OSError (disk full: ENOSPC, EDQUOT, EFBIG) having written nothing: the segment is
  cut back to its size before the call. What the caller then does is the sink's policy
  (influx.py: held in memory, sent directly, bounded).
- A cursor that cannot be saved (disk full) is kept in memory and saved by the next ack;
  the drain goes on, and deleting read segments frees the space.
- A torn last line (no newline, or a bad checksum) is detected when read, skipped with a
  warning, never sent.
- ``ack`` moves the cursor (written to a temp file, fsync'd, renamed); segments read to their
  end are deleted. A crash between send and ack re-sends a batch (harmless, as above).
- Bounded: when the segments exceed ``max_bytes`` (default 1 GiB), whole segments are dropped,
  OLDEST first (the newest state matters most to operations), logged at ERROR with the
  number of points lost; ``dropped`` counts those dropped by this process's appends.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 1 << 30
_SUFFIX = ".seg"
_READ_CHUNK = 1 << 20
_MARKS_KEPT = 4  # line-count checkpoints kept per segment (cursor and size only grow)


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
        self._thread_lock = threading.Lock()  # flock does not exclude threads of one process
        # the state below is re-read from disk at the start of every locked operation
        self._sizes: dict[int, int] = {}
        self._cursor = (1, 0)
        self._unsaved: tuple[int, int] | None = None  # acked here, not yet on disk (disk full)
        # segment -> [(byte offset, newlines before it)]: pending() reads only new bytes
        self._marks: dict[int, list[tuple[int, int]]] = {}
        with self._locked():
            pass  # creates the lock file, removes segments acked before a crash

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self._thread_lock:
            # opened per operation, not inherited: a forked child gets its own lock
            fd = os.open(self.directory / "lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                self._refresh()
                yield
            finally:
                os.close(fd)  # releases the flock

    def _refresh(self) -> None:
        """Re-read what other processes may have changed: segments, sizes, cursor."""
        sizes: dict[int, int] = {}
        for number in self._scan():
            try:
                sizes[number] = self._path(number).stat().st_size
            except FileNotFoundError:
                continue  # cannot happen under the lock, unless someone tidies by hand
        self._sizes = sizes
        self._cursor = self._read_cursor()
        if self._unsaved is not None:
            self._write_cursor()  # space may have come back
        for number in [n for n in self._sizes if n < self._cursor[0]]:
            self._delete(number)  # acknowledged before a crash, not yet deleted
        for number in [n for n in self._marks if n not in self._sizes]:
            del self._marks[number]

    # --- writing ---------------------------------------------------------------------------

    def append(self, lines: Sequence[str]) -> None:
        """Write ``lines`` (line protocol, no newlines inside) and fsync before returning."""
        if not lines:
            return
        data = b"".join(_record(line) for line in lines)
        with self._locked():
            number, fd = self._open_newest()
            size = self._sizes[number]
            try:
                _write_all(fd, data)
                os.fsync(fd)
            except OSError:
                # disk full, quota, file-size limit: all or nothing. Cut what was written, so
                # that no record of this call stays half in the spool (it would be skipped as
                # torn) and none whole (the caller keeps them all: it would be sent twice).
                _truncate(fd, size, self._path(number))
                if size == 0:  # a segment started for this append: leave no empty file
                    self._sizes.pop(number, None)
                    self._path(number).unlink(missing_ok=True)
                raise
            finally:
                os.close(fd)
            self._sizes[number] += len(data)
            self._enforce_cap()

    def _open_newest(self) -> tuple[int, int]:
        """The segment to append to, opened: the newest, unless it is full or torn."""
        if self._sizes:
            number = max(self._sizes)
            size = self._sizes[number]
            if size < self.segment_bytes:
                fd = os.open(self._path(number), os.O_RDWR | os.O_APPEND)
                if size == 0 or os.pread(fd, 1, size - 1) == b"\n":
                    return number, fd
                os.close(fd)  # ends in a torn record: never glue the next one to it
        number = max(max(self._sizes, default=0), self._cursor[0]) + 1
        fd = os.open(self._path(number), os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND,
                     0o600)
        _fsync_dir(self.directory)  # the new name must survive a crash too
        self._sizes[number] = 0
        return number, fd

    def _enforce_cap(self) -> None:
        while self._sizes and sum(self._sizes.values()) > self.max_bytes:
            oldest = min(self._sizes)
            lost = self._count_records(oldest, self._offset_in(oldest))
            self._delete(oldest)
            self.dropped += lost
            log.error(
                "spool %s is full (cap %d bytes): dropped the oldest %d points "
                "(%d dropped since start); InfluxDB has been unreachable for too long",
                self.directory, self.max_bytes, lost, self.dropped,
            )

    # --- reading ---------------------------------------------------------------------------

    def pending(self) -> int:
        """Records written by any process and not yet acknowledged (torn records included
        until read)."""
        with self._locked():
            return sum(self._count_records(n, self._offset_in(n)) for n in self._sizes)

    def read_batch(self, max_lines: int) -> Batch | None:
        """The next up to ``max_lines`` lines after the cursor, from one segment, in order.
        The lock is not held after it returns: send, then ``ack``."""
        with self._locked():
            for number in sorted(self._sizes):
                start = self._offset_in(number)
                size = self._sizes[number]
                if start >= size:
                    # read to its end and acked earlier; an appender that wanted it
                    # re-reads the segment list under the lock and starts a new one
                    self._delete(number)
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
            if buf and pos + len(buf) >= size:
                # under the lock no append is half done: a last line without newline is a
                # write torn by a crash (appends after it went to a new segment)
                log.warning("spool %s: skipped a torn last line (%d bytes)",
                            self._path(number).name, len(buf))
                pos += len(buf)
                consumed += 1
                skipped += 1
        return Batch(lines, number, start, pos, consumed, skipped)

    def ack(self, batch: Batch) -> None:
        """Mark a batch as delivered (or deliberately dropped): it will not be read again.
        Only ever moves the cursor forward: a batch acked by another process (or dropped by
        the cap) meanwhile changes nothing."""
        with self._locked():
            if (batch.segment, batch.end) <= self._cursor:
                return
            self._cursor = (batch.segment, batch.end)
            if batch.segment in self._sizes and batch.end >= self._sizes[batch.segment]:
                self._delete(batch.segment)  # also moves the cursor past it
            self._write_cursor()

    def close(self) -> None:
        """Nothing stays open or locked between operations; kept for the context manager
        and for symmetry with the sinks."""
        with self._thread_lock:
            self._marks.clear()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- files -----------------------------------------------------------------------------

    def _path(self, number: int) -> Path:
        return self.directory / f"{number:020d}{_SUFFIX}"

    def _scan(self) -> list[int]:
        return sorted(int(name[:-len(_SUFFIX)]) for name in os.listdir(self.directory)
                      if name.endswith(_SUFFIX) and name[:-len(_SUFFIX)].isdigit())

    def _offset_in(self, number: int) -> int:
        seg, off = self._cursor
        return off if number == seg else 0 if number > seg else self._sizes.get(number, 0)

    def _count_records(self, number: int, start: int) -> int:
        """Records from ``start`` (a record boundary) on, a torn last line counted as one."""
        size = self._sizes.get(number, 0)
        if start >= size:
            return 0
        count = self._newlines_before(number, size) - self._newlines_before(number, start)
        with self._path(number).open("rb") as f:
            f.seek(size - 1)
            torn = f.read(1) != b"\n"
        return count + (1 if torn else 0)

    def _newlines_before(self, number: int, pos: int) -> int:
        marks = self._marks.setdefault(number, [(0, 0)])
        base, count = max(m for m in marks if m[0] <= pos)
        if pos == base:
            return count
        with self._path(number).open("rb") as f:
            f.seek(base)
            left = pos - base
            while left > 0 and (chunk := f.read(min(_READ_CHUNK, left))):
                count += chunk.count(b"\n")
                left -= len(chunk)
        marks.append((pos, count))
        if len(marks) > _MARKS_KEPT:
            marks.sort()
            del marks[1]  # keep (0, 0) and the latest: offsets only grow
        return count

    def _delete(self, number: int) -> None:
        self._sizes.pop(number, None)
        self._marks.pop(number, None)
        self._path(number).unlink(missing_ok=True)
        if self._cursor[0] <= number:
            self._cursor = (number + 1, 0)
            self._write_cursor()

    def _read_cursor(self) -> tuple[int, int]:
        try:
            seg, off = (self.directory / "cursor").read_text().split()
            cursor = int(seg), int(off)
        except (FileNotFoundError, ValueError):
            cursor = (min(self._sizes, default=1), 0)
        if self._unsaved is not None and self._unsaved > cursor:
            return self._unsaved  # this process acked further while the disk was full
        self._unsaved = None
        return cursor

    def _write_cursor(self) -> None:
        tmp = self.directory / "cursor.tmp"
        try:
            with tmp.open("w") as f:
                f.write(f"{self._cursor[0]} {self._cursor[1]}\n")
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.directory / "cursor")
        except OSError as exc:
            # A full disk must not stop the drain (which is what frees space). Keep the
            # cursor in memory and save it with the next ack; until then a crash or another
            # process re-sends these points (at least once, never lost; see Policies).
            tmp.unlink(missing_ok=True)
            if self._unsaved is None:
                log.error("spool %s: cannot save the cursor (%s); delivered points may be "
                          "sent again after a restart", self.directory, exc.strerror)
            self._unsaved = self._cursor
        else:
            self._unsaved = None


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


def _truncate(fd: int, size: int, path: Path) -> None:
    try:
        os.ftruncate(fd, size)
        os.fsync(fd)
    except OSError as exc:  # cannot happen on Linux filesystems; the reader copes if it does
        log.error("spool %s: could not cut a failed append (%s); a torn record will be "
                  "skipped when read", path.name, exc.strerror)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
