"""The sink interface: where the points of a poll go.

Callers (the session, the daemon, the commands) hold a ``Sink`` and never reach inside
it. ``write`` never raises for trouble on the server's side: what could not be sent
waits (InfluxDB's sink keeps it in its on-disk spool) and the report says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from netmon.monitor.sinks.point import Point


@dataclass(frozen=True)
class FlushReport:
    sent: int  # points the server accepted during this call
    pending: int  # points still waiting (in the spool)
    dropped: int  # points the server rejected for good (4xx), during this call
    error: str | None  # why sending stopped, when it did
    where: str = ""  # where the waiting points are kept (a folder), for messages
    held: int = 0  # points in memory because the spool cannot be written (disk full)
    # InfluxDB took every batch it was sent, but the call's time was up: what waits is a
    # queue, not an outage (a city's status poll is some 100,000 points).
    late: bool = False

    @property
    def message(self) -> str | None:
        """None when everything went out or merely waits its turn; else what waits (an
        outage, a full disk), and where."""
        if (not self.pending or self.late) and not self.held:
            return None
        where = f" ({self.where})" if self.where else ""
        held = f", {self.held} in memory (the spool's disk is full)" if self.held else ""
        return (f"InfluxDB unavailable: {self.pending} points wait in the spool{where}"
                f"{held} and go out with the next write")


class Sink(Protocol):
    def write(self, points: Iterable[Point]) -> FlushReport: ...
    def flush(self, deadline_s: float | None = None) -> FlushReport: ...
    def close(self) -> None: ...
