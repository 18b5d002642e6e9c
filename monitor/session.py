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
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING

from netmon.collectors.observation import utcnow
from netmon.collectors.reachability import Pinger, PingSettings, ReachabilityCollector
from netmon.collectors.snmp import SnmpCollector, close_engines
from netmon.collectors.snmp.cache import PollPolicy
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
    from netmon.monitor.indicator_poll import Current, IndicatorPoller

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


class _Counted(Iterator[Point]):
    """Points passed through, counted."""

    def __init__(self, source: Iterator[Point]) -> None:
        self._source, self.n = source, 0

    def __next__(self) -> Point:
        point = next(self._source)
        self.n += 1
        return point


class Session:
    def __init__(self, settings: Settings, inventory: Inventory | None,
                 sink: Sink | None = None, state: StateStore | None = None,
                 *, cache_inventory: bool = False) -> None:
        """``cache_inventory`` (the daemon): SNMP inventory tables are read again only every
        ``poll.inventory_every_s``; an ad hoc scan reads everything."""
        self.settings = settings
        self.inventory = inventory
        self.sink = sink
        self.state = state
        every = settings.poll.inventory_every_s
        self.snmp = SnmpCollector(policy=PollPolicy(inventory_every_s=every or None)
                                  if cache_inventory else None)
        self._ssh: SshCollector | None = None
        self.write_error: str | None = None  # of the last coverage() write

    @classmethod
    def open(cls, settings: Settings, inventory: Inventory | None, *, write: bool = True,
             record: bool = True, cache_inventory: bool = False) -> Session:
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
        return cls(settings, inventory, sink, state, cache_inventory=cache_inventory)

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
        # A transport's close() lets go of its socket on the loop's next turn
        # (connection_lost is scheduled, not called): give it that turn, so that when
        # aclose() returns the sockets are closed, not closing.
        await asyncio.sleep(0)
        if self._ssh is not None:
            await asyncio.to_thread(self._ssh.close)
            self._ssh = None

    @property
    def ssh(self) -> SshCollector:
        if self._ssh is None:
            from netmon.collectors.ssh import HostKeyStore, SshCollector

            self._ssh = SshCollector(HostKeyStore(self.settings.data_dir / "ssh_known_hosts"),
                                     max_workers=self.settings.poll.ssh_concurrency,
                                     deadline_s=self.settings.poll.deadline_s)
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
                   deadline_s: float | None = None, recheck: bool = False,
                   on_done: Callable[[DevicePoll], None] | None = None) -> ScanResult:
        """One poll of ``targets``: ``collect`` then ``absorb``. ``facts=False`` probes
        reachability only (no SNMP or SSH inventory); ``deadline_s`` overrides the
        per-device deadline of the config. ``recheck`` (an engineer's ad hoc scan, which
        cannot wait for the next scheduled cycle): a device that stayed silent is probed
        again at once, and that probe counts as one more cycle toward ``down``."""
        t0 = time.perf_counter()
        polls = await self.collect(targets, facts=facts, reachability=reachability,
                                   deadline_s=deadline_s, on_done=on_done)
        if recheck and reachability:
            polls = await self._recheck(polls)
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

    async def _recheck(self, polls: list[DevicePoll]) -> list[DevicePoll]:
        silent = [p for p in polls if p.silent]
        if not silent:
            return polls
        ping = self.settings.ping
        pinger = Pinger(PingSettings(ping.count, ping.interval_s, ping.timeout_s))
        try:
            reach = ReachabilityCollector(pinger, snmp_probe=self.snmp.probe_uptime)
            again = await asyncio.gather(*(reach.check(p.target) for p in silent))
        finally:
            pinger.close()
        found = {p.target.id: r for p, r in zip(silent, again, strict=True)}
        return [dataclasses.replace(p, recheck=found[p.target.id]) if p.target.id in found
                else p for p in polls]

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
        if self.sink is None:  # `scan --no-write`, or no InfluxDB: no points to build
            return result
        out = _Counted(self._points(result, scope, at,
                                    "inventory" if facts else "reachability"))
        # In a thread: HTTP and fsync must not stall the event loop, where another poll
        # may be reading ping replies. What could not be sent waits in the spool. The
        # points are made as the sink takes them, a batch at a time: a city's status poll
        # is some 100,000 points, which held all at once were the daemon's peak memory.
        written = await asyncio.to_thread(self.sink.write, out)
        result.points = out.n
        if out.n:
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

    def indicators(self, write: bool = True) -> Current:
        """The programme's other indicators (computers, portals, the data centre) from the
        stored history, now; written to the sink when there is one."""
        from netmon.monitor import indicator_points

        assert self.inventory is not None
        poller = self.indicator_poller()
        try:
            cur = poller.current(utcnow())
        finally:
            poller.close()
        if write and self.sink is not None:
            report = self.sink.write(indicator_points.indicator_points(
                cur.rows, cur.results, self.inventory, utcnow()))
            self.write_error = self.write_error or report.message
        return cur

    def indicator_poller(self) -> IndicatorPoller:
        from netmon.monitor.indicator_poll import IndicatorPoller

        assert self.inventory is not None
        p = self.settings.poll
        return IndicatorPoller(self.inventory, self.settings.state_path,
                               stale_after=self.settings.rules.stale_after,
                               concurrency=min(p.concurrency, 64),
                               probe_interval_s=0.8 * p.interval_s)

    async def flush(self, deadline_s: float | None = None) -> str | None:
        """Replay the spool; what still waits, as a message (None: nothing waits)."""
        if self.sink is None:
            return None
        report = await asyncio.to_thread(self.sink.flush, deadline_s)
        if not report.pending:
            return None
        if report.message is None:  # queued behind this flush's time, InfluxDB answering
            return f"{report.pending} points queued in the spool, sent {report.sent} this time"
        return f"{report.message} ({report.error})"

    def _runner(self, pinger: Pinger | None, facts: bool, ssh: bool,
                deadline_s: float | None) -> Runner:
        reach = None
        if pinger is not None:
            reach = ReachabilityCollector(pinger, snmp_probe=self.snmp.probe_uptime)
        return Runner(reach, self.snmp if facts else None, self.ssh if facts and ssh else None,
                      concurrency=self.settings.poll.concurrency,
                      deadline_s=deadline_s or self.settings.poll.deadline_s)

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
        try:
            with self.state.batch():  # one transaction: all recorded, or none
                for p in polls:
                    poll, new = self._record_one(p, facts)
                    out.append(poll)
                    events += new
        except sqlite3.Error as exc:
            # A full disk or a broken file must not cost the poll its points: the verdicts
            # of this poll stand for it, said loudly; nothing of it is stored.
            log.error("state database %s: %s; this poll's state is not stored, its points "
                      "still go out", self.state.path, exc)
            rules = dataclasses.replace(self.settings.rules, down_after=1)
            out += [dataclasses.replace(p, state=device_state.advance(
                device_state.Tracked(), p.probes, p.at, rules)[0].verdict)
                for p in polls[len(out):]]
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
        if p.recheck is not None:  # an ad hoc scan's second cycle for a silent device
            r = p.recheck
            probes = [device_state.Probe(r.method, r.status)]
            if r.confirmed_by is not None and r.confirm_status is not None:
                probes.append(device_state.Probe(r.confirmed_by, r.confirm_status))
            state, more = self.state.record(p.target.id, r.at, None, probes, {},
                                            self.settings.rules)
            new = [*new, *more]
        return dataclasses.replace(p, state=state.reach(p.at, self.settings.rules)), new

    def _points(self, result: ScanResult, scope: str, at: datetime,
                collector: str) -> Iterator[Point]:
        """The poll's points, made lazily (by the sink's thread: what they need from the
        state database is read here, in the caller's, first)."""
        inv = self.inventory
        metas = {p.target.id: (points.device_meta(inv, p.target.id)
                               if inv is not None and p.target.id in inv.devices
                               else points.DeviceMeta(device=p.target.id))
                 for p in result.polls}
        known: dict[str, tuple[str, str]] = {}
        for p in result.polls:
            # A poll that learned no facts stays in the device's series: its last known
            # vendor and model (read per device: the centre holds 30,000, a poll 200).
            last = self.state.get(p.target.id) \
                if p.facts is None and self.state is not None else None
            if last is not None:
                known[p.target.id] = (str(last.data.get("vendor") or ""),
                                      str(last.data.get("model") or ""))

        def make() -> Iterator[Point]:
            for p in result.polls:
                yield from points.poll_points(p, metas[p.target.id], known.get(p.target.id))
            yield from points.event_points(result.events, metas)
            if result.coverage is not None and inv is not None:
                yield from points.coverage_points(result.coverage, inv)
            yield from points.summary_points(result.summary, collector, at, scope)
        return make()
