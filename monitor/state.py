"""The latest observation per device and collector, and the history of changes.

A SQLite file in the data directory, so state survives restarts and coverage
can be computed without InfluxDB. ``record()`` compares a device's new
summary with the stored one and returns the change events (a device went down
or came back; its serial, model or OS version changed; SNMP and SSH disagree),
which the caller also writes to InfluxDB as ``netmon_event`` points.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from netmon.collectors.observation import Reach
from netmon.errors import ConfigError

SCHEMA = """
CREATE TABLE IF NOT EXISTS latest (
    device_id TEXT NOT NULL,
    collector TEXT NOT NULL,
    at TEXT NOT NULL,
    status TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (device_id, collector)
);
CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id TEXT NOT NULL,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    old TEXT,
    new TEXT,
    message TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS history_device ON history (device_id, at);
"""

TRACKED = ("serial", "model", "os_version")


@dataclass(frozen=True)
class Event:
    device_id: str
    at: datetime
    kind: str  # down, up, serial_changed, model_changed, os_version_changed, conflict, ...
    old: str | None
    new: str | None
    message: str


@dataclass(frozen=True)
class DeviceState:
    """What coverage needs to know of one device: its reach, and when it was seen."""

    device_id: str
    reach: Reach
    at: datetime
    status: str
    data: dict[str, Any] = field(default_factory=dict)


class StateStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            raise ConfigError(f"state database {path}: {exc}; move it aside to start "
                              f"afresh (the history it holds is then lost)") from exc

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._db:
            yield self._db

    def get(self, device_id: str, collector: str) -> DeviceState | None:
        row = self._db.execute(
            "SELECT at, status, data FROM latest WHERE device_id=? AND collector=?",
            (device_id, collector),
        ).fetchone()
        if row is None:
            return None
        data = json.loads(row[2])
        return DeviceState(device_id, Reach(data.get("reach", "unknown")),
                           datetime.fromisoformat(row[0]), row[1], data)

    def record(self, device_id: str, collector: str, at: datetime, status: str,
               data: Mapping[str, Any]) -> list[Event]:
        """Store the latest summary for (device, collector); return what changed.

        ``data`` may hold ``reach`` (up/down/unknown) and the tracked facts. An
        unknown reach or a missing fact is not a change: we only learned nothing.
        """
        old = self.get(device_id, collector)
        events: list[Event] = []
        new_reach = data.get("reach")
        old_data = old.data if old else {}
        old_reach = old_data.get("last_known_reach")
        # What this poll did not ask (a reachability-only poll asks no facts) stays as last
        # known: otherwise the next full poll would take old news for news.
        stored = {**old_data, **data}
        stored["last_known_reach"] = old_reach
        if new_reach in (Reach.UP, Reach.DOWN):
            stored["last_known_reach"] = str(new_reach)
            if new_reach == Reach.DOWN and old_reach != Reach.DOWN:
                events.append(Event(device_id, at, "down", old_reach, "down",
                                    f"{device_id} went down ({status})"))
            elif new_reach == Reach.UP and old_reach == Reach.DOWN:
                events.append(Event(device_id, at, "up", "down", "up",
                                    f"{device_id} came back"))
        for key in TRACKED:
            new_value = data.get(key)
            known = old_data.get(f"known_{key}")
            stored[f"known_{key}"] = known
            if new_value in (None, ""):
                continue
            stored[f"known_{key}"] = new_value
            if known not in (None, "") and known != new_value:
                events.append(Event(device_id, at, f"{key}_changed", str(known),
                                    str(new_value),
                                    f"{device_id} {key.replace('_', ' ')} changed "
                                    f"from {known} to {new_value}"))
        conflicts = data.get("conflicts") or {}
        old_conflicts = old_data.get("conflicts") or {}
        for key, values in conflicts.items():
            if old_conflicts.get(key) != values:
                shown = ", ".join(f"{src} says {val}" for src, val in sorted(values.items()))
                events.append(Event(device_id, at, "conflict", None, key,
                                    f"{device_id} {key}: {shown}"))
        with self._tx() as db:
            db.execute(
                "INSERT INTO latest (device_id, collector, at, status, data) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(device_id, collector) DO UPDATE SET "
                "at=excluded.at, status=excluded.status, data=excluded.data",
                (device_id, collector, at.isoformat(), status,
                 json.dumps(stored, ensure_ascii=False, default=str)),
            )
            db.executemany(
                "INSERT INTO history (device_id, at, kind, old, new, message) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(e.device_id, e.at.isoformat(), e.kind, e.old, e.new, e.message)
                 for e in events],
            )
        return events

    def add_event(self, event: Event) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT INTO history (device_id, at, kind, old, new, message) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (event.device_id, event.at.isoformat(), event.kind, event.old, event.new,
                 event.message),
            )

    def latest(self, collector: str) -> dict[str, DeviceState]:
        out: dict[str, DeviceState] = {}
        for device_id, at, status, data in self._db.execute(
            "SELECT device_id, at, status, data FROM latest WHERE collector=?", (collector,)
        ):
            d = json.loads(data)
            out[device_id] = DeviceState(device_id, Reach(d.get("reach", "unknown")),
                                         datetime.fromisoformat(at), status, d)
        return out

    def history(self, device_id: str, limit: int = 200) -> list[Event]:
        rows = self._db.execute(
            "SELECT device_id, at, kind, old, new, message FROM history WHERE device_id=? "
            "ORDER BY at DESC, id DESC LIMIT ?", (device_id, limit),
        ).fetchall()
        return [Event(r[0], datetime.fromisoformat(r[1]), r[2], r[3], r[4], r[5])
                for r in rows]

