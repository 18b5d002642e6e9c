"""The programme's other indicators, as pure functions of the inventory and stored history.

Rows have the shape of WAN coverage's (``coverage.CoverageRow``): scope (city/district),
district, level, indicator, total, meeting (coverage's "connected"), unknown, share,
target, meets_target, short (ids of the agencies that fall short), plus ``value`` where
the indicator has a natural figure besides the share of agencies.

- ``computers``: per agency with a headcount, computers seen in the window / staff,
  capped at 1; an agency meets the target when that ratio does (100 % by default). Rows
  per level, city and district; ``value`` is the staff-weighted ratio (the share of civil
  servants with a computer). Agencies without ``staff`` are not in it; an agency whose
  switches could not be read is unknown, never zero.
- ``portals``: departments and districts; an agency meets it when its portal answered in
  at least 99 % of the window's probes. An agency without a portal counts as short; one
  whose portal was never probed in the window is unknown.
- ``data_centre``: the share of the window in which every critical device and service of
  the ``data_centre`` agencies was up (a UPS on battery is not up); time when one of them
  was unknown (no reading, or a stale one) is left out of the share, not counted as up.
  When nothing is marked critical, every device and check of the data centre counts.
  ``incidents()`` lists what broke it: a device or service down, the UPS on battery, a
  certificate 30, 14 and 7 days before it expires.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from netmon.inventory import Agency, Inventory
from netmon.inventory.services import INDICATOR_TARGETS
from netmon.monitor.coverage import CoverageRow
from netmon.monitor.indicator_store import Reading

PORTAL_LEVELS = ("department", "district")
PORTAL_MIN_AVAILABILITY = 0.99
CERT_WARN_DAYS = (30, 14, 7)
LEVEL_ORDER = ("department", "district", "commune", "data_centre")


@dataclass(frozen=True)
class IndicatorRow:
    scope: str
    district: str | None
    level: str
    indicator: str
    total: int
    meeting: int
    unknown: int
    share: float
    target: float
    meets_target: bool
    short: tuple[str, ...] = ()
    value: float | None = None

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["short"] = list(self.short)
        return d


def from_coverage(row: CoverageRow) -> IndicatorRow:
    return IndicatorRow(row.scope, row.district, row.level, row.indicator, row.total,
                        row.connected, row.unknown, row.share, row.target, row.meets_target,
                        row.short, row.share)


def target_of(inv: Inventory, indicator: str) -> float:
    return inv.targets.get(indicator, INDICATOR_TARGETS[indicator])


@dataclass(frozen=True)
class AgencyResult:
    """One agency's standing on one indicator."""

    id: str
    name: str
    level: str
    district: str | None
    indicator: str
    meets: bool
    unknown: bool
    value: float | None  # computers/staff (capped), or portal availability
    detail: str = ""  # "31/42 computers", "98.2 % of 2,880 probes", "no portal"


def _rows(inv: Inventory, indicator: str, target: float, results: Sequence[AgencyResult],
          levels: Sequence[str], weights: Mapping[str, tuple[float, float]] | None = None
          ) -> list[IndicatorRow]:
    def row(scope: str, district: str | None, level: str,
            members: list[AgencyResult]) -> IndicatorRow:
        total = len(members)
        meeting = sum(m.meets for m in members)
        share = meeting / total if total else 0.0
        value = None
        if weights is not None:
            num = sum(weights[m.id][0] for m in members if m.id in weights)
            den = sum(weights[m.id][1] for m in members if m.id in weights)
            value = round(num / den, 6) if den else None
        return IndicatorRow(scope, district, level, indicator, total, meeting,
                            sum(m.unknown for m in members), round(share, 6), target,
                            total > 0 and share + 1e-9 >= target,
                            tuple(m.id for m in members if not m.meets), value)

    out = []
    for level in levels:
        members = [r for r in results if r.level == level]
        if members:
            out.append(row("city", None, level, members))
    for d in (a.id for a in inv.agencies.values() if a.level == "district"):
        for level in levels:
            members = [r for r in results if r.level == level and r.district == d]
            if members:
                out.append(row("district", d, level, members))
    return out


def _levels(results: Iterable[AgencyResult]) -> list[str]:
    seen = {r.level for r in results}
    return [lvl for lvl in LEVEL_ORDER if lvl in seen] + sorted(seen - set(LEVEL_ORDER))


def computers(inv: Inventory, counts: Mapping[str, int | None]
              ) -> tuple[list[IndicatorRow], list[AgencyResult]]:
    """``counts``: computers seen per agency in the window (``Sightings.counts``)."""
    target = target_of(inv, "computers")
    results = []
    weights: dict[str, tuple[float, float]] = {}
    for a in inv.agencies.values():
        if not a.staff:
            continue
        seen = counts.get(a.id)
        ratio = None if seen is None else min(1.0, seen / a.staff)
        if seen is not None:
            weights[a.id] = (float(min(seen, a.staff)), float(a.staff))
        results.append(AgencyResult(
            a.id, a.name, a.level, inv.district_of(a.id), "computers",
            meets=ratio is not None and ratio + 1e-9 >= target, unknown=seen is None,
            value=None if ratio is None else round(ratio, 6),
            detail="switches not read" if seen is None else f"{seen}/{a.staff}"))
    return _rows(inv, "computers", target, results, _levels(results), weights), results


def availability(readings: Iterable[Reading]) -> dict[str, tuple[int, int]]:
    """``{target: (probes that answered, probes)}``."""
    out: dict[str, tuple[int, int]] = {}
    for r in readings:
        ok, total = out.get(r.item, (0, 0))
        out[r.item] = (ok + bool(r.up), total + 1)
    return out


def portals(inv: Inventory, answered: Mapping[str, tuple[int, int]],
            min_availability: float = PORTAL_MIN_AVAILABILITY
            ) -> tuple[list[IndicatorRow], list[AgencyResult]]:
    """``answered``: ``availability()`` of the window's probes, keyed by URL."""
    target = target_of(inv, "portals")
    results = []
    for a in inv.agencies.values():
        if a.level not in PORTAL_LEVELS:
            continue
        if a.portal is None:
            results.append(AgencyResult(a.id, a.name, a.level, inv.district_of(a.id),
                                        "portals", False, False, None, "no portal"))
            continue
        ok, total = answered.get(a.portal.url, (0, 0))
        share = ok / total if total else None
        results.append(AgencyResult(
            a.id, a.name, a.level, inv.district_of(a.id), "portals",
            meets=share is not None and share + 1e-9 >= min_availability,
            unknown=share is None, value=None if share is None else round(share, 6),
            detail="not probed" if share is None else f"{ok}/{total}"))
    levels = [lvl for lvl in PORTAL_LEVELS if any(r.level == lvl for r in results)]
    return _rows(inv, "portals", target, results, levels), results


# ------------------------------------------------------------------ data centre

def data_centre_items(inv: Inventory) -> dict[str, str]:
    """``{item id: kind}`` of what the data centre indicator watches (see the module)."""
    centres = [a for a in inv.agencies.values() if a.level == "data_centre"]
    devices = {d.id: d.role for a in centres for d in inv.devices_of(a.id)}
    checks = {c.id: c.kind for a in centres for c in a.checks}
    critical = {d: k for d, k in devices.items() if inv.devices[d].critical}
    critical |= {c.id: c.kind for a in centres for c in a.checks if c.critical}
    return critical or {**devices, **checks}


def _item_up(r: Reading) -> bool | None:
    if r.up is None:
        return None
    return r.up and r.on_battery is not True


@dataclass(frozen=True)
class DataCentre:
    row: IndicatorRow | None
    up_s: float
    down_s: float
    unknown_s: float
    per_item: dict[str, float | None]  # each item's own availability in the window


def data_centre(inv: Inventory, readings: Iterable[Reading], start: datetime, end: datetime,
                stale_after: timedelta) -> DataCentre:
    """Availability of the data centre over [start, end) (``end`` is "now" mid-month)."""
    items = data_centre_items(inv)
    by_item: dict[str, list[Reading]] = {i: [] for i in items}
    for r in readings:
        if r.item in by_item:
            by_item[r.item].append(r)
    # Each reading's state holds until the next one, or goes unknown once stale.
    changes: dict[str, list[tuple[datetime, bool | None]]] = {}
    for item, rs in by_item.items():
        rs.sort(key=lambda r: r.at)
        steps: list[tuple[datetime, bool | None]] = [(start, None)]
        for i, r in enumerate(rs):
            steps.append((max(r.at, start), _item_up(r)))
            nxt = rs[i + 1].at if i + 1 < len(rs) else end
            if nxt - r.at > stale_after:
                steps.append((r.at + stale_after, None))
        changes[item] = steps
    times = sorted({t for steps in changes.values() for t, _ in steps if start <= t < end}
                   | {start, end})
    up_s = down_s = unknown_s = 0.0
    item_up = dict.fromkeys(items, 0.0)
    item_known = dict.fromkeys(items, 0.0)
    cursor = dict.fromkeys(items, 0)
    for t0, t1 in itertools.pairwise(times):
        span = (t1 - t0).total_seconds()
        states = []
        for item, steps in changes.items():
            while cursor[item] + 1 < len(steps) and steps[cursor[item] + 1][0] <= t0:
                cursor[item] += 1
            state = steps[cursor[item]][1]
            states.append(state)
            if state is not None:
                item_known[item] += span
                item_up[item] += span if state else 0.0
        if any(s is False for s in states):
            down_s += span
        elif states and all(s is True for s in states):
            up_s += span
        else:
            unknown_s += span
    per_item = {i: (round(item_up[i] / item_known[i], 6) if item_known[i] else None)
                for i in items}
    if not items:
        return DataCentre(None, 0.0, 0.0, 0.0, {})
    known = up_s + down_s
    share = up_s / known if known else 0.0
    target = target_of(inv, "data_centre_uptime")
    row = IndicatorRow("city", None, "data_centre", "data_centre", len(items),
                       sum(1 for v in per_item.values() if v == 1.0),
                       sum(1 for v in per_item.values() if v is None), round(share, 6),
                       target, known > 0 and share + 1e-9 >= target,
                       tuple(i for i, v in per_item.items() if v != 1.0),
                       round(share, 6) if known else None)
    return DataCentre(row, up_s, down_s, unknown_s, per_item)


@dataclass(frozen=True)
class Incident:
    at: datetime
    item: str
    kind: str  # down, on_battery, cert_expiry_30, cert_expiry_14, cert_expiry_7, cert_expired
    message: str
    until: datetime | None = None  # when it ended (None: still going at the window's end)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["at"] = self.at.isoformat()
        d["until"] = self.until.isoformat() if self.until else None
        return d


def incidents(readings: Iterable[Reading], items: Mapping[str, str]) -> list[Incident]:
    """What broke the data centre's operation, in time order."""
    by_item: dict[str, list[Reading]] = {}
    for r in readings:
        if r.item in items:
            by_item.setdefault(r.item, []).append(r)
    out: list[Incident] = []
    for item, rs in by_item.items():
        rs.sort(key=lambda r: r.at)
        open_: dict[str, Incident] = {}
        warned: dict[datetime, int] = {}
        for r in rs:
            for kind, bad in (("down", r.up is False), ("on_battery", r.on_battery is True)):
                if bad and kind not in open_:
                    what = "on battery" if kind == "on_battery" else \
                        f"down ({(r.data or {}).get('status') or 'no answer'})"
                    open_[kind] = Incident(r.at, item, kind, f"{item} {what}")
                elif not bad and kind in open_ and r.up is not None:
                    out.append(_closed(open_.pop(kind), r.at))
            if r.cert_not_after is not None:
                left = (r.cert_not_after - r.at).total_seconds() / 86400.0
                crossed = [d for d in CERT_WARN_DAYS if left <= d]
                step = 0 if left <= 0 else (min(crossed) if crossed else None)
                if step is not None and warned.get(r.cert_not_after, 999) > step:
                    warned[r.cert_not_after] = step
                    kind = "cert_expired" if step == 0 else f"cert_expiry_{step}"
                    out.append(Incident(r.at, item, kind, f"{item} certificate expires "
                                        f"{r.cert_not_after:%Y-%m-%d} ({left:.0f} days)"))
        out.extend(open_.values())
    return sorted(out, key=lambda i: (i.at, i.item, i.kind))


def _closed(incident: Incident, until: datetime) -> Incident:
    return Incident(incident.at, incident.item, incident.kind, incident.message, until)


def agency_name(inv: Inventory, agency_id: str) -> str:
    a: Agency | None = inv.agencies.get(agency_id)
    return a.name if a is not None else agency_id
