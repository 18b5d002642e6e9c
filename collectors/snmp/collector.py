"""The SNMP collector: one poll of one device -> one Observation, never an exception.

A poll is: GET the system group (the device answered or it did not), then, concurrently,
walk ifTable, ifXTable and entPhysicalTable and GET the vendor's few scalars. With a
``PollPolicy`` that caches inventory (cache.py), a poll between inventory reads walks only
the status and counter columns and reuses the rest.

The collector watches its own deadline: it stops asking at ``OWN_SHARE`` of the runner's
``deadline_s`` and returns what it read. When the system group answered but a table could
not be read in full (the deadline, a bound, an agent error), the status is ``partial``:
the facts hold what was read and ``missing`` names the tables that are not complete.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from netmon.collectors.observation import Observation, Status
from netmon.collectors.snmp import oids
from netmon.collectors.snmp.cache import (
    NAMES_IF,
    NAMES_IFX,
    STATUS_IF,
    STATUS_IF_LEAN,
    STATUS_IFX,
    Columns,
    DeviceInventory,
    PollCache,
    PollPolicy,
    has_hc,
    interface_indexes,
)
from netmon.collectors.snmp.client import Limits, SnmpClient, SnmpCut, SnmpError
from netmon.collectors.snmp.fast import FastClient
from netmon.collectors.snmp.parse import parse_device, table_values
from netmon.collectors.snmp.transport import DISPATCHERS
from netmon.collectors.snmp.values import SnmpValue
from netmon.collectors.snmp.vendors import vendor_of
from netmon.target import Target

ClientFactory = Callable[[Target], SnmpClient]
OWN_SHARE = 0.9  # of the runner's deadline: time left to build the Observation and return
OWN_MARGIN_S = 0.25  # and at least this much


def default_factory(target: Target) -> SnmpClient:
    """The fast path for v1/v2c; pysnmp for SNMPv3."""
    if target.snmp is None:
        raise ValueError("target has no SNMP credentials")
    if target.snmp.version == "3":
        return pysnmp_factory(target)
    return FastClient(target.address, target.snmp)


def pysnmp_factory(target: Target) -> SnmpClient:
    """pysnmp for every version (the reference; SNMPv3)."""
    from netmon.collectors.snmp.pysnmp_client import PysnmpClient

    if target.snmp is None:
        raise ValueError("target has no SNMP credentials")
    return PysnmpClient(target.address, target.snmp)


def close_engines() -> None:
    """Close the running loop's shared SNMP sockets: the fast path's dispatchers, and
    pysnmp's engines if pysnmp was ever loaded. Safe to call twice."""
    DISPATCHERS.close_all()
    module = sys.modules.get("netmon.collectors.snmp.pysnmp_client")
    if module is not None:
        module.ENGINES.close_all()


def own_budget(deadline_s: float | None) -> float | None:
    if deadline_s is None:
        return None
    return max(0.05, min(deadline_s * OWN_SHARE, deadline_s - OWN_MARGIN_S))


class SnmpCollector:
    name = "snmp"

    def __init__(self, client_factory: ClientFactory | None = None, *,
                 deadline_s: float | None = None, policy: PollPolicy | None = None,
                 limits: Limits | None = None) -> None:
        """``deadline_s``: the runner's per-device deadline (poll.deadline_s); the
        collector returns before it. ``policy``: how often inventory is read again."""
        self._factory = client_factory or default_factory
        self.budget_s = own_budget(deadline_s)
        self.cache = PollCache(policy)
        self.limits = limits

    def _fail(self, target: Target, status: Status, error: str, started: float) -> Observation:
        return Observation(target_id=target.id, address=target.address, collector=self.name,
                           status=status, duration_s=time.monotonic() - started, error=error)

    def _client(self, target: Target) -> SnmpClient:
        client = self._factory(target)
        if self.limits is not None and hasattr(client, "limits"):
            client.limits = self.limits
        return client

    async def collect(self, target: Target, deadline_s: float | None = None) -> Observation:
        """One device's poll; returns within ``deadline_s`` (else the collector's own)."""
        started = time.monotonic()
        budget = own_budget(deadline_s) if deadline_s is not None else self.budget_s
        if target.snmp is None:
            return self._fail(target, Status.UNSUPPORTED, "no SNMP profile for this device",
                              started)
        client: SnmpClient | None = None
        try:
            client = self._client(target)
            return await self._poll(client, target, started, budget)
        except SnmpError as exc:
            return self._fail(target, exc.status, str(exc), started)
        except Exception as exc:  # a bug must not stop the run; the message names no secret
            return self._fail(target, Status.INTERNAL,
                              f"SNMP collector error: {type(exc).__name__}", started)
        finally:
            if client is not None:
                with contextlib.suppress(Exception):  # closing must not mask the result
                    await client.close()

    async def _poll(self, client: SnmpClient, target: Target, started: float,
                    budget: float | None) -> Observation:
        stop = None if budget is None else started + budget
        system = await client.get(oids.SYSTEM, stop)
        if all(v.missing for v in system.values()):
            return self._fail(target, Status.UNSUPPORTED,
                              "agent answered without the system group", started)
        sys_oid = system.get(oids.SYS_OBJECT_ID)
        sys_oid_text = sys_oid.as_text() if sys_oid else None
        vendor = vendor_of(sys_oid_text)
        scalars = oids.VENDOR_SCALARS.get(vendor or "", ())
        first_row_columns = oids.VENDOR_TABLES.get(vendor or "", ())
        uptime = system.get(oids.SYS_UPTIME)
        cached = self.cache.usable(target.id, time.monotonic(),
                                   uptime.as_int() if uptime else None, sys_oid_text)
        reads = _Reads(client, stop)
        if cached is None:
            vendor_reads = {"vendor scalars": reads.get(scalars)}
            if first_row_columns:
                vendor_reads["vendor tables"] = reads.walk(first_row_columns)
            await reads.run({"ifTable": reads.walk(oids.IF_TABLE),
                             "ifXTable": reads.walk(oids.IFX_TABLE),
                             "entPhysicalTable": reads.walk(oids.ENT_TABLE), **vendor_reads})
            if_cols = {**reads.columns["ifTable"], **reads.columns["ifXTable"]}
            ent_cols = reads.columns["entPhysicalTable"]
            extra = {**reads.scalars, **table_values(reads.columns.get("vendor tables", {}))}
            if not reads.problems and self.cache.enabled:  # a scan: nothing to build
                self.cache.store(target.id, DeviceInventory(
                    time.monotonic(), sys_oid_text,
                    {c: if_cols.get(c, {}) for c in NAMES_IF + NAMES_IFX}, ent_cols, extra,
                    interface_indexes(if_cols), has_hc(if_cols)))
        else:
            await reads.run({"ifTable": reads.walk(STATUS_IF_LEAN if cached.hc else STATUS_IF),
                             "ifXTable": reads.walk(STATUS_IFX)})
            status_cols = {**reads.columns["ifTable"], **reads.columns["ifXTable"]}
            names = cached.names
            if not reads.problems and interface_indexes(status_cols) != cached.interfaces:
                names = await self._reread_names(reads, target, cached, status_cols)
            if_cols = {**names, **status_cols}
            ent_cols, extra = cached.entities, cached.scalars
        facts = parse_device(system, if_cols, ent_cols, extra)
        problems = reads.problems
        return Observation(
            target_id=target.id, address=target.address, collector=self.name,
            status=Status.PARTIAL if problems else Status.OK,
            duration_s=time.monotonic() - started, facts=facts,
            error=("partial: " + "; ".join(f"{k}: {v}" for k, v in problems.items()))
            if problems else None,
            missing=tuple(problems),
        )

    async def _reread_names(self, reads: _Reads, target: Target, cached: DeviceInventory,
                            status_cols: Columns) -> Columns:
        """An interface appeared or vanished: the cached names no longer fit; read them."""
        await reads.run({"interface names": reads.walk(NAMES_IF + NAMES_IFX)})
        names = reads.columns["interface names"]
        if "interface names" not in reads.problems:
            self.cache.store(target.id, DeviceInventory(
                cached.read_at, cached.sys_object_id, names, cached.entities,
                cached.scalars, interface_indexes(status_cols)))  # hc: unknown, so no
        return names

    async def probe_uptime(self, target: Target) -> tuple[Status, float | None]:
        """GET sysUpTime only (reachability fallback): (status, round-trip ms when ok)."""
        if target.snmp is None:
            return Status.UNSUPPORTED, None
        client: SnmpClient | None = None
        started = time.monotonic()
        try:
            client = self._client(target)
            values = await client.get([oids.SYS_UPTIME],
                                      None if self.budget_s is None else started + self.budget_s)
            rtt_ms = (time.monotonic() - started) * 1000.0
            value = values.get(oids.SYS_UPTIME)
            # Any answer proves the agent is alive, even noSuchObject from a locked-down view.
            return (Status.OK, rtt_ms) if value is not None else (Status.PARSE_ERROR, None)
        except SnmpError as exc:
            return exc.status, None
        except Exception:
            return Status.INTERNAL, None
        finally:
            if client is not None:
                with contextlib.suppress(Exception):
                    await client.close()


class _Reads:
    """Concurrent table walks and GETs of one poll; keeps what each read, cut or not."""

    def __init__(self, client: SnmpClient, stop: float | None) -> None:
        self.client, self.stop = client, stop
        self.columns: dict[str, Columns] = {}
        self.scalars: dict[str, SnmpValue] = {}
        self.problems: dict[str, str] = {}

    async def walk(self, columns: Sequence[str]) -> Any:
        return await self.client.walk(columns, self.stop)

    async def get(self, oid_list: Sequence[str]) -> Any:
        return await self.client.get(oid_list, self.stop) if oid_list else {}

    async def run(self, reads: dict[str, Coroutine[Any, Any, Any]]) -> None:
        results = await asyncio.gather(*reads.values(), return_exceptions=True)
        for name, result in zip(reads, results, strict=True):
            if isinstance(result, SnmpCut):
                self._keep(name, result.partial)
                rows = _count(result.partial)
                self.problems[name] = f"{_reason(result)} ({rows} values read)"
            elif isinstance(result, BaseException):
                self._keep(name, {})
                self.problems[name] = _reason(result)
            else:
                self._keep(name, result)

    def _keep(self, name: str, data: Any) -> None:
        if name == "vendor scalars":
            self.scalars = dict(data)
        else:
            self.columns[name] = dict(data)


def _count(partial: Any) -> int:
    if isinstance(partial, dict):
        return sum(len(v) if isinstance(v, dict) else 1 for v in partial.values())
    return 0


def _reason(exc: BaseException) -> str:
    if isinstance(exc, SnmpError):
        detail = str(exc).split(": ", 1)[-1]
        return f"{exc.status.value}, {detail}" if detail else exc.status.value
    return type(exc).__name__
