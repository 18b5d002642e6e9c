"""Poll many devices at once: bounded fan-out, a deadline per device, never raising.

For each target the reachability probe and the SNMP and SSH collectors run
concurrently (a ping does not delay SNMP), all under one per-device deadline so
that one slow device never holds a district back. A collector that leaks an
exception yields an ``internal`` observation and the run goes on (STYLE 2).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from netmon.collectors.merge import merge_facts
from netmon.collectors.observation import (
    Collector,
    DeviceFacts,
    Observation,
    Reach,
    ReachabilityResult,
    Status,
    utcnow,
)
from netmon.collectors.reachability import ReachabilityCollector
from netmon.monitor.device_state import Evidence, Probe
from netmon.target import Target

log = logging.getLogger(__name__)



@dataclass(frozen=True)
class DevicePoll:
    """Everything one poll learned about one device."""

    target: Target
    reach: ReachabilityResult
    snmp: Observation | None
    ssh: Observation | None
    facts: DeviceFacts | None
    status: Status
    at: datetime
    duration_s: float
    observations: tuple[Observation, ...] = field(default=())
    # The verdict, set by the session from netmon.monitor.device_state once recorded.
    state: Reach = Reach.UNKNOWN
    # An ad hoc scan asks a silent device once more, as a second cycle of its own.
    recheck: ReachabilityResult | None = None

    @property
    def silent(self) -> bool:
        """Nothing answered, and something meant for it went unanswered."""
        heard = {p.evidence for p in self.probes}
        return Evidence.ANSWERED not in heard and Evidence.SILENT in heard
    # The id of the site poll it was part of (monitor/broker); None on a single machine.
    poll_id: str | None = None

    @property
    def probes(self) -> list[Probe]:
        """This poll's evidence, one entry per probe and collector that ran."""
        r = self.reach
        out = [Probe(r.method, r.status)]
        if r.confirmed_by is not None and r.confirm_status is not None:
            out.append(Probe(r.confirmed_by, r.confirm_status))
        out += [Probe(o.collector, o.status) for o in self.observations]
        return out

    @property
    def error(self) -> str | None:
        if self.status is Status.OK:
            return None
        for obs in (self.snmp, self.ssh):
            if obs is not None and obs.error:
                return obs.error
        return self.reach.error


def overall_status(reach: ReachabilityResult, observations: Sequence[Observation]) -> Status:
    """What the poll as a whole says, for tables and exit codes (not the up/down verdict)."""
    if not observations:
        return reach.status
    if any(o.ok for o in observations):
        return Status.OK
    if any(o.status is Status.PARTIAL for o in observations):
        return Status.PARTIAL
    return observations[0].status


@dataclass(frozen=True)
class PollSummary:
    targets: int
    ok: int  # devices that answered something
    failed: int  # devices whose probes were all silent
    duration_s: float
    slowest: tuple[tuple[str, float], ...]
    not_asked: int = 0  # devices netmon could not ask (reach: none, no ICMP socket, faults)


class Runner:
    """Bounded fan-out (``concurrency`` devices at once), one deadline per device.

    Each collector is given the device's deadline and returns within it (the SSH collector
    also holds its own bound on sessions, counted from when a worker takes the device, so
    that waiting for a free session never counts as the device being slow). The runner
    cancels a collector only ``GRACE_S`` after the deadline, as a last resort."""

    GRACE_S = 5.0

    def __init__(self, reachability: ReachabilityCollector | None,
                 snmp: Collector | None = None, ssh: Collector | None = None,
                 concurrency: int = 64, deadline_s: float = 20.0) -> None:
        self.reachability = reachability
        self.snmp = snmp
        self.ssh = ssh
        self.concurrency = concurrency
        self.deadline_s = deadline_s

    async def poll(self, targets: Sequence[Target],
                   on_done: Callable[[DevicePoll], None] | None = None) -> list[DevicePoll]:
        sem = asyncio.Semaphore(self.concurrency)

        async def one(target: Target) -> DevicePoll:
            async with sem:
                result = await self.poll_one(target)
            if on_done is not None:
                on_done(result)
            return result

        return list(await asyncio.gather(*(one(t) for t in targets)))

    async def poll_one(self, target: Target) -> DevicePoll:
        t0 = time.perf_counter()
        at = utcnow()
        deadline = self.deadline_s
        reach_task = self._guard_reach(target, deadline)
        obs_tasks: list[Coroutine[Any, Any, Observation]] = []
        if self.snmp is not None and target.snmp is not None:
            obs_tasks.append(self._deadline(self.snmp, target, deadline))
        if self.ssh is not None and target.ssh is not None:
            obs_tasks.append(self._deadline(self.ssh, target, deadline))
        reach, *observations = await asyncio.gather(reach_task, *obs_tasks)
        assert isinstance(reach, ReachabilityResult)
        obs = [o for o in observations if isinstance(o, Observation)]
        snmp = next((o for o in obs if o.collector == "snmp"), None)
        ssh = next((o for o in obs if o.collector == "ssh"), None)
        snmp_facts = snmp.facts if snmp is not None and snmp.usable else None
        ssh_facts = ssh.facts if ssh is not None and ssh.usable else None
        facts = merge_facts(snmp_facts, ssh_facts) if (snmp_facts or ssh_facts) else None
        return DevicePoll(
            target=target, reach=reach, snmp=snmp, ssh=ssh, facts=facts,
            status=overall_status(reach, obs), at=at,
            duration_s=time.perf_counter() - t0, observations=tuple(obs),
        )

    async def _guard_reach(self, target: Target, deadline: float) -> ReachabilityResult:
        if self.reachability is None:
            return ReachabilityResult(target.id, target.address, "none", Status.UNSUPPORTED,
                                      error="reachability not checked")
        try:
            return await asyncio.wait_for(self.reachability.check(target), deadline)
        except TimeoutError:
            return ReachabilityResult(target.id, target.address, target.reach_method,
                                      Status.TIMEOUT,
                                      error=f"no result within the {deadline:g} s deadline")
        except Exception as exc:
            log.exception("reachability probe of %s failed", target.id)
            return ReachabilityResult(target.id, target.address, target.reach_method,
                                      Status.INTERNAL,
                                      error=f"{type(exc).__name__}")

    async def _deadline(self, collector: Collector, target: Target,
                        deadline: float) -> Observation:
        t0 = time.perf_counter()
        try:
            return await asyncio.wait_for(collector.collect(target, deadline),
                                          deadline + self.GRACE_S)
        except TimeoutError:
            return Observation(target.id, target.address, collector.name, Status.TIMEOUT,
                               duration_s=time.perf_counter() - t0,
                               error=f"no answer within the {deadline:g} s deadline")
        except Exception as exc:
            log.exception("%s collector failed on %s", collector.name, target.id)
            return Observation(target.id, target.address, collector.name, Status.INTERNAL,
                               duration_s=time.perf_counter() - t0,
                               error=f"internal error: {type(exc).__name__}")


def summarize(polls: Sequence[DevicePoll], duration_s: float, slow: int = 5) -> PollSummary:
    ok = failed = 0
    for p in polls:
        heard = {probe.evidence for probe in p.probes}
        if Evidence.ANSWERED in heard:
            ok += 1
        elif Evidence.SILENT in heard:
            failed += 1
    slowest = sorted(((p.target.id, round(p.duration_s, 3)) for p in polls),
                     key=lambda x: -x[1])[:slow]
    return PollSummary(len(polls), ok, failed, round(duration_s, 3), tuple(slowest),
                       len(polls) - ok - failed)
