"""Poll less, as mature pollers do: status and counters every poll, inventory seldom.

A device's inventory (interface names, descriptions, types and MACs, entPhysicalTable,
the vendor's scalars) changes when someone touches the device; its status and counters
change all the time. LibreNMS, Observium and Zabbix re-discover inventory on a slow
clock and poll counters on a fast one. ``PollCache`` keeps, per device, the last full
read; a poll reuses it unless

- it is older than ``PollPolicy.inventory_every_s`` (6 h in the daemon),
- sysUpTime went backwards (a reboot, or another device on the address),
- sysObjectID changed (a replaced device),
- the set of interfaces changed (an ifIndex appeared or vanished: the ifIndex-to-name
  map would be wrong), checked on every poll against the status columns.

A full read that came back partial is not cached: the next poll reads everything again.
The cache is bounded (least recently polled devices go first) and ``retain`` drops the
devices an inventory reload removed.
"""

from __future__ import annotations

import dataclasses
import sys
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from netmon.collectors.snmp import oids
from netmon.collectors.snmp.values import SnmpValue

Columns = dict[str, dict[str, SnmpValue]]

# Read every poll: what moves (status, counters, negotiated speed).
STATUS_IF = (oids.IF_SPEED, oids.IF_ADMIN_STATUS, oids.IF_OPER_STATUS, oids.IF_IN_OCTETS,
             oids.IF_IN_ERRORS, oids.IF_OUT_OCTETS, oids.IF_OUT_ERRORS)
STATUS_IFX = (oids.IF_HC_IN_OCTETS, oids.IF_HC_OUT_OCTETS, oids.IF_HIGH_SPEED)
# The same on an agent that has 64-bit counters and ifHighSpeed for every interface
# (known from its last full read): ifInOctets, ifOutOctets and ifSpeed say nothing more
# there, and are three of the ten columns (LibreNMS and Telegraf prefer HC counters too).
STATUS_IF_LEAN = (oids.IF_ADMIN_STATUS, oids.IF_OPER_STATUS, oids.IF_IN_ERRORS,
                  oids.IF_OUT_ERRORS)
_SHARED_MAX = 500_000  # distinct values shared between cached devices (PollCache._shared)
# Read with the inventory: what names an interface.
NAMES_IF = tuple(c for c in oids.IF_TABLE if c not in STATUS_IF)
NAMES_IFX = tuple(c for c in oids.IFX_TABLE if c not in STATUS_IFX)


@dataclass(frozen=True)
class PollPolicy:
    """``inventory_every_s=None``: every poll reads everything (``netmon scan``)."""

    inventory_every_s: float | None = None
    max_devices: int = 100_000


@dataclass(frozen=True)
class DeviceInventory:
    """The slow-changing part of one device, as last read in full."""

    read_at: float  # time.monotonic()
    sys_object_id: str | None
    names: Columns  # NAMES_IF + NAMES_IFX columns: the ifIndex-to-name map
    entities: Columns
    scalars: dict[str, SnmpValue]
    interfaces: frozenset[str]  # ifIndex suffixes when it was read
    hc: bool = False  # ifHCIn/OutOctets and ifHighSpeed for every ifTable row: STATUS_IF_LEAN


def interface_indexes(columns: Mapping[str, Mapping[str, SnmpValue]]) -> frozenset[str]:
    return frozenset(s for rows in columns.values() for s in rows)


def has_hc(if_columns: Mapping[str, Mapping[str, SnmpValue]]) -> bool:
    """64-bit counters and ifHighSpeed, with a value, for every ifTable row."""
    rows = {s for c in STATUS_IF_LEAN for s in if_columns.get(c, {})}
    return bool(rows) and all(
        rows <= {s for s, v in if_columns.get(c, {}).items() if not v.missing}
        for c in (oids.IF_HC_IN_OCTETS, oids.IF_HC_OUT_OCTETS, oids.IF_HIGH_SPEED))


class PollCache:
    def __init__(self, policy: PollPolicy | None = None) -> None:
        self.policy = policy or PollPolicy()
        self._entries: OrderedDict[str, DeviceInventory] = OrderedDict()
        self._uptime: dict[str, int] = {}
        self._values: dict[SnmpValue, SnmpValue] = {}  # see _shared

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def enabled(self) -> bool:
        """False without ``inventory_every_s`` (an ad hoc scan): ``store`` keeps nothing."""
        return self.policy.inventory_every_s is not None

    def usable(self, device: str, now: float, uptime_ticks: int | None,
               sys_object_id: str | None) -> DeviceInventory | None:
        """The cached inventory if this poll may reuse it (see the module doc)."""
        every = self.policy.inventory_every_s
        if every is None:
            return None
        last_uptime = self._uptime.get(device)
        if uptime_ticks is not None:
            self._uptime[device] = uptime_ticks
            if len(self._uptime) > self.policy.max_devices:
                self._uptime.pop(next(iter(self._uptime)))
        entry = self._entries.get(device)
        if entry is None:
            return None
        if now - entry.read_at >= every or entry.sys_object_id != sys_object_id:
            return None
        if uptime_ticks is None or (last_uptime is not None and uptime_ticks < last_uptime):
            return None
        self._entries.move_to_end(device)
        return entry

    def store(self, device: str, entry: DeviceInventory) -> None:
        if not self.enabled:
            return
        self._entries[device] = self._shared(entry)
        self._entries.move_to_end(device)
        while len(self._entries) > self.policy.max_devices:
            old, _ = self._entries.popitem(last=False)
            self._uptime.pop(old, None)

    def _shared(self, entry: DeviceInventory) -> DeviceInventory:
        """The entry with its row keys and values shared with the devices cached before.

        A city's switches are a few models: their ifIndex keys ("1".."52"), ifType,
        ifDescr and ifName values repeat from one device to the next, and each value kept
        apart costs some 180 bytes (a third of the daemon's memory at 3,000 devices).
        Values seen once (MACs, most aliases) gain nothing; the table of shared values is
        bounded (``_SHARED_MAX``), past which new values are kept apart."""
        table = self._values

        def one(value: SnmpValue) -> SnmpValue:
            got = table.get(value)
            if got is not None:
                return got
            if len(table) < _SHARED_MAX:
                table[value] = value
            return value

        def columns(cols: Columns) -> Columns:
            return {c: {sys.intern(k): one(v) for k, v in rows.items()}
                    for c, rows in cols.items()}

        return dataclasses.replace(
            entry, names=columns(entry.names), entities=columns(entry.entities),
            interfaces=frozenset(sys.intern(s) for s in entry.interfaces))

    def retain(self, devices: Iterable[str]) -> None:
        """Forget every device not in ``devices`` (after an inventory reload)."""
        keep = set(devices)
        for device in [d for d in self._entries if d not in keep]:
            del self._entries[device]
        for device in [d for d in self._uptime if d not in keep]:
            del self._uptime[device]
