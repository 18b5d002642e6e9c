"""``netmon report``: the month's figures for the city's leadership, from netmon's own store.

The report reads only the state file (``state.sqlite3``): the daily indicator snapshots
(for the trend and the WAN, LAN and computers figures at the month's end), the probe and
data-centre logs (portals and the data centre over the whole month, more exact than any
one day's snapshot), and the devices' change history (equipment replaced or upgraded). So
it works without InfluxDB, with the embedded default.

``build(inv, state_path, year, month, now)`` gathers a ``Report``; ``report_html.render``
turns it into HTML in Vietnamese or English; ``report_pdf.print_pdf`` prints it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from netmon.inventory import Inventory
from netmon.monitor import indicators as I
from netmon.monitor.indicator_store import IndicatorStore
from netmon.monitor.state import Event, StateStore

EQUIPMENT_KINDS = ("serial_changed", "model_changed", "os_version_changed")
# The programme's indicators, in the order the report shows them: (indicator, level).
PROGRAMME = (("wan", "department"), ("wan", "district"), ("lan_wan", "commune"),
             ("computers", "department"), ("computers", "district"),
             ("computers", "commune"), ("portals", "department"), ("portals", "district"),
             ("data_centre", "data_centre"))
VALUE_IS_FIGURE = frozenset({"computers", "data_centre"})  # else the share of agencies


def shown(row: dict[str, Any]) -> float | None:
    """The one figure a reader compares with the target."""
    if row["indicator"] in VALUE_IS_FIGURE:
        v = row.get("value")
        return None if v is None else float(v)
    return float(row["share"]) if row.get("total") else None


@dataclass
class Report:
    year: int
    month: int
    generated_at: datetime
    inventory: Inventory
    city: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    districts: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    trend: dict[tuple[str, str], list[tuple[int, float | None]]] = field(default_factory=dict)
    results: list[I.AgencyResult] = field(default_factory=list)
    data_centre: I.DataCentre | None = None
    incidents: list[I.Incident] = field(default_factory=list)
    changes: list[Event] = field(default_factory=list)
    snapshot_days: int = 0

    @property
    def last_day(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    def short(self, indicator: str, level: str) -> list[str]:
        row = self.city.get((indicator, level))
        return list(row["short"]) if row else []


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    start = datetime(year, month, 1, tzinfo=UTC)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=UTC)
    return start, end


def build(inv: Inventory, state_path: Path, year: int, month: int, now: datetime,
          stale_after: timedelta) -> Report:
    start, end = month_bounds(year, month)
    until = min(end, now)
    report = Report(year, month, now, inv)
    store = IndicatorStore(state_path)
    try:
        daily = store.daily(start.date(), (end - timedelta(days=1)).date())
        report.snapshot_days = len({r["day"] for r in daily})
        _from_snapshots(report, daily)
        if until > start:
            readings = [*store.dc_readings(start, until), *store.probes(start, until)]
            answered = I.availability(store.probes(start, until))
            prows, presults = I.portals(inv, answered)
            report.data_centre = I.data_centre(inv, readings, start, until, stale_after)
            report.incidents = I.incidents(readings, I.data_centre_items(inv))
            month_rows = prows + ([report.data_centre.row] if report.data_centre.row else [])
            _replace(report, [r.to_json() for r in month_rows])
            report.results = [r for r in report.results if r.indicator != "portals"] + presults
    finally:
        store.close()
    report.changes = _equipment_changes(inv, state_path, start, end)
    return report


def _from_snapshots(report: Report, daily: list[dict[str, Any]]) -> None:
    last: dict[tuple[str, str, str | None], dict[str, Any]] = {}
    for row in daily:
        key = (row["indicator"], row["level"], row["district"])
        last[key] = row  # daily() is ordered by day: the month's last day wins
        if row["scope"] == "city":
            day = date.fromisoformat(row["day"]).day
            report.trend.setdefault((row["indicator"], row["level"]), []).append(
                (day, shown(row)))
    _replace(report, list(last.values()))


def _replace(report: Report, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        key = (row["indicator"], row["level"])
        if row["scope"] == "city":
            report.city[key] = row
        else:
            lst = report.districts.setdefault(key, [])
            lst[:] = [r for r in lst if r["district"] != row["district"]] + [row]


def _equipment_changes(inv: Inventory, state_path: Path, start: datetime,
                       end: datetime) -> list[Event]:
    if not state_path.exists():
        return []
    store = StateStore(state_path)
    try:
        events = [e for d in inv.devices for e in store.history(d, limit=500)
                  if e.kind in EQUIPMENT_KINDS and start <= e.at < end]
    finally:
        store.close()
    return sorted(events, key=lambda e: (e.at, e.device_id))
