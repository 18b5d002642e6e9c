"""Results -> InfluxDB points, in the schema of DESIGN.md (a contract with the dashboards).

Every point carries ``device``, ``agency``, ``agency_level`` and ``district``
where they apply. Tag values are ids (stable); names travel as the extra tags
``agency_name`` and ``district_name`` so Grafana can show them. No secret is
ever part of a point: collectors' facts hold none, and errors are not written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from netmon.collectors.observation import Reach
from netmon.inventory import Inventory
from netmon.monitor.coverage import CoverageReport
from netmon.monitor.runner import DevicePoll, PollSummary
from netmon.monitor.sinks.point import FieldValue, Point
from netmon.monitor.state import Event


@dataclass(frozen=True)
class DeviceMeta:
    device: str
    agency: str = ""
    agency_level: str = ""
    district: str = ""
    role: str = ""

    def tags(self) -> dict[str, str]:
        return {"device": self.device, "agency": self.agency,
                "agency_level": self.agency_level, "district": self.district}


def device_meta(inv: Inventory, device_id: str) -> DeviceMeta:
    device = inv.devices[device_id]
    agency = inv.agencies.get(device.agency)
    return DeviceMeta(device=device.id, agency=device.agency,
                      agency_level=agency.level if agency else "",
                      district=inv.district_of(device.agency) or "", role=device.role)


def _fields(**kw: FieldValue | None) -> dict[str, FieldValue]:
    return {k: v for k, v in kw.items() if v is not None}


def poll_points(poll: DevicePoll, meta: DeviceMeta,
                known: tuple[str, str] | None = None) -> list[Point]:
    """``known``: the last known (vendor, model), tags of a poll that learned no facts."""
    t = poll.at
    base = meta.tags()
    r = poll.reach
    points = [Point("netmon_reachability", {**base, "role": meta.role, "method": r.method},
                    _fields(up=int(poll.state is Reach.UP), state=str(poll.state),
                            status=str(r.status), rtt_ms=r.rtt_ms, loss_pct=r.loss_pct), t)]
    f = poll.facts
    if f is None:
        if poll.observations:
            vendor, model = known or ("", "")
            points.append(Point("netmon_device", {**base, "vendor": vendor, "model": model},
                                {"status": str(poll.status)}, t))
        return points
    points.append(Point(
        "netmon_device", {**base, "vendor": f.vendor or "", "model": f.model or ""},
        _fields(serial=f.serial, os=f.os, os_version=f.os_version, model_descr=f.model_descr,
                sys_name=f.sys_name,
                sys_descr=f.sys_descr, uptime_s=f.uptime_s, status=str(poll.status)), t))
    for i in f.interfaces:
        fields = _fields(oper_up=None if i.oper_up is None else int(i.oper_up),
                         admin_up=None if i.admin_up is None else int(i.admin_up),
                         speed_bps=i.speed_bps, in_octets=i.in_octets, out_octets=i.out_octets,
                         in_errors=i.in_errors, out_errors=i.out_errors, ifindex=i.index,
                         alias=i.alias)
        points.append(Point("netmon_interface",
                            {**base, "ifname": i.name or i.descr or str(i.index)}, fields, t))
    for h in f.hardware:
        fields = _fields(name=h.name, model=h.model, serial=h.serial, firmware=h.firmware,
                         software=h.software, descr=h.descr, index=h.index)
        # The entity index keeps two fans of one class apart as series.
        points.append(Point("netmon_hardware",
                            {**base, "component_class": h.class_ or "unknown",
                             "entity": str(h.index)}, fields, t))
    return points


def event_points(events: Iterable[Event], metas: dict[str, DeviceMeta]) -> list[Point]:
    out = []
    for i, e in enumerate(events):
        meta = metas.get(e.device_id, DeviceMeta(device=e.device_id))
        # A microsecond apart: two events of one device and kind in one poll stay two points.
        at = e.at + timedelta(microseconds=i)
        out.append(Point("netmon_event", {**meta.tags(), "kind": e.kind},
                         _fields(old=e.old, new=e.new, message=e.message), at))
    return out


def coverage_points(report: CoverageReport, inv: Inventory) -> list[Point]:
    t = report.at
    out = []
    for row in report.rows:
        tags = {"scope": row.scope, "level": row.level, "indicator": row.indicator,
                "district": row.district or ""}
        if row.district:
            tags["district_name"] = inv.agencies[row.district].name
        out.append(Point("netmon_coverage", tags, {
            "total": row.total, "connected": row.connected, "unknown": row.unknown,
            "share": float(row.share), "target": float(row.target),
            "meets_target": int(row.meets_target)}, t))
    for a in report.agencies:
        out.append(Point("netmon_agency", {
            "agency": a.id, "agency_level": a.level, "district": a.district or "",
            "agency_name": a.name}, {
            "wan_connected": int(a.wan_connected), "lan_ready": int(a.lan_ready),
            "connected": int(a.connected), "unknown": int(a.unknown),
            "devices": a.devices, "devices_up": a.devices_up}, t))
    return out


def summary_points(summary: PollSummary, collector: str, at: datetime,
                   scope: str = "") -> list[Point]:
    fields: dict[str, FieldValue] = {
        "targets": summary.targets, "ok": summary.ok, "failed": summary.failed,
        "not_asked": summary.not_asked, "duration_s": float(summary.duration_s)}
    if summary.slowest:
        fields["slowest"] = ", ".join(f"{d} {s:.2f}s" for d, s in summary.slowest)
    return [Point("netmon_poll", {"collector": collector, "scope": scope}, fields, at)]
