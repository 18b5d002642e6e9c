"""One home for the poll lifecycle, used by the daemon and by every command that polls.

A ``Session`` opens the state store and the sink, polls (reachability, SNMP, SSH),
records each device's evidence and facts (``state`` + ``device_state``), computes
coverage, writes the points and closes everything, in that order, the same way for an
ad hoc ``netmon scan district`` and for a scheduled poll::

    with Session.open(settings, inventory) as session:
        result = await session.poll(session.targets(device_ids), scope="hoan-kiem")
        ...
        await session.aclose()          # SNMP engines and SSH threads of this event loop

The CLI only parses options and renders what a session returns.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING

from netmon.collectors.observation import utcnow
from netmon.collectors.reachability import Pinger, PingSettings, ReachabilityCollector
from netmon.collectors.snmp import SnmpCollector, close_engines
from netmon.inventory import Inventory
from netmon.monitor import device_state, points
from netmon.monitor.config import Settings
from netmon.monitor.coverage import CoverageReport, compute
from netmon.monitor.resources import ensure_data_dir, open_sink
from netmon.monitor.runner import DevicePoll, PollSummary, Runner, summarize
from netmon.monitor.sinks.base import Sink
from netmon.monitor.sinks.point import Point
from netmon.monitor.state import DeviceState, Event, StateStore
from netmon.target import Target

if TYPE_CHECKING:  # imported when used: netmiko costs 0.3 s at start
    from netmon.collectors.ssh import SshCollector

log = logging.getLogger(__name__)


@dataclass
class ScanResult:
    polls: list[DevicePoll]
    summary: PollSummary
    events: list[Event]
    coverage: CoverageReport | None
    points: int = 0
    written: bool = False
    write_error: str | None = None

class Session:
    def __init__(self, settings: Settings, inventory: Inventory | None,
                 sink: Sink | None = None, state: StateStore | None = None) -> None:
        self.settings = settings
        self.inventory = inventory
        self.sink = sink
        self.state = state
        self.snmp = SnmpCollector()
        self._ssh: SshCollector | None = None
        self.write_error: str | None = None  # of the last coverage() write

    @classmethod
    def open(cls, settings: Settings, inventory: Inventory | None, *, write: bool = True,
             record: bool = True) -> Session:
        """A session with the state store (``record``) and the sink (``write``, when
        InfluxDB is configured) of ``settings``."""
        if not (write or record):
            return cls(settings, inventory)
        ensure_data_dir(settings)
        sink = open_sink(settings) if write else None
        try:
            state = StateStore(settings.state_path) if record else None
        except BaseException:
            if sink is not None:
                sink.close()
            raise
        return cls(settings, inventory, sink, state)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Flush what the sink can within its budget, close it and the state store."""
        if self.sink is not None:
            self.sink.close()
            self.sink = None
        if self.state is not None:
            self.state.close()
            self.state = None

    async def aclose(self) -> None:
        """Free the SNMP engines of this event loop and the SSH worker threads."""
        close_engines()
        if self._ssh is not None:
            await asyncio.to_thread(self._ssh.close)
            self._ssh = None

    @property
    def ssh(self) -> SshCollector:
        if self._ssh is None:
            from netmon.collectors.ssh import HostKeyStore, SshCollector

            self._ssh = SshCollector(HostKeyStore(self.settings.data_dir / "ssh_known_hosts"),
                                     max_workers=self.settings.poll.ssh_concurrency)
        return self._ssh

    def targets(self, device_ids: Iterable[str]) -> list[Target]:
        """The inventory's targets, each probed the way its state says (a device known
        to drop ICMP is probed by SNMP or TCP instead)."""
        assert self.inventory is not None
        known = self.state.latest() if self.state is not None else {}
        out = []
        for device_id in device_ids:
            t = self.inventory.target(device_id)
            s = known.get(device_id)
            method = device_state.reach_method(t.reach_method, s.tracked if s else None,
                                               t.snmp is not None)
            out.append(t if method == t.reach_method
                       else dataclasses.replace(t, reach_method=method))  # type: ignore[arg-type]
        return out

    async def poll(self, targets: Sequence[Target], scope: str = "",
                   district: str | None = None, *, facts: bool = True,
                   reachability: bool = True, coverage: bool = True,
                   deadline_s: float | None = None,
                   on_done: Callable[[DevicePoll], None] | None = None) -> ScanResult:
        """One poll of ``targets``: ``collect`` then ``absorb``. ``facts=False`` probes
        reachability only (no SNMP or SSH inventory); ``deadline_s`` overrides the
        per-device deadline of the config."""
        t0 = time.perf_counter()
        polls = await self.collect(targets, facts=facts, reachability=reachability,
                                   deadline_s=deadline_s, on_done=on_done)
        return await self.absorb(polls, scope, district, facts=facts, coverage=coverage,
                                 duration_s=time.perf_counter() - t0)

    async def collect(self, targets: Sequence[Target], *, facts: bool = True,
                      reachability: bool = True, deadline_s: float | None = None,
                      on_done: Callable[[DevicePoll], None] | None = None
                      ) -> list[DevicePoll]:
        """Ask the devices; nothing is recorded or written (a site poller publishes these
        to the centre, which absorbs them)."""
        ping = self.settings.ping
        # A pinger per poll: the daemon's reachability and inventory polls may overlap.
        pinger = Pinger(PingSettings(ping.count, ping.interval_s, ping.timeout_s)) \
            if reachability else None
        try:
            ssh = facts and any(t.ssh is not None for t in targets)
            return await self._runner(pinger, facts, ssh, deadline_s).poll(targets, on_done)
        finally:
            if pinger is not None:
                pinger.close()

    async def absorb(self, polls: list[DevicePoll], scope: str = "",
                     district: str | None = None, *, facts: bool = True,
                     coverage: bool = True, duration_s: float = 0.0,
                     summary: PollSummary | None = None,
                     at: datetime | None = None) -> ScanResult:
        """Record the polls (device state, facts, events), compute coverage, write points.

        A site poll absorbed at the centre brings its own ``summary`` (of the whole site
        poll, which may arrive in parts) and ``at`` (when it ran), so that absorbing it
        again writes the same ``netmon_poll`` point, not another one."""
        at = at or utcnow()
        polls, events = self._record(polls, facts)
        summary = summary or summarize(polls, duration_s)
        report = None
        if coverage and self.inventory is not None and self.state is not None:
            report = compute(self.inventory, self.state.latest(), at, self.settings.rules,
                             district=district)
        result = ScanResult(polls, summary, events, report)
        out = self._points(result, scope, at, "inventory" if facts else "reachability")
        result.points = len(out)
        if self.sink is not None and out:
            # In a thread: HTTP and fsync must not stall the event loop, where another
            # poll may be reading ping replies. What could not be sent waits in the spool.
            written = await asyncio.to_thread(self.sink.write, out)
            result.write_error = written.message
            result.written = result.write_error is None
        return result

    def coverage(self, district: str | None = None, write: bool = True) -> CoverageReport:
        """Coverage from the stored state, now; written to the sink when there is one."""
        assert self.inventory is not None
        states: dict[str, DeviceState] = self.state.latest() if self.state is not None else {}
        report = compute(self.inventory, states, utcnow(), self.settings.rules,
                         district=district)
        if write and self.sink is not None:
            self.write_error = self.sink.write(
                points.coverage_points(report, self.inventory)).message
        return report

    async def flush(self, deadline_s: float | None = None) -> str | None:
        """Replay the spool; what still waits, as a message (None: nothing waits)."""
        if self.sink is None:
            return None
        report = await asyncio.to_thread(self.sink.flush, deadline_s)
        return None if not report.pending else f"{report.message} ({report.error})"

    def _runner(self, pinger: Pinger | None, facts: bool, ssh: bool,
                deadline_s: float | None) -> Runner:
        reach = None
        if pinger is not None:
            reach = ReachabilityCollector(pinger, snmp_probe=self.snmp.probe_uptime)
        return Runner(reach, self.snmp if facts else None, self.ssh if facts and ssh else None,
                      concurrency=self.settings.poll.concurrency,
                      deadline_s=deadline_s or self.settings.poll.deadline_s,
                      ssh_concurrency=self.settings.poll.ssh_concurrency)

    def _record(self, polls: list[DevicePoll],
                facts: bool) -> tuple[list[DevicePoll], list[Event]]:
        """Fold each poll into its device's state; the polls carry the verdict after."""
        if self.state is None:
            # No store (scan host): the verdict of this poll alone.
            return [dataclasses.replace(p, state=device_state.advance(
                device_state.Tracked(), p.probes, p.at,
                dataclasses.replace(self.settings.rules, down_after=1))[0].verdict)
                for p in polls], []
        out: list[DevicePoll] = []
        events: list[Event] = []
        with self.state.batch():  # one transaction: all recorded, or none
            for p in polls:
                poll, new = self._record_one(p, facts)
                out.append(poll)
                events += new
        return out, events

    def _record_one(self, p: DevicePoll, facts: bool) -> tuple[DevicePoll, list[Event]]:
        """One poll folded; the poll with its verdict, and the events it caused."""
        assert self.state is not None
        data: dict[str, object] = {"address": p.target.address,
                                   "reach_method": p.reach.method,
                                   "reach_status": str(p.reach.status),
                                   "rtt_ms": p.reach.rtt_ms}
        for o in p.observations:
            data[f"{o.collector}_status"] = str(o.status)
            if o.error:
                data[f"{o.collector}_error"] = o.error
        f = p.facts
        if f is not None:
            data.update(vendor=f.vendor, model=f.model, serial=f.serial, os=f.os,
                        os_version=f.os_version, sys_name=f.sys_name,
                        conflicts=f.conflicts)
        state, new = self.state.record(p.target.id, p.at, str(p.status) if facts else None,
                                       p.probes, data, self.settings.rules)
        return dataclasses.replace(p, state=state.reach(p.at, self.settings.rules)), new

    def _points(self, result: ScanResult, scope: str, at: datetime,
                collector: str) -> list[Point]:
        inv = self.inventory
        metas = {p.target.id: (points.device_meta(inv, p.target.id)
                               if inv is not None and p.target.id in inv.devices
                               else points.DeviceMeta(device=p.target.id))
                 for p in result.polls}
        out: list[Point] = []
        for p in result.polls:
            # A poll that learned no facts stays in the device's series: its last known
            # vendor and model (read per device: the centre holds 30,000, a poll 200).
            last = self.state.get(p.target.id) \
                if p.facts is None and self.state is not None else None
            tags = (str(last.data.get("vendor") or ""), str(last.data.get("model") or "")) \
                if last is not None else None
            out += points.poll_points(p, metas[p.target.id], tags)
        out += points.event_points(result.events, metas)
        if result.coverage is not None and inv is not None:
            out += points.coverage_points(result.coverage, inv)
        out += points.summary_points(result.summary, collector, at, scope)
        return out
