"""Computers seen per agency: MAC sightings kept in the state database.

A computer switched off today is still a civil servant's computer: one seen at least once
in the last N days (7 by default) counts as present. So each poll's learned MACs are
kept per agency with the first and last time seen, in their own table of the state file
(``state.sqlite3``), beside the device state but not inside it.

Unknown is not zero: ``count()`` answers None for an agency none of whose switches (or,
as the fallback, routers) could be read in the window, and 0 only when they were read
and held no end-user MAC. Rows older than ``KEEP_DAYS`` are pruned.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

from netmon.monitor.state import open_db

WINDOW_DAYS = 7
KEEP_DAYS = 90

SCHEMA = """
CREATE TABLE IF NOT EXISTS sightings (
    agency TEXT NOT NULL,
    mac TEXT NOT NULL,
    device_id TEXT NOT NULL,
    source TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    PRIMARY KEY (agency, mac)
);
CREATE INDEX IF NOT EXISTS sightings_seen ON sightings (agency, last_seen);
CREATE TABLE IF NOT EXISTS sighting_reads (
    device_id TEXT PRIMARY KEY,
    agency TEXT NOT NULL,
    last_try TEXT NOT NULL,
    last_ok TEXT,
    source TEXT,
    macs INTEGER,
    error TEXT
);
"""


class Sightings:
    """The sightings tables of one state file. Times are timezone-aware UTC."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = open_db(path, SCHEMA)

    def close(self) -> None:
        self._db.close()

    def record(self, agency: str, device_id: str, at: datetime, source: str,
               macs: Iterable[str]) -> None:
        """A successful read of ``device_id``: its MACs are seen now."""
        stamp = at.isoformat()
        macs = sorted(set(macs))
        with self._db:
            self._db.executemany(
                "INSERT INTO sightings (agency, mac, device_id, source, first_seen, last_seen)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(agency, mac) DO UPDATE SET "
                "device_id=excluded.device_id, source=excluded.source, "
                "last_seen=max(last_seen, excluded.last_seen)",
                [(agency, m, device_id, source, stamp, stamp) for m in macs])
            self._db.execute(
                "INSERT INTO sighting_reads (device_id, agency, last_try, last_ok, source, macs,"
                " error) VALUES (?, ?, ?, ?, ?, ?, NULL) ON CONFLICT(device_id) DO UPDATE SET "
                "agency=excluded.agency, last_try=excluded.last_try, last_ok=excluded.last_ok,"
                " source=excluded.source, macs=excluded.macs, error=NULL",
                (device_id, agency, stamp, stamp, source, len(macs)))

    def record_failure(self, agency: str, device_id: str, at: datetime, error: str) -> None:
        """A read that got no answer: the sightings stay; the device's last success too."""
        with self._db:
            self._db.execute(
                "INSERT INTO sighting_reads (device_id, agency, last_try, error) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(device_id) DO UPDATE SET "
                "agency=excluded.agency, last_try=excluded.last_try, error=excluded.error",
                (device_id, agency, at.isoformat(), error))

    def counts(self, now: datetime, window_days: int = WINDOW_DAYS) -> dict[str, int | None]:
        """``{agency: computers seen in the window}``; None where no read succeeded in it.
        Agencies never read are absent (the caller treats them as unknown)."""
        since = (now - timedelta(days=window_days)).isoformat()
        read = {a for (a,) in self._db.execute(
            "SELECT DISTINCT agency FROM sighting_reads WHERE last_ok >= ?", (since,))}
        tried = {a for (a,) in self._db.execute("SELECT DISTINCT agency FROM sighting_reads")}
        seen = dict(self._db.execute(
            "SELECT agency, count(*) FROM sightings WHERE last_seen >= ? GROUP BY agency",
            (since,)).fetchall())
        out: dict[str, int | None] = {a: None for a in tried}
        for agency in read:
            out[agency] = int(seen.get(agency, 0))
        return out

    def count(self, agency: str, now: datetime, window_days: int = WINDOW_DAYS) -> int | None:
        return self.counts(now, window_days).get(agency)

    def prune(self, now: datetime, keep_days: int = KEEP_DAYS) -> int:
        cutoff = (now - timedelta(days=keep_days)).isoformat()
        with self._db:
            cur = self._db.execute("DELETE FROM sightings WHERE last_seen < ?", (cutoff,))
        return int(cur.rowcount)
