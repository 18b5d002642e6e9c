"""The latest observation per device and collector, and the history of changes.

A SQLite file in the data directory, so state survives restarts and coverage
can be computed without InfluxDB. ``record()`` folds a poll's evidence into the
device's up/down state (the rules are ``device_state``'s, not this module's),
compares its facts with the stored ones and returns the change events (down, up,
icmp_filtered; serial, model or OS version changed; SNMP and SSH disagree; a
changed SSH host key), which the caller also writes to InfluxDB.

``batch()`` makes many records one transaction, its write lock taken before the first read
(so another process cannot fold the same device in between, and a crash keeps all of them
or none). In a multi-site deployment the centre also keeps, in the same transaction, the
*mark* of each site's outbox: the sequence number of the last message it applied, so that
a message delivered again (a redelivery, a batch a site sent twice) is applied once.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from netmon.collectors.observation import Reach, Status
from netmon.errors import ConfigError
from netmon.monitor.device_state import Probe, Rules, Tracked, advance, current

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
CREATE TABLE IF NOT EXISTS marks (
    source TEXT PRIMARY KEY,
    seq INTEGER NOT NULL
);
"""

TRACKED = ("serial", "model", "os_version")


ROW = "device"  # the collector column: one row per device holds its state and facts


@dataclass(frozen=True)
class Event:
    device_id: str
    at: datetime
    kind: str  # down, up, icmp_filtered, serial_changed, ..., conflict, host_key_changed
    old: str | None
    new: str | None
    message: str


@dataclass(frozen=True)
class DeviceState:
    """One device as stored: its tracked up/down evidence, the last poll's status, facts."""

    device_id: str
    at: datetime  # the last poll recorded
    status: str  # the last full poll's status (ok, partial, timeout, ...)
    tracked: Tracked
    data: dict[str, Any] = field(default_factory=dict)

    def reach(self, now: datetime, rules: Rules) -> Reach:
        return current(self.tracked, now, rules)


def open_db(path: Path, schema: str) -> sqlite3.Connection:
    """The state file (WAL, so that the daemon and a scan share it) with ``schema``'s
    tables; ConfigError naming the file when it cannot be opened."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(schema)
    except (sqlite3.Error, OSError) as exc:
        raise ConfigError(f"state database {path}: {exc}; if the file is damaged, move it "
                          f"aside to start afresh (the history it holds is then lost)") from exc
    return db


class StateStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = open_db(path, SCHEMA)
        self._depth = 0

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One transaction around many records (nested batches join the outer one)."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._db.execute("BEGIN IMMEDIATE")  # the write lock before the first read
        self._depth = 1
        try:
            yield
        except BaseException:
            self._db.rollback()
            raise
        else:
            self._db.commit()
        finally:
            self._depth = 0

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self.batch():
            yield self._db

    def mark(self, source: str) -> int:
        """The sequence number of the last message applied from ``source`` (0: none)."""
        row = self._db.execute("SELECT seq FROM marks WHERE source=?", (source,)).fetchone()
        return int(row[0]) if row else 0

    def set_mark(self, source: str, seq: int) -> None:
        with self._tx() as db:
            db.execute("INSERT INTO marks (source, seq) VALUES (?, ?) ON CONFLICT(source) "
                       "DO UPDATE SET seq=excluded.seq", (source, seq))

    def get(self, device_id: str) -> DeviceState | None:
        row = self._db.execute(
            "SELECT at, status, data FROM latest WHERE device_id=? AND collector=?",
            (device_id, ROW),
        ).fetchone()
        return None if row is None else _state(device_id, *row)

    def latest(self) -> dict[str, DeviceState]:
        return {device_id: _state(device_id, at, status, data)
                for device_id, at, status, data in self._db.execute(
                    "SELECT device_id, at, status, data FROM latest WHERE collector=?",
                    (ROW,))}

    def record(self, device_id: str, at: datetime, status: str | None,
               probes: Sequence[Probe], data: Mapping[str, Any],
               rules: Rules) -> tuple[DeviceState, list[Event]]:
        """Store one poll of a device; return its new state and what changed.

        ``status`` is None for a reachability-only poll: the last full poll's status and
        facts stay. A missing fact is not a change: this poll only learned nothing.
        """
        with self._tx() as db:
            old = self.get(device_id)
            old_data = old.data if old else {}
            tracked, changes = advance(old.tracked if old else Tracked(), probes, at, rules)
            events = [Event(device_id, at, c.kind, c.old, c.new, f"{device_id} {c.message}")
                      for c in changes]
            stored = {**old_data, **data}
            events += _fact_events(device_id, at, old_data, data, stored)
            new_status = status if status is not None else (old.status if old else "unknown")
            state = DeviceState(device_id, at, new_status, tracked, stored)
            db.execute(
                "INSERT INTO latest (device_id, collector, at, status, data) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(device_id, collector) DO UPDATE SET "
                "at=excluded.at, status=excluded.status, data=excluded.data",
                (device_id, ROW, at.isoformat(), new_status,
                 json.dumps({**stored, "tracked": tracked.to_json()}, ensure_ascii=False,
                            default=str)),
            )
            self._insert(db, events)
        return state, events

    def _insert(self, db: sqlite3.Connection, events: Sequence[Event]) -> None:
        db.executemany(
            "INSERT INTO history (device_id, at, kind, old, new, message) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(e.device_id, e.at.isoformat(), e.kind, e.old, e.new, e.message)
             for e in events],
        )

    def history(self, device_id: str, limit: int = 200) -> list[Event]:
        rows = self._db.execute(
            "SELECT device_id, at, kind, old, new, message FROM history WHERE device_id=? "
            "ORDER BY at DESC, id DESC LIMIT ?", (device_id, limit),
        ).fetchall()
        return [Event(r[0], datetime.fromisoformat(r[1]), r[2], r[3], r[4], r[5])
                for r in rows]


def _state(device_id: str, at: str, status: str, data: str) -> DeviceState:
    d = json.loads(data)
    tracked = Tracked.from_json(d.pop("tracked", None))
    return DeviceState(device_id, datetime.fromisoformat(at), status, tracked, d)


def _fact_events(device_id: str, at: datetime, old: Mapping[str, Any],
                 new: Mapping[str, Any], stored: dict[str, Any]) -> list[Event]:
    """Serial, model, OS version changed; SNMP and SSH disagree; the SSH host key changed.
    Updates the ``known_*`` keys of ``stored`` (the last value ever seen)."""
    events: list[Event] = []
    for key in TRACKED:
        value, known = new.get(key), old.get(f"known_{key}")
        stored[f"known_{key}"] = known
        if value in (None, ""):
            continue
        stored[f"known_{key}"] = value
        if known not in (None, "") and known != value:
            events.append(Event(device_id, at, f"{key}_changed", str(known), str(value),
                                f"{device_id} {key.replace('_', ' ')} changed from {known} "
                                f"to {value}"))
    old_conflicts = old.get("conflicts") or {}
    for key, values in (new.get("conflicts") or {}).items():
        if old_conflicts.get(key) != values:
            shown = ", ".join(f"{src} says {val}" for src, val in sorted(values.items()))
            events.append(Event(device_id, at, "conflict", None, key,
                                f"{device_id} {key}: {shown}"))
    # Said once when the key changes, not again at every poll until it is trusted.
    if new.get("ssh_status") == Status.HOST_KEY_CHANGED != old.get("ssh_status"):
        events.append(Event(device_id, at, "host_key_changed", None, None,
                            str(new.get("ssh_error") or f"{device_id} SSH host key changed")))
    return events
