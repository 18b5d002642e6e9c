"""Servers over HOST-RESOURCES-MIB (RFC 2790): CPU load, memory, storage, uptime, processes.

What a data-centre operator asks of a server that answers SNMP: is it loaded, is memory
or a disk filling up, did it reboot, did its processes run away. ``collect_server`` asks
through the ``SnmpClient`` seam (a GET of the hrSystem scalars, a walk of hrStorageTable
and hrProcessorTable); ``parse_server`` is pure, tested on recorded walks.

- CPU: the mean of ``hrProcessorLoad`` over the processors (percent over the last minute).
- Memory: the hrStorage row of type ``hrStorageRam``; used = hrStorageUsed x unit size.
  net-snmp also lists buffers and cache as "other" rows; they are reported as storage,
  never subtracted (other agents do not list them).
- Storage: every row of type ``hrStorageFixedDisk`` or ``hrStorageNetworkDisk``.
- Uptime: ``hrSystemUptime`` (the host's, not the agent's sysUpTime, which restarts with
  the agent).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from netmon.collectors.snmp.client import SnmpClient
from netmon.collectors.snmp.values import SnmpValue

HR_SYSTEM_UPTIME = "1.3.6.1.2.1.25.1.1.0"
HR_SYSTEM_NUM_USERS = "1.3.6.1.2.1.25.1.5.0"
HR_SYSTEM_PROCESSES = "1.3.6.1.2.1.25.1.6.0"
HR_MEMORY_SIZE = "1.3.6.1.2.1.25.2.2.0"  # KiB
SCALARS = (HR_SYSTEM_UPTIME, HR_SYSTEM_NUM_USERS, HR_SYSTEM_PROCESSES, HR_MEMORY_SIZE)

HR_STORAGE_TYPE = "1.3.6.1.2.1.25.2.3.1.2"
HR_STORAGE_DESCR = "1.3.6.1.2.1.25.2.3.1.3"
HR_STORAGE_UNITS = "1.3.6.1.2.1.25.2.3.1.4"
HR_STORAGE_SIZE = "1.3.6.1.2.1.25.2.3.1.5"
HR_STORAGE_USED = "1.3.6.1.2.1.25.2.3.1.6"
STORAGE_TABLE = (HR_STORAGE_TYPE, HR_STORAGE_DESCR, HR_STORAGE_UNITS, HR_STORAGE_SIZE,
                 HR_STORAGE_USED)
HR_PROCESSOR_LOAD = "1.3.6.1.2.1.25.3.3.1.2"

STORAGE_TYPES = {  # hrStorageTypes, 1.3.6.1.2.1.25.2.1.N
    "1": "other", "2": "ram", "3": "virtual_memory", "4": "fixed_disk",
    "5": "removable_disk", "6": "floppy_disk", "7": "compact_disc", "8": "ram_disk",
    "9": "flash_memory", "10": "network_disk",
}
DISK_KINDS = frozenset({"fixed_disk", "network_disk"})


@dataclass(frozen=True)
class Storage:
    index: int
    kind: str
    descr: str | None
    size_bytes: int | None
    used_bytes: int | None

    @property
    def used_pct(self) -> float | None:
        if not self.size_bytes or self.used_bytes is None:
            return None
        return round(100.0 * self.used_bytes / self.size_bytes, 2)


@dataclass(frozen=True)
class ServerFacts:
    uptime_s: float | None = None
    processes: int | None = None
    users: int | None = None
    cpus: int = 0
    cpu_load_pct: float | None = None
    memory_total_bytes: int | None = None
    memory_used_bytes: int | None = None
    disks: tuple[Storage, ...] = ()
    storage: tuple[Storage, ...] = ()  # every hrStorage row, disks included

    @property
    def memory_used_pct(self) -> float | None:
        if not self.memory_total_bytes or self.memory_used_bytes is None:
            return None
        return round(100.0 * self.memory_used_bytes / self.memory_total_bytes, 2)

    @property
    def fullest_disk_pct(self) -> float | None:
        used = [d.used_pct for d in self.disks if d.used_pct is not None]
        return max(used) if used else None


def _int(value: SnmpValue | None) -> int | None:
    return None if value is None else value.as_int()


def _storage(cols: Mapping[str, Mapping[str, SnmpValue]]) -> list[Storage]:
    rows = []
    for suffix, type_value in sorted(cols.get(HR_STORAGE_TYPE, {}).items(),
                                     key=lambda kv: int(kv[0].split(".")[0])):
        if not suffix.isdigit():
            continue
        oid = type_value.as_text() or ""
        kind = STORAGE_TYPES.get(oid.rsplit(".", 1)[-1], "other") \
            if oid.startswith("1.3.6.1.2.1.25.2.1.") else "other"
        units = _int(cols.get(HR_STORAGE_UNITS, {}).get(suffix)) or 1
        size = _int(cols.get(HR_STORAGE_SIZE, {}).get(suffix))
        used = _int(cols.get(HR_STORAGE_USED, {}).get(suffix))
        descr = cols.get(HR_STORAGE_DESCR, {}).get(suffix)
        rows.append(Storage(int(suffix), kind, descr.as_text() if descr else None,
                            None if size is None else size * units,
                            None if used is None else used * units))
    return rows


def parse_server(scalars: Mapping[str, SnmpValue],
                 cols: Mapping[str, Mapping[str, SnmpValue]]) -> ServerFacts:
    loads = [v for v in (x.as_int() for x in cols.get(HR_PROCESSOR_LOAD, {}).values())
             if v is not None]
    storage = _storage(cols)
    ram = next((s for s in storage if s.kind == "ram"), None)
    ticks = _int(scalars.get(HR_SYSTEM_UPTIME))
    memory_kib = _int(scalars.get(HR_MEMORY_SIZE))
    total = ram.size_bytes if ram is not None and ram.size_bytes else (
        memory_kib * 1024 if memory_kib else None)
    return ServerFacts(
        uptime_s=None if ticks is None else ticks / 100.0,
        processes=_int(scalars.get(HR_SYSTEM_PROCESSES)),
        users=_int(scalars.get(HR_SYSTEM_NUM_USERS)),
        cpus=len(loads),
        cpu_load_pct=round(sum(loads) / len(loads), 2) if loads else None,
        memory_total_bytes=total,
        memory_used_bytes=ram.used_bytes if ram is not None else None,
        disks=tuple(s for s in storage if s.kind in DISK_KINDS),
        storage=tuple(storage),
    )


async def collect_server(client: SnmpClient) -> ServerFacts:
    """Raises SnmpError when the agent does not answer (the caller records the status)."""
    scalars = await client.get(SCALARS)
    cols = await client.walk((*STORAGE_TABLE, HR_PROCESSOR_LOAD))
    return parse_server(scalars, cols)
