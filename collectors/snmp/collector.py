"""The SNMP collector: one poll of one device -> one Observation, never an exception.

A poll is: GET the system group (the device answered or it did not), then, concurrently,
walk ifTable, ifXTable and entPhysicalTable and GET the vendor's few scalars. When the
system group answered but a table walk fails later, the status stays ``ok`` (the device
is up) and ``error`` names what is missing; the facts then hold what was read.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable

from netmon.collectors.observation import Observation, Status
from netmon.collectors.snmp import oids
from netmon.collectors.snmp.client import PysnmpClient, SnmpClient, SnmpError
from netmon.collectors.snmp.parse import parse_device
from netmon.collectors.snmp.values import SnmpValue
from netmon.collectors.snmp.vendors import vendor_of
from netmon.target import Target

ClientFactory = Callable[[Target], SnmpClient]


def pysnmp_factory(target: Target) -> SnmpClient:
    if target.snmp is None:
        raise ValueError("target has no SNMP credentials")
    return PysnmpClient(target.address, target.snmp)


class SnmpCollector:
    name = "snmp"

    def __init__(self, client_factory: ClientFactory | None = None) -> None:
        self._factory = client_factory or pysnmp_factory

    def _fail(self, target: Target, status: Status, error: str, started: float) -> Observation:
        return Observation(target_id=target.id, address=target.address, collector=self.name,
                           status=status, duration_s=time.monotonic() - started, error=error)

    async def collect(self, target: Target, deadline_s: float | None = None) -> Observation:
        started = time.monotonic()
        if target.snmp is None:
            return self._fail(target, Status.UNSUPPORTED, "no SNMP profile for this device",
                              started)
        client: SnmpClient | None = None
        try:
            client = self._factory(target)
            return await self._poll(client, target, started)
        except SnmpError as exc:
            return self._fail(target, exc.status, str(exc), started)
        except Exception as exc:  # a bug must not stop the run; the message names no secret
            return self._fail(target, Status.INTERNAL,
                              f"SNMP collector error: {type(exc).__name__}", started)
        finally:
            if client is not None:
                with contextlib.suppress(Exception):  # closing must not mask the result
                    await client.close()

    async def _poll(self, client: SnmpClient, target: Target, started: float) -> Observation:
        system = await client.get(oids.SYSTEM)
        if all(v.missing for v in system.values()):
            return self._fail(target, Status.UNSUPPORTED,
                              "agent answered without the system group", started)
        sys_oid = system.get(oids.SYS_OBJECT_ID)
        vendor = vendor_of(sys_oid.as_text() if sys_oid else None)
        scalars = oids.VENDOR_SCALARS.get(vendor or "", ())

        async def no_scalars() -> dict[str, SnmpValue]:
            return {}

        results = await asyncio.gather(
            client.walk(oids.IF_TABLE), client.walk(oids.IFX_TABLE),
            client.walk(oids.ENT_TABLE), client.get(scalars) if scalars else no_scalars(),
            return_exceptions=True,
        )
        names = ("ifTable", "ifXTable", "entPhysicalTable", "vendor scalars")
        problems = [f"{name}: {_reason(r)}" for name, r in zip(names, results, strict=True)
                    if isinstance(r, BaseException)]
        if_cols, ifx_cols, ent_cols = (r if isinstance(r, dict) else {} for r in results[:3])
        extra = results[3] if isinstance(results[3], dict) else {}
        facts = parse_device(system, {**if_cols, **ifx_cols}, ent_cols, extra)
        return Observation(
            target_id=target.id, address=target.address, collector=self.name,
            status=Status.OK, duration_s=time.monotonic() - started, facts=facts,
            error=("partial: " + "; ".join(problems)) if problems else None,
        )

    async def probe_uptime(self, target: Target) -> tuple[Status, float | None]:
        """GET sysUpTime only (reachability fallback): (status, round-trip ms when ok)."""
        if target.snmp is None:
            return Status.UNSUPPORTED, None
        client: SnmpClient | None = None
        started = time.monotonic()
        try:
            client = self._factory(target)
            values = await client.get([oids.SYS_UPTIME])
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


def _reason(exc: BaseException) -> str:
    return exc.status.value if isinstance(exc, SnmpError) else type(exc).__name__
