"""One poll of everything the other indicators need, recorded, computed, turned to points.

``IndicatorPoller(settings-free)``: the daemon builds one with the inventory and the state
file, and calls ``await poller.poll(device_states)`` on its inventory schedule, after the
device poll (it passes the devices' latest state, so that a critical router of the data
centre counts with the state the main poll gave it). A poll:

1. probes every portal, online service and data-centre web check (``WebProber``: one GET
   per URL per interval), every mail and DNS check;
2. reads data-centre servers (HOST-RESOURCES-MIB) and UPS (UPS-MIB), and the MACs learned
   on every LAN switch (the routers' ARP tables for agencies whose switches hold none);
3. records probes and readings (``IndicatorStore``), sightings (``Sightings``), and the
   day's snapshot of every indicator;
4. returns the current rows and the InfluxDB points.

``current()`` computes the rows from what is stored, without polling: ``netmon coverage``
calls it. Everything below is bounded: ``concurrency`` SNMP devices and probes at a time,
each within its own timeout; a device or service that fails is data, never an exception.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from netmon.collectors.dns_probe import probe_dns
from netmon.collectors.http_probe import WebProber, WebTarget, default_redirect_from
from netmon.collectors.mail_probe import probe_mail
from netmon.collectors.observation import Reach, utcnow
from netmon.collectors.probes import ProbeResult
from netmon.collectors.snmp import SnmpClient, SnmpError, default_factory
from netmon.collectors.snmp.fdb import AccessMacs, collect_access_macs, collect_arp
from netmon.collectors.snmp.hostres import ServerFacts, collect_server
from netmon.collectors.snmp.ups import UpsFacts, collect_ups
from netmon.inventory import Inventory
from netmon.inventory.checks_indicators import ca_path
from netmon.inventory.services import MAIL_KINDS, WEB_KINDS
from netmon.monitor import indicator_points as IP
from netmon.monitor import indicators as I
from netmon.monitor.coverage import CoverageReport
from netmon.monitor.device_state import Rules
from netmon.monitor.indicator_store import IndicatorStore
from netmon.monitor.sightings import WINDOW_DAYS, Sightings
from netmon.monitor.sinks.point import Point
from netmon.monitor.state import DeviceState
from netmon.target import Target

T = TypeVar("T")
WINDOW = timedelta(days=30)  # portals and data centre in `netmon coverage`: the last 30 days


@dataclass
class IndicatorPoll:
    at: datetime
    probes: list[tuple[ProbeResult, str, str]] = field(default_factory=list)
    servers: dict[str, ServerFacts | str] = field(default_factory=dict)  # str: the error
    ups: dict[str, UpsFacts | str] = field(default_factory=dict)
    access: dict[str, AccessMacs | str] = field(default_factory=dict)
    rows: list[I.IndicatorRow] = field(default_factory=list)
    results: list[I.AgencyResult] = field(default_factory=list)
    incidents: list[I.Incident] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)


@dataclass
class Current:
    rows: list[I.IndicatorRow]
    results: list[I.AgencyResult]
    data_centre: I.DataCentre
    incidents: list[I.Incident]


class IndicatorPoller:
    def __init__(self, inv: Inventory, state_path: Path, *, stale_after: timedelta,
                 concurrency: int = 16, probe_interval_s: float = 240.0,
                 window_days: int = WINDOW_DAYS,
                 client_factory: Callable[[Target], SnmpClient] = default_factory) -> None:
        self.inv = inv
        self.store = IndicatorStore(state_path)
        self.sightings = Sightings(state_path)
        self.stale_after = stale_after
        self.concurrency = concurrency
        self.window_days = window_days
        self.web = WebProber(concurrency=concurrency, min_interval_s=probe_interval_s)
        self._factory = client_factory

    def close(self) -> None:
        self.store.close()
        self.sightings.close()

    # -- polling ---------------------------------------------------------------
    async def poll(self, device_states: Mapping[str, DeviceState] | None = None,
                   at: datetime | None = None) -> IndicatorPoll:
        result = IndicatorPoll(at or utcnow())
        sem = asyncio.Semaphore(self.concurrency)
        await asyncio.gather(self._probe(result, sem), self._snmp(result, sem))
        self._record(result, device_states or {})
        cur = self.current(result.at)
        result.rows, result.results, result.incidents = cur.rows, cur.results, cur.incidents
        self.store.snapshot(result.at.date(), [r.to_json() for r in cur.rows])
        self.sightings.prune(result.at)
        result.points = self.points(result, cur)
        return result

    async def _probe(self, result: IndicatorPoll, sem: asyncio.Semaphore) -> None:
        inv = self.inv
        web: list[tuple[WebTarget, str, str, str]] = []  # target, purpose, agency, log key
        for a in inv.agencies.values():
            for purpose, checks in (("portal", [a.portal] if a.portal else []),
                                    ("service", a.services)):
                for c in checks:
                    ca = ca_path(c.ca_file, a.file) if c.ca_file else None
                    web.append((WebTarget(c.url, c.expect, ca, c.timeout_s,
                                          default_redirect_from(c.url)), purpose, a.id, c.url))
            for svc in a.checks:
                if svc.kind in WEB_KINDS and svc.url:
                    ca = ca_path(svc.ca_file, a.file) if svc.ca_file else None
                    web.append((WebTarget(svc.url, svc.expect, ca, svc.timeout_s),
                                "dc_check", a.id, svc.id))
        answers = await self.web.probe([w[0] for w in web])
        for target, purpose, agency, key in web:
            r = answers[target.url]
            if key != r.check:  # a data-centre check is logged under its own id
                r = ProbeResult(key, r.kind, r.target, r.status, r.at, r.duration_ms,
                                r.ttfb_ms, r.http_status, r.expect_found,
                                r.redirects_to_https, r.cert, r.banner, r.answers, r.error)
            result.probes.append((r, purpose, agency))

        async def other(agency: str, svc: Any) -> None:
            ca = ca_path(svc.ca_file, self.inv.agencies[agency].file) if svc.ca_file else None
            async with sem:
                if svc.kind in MAIL_KINDS:
                    r = await probe_mail(svc.id, svc.kind, svc.address, svc.effective_port,
                                         host=svc.host, starttls=svc.starttls, ca_file=ca,
                                         timeout_s=svc.timeout_s)
                else:
                    r = await probe_dns(svc.id, svc.address, svc.effective_port, svc.zones,
                                        timeout_s=svc.timeout_s)
            result.probes.append((r, "dc_check", agency))

        await asyncio.gather(*(other(a.id, s) for a in inv.agencies.values() for s in a.checks
                               if s.kind not in WEB_KINDS))

    async def _ask(self, sem: asyncio.Semaphore, device: str,
                   ask: Callable[[SnmpClient], Awaitable[T]]) -> T | str:
        """One SNMP question to one device; the error text when it got no answer."""
        try:
            target = self.inv.target(device)
        except Exception as exc:  # a secret that cannot be read now
            return f"credentials: {type(exc).__name__}"
        if target.snmp is None:
            return "no SNMP profile"
        async with sem:
            client = self._factory(target)
            try:
                deadline = target.snmp.timeout_s * (target.snmp.retries + 1) * 4 + 10
                return await asyncio.wait_for(ask(client), deadline)
            except SnmpError as exc:
                return str(exc.status)
            except TimeoutError:
                return "timeout"
            except Exception as exc:  # a bug must not stop the poll
                return f"internal: {type(exc).__name__}"
            finally:
                with contextlib.suppress(Exception):
                    await client.close()

    async def _snmp(self, result: IndicatorPoll, sem: asyncio.Semaphore) -> None:
        inv = self.inv
        jobs: list[Awaitable[None]] = []

        async def run(device: str, kind: str) -> None:
            d = inv.devices[device]
            if kind == "server":
                result.servers[device] = await self._ask(sem, device, collect_server)
            elif kind == "ups":
                result.ups[device] = await self._ask(sem, device, collect_ups)
            else:
                result.access[device] = await self._ask(
                    sem, device, lambda c: collect_access_macs(c, d.user_ports))

        for d in inv.devices.values():
            if d.snmp is None:
                continue
            if d.role in ("server", "ups", "lan_switch"):
                jobs.append(run(d.id, d.role))
        await asyncio.gather(*jobs)
        # Agencies whose switches hold no FDB (or that have none): the routers' ARP tables.
        routers = []
        for agency in {inv.devices[d].agency for d in inv.devices}:
            switches = [d.id for d in inv.devices_of(agency) if d.role == "lan_switch"]
            read = [result.access.get(s) for s in switches]
            if any(isinstance(r, AccessMacs) and r.source != "none" for r in read):
                continue
            routers += [d.id for d in inv.devices_of(agency)
                        if d.role == "wan_router" and d.snmp is not None]

        async def arp(router: str) -> None:
            result.access[router] = await self._ask(sem, router, collect_arp)

        await asyncio.gather(*(arp(r) for r in routers))

    def _record(self, result: IndicatorPoll, states: Mapping[str, DeviceState]) -> None:
        for r, _purpose, _agency in result.probes:  # at the poll's time, like every reading
            self.store.add_probe(r.check, r.kind, result.at, r.up, str(r.status),
                                 r.cert.not_after if r.cert else None, _probe_data(r))
        for device, read in result.access.items():
            agency = self.inv.devices[device].agency
            if isinstance(read, AccessMacs):
                if read.source != "none" or self.inv.devices[device].role == "lan_switch":
                    self.sightings.record(agency, device, result.at, read.source, read.macs)
            else:
                self.sightings.record_failure(agency, device, result.at, read)
        items = I.data_centre_items(self.inv)
        for device, facts in [*result.servers.items(), *result.ups.items()]:
            if isinstance(facts, str):
                # No answer is down; bad credentials or a fault is unknown, never down.
                down = facts in ("timeout", "unreachable")
                self.store.add_dc(device, result.at, False if down else None, None,
                                  {"error": facts})
            else:
                battery = facts.on_battery if isinstance(facts, UpsFacts) else None
                self.store.add_dc(device, result.at, True, battery, _facts_data(facts))
        for device in items:
            if device in self.inv.devices and device not in result.servers \
                    and device not in result.ups and device in states:
                s = states[device]
                reach = s.reach(s.at, Rules(stale_after=self.stale_after))
                up = None if reach is Reach.UNKNOWN else reach is Reach.UP
                self.store.add_dc(device, s.at, up, None, {"status": s.status})

    def record_coverage(self, report: CoverageReport) -> None:
        """WAN coverage joins the day's snapshot (the report's trend and month-end figures);
        the daemon calls this after each coverage computation."""
        self.store.snapshot(report.at.date(), [I.from_coverage(r).to_json()
                                               for r in report.rows])

    # -- computing ---------------------------------------------------------------
    def current(self, now: datetime, start: datetime | None = None) -> Current:
        """Every indicator from what is stored: computers in the sightings window, portals
        and the data centre over [start, now) (default: the last 30 days)."""
        start = start or now - WINDOW
        rows, results = I.computers(self.inv, self.sightings.counts(now, self.window_days))
        prows, presults = I.portals(self.inv, I.availability(self.store.probes(start, now)))
        readings = [*self.store.dc_readings(start, now), *self.store.probes(start, now)]
        dc = I.data_centre(self.inv, readings, start, now, self.stale_after)
        incidents = I.incidents(readings, I.data_centre_items(self.inv))
        all_rows = rows + prows + ([dc.row] if dc.row is not None else [])
        return Current(all_rows, results + presults, dc, incidents)

    def points(self, result: IndicatorPoll, cur: Current) -> list[Point]:
        inv = self.inv
        out = IP.indicator_points(cur.rows, cur.results, inv, result.at)
        out += IP.probe_points(result.probes, inv)
        out += [IP.server_point(d, f, inv, result.at) for d, f in result.servers.items()
                if isinstance(f, ServerFacts)]
        out += [IP.ups_point(d, f, inv, result.at) for d, f in result.ups.items()
                if isinstance(f, UpsFacts)]
        fresh = [i for i in cur.incidents if i.at >= result.at - timedelta(seconds=1)]
        out += IP.incident_points(fresh, inv)
        return out


def _probe_data(r: ProbeResult) -> dict[str, Any]:
    return {k: v for k, v in {
        "http_status": r.http_status, "ttfb_ms": r.ttfb_ms, "duration_ms": r.duration_ms,
        "expect_found": r.expect_found, "redirects_to_https": r.redirects_to_https,
        "cert_verified": None if r.cert is None else r.cert.verified,
        "banner": r.banner, "answers": list(r.answers) or None, "error": r.error,
    }.items() if v is not None}


def _facts_data(facts: ServerFacts | UpsFacts) -> dict[str, Any]:
    if isinstance(facts, UpsFacts):
        return {"source": facts.source, "charge_pct": facts.charge_pct,
                "runtime_min": facts.runtime_min, "load_pct": facts.load_pct,
                "self_test": facts.self_test, "battery_status": facts.battery_status}
    return {"cpu_load_pct": facts.cpu_load_pct, "memory_used_pct": facts.memory_used_pct,
            "fullest_disk_pct": facts.fullest_disk_pct, "uptime_s": facts.uptime_s,
            "processes": facts.processes}
