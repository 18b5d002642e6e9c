"""The wiring: settings -> inventory, collectors, state, sinks; one scan from end to end.

Both the CLI and the daemon go through ``Scanner.scan()``, so an ad hoc
``netmon scan district`` and a scheduled poll record, compare and write the
same way.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import SecretStr

from netmon.collectors.observation import Status, utcnow
from netmon.collectors.reachability import Pinger, PingSettings, ReachabilityCollector
from netmon.collectors.snmp import SnmpCollector, close_engines
from netmon.errors import ConfigError, UsageError
from netmon.inventory import Inventory, load, resolve_secret
from netmon.monitor import points as P
from netmon.monitor.config import Settings
from netmon.monitor.coverage import CoverageReport, compute
from netmon.monitor.runner import DevicePoll, PollSummary, Runner, summarize
from netmon.monitor.sinks.point import Point
from netmon.monitor.state import Event, StateStore
from netmon.target import Target

if TYPE_CHECKING:  # imported when used: netmiko and influxdb-client cost 0.3 s at start
    from netmon.collectors.ssh import SshCollector
    from netmon.monitor.sinks.influx import InfluxSettings, InfluxSink

log = logging.getLogger(__name__)

DEVICE = "device"  # the state row that holds a device's combined reach and facts


def load_inventory(settings: Settings, path: str | Path | None = None) -> Inventory:
    p = Path(path) if path else settings.inventory
    if p is None:
        raise UsageError("no inventory: pass --inventory PATH, set NETMON_INVENTORY, "
                         "or set 'inventory:' in the config file")
    return load(p)


def influx_settings(settings: Settings) -> InfluxSettings | None:
    from netmon.monitor.sinks.influx import InfluxSettings

    c = settings.influx
    if not c.url:
        return None
    token = _config_secret("influxdb.token", c.token)
    password = _config_secret("influxdb.password", c.password)
    return InfluxSettings(url=c.url, api=c.api, org=c.org, bucket=c.bucket, token=token,
                          database=c.database, retention_policy=c.retention_policy,
                          username=c.username, password=password,
                          batch_size=c.batch_size, timeout_s=c.timeout_s,
                          verify_ssl=c.verify_ssl)


def _config_secret(key: str, value: SecretStr | None) -> SecretStr | None:
    if value is None:
        return None
    ref = value.get_secret_value()
    if not ref.startswith(("env:", "file:")):
        log.warning("%s is written in the config file: use env:NAME or file:/path", key)
        return value
    return resolve_secret(ref)


def open_sink(settings: Settings) -> InfluxSink | None:
    from netmon.monitor.sinks.influx import InfluxSink
    from netmon.monitor.sinks.spool import Spool

    s = influx_settings(settings)
    if s is None:
        return None
    spool = Spool(settings.data_dir / "spool", max_bytes=settings.influx.spool_max_mb << 20)
    return InfluxSink(s, spool)


@dataclass
class ScanResult:
    polls: list[DevicePoll]
    summary: PollSummary
    events: list[Event]
    coverage: CoverageReport | None
    points: int = 0
    written: bool = False
    write_error: str | None = None
    notes: list[str] = field(default_factory=list)


class Scanner:
    """Polls targets, records state and events, computes coverage, writes points."""

    def __init__(self, settings: Settings, inventory: Inventory | None,
                 sink: InfluxSink | None = None, state: StateStore | None = None) -> None:
        self.settings = settings
        self.inventory = inventory
        self.sink = sink
        self.state = state
        self.snmp = SnmpCollector()
        self._ssh: SshCollector | None = None

    @property
    def ssh(self) -> SshCollector:
        if self._ssh is None:
            from netmon.collectors.ssh import HostKeyStore, SshCollector

            self._ssh = SshCollector(HostKeyStore(self.settings.data_dir / "ssh_known_hosts"),
                                     max_workers=self.settings.poll.ssh_concurrency)
        return self._ssh

    def runner(self, pinger: Pinger | None, inventory: bool = True,
               ssh: bool = True, deadline_s: float | None = None) -> Runner:
        reach = None
        if pinger is not None:
            reach = ReachabilityCollector(pinger, snmp_probe=self.snmp.probe_uptime)
        return Runner(reach, self.snmp if inventory else None,
                      self.ssh if inventory and ssh else None,
                      concurrency=self.settings.poll.concurrency,
                      deadline_s=deadline_s or self.settings.poll.deadline_s,
                      ssh_concurrency=self.settings.poll.ssh_concurrency)

    async def scan(self, targets: Sequence[Target], scope: str = "",
                   district: str | None = None, coverage: bool = True,
                   on_done: Callable[[DevicePoll], None] | None = None,
                   reachability: bool = True, inventory: bool = True,
                   deadline_s: float | None = None) -> ScanResult:
        """One poll of ``targets``; ``inventory=False`` probes reachability only.
        ``deadline_s`` overrides the per-device deadline of the config."""
        t0 = time.perf_counter()
        ping = self.settings.ping
        # A pinger per scan: the daemon's reachability and inventory polls may overlap.
        pinger = Pinger(PingSettings(ping.count, ping.interval_s, ping.timeout_s)) \
            if reachability else None
        try:
            ssh = any(t.ssh is not None for t in targets)
            polls = await self.runner(pinger, inventory, ssh, deadline_s).poll(targets,
                                                                              on_done)
        finally:
            if pinger is not None:
                pinger.close()
        summary = summarize(polls, time.perf_counter() - t0)
        at = utcnow()
        events = self.record(polls)
        report = None
        if coverage and self.inventory is not None and self.state is not None:
            report = compute(self.inventory, self.state.latest(DEVICE), at,
                             self.settings.stale_after, district=district)
        result = ScanResult(polls, summary, events, report)
        points = self.points(result, scope, at, "inventory" if inventory else "reachability")
        result.points = len(points)
        if self.sink is not None and points:
            # write() sends within its budget (in a thread: HTTP and fsync must not stall the
            # event loop, where another poll may be reading ping replies); what it could not
            # send waits on disk and goes out, in order, with the next write or flush.
            await asyncio.to_thread(self.sink.write, points)
            result.write_error = spool_message(self.sink)
            result.written = result.write_error is None
        return result

    async def aclose(self) -> None:
        """Free the SNMP engines of this event loop and the SSH worker threads."""
        close_engines()
        if self._ssh is not None:
            await asyncio.to_thread(self._ssh.close)
            self._ssh = None

    def record(self, polls: Sequence[DevicePoll]) -> list[Event]:
        if self.state is None:
            return []
        events: list[Event] = []
        for p in polls:
            f = p.facts
            data: dict[str, object] = {"reach": str(p.state), "address": p.target.address,
                                       "reach_status": str(p.reach.status),
                                       "rtt_ms": p.reach.rtt_ms}
            for o in p.observations:
                data[f"{o.collector}_status"] = str(o.status)
            if f is not None:
                data.update(vendor=f.vendor, model=f.model, serial=f.serial, os=f.os,
                            os_version=f.os_version, sys_name=f.sys_name,
                            conflicts=f.conflicts)
            prev = self.state.get(p.target.id, DEVICE)
            prev_ssh = prev.data.get("ssh_status") if prev is not None else None
            events += self.state.record(p.target.id, DEVICE, p.at, str(p.status), data)
            # Said once when the key changes, not again at every poll until it is trusted.
            if (p.ssh is not None and p.ssh.status is Status.HOST_KEY_CHANGED
                    and prev_ssh != Status.HOST_KEY_CHANGED):
                e = Event(p.target.id, p.at, "host_key_changed", None, None,
                          p.ssh.error or "SSH host key changed")
                self.state.add_event(e)
                events.append(e)
        return events

    def points(self, result: ScanResult, scope: str, at: datetime,
               collector: str = "scan") -> list[Point]:
        inv = self.inventory
        metas = {p.target.id: (P.device_meta(inv, p.target.id)
                               if inv is not None and p.target.id in inv.devices
                               else P.DeviceMeta(device=p.target.id))
                 for p in result.polls}
        out: list[Point] = []
        for p in result.polls:
            known = None
            if p.facts is None and self.state is not None:
                # A failed poll stays in the device's series: its last known vendor and model.
                last = self.state.get(p.target.id, DEVICE)
                if last is not None:
                    known = (str(last.data.get("vendor") or ""),
                             str(last.data.get("model") or ""))
            out += P.poll_points(p, metas[p.target.id], known)
        out += P.event_points(result.events, metas)
        if result.coverage is not None and inv is not None:
            out += P.coverage_points(result.coverage, inv)
        out += P.summary_points(result.summary, collector, at, scope)
        return out


def spool_message(sink: InfluxSink) -> str | None:
    """None when everything went out; else what waits, and where."""
    pending = sink.spool.pending()
    if not pending:
        return None
    return (f"InfluxDB unavailable: {pending} points wait in the spool "
            f"({sink.spool.directory}) and go out with the next write")


def ensure_data_dir(settings: Settings) -> None:
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"data directory {settings.data_dir}: {exc.strerror}; "
                          f"set --data-dir or NETMON_DATA_DIR") from exc
