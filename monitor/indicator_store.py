"""The indicators' own history in the state database: probes, data-centre readings, and a
daily snapshot of every indicator.

The monthly report must work with the embedded default and no InfluxDB, so what it
needs is kept here, in tables of ``state.sqlite3`` beside (not inside) the device state:

- ``probe_log``: one row per probe of a portal, online service or data-centre service;
- ``dc_log``: one row per reading of a data-centre device (server, UPS, any critical one);
- ``indicator_daily``: the day's value of each indicator row; the last computation of a
  day replaces the earlier ones, so the daemon may write it after every poll.

Times are timezone-aware UTC, stored as ISO text (they sort as text).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from netmon.monitor.state import open_db

SCHEMA = """
CREATE TABLE IF NOT EXISTS probe_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    target TEXT NOT NULL,          -- a URL (portal, online service) or a check id
    kind TEXT NOT NULL,
    at TEXT NOT NULL,
    up INTEGER NOT NULL,
    status TEXT NOT NULL,
    cert_not_after TEXT,
    data TEXT NOT NULL             -- JSON: http_status, ttfb_ms, error, ...
);
CREATE INDEX IF NOT EXISTS probe_log_target ON probe_log (target, at);
CREATE TABLE IF NOT EXISTS dc_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id TEXT NOT NULL,
    at TEXT NOT NULL,
    up INTEGER,                    -- NULL: unknown (a poller fault)
    on_battery INTEGER,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS dc_log_device ON dc_log (device_id, at);
CREATE TABLE IF NOT EXISTS indicator_daily (
    day TEXT NOT NULL,
    scope TEXT NOT NULL,
    district TEXT NOT NULL,        -- '' for the city
    level TEXT NOT NULL,
    indicator TEXT NOT NULL,
    row TEXT NOT NULL,             -- the row as JSON
    PRIMARY KEY (day, scope, district, level, indicator)
);
"""


@dataclass(frozen=True)
class Reading:
    """One observation of a data-centre item: a device or a service check."""

    item: str
    at: datetime
    up: bool | None  # None: unknown
    on_battery: bool | None = None
    cert_not_after: datetime | None = None
    data: dict[str, Any] | None = None


class IndicatorStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = open_db(path, SCHEMA)

    def close(self) -> None:
        self._db.close()

    # -- writing ---------------------------------------------------------------
    def add_probe(self, target: str, kind: str, at: datetime, up: bool, status: str,
                  cert_not_after: datetime | None, data: dict[str, Any]) -> None:
        with self._db:
            self._db.execute(
                "INSERT INTO probe_log (target, kind, at, up, status, cert_not_after, data) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (target, kind, at.isoformat(), int(up), status,
                 cert_not_after.isoformat() if cert_not_after else None,
                 json.dumps(data, ensure_ascii=False, default=str)))

    def add_dc(self, device_id: str, at: datetime, up: bool | None, on_battery: bool | None,
               data: dict[str, Any]) -> None:
        with self._db:
            self._db.execute(
                "INSERT INTO dc_log (device_id, at, up, on_battery, data) VALUES (?, ?, ?, ?, ?)",
                (device_id, at.isoformat(), None if up is None else int(up),
                 None if on_battery is None else int(on_battery),
                 json.dumps(data, ensure_ascii=False, default=str)))

    def snapshot(self, day: date, rows: Iterable[dict[str, Any]]) -> None:
        """The day's indicator rows (``IndicatorRow.to_json()``); replaces that day's."""
        with self._db:
            self._db.executemany(
                "INSERT INTO indicator_daily (day, scope, district, level, indicator, row) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(day, scope, district, level, indicator)"
                " DO UPDATE SET row=excluded.row",
                [(day.isoformat(), r["scope"], r["district"] or "", r["level"], r["indicator"],
                  json.dumps(r, ensure_ascii=False)) for r in rows])

    # -- reading ---------------------------------------------------------------
    def probes(self, start: datetime, end: datetime) -> Iterator[Reading]:
        """Probe rows in [start, end], by target then time."""
        for target, at, up, status, cert, data in self._db.execute(
                "SELECT target, at, up, status, cert_not_after, data FROM probe_log "
                "WHERE at >= ? AND at <= ? ORDER BY target, at, id",
                (start.isoformat(), end.isoformat())):
            extra = json.loads(data)
            extra["status"] = status
            yield Reading(target, datetime.fromisoformat(at), bool(up),
                          cert_not_after=datetime.fromisoformat(cert) if cert else None,
                          data=extra)

    def dc_readings(self, start: datetime, end: datetime) -> Iterator[Reading]:
        for device, at, up, battery, data in self._db.execute(
                "SELECT device_id, at, up, on_battery, data FROM dc_log "
                "WHERE at >= ? AND at <= ? ORDER BY device_id, at, id",
                (start.isoformat(), end.isoformat())):
            yield Reading(device, datetime.fromisoformat(at), None if up is None else bool(up),
                          on_battery=None if battery is None else bool(battery),
                          data=json.loads(data))

    def daily(self, first: date, last: date) -> list[dict[str, Any]]:
        """Snapshot rows of days first..last (inclusive), each with its ``day``."""
        out = []
        for day, row in self._db.execute(
                "SELECT day, row FROM indicator_daily WHERE day >= ? AND day <= ? "
                "ORDER BY day, scope, district, level, indicator",
                (first.isoformat(), last.isoformat())):
            item = json.loads(row)
            item["day"] = day
            out.append(item)
        return out
