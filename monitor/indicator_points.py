"""The other indicators as InfluxDB points (a contract with the dashboards, like points.py).

| measurement | tags | fields |
|---|---|---|
| ``netmon_indicator`` | scope, level, indicator, district, district_name | total, meeting, unknown, share, target, meets_target, value |
| ``netmon_agency_indicator`` | agency, agency_level, district, agency_name, indicator | meets, unknown, value, detail |
| ``netmon_probe`` | target, kind, purpose (portal/service/dc_check), agency, agency_level, district, agency_name | up, status, http_status, ttfb_ms, duration_ms, cert_days_left, cert_verified, redirects_to_https, expect_found |
| ``netmon_server`` | device, agency, agency_level, district | cpu_load_pct, cpus, memory_total_bytes, memory_used_pct, fullest_disk_pct, uptime_s, processes |
| ``netmon_ups`` | device, agency, agency_level, district | on_battery, source, battery_status, charge_pct, runtime_min, load_pct, self_test |

Data-centre incidents (a UPS on battery, a service down, a certificate near expiry) go to
``netmon_event`` with their own ``kind`` (on_battery, down, cert_expiry_30/14/7,
cert_expired), the ``device`` tag holding the device or check id.
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from netmon.collectors.probes import ProbeResult
from netmon.collectors.snmp.hostres import ServerFacts
from netmon.collectors.snmp.ups import UpsFacts
from netmon.inventory import Inventory
from netmon.monitor.indicators import AgencyResult, Incident, IndicatorRow
from netmon.monitor.sinks.point import FieldValue, Point

MEASUREMENTS = ("netmon_indicator", "netmon_agency_indicator", "netmon_probe",
                "netmon_server", "netmon_ups")


def _f(**kw: FieldValue | None) -> dict[str, FieldValue]:
    return {k: v for k, v in kw.items() if v is not None}


def _agency_tags(inv: Inventory, agency_id: str) -> dict[str, str]:
    agency = inv.agencies.get(agency_id)
    return {"agency": agency_id, "agency_level": agency.level if agency else "",
            "district": inv.district_of(agency_id) or ""}


def indicator_points(rows: Iterable[IndicatorRow], results: Iterable[AgencyResult],
                     inv: Inventory, at: datetime) -> list[Point]:
    out = []
    for r in rows:
        tags = {"scope": r.scope, "level": r.level, "indicator": r.indicator,
                "district": r.district or ""}
        if r.district and r.district in inv.agencies:
            tags["district_name"] = inv.agencies[r.district].name
        out.append(Point("netmon_indicator", tags, _f(
            total=r.total, meeting=r.meeting, unknown=r.unknown, share=float(r.share),
            target=float(r.target), meets_target=int(r.meets_target),
            value=None if r.value is None else float(r.value)), at))
    for a in results:
        out.append(Point("netmon_agency_indicator", {
            "agency": a.id, "agency_level": a.level, "district": a.district or "",
            "agency_name": a.name, "indicator": a.indicator}, _f(
            meets=int(a.meets), unknown=int(a.unknown),
            value=None if a.value is None else float(a.value), detail=a.detail or None), at))
    return out


def probe_points(results: Iterable[tuple[ProbeResult, str, str]], inv: Inventory
                 ) -> list[Point]:
    """``(result, purpose, agency id)`` -> one ``netmon_probe`` point each."""
    out = []
    for r, purpose, agency in results:
        tags = {"target": r.check, "kind": r.kind, "purpose": purpose,
                **_agency_tags(inv, agency), "agency_name": inv.agencies[agency].name}
        days = r.cert_days_left()
        out.append(Point("netmon_probe", tags, _f(
            up=int(r.up), status=str(r.status), http_status=r.http_status, ttfb_ms=r.ttfb_ms,
            duration_ms=r.duration_ms, cert_days_left=days,
            cert_verified=None if r.cert is None else int(r.cert.verified),
            redirects_to_https=None if r.redirects_to_https is None
            else int(r.redirects_to_https),
            expect_found=None if r.expect_found is None else int(r.expect_found)), r.at))
    return out


def server_point(device: str, facts: ServerFacts, inv: Inventory, at: datetime) -> Point:
    tags = {"device": device, **_agency_tags(inv, inv.devices[device].agency)}
    return Point("netmon_server", tags, _f(
        cpu_load_pct=facts.cpu_load_pct, cpus=facts.cpus,
        memory_total_bytes=facts.memory_total_bytes, memory_used_pct=facts.memory_used_pct,
        fullest_disk_pct=facts.fullest_disk_pct, uptime_s=facts.uptime_s,
        processes=facts.processes), at)


def ups_point(device: str, facts: UpsFacts, inv: Inventory, at: datetime) -> Point:
    tags = {"device": device, **_agency_tags(inv, inv.devices[device].agency)}
    return Point("netmon_ups", tags, _f(
        on_battery=None if facts.on_battery is None else int(facts.on_battery),
        source=facts.source, battery_status=facts.battery_status, charge_pct=facts.charge_pct,
        runtime_min=facts.runtime_min, load_pct=facts.load_pct, self_test=facts.self_test),
        at)


def incident_points(items: Iterable[Incident], inv: Inventory) -> list[Point]:
    out = []
    for i, e in enumerate(items):
        agency = inv.devices[e.item].agency if e.item in inv.devices else next(
            (a.id for a in inv.agencies.values() if any(c.id == e.item for c in a.checks)), "")
        tags = {"device": e.item, "kind": e.kind, **_agency_tags(inv, agency)} if agency \
            else {"device": e.item, "kind": e.kind}
        out.append(Point("netmon_event", tags, _f(message=e.message),
                         e.at + timedelta(microseconds=i)))
    return out
