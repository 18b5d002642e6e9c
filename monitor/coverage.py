"""The share of agencies connected to the city WAN, against the programme's targets.

A pure function of the inventory and the latest device states (DESIGN.md
"Coverage"):

- a device counts as up exactly when ``device_state`` says so (the one place
  that decides; stale or never-observed devices are unknown);
- an agency is WAN-connected when one of its ``wan_router`` devices is up, its
  LAN is ready when one of its ``lan_switch`` devices is up;
- departments and districts are measured by ``wan``, communes by ``lan_wan``
  (both), any other declared level by ``wan``; each against its level's target;
- an agency with no device counts as not connected; an agency whose result
  hangs on unknown devices is counted apart as unknown, never as connected.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from netmon.collectors.observation import Reach
from netmon.inventory import Agency, Inventory
from netmon.monitor.device_state import Rules
from netmon.monitor.state import DeviceState

WAN_ROLE = "wan_router"
LAN_ROLE = "lan_switch"
LAN_WAN_LEVELS = frozenset({"commune"})


@dataclass(frozen=True)
class AgencyCoverage:
    id: str
    name: str
    level: str
    district: str | None
    indicator: str
    wan_connected: bool
    lan_ready: bool
    connected: bool
    unknown: bool
    devices: int
    devices_up: int


@dataclass(frozen=True)
class CoverageRow:
    scope: str  # city | district
    district: str | None
    level: str
    indicator: str
    total: int
    connected: int
    unknown: int
    share: float
    target: float
    meets_target: bool
    short: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["short"] = list(self.short)
        return d


@dataclass(frozen=True)
class CoverageReport:
    at: datetime
    rows: tuple[CoverageRow, ...]
    agencies: tuple[AgencyCoverage, ...]

    def to_json(self) -> dict[str, Any]:
        return {"at": self.at.isoformat(), "rows": [r.to_json() for r in self.rows]}


def indicator_for(level: str) -> str:
    return "lan_wan" if level in LAN_WAN_LEVELS else "wan"


def agency_coverage(inv: Inventory, agency: Agency, states: Mapping[str, DeviceState],
                    now: datetime, rules: Rules) -> AgencyCoverage:
    reach_by_role: dict[str, list[Reach]] = {}
    for device in inv.devices_of(agency.id):
        state = states.get(device.id)
        reach = state.reach(now, rules) if state is not None else Reach.UNKNOWN
        reach_by_role.setdefault(device.role, []).append(reach)
    all_reach = [r for rs in reach_by_role.values() for r in rs]

    def up(role: str) -> bool:
        return Reach.UP in reach_by_role.get(role, [])

    def possible(role: str) -> bool:
        return any(r is not Reach.DOWN for r in reach_by_role.get(role, []))

    indicator = indicator_for(agency.level)
    wan, lan = up(WAN_ROLE), up(LAN_ROLE)
    if indicator == "lan_wan":
        connected = wan and lan
        unknown = not connected and possible(WAN_ROLE) and possible(LAN_ROLE)
    else:
        connected = wan
        unknown = not connected and possible(WAN_ROLE)
    return AgencyCoverage(
        id=agency.id, name=agency.name, level=agency.level,
        district=inv.district_of(agency.id), indicator=indicator,
        wan_connected=wan, lan_ready=lan, connected=connected, unknown=unknown,
        devices=len(all_reach), devices_up=sum(r is Reach.UP for r in all_reach),
    )


def level_row(scope: str, district: str | None, level: str, target: float,
              members: list[AgencyCoverage]) -> CoverageRow:
    """One row: ``members`` (agencies of one level) against the level's target."""
    total = len(members)
    connected = sum(a.connected for a in members)
    share = connected / total if total else 0.0
    return CoverageRow(
        scope=scope, district=district, level=level, indicator=indicator_for(level),
        total=total, connected=connected, unknown=sum(a.unknown for a in members),
        share=round(share, 6), target=target, meets_target=share + 1e-9 >= target,
        short=tuple(a.id for a in members if not a.connected),
    )


def compute(inv: Inventory, states: Mapping[str, DeviceState], now: datetime,
            rules: Rules, district: str | None = None) -> CoverageReport:
    """Coverage for the city (per level) and per district (per level).

    With ``district`` (an agency id), only that district's rows and agencies.
    """
    agencies = [agency_coverage(inv, a, states, now, rules)
                for a in inv.agencies.values()]
    rows: list[CoverageRow] = []
    levels = _levels(inv, agencies)
    if district is None:
        for level in levels:
            members = [a for a in agencies if a.level == level]
            rows.append(level_row("city", None, level, inv.targets.get(level, 1.0), members))
    districts = [a.id for a in inv.agencies.values() if a.level == "district"]
    # grouped once: a country has hundreds of districts and tens of thousands of agencies
    by_district: dict[tuple[str | None, str], list[AgencyCoverage]] = {}
    for a in agencies:
        by_district.setdefault((a.district, a.level), []).append(a)
    for d in districts:
        if district is not None and d != district:
            continue
        for level in levels:
            members = by_district.get((d, level), [])
            if members:
                rows.append(level_row("district", d, level, inv.targets.get(level, 1.0),
                                      members))
    if district is not None:
        agencies = [a for a in agencies if a.district == district]
    return CoverageReport(at=now, rows=tuple(rows), agencies=tuple(agencies))


def _levels(inv: Inventory, agencies: Iterable[AgencyCoverage]) -> list[str]:
    order = ["department", "district", "commune"]
    seen = {a.level for a in agencies}
    extra = sorted(seen - set(order))
    return [lvl for lvl in order if lvl in seen] + extra
