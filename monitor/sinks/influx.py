"""The InfluxDB sink: write-ahead to the spool, then send in batches, classified errors.

``write(points)`` appends the points to the on-disk spool (fsync'd) and then replays the
spool in order. Trouble on the server side never raises: the points wait on disk and are
sent by a later ``write`` or ``flush``, by this process or the next one over the same spool.
Several processes may share one spool (see spool.py): each drains it, in order, between
its own appends; a drain takes on at most what was pending when it started.

Per batch (STYLE 9): 5xx, timeouts and refused connections are retried with exponential
backoff and jitter, at most ``max_retries`` times, then left on disk; 429 waits for
Retry-After; 413 splits the batch in halves down to one point (a single point still too
large is dropped, loudly); other 4xx drop the batch, loudly (a 400 "partial write" means
the server kept the rest; what it rejected cannot be retried). After giving up, ``write``
does not contact the server again until a backoff has passed, so a poller is never held
up by an absent InfluxDB.

When the spool cannot be written (disk full, quota, read-only; the spool then writes
nothing of that append), the points are *held in memory*, in order, and sent straight to
InfluxDB after the spool's own points. The spool is tried again at every write and flush:
as soon as it takes them, the held points go to disk before the new ones. At most
``held_max`` points are held; beyond that the OLDEST held points are dropped (the newest
state matters most, as for the spool's own cap), counted in ``lost`` and logged at ERROR
with the number. Points still held at ``close()`` are lost and counted the same way. So,
with the disk full, nothing is lost while InfluxDB answers, nor while the outage of both
lasts less than ``held_max`` points; past that, exactly the overflow is lost.
"""

from __future__ import annotations

import itertools
import logging
import random
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable

from netmon.errors import (
    SinkError,
    SinkRefused,
    SinkRejected,
    SinkRetry,
    SinkThrottled,
    SinkTooLarge,
)
from netmon.monitor.sinks import influx_http
from netmon.monitor.sinks.base import FlushReport
from netmon.monitor.sinks.influx_config import InfluxSettings, safe_url
from netmon.monitor.sinks.influx_http import Transport
from netmon.monitor.sinks.point import Point
from netmon.monitor.sinks.spool import Spool

__all__ = ["FlushReport", "InfluxSettings", "InfluxSink"]

log = logging.getLogger(__name__)


class _GaveUp(Exception):
    def __init__(self, cause: SinkError) -> None:
        super().__init__(str(cause))
        self.cause = cause


class InfluxSink:
    def __init__(
        self,
        settings: InfluxSettings,
        spool: Spool,
        *,
        transport: Transport | None = None,  # for unit tests of the policy
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.settings = settings
        self.spool = spool
        if transport is None:
            transport = (influx_http.V2Transport(settings) if settings.api == "v2"
                         else influx_http.V1Transport(settings))
        self._transport = transport
        self._sleep, self._clock, self._jitter = sleep, clock, jitter
        self._lock = threading.RLock()
        self._outages = 0  # consecutive give-ups: the pause before the next try grows
        self._resume_at = 0.0  # write() sends nothing before this (clock time)
        self.sent = 0
        self.dropped = 0
        # The disk-full policy (module docstring): points the spool refused, oldest first.
        self._held: deque[str] = deque()
        self.lost = 0  # points dropped because neither the spool nor InfluxDB took them

    def __repr__(self) -> str:
        return f"InfluxSink({self.settings.api}, {safe_url(self.settings.url)})"

    def write(self, points: Iterable[Point]) -> FlushReport:
        """Spool the points (a batch at a time: an iterator is consumed as it goes, so a
        poll's points need not all exist at once), then send what the spool holds."""
        appended = 0
        with self._lock:
            source = iter(points)
            while chunk := list(itertools.islice(source, self.settings.batch_size)):
                lines = [p.line() for p in chunk]
                appended += len(lines)
                self._spool_or_hold(lines)
            if not appended:
                return self._report()
            log.debug("write: %d points", appended)  # tests count what was produced by it
            if self._clock() < self._resume_at:
                return self._report()  # InfluxDB was away a moment ago; they wait (disk/held)
            return self._drain(self._clock() + self.settings.write_budget_s)

    @property
    def held(self) -> int:
        """Points waiting in memory because the spool could not be written."""
        return len(self._held)

    def flush(self, deadline_s: float | None = None) -> FlushReport:
        """Replay the spool in order, for at most ``deadline_s`` seconds (None: as long as
        the retry policy allows), even while a write() pause is in force."""
        with self._lock:
            deadline = None if deadline_s is None else self._clock() + deadline_s
            if self._held:
                self._spool_or_hold([])  # space may have come back
            return self._drain(deadline)

    def close(self) -> None:
        with self._lock:
            if self._held:
                self._spool_or_hold([])
            if self._clock() >= self._resume_at and (self.spool.pending() or self._held):
                report = self._drain(self._clock() + self.settings.timeout_s)
                if report.pending:
                    log.warning("%d points stay in the spool %s for the next start",
                                report.pending, self.spool.directory)
            if self._held:
                self.lost += len(self._held)
                log.error("%d points lost at exit: the spool %s cannot be written and "
                          "InfluxDB did not take them (%d lost since start)", len(self._held),
                          self.spool.directory, self.lost)
                self._held.clear()
            self._transport.close()
            self.spool.close()

    # --- the policy -----------------------------------------------------------------------

    def _drain(self, deadline: float | None) -> FlushReport:
        sent = dropped = 0
        error: str | None = None
        # other processes may append to the spool while we drain: take on at most what was
        # there when we started, so that a flush without deadline ends too
        budget = self.spool.pending()
        late = False
        while budget > 0 and (batch := self.spool.read_batch(self.settings.batch_size)):
            try:
                ok, lost = self._deliver(batch.lines, deadline) if batch.lines else (0, 0)
            except _GaveUp as gave_up:
                error = str(gave_up.cause)
                self._pause(gave_up.cause)
                break
            self.spool.ack(batch)
            sent, dropped = sent + ok, dropped + lost
            budget -= batch.consumed
            if deadline is not None and self._clock() >= deadline:
                late = True  # InfluxDB answers: the rest goes with the next write or flush
                break
        if error is None and self._held:
            error = self._send_held(deadline)
        if error is None and self._outages:
            log.warning("InfluxDB at %s is back", safe_url(self.settings.url))
            self._outages, self._resume_at = 0, 0.0
        self.sent += sent
        self.dropped += dropped
        return self._report(sent, dropped, error, late=late and error is None)

    def _report(self, sent: int = 0, dropped: int = 0, error: str | None = None,
                late: bool = False) -> FlushReport:
        return FlushReport(sent, self.spool.pending(), dropped, error,
                           str(self.spool.directory), len(self._held), late)

    def _deliver(self, lines: list[str], deadline: float | None) -> tuple[int, int]:
        """Send one batch; (sent, dropped). Raises _GaveUp to leave it on disk."""
        attempt = 0
        while True:
            try:
                self._transport.send("\n".join(lines).encode("utf-8"))
                return len(lines), 0
            except SinkTooLarge as exc:
                return self._split(lines, deadline, exc)
            except SinkRefused as exc:
                raise _GaveUp(exc) from exc
            except SinkRejected as exc:
                lost = _rejected_count(str(exc), len(lines))
                log.error("InfluxDB rejected %d of %d points, dropped: %s",
                          lost, len(lines), exc)
                return len(lines) - lost, lost
            except SinkThrottled as exc:
                wait = exc.retry_after + 0.1 * exc.retry_after * self._jitter()
                cause: SinkError = exc
            except SinkRetry as exc:
                wait = self._backoff(attempt)
                cause = exc
            attempt += 1
            if attempt > self.settings.max_retries or (
                    deadline is not None and self._clock() + wait > deadline):
                raise _GaveUp(cause)
            log.info("%s; retry %d/%d in %.2fs", cause, attempt,
                     self.settings.max_retries, wait)
            self._sleep(wait)

    def _split(self, lines: list[str], deadline: float | None,
               exc: SinkTooLarge) -> tuple[int, int]:
        if len(lines) == 1:
            log.error("InfluxDB refused one point as too large (%d bytes), dropped: %s; "
                      "point starts %r", len(lines[0].encode()), exc, lines[0][:80])
            return 0, 1
        mid = len(lines) // 2
        log.info("InfluxDB: batch of %d too large, splitting", len(lines))
        a_sent, a_lost = self._deliver(lines[:mid], deadline)
        b_sent, b_lost = self._deliver(lines[mid:], deadline)
        return a_sent + b_sent, a_lost + b_lost

    def _backoff(self, attempt: int) -> float:
        step = min(self.settings.backoff_max_s, self.settings.backoff_base_s * 2.0**attempt)
        return float(step / 2 + step / 2 * self._jitter())  # "equal jitter": never 0, never > step

    def _pause(self, cause: SinkError) -> None:
        """After giving up: write() leaves the server alone for a growing while."""
        pause = self._backoff(self._outages)
        if isinstance(cause, SinkThrottled):
            pause = max(pause, cause.retry_after)
        self._outages += 1
        self._resume_at = self._clock() + pause
        level = logging.WARNING if self._outages == 1 else logging.INFO
        if isinstance(cause, SinkRefused):
            level = logging.ERROR  # a configuration problem: say so every time
        log.log(level, "%s; %d points wait in the spool, next try in %.2fs",
                cause, self.spool.pending(), pause)

    # --- the disk-full policy ---------------------------------------------------------------

    def _spool_or_hold(self, lines: list[str]) -> bool:
        """Spool the held points and ``lines``, in order; True when they are on disk. When
        the spool refuses (OSError: disk full, quota, read-only), they are held in memory,
        the oldest beyond ``held_max`` dropped and counted in ``lost``."""
        batch = [*self._held, *lines]
        if not batch:
            return True
        try:
            self.spool.append(batch)
        except OSError as exc:
            if not self._held:
                log.error("cannot write the spool %s (%s): points are held in memory (at most "
                          "%d) and sent directly; free space there", self.spool.directory,
                          exc.strerror or exc, self.settings.held_max)
            self._held.extend(lines)
            self._trim_held()
            return False
        if self._held:
            log.warning("spool %s writable again: %d held points written to it",
                        self.spool.directory, len(self._held))
            self._held.clear()
        return True

    def _trim_held(self) -> None:
        over = len(self._held) - self.settings.held_max
        if over <= 0:
            return
        for _ in range(over):
            self._held.popleft()
        self.lost += over
        log.error("dropped the oldest %d points: the spool %s cannot be written and InfluxDB "
                  "is away (%d held, %d lost since start)", over, self.spool.directory,
                  len(self._held), self.lost)

    def _send_held(self, deadline: float | None) -> str | None:
        """Send held points straight to InfluxDB (no write-ahead: there is no disk)."""
        while self._held:
            chunk = list(itertools.islice(self._held, self.settings.batch_size))
            try:
                ok, lost = self._deliver(chunk, deadline)
            except _GaveUp as gave_up:
                self._pause(gave_up.cause)
                return str(gave_up.cause)
            for _ in chunk:
                self._held.popleft()
            self.sent += ok
            self.dropped += lost
            if deadline is not None and self._clock() >= deadline:
                break
        return None


def _rejected_count(message: str, total: int) -> int:
    """How many points a 400 dropped: 1.x says ``dropped=N`` on a partial write."""
    m = re.search(r"dropped=(\d+)", message)
    return min(total, int(m.group(1))) if m else total
