"""End-user devices seen in an agency's LAN: MAC addresses learned on access ports.

The "civil servants with a computer" indicator counts distinct computers; the LAN switch
knows them as the MAC addresses it learned on the ports facing users:

- BRIDGE-MIB ``dot1dTpFdbTable`` and Q-BRIDGE-MIB ``dot1qTpFdbTable`` (per VLAN), walked
  together and merged (a MAC seen in two VLANs is one device); only ``learned`` entries
  count (not the switch's own ``self`` or ``mgmt`` MACs), never multicast addresses;
- bridge ports map to interfaces through ``dot1dBasePortIfIndex``;
- when the inventory names the switch's ``user_ports`` only they count; otherwise every
  port counts except those with more than ``many`` MACs, which are uplinks, trunks or a
  desk switch we cannot see behind (counting them would count the neighbours' computers);
- a switch without FDB answers nothing; the caller then falls back to the router's ARP
  table (``ipNetToPhysicalTable``, else ``ipNetToMediaTable``; static entries left out),
  which sees the hosts that talked beyond the LAN recently.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from netmon.collectors.snmp.client import SnmpClient
from netmon.collectors.snmp.values import SnmpValue

BASE_PORT_IFINDEX = "1.3.6.1.2.1.17.1.4.1.2"
FDB_PORT = "1.3.6.1.2.1.17.4.3.1.2"
FDB_STATUS = "1.3.6.1.2.1.17.4.3.1.3"
QFDB_PORT = "1.3.6.1.2.1.17.7.1.2.2.1.2"
QFDB_STATUS = "1.3.6.1.2.1.17.7.1.2.2.1.3"
IF_DESCR = "1.3.6.1.2.1.2.2.1.2"
IF_NAME = "1.3.6.1.2.1.31.1.1.1.1"
FDB_COLUMNS = (FDB_PORT, FDB_STATUS, QFDB_PORT, QFDB_STATUS, BASE_PORT_IFINDEX, IF_NAME,
               IF_DESCR)
ARP_PHYS = "1.3.6.1.2.1.4.35.1.4"  # ipNetToPhysicalPhysAddress
ARP_PHYS_TYPE = "1.3.6.1.2.1.4.35.1.6"  # 1 other 2 invalid 3 dynamic 4 static 5 local
ARP_MEDIA = "1.3.6.1.2.1.4.22.1.2"  # ipNetToMediaPhysAddress
ARP_MEDIA_TYPE = "1.3.6.1.2.1.4.22.1.4"  # 1 other 2 invalid 3 dynamic 4 static
ARP_COLUMNS = (ARP_PHYS, ARP_PHYS_TYPE, ARP_MEDIA, ARP_MEDIA_TYPE)

LEARNED = 3
MANY_MACS = 4  # more than this on one port: an uplink or trunk (see the module docstring)
_RANGE = re.compile(r"^(\d+)-(\d+)$")


@dataclass(frozen=True)
class AccessMacs:
    """What one device says about the end-user devices behind it."""

    macs: frozenset[str]
    source: str  # fdb (BRIDGE-MIB and/or Q-BRIDGE-MIB), arp, none (the tables were empty)
    ports: int = 0  # access ports with at least one counted MAC
    excluded: tuple[str, ...] = ()  # ports left out as uplinks or trunks


def _mac_from_index(suffix: str) -> str | None:
    parts = suffix.split(".")
    if len(parts) < 6:
        return None
    try:
        octets = [int(p) for p in parts[-6:]]
    except ValueError:
        return None
    if any(not 0 <= o <= 255 for o in octets) or octets[0] & 1 or not any(octets):
        return None  # multicast/broadcast or empty: not a computer
    return ":".join(f"{o:02x}" for o in octets)


def _mac_from_bytes(value: SnmpValue) -> str | None:
    raw = value.as_bytes()
    if raw is None or len(raw) != 6 or raw[0] & 1 or not any(raw):
        return None
    return ":".join(f"{b:02x}" for b in raw)


def _wanted(user_ports: Sequence[str]) -> tuple[set[int], set[str]]:
    indexes: set[int] = set()
    names: set[str] = set()
    for p in user_ports:
        m = _RANGE.match(p)
        if m:
            indexes.update(range(int(m.group(1)), int(m.group(2)) + 1))
        elif p.isdigit():
            indexes.add(int(p))
        else:
            names.add(p.lower())
    return indexes, names


def parse_fdb(cols: Mapping[str, Mapping[str, SnmpValue]], user_ports: Sequence[str] = (),
              many: int = MANY_MACS) -> AccessMacs:
    base = {k: v.as_int() for k, v in cols.get(BASE_PORT_IFINDEX, {}).items()}
    names = {int(k): (v.as_text() or "") for k, v in cols.get(IF_NAME, {}).items()
             if k.isdigit()}
    descrs = {int(k): (v.as_text() or "") for k, v in cols.get(IF_DESCR, {}).items()
              if k.isdigit()}
    by_port: dict[int, set[str]] = {}
    for port_col, status_col in ((FDB_PORT, FDB_STATUS), (QFDB_PORT, QFDB_STATUS)):
        statuses = cols.get(status_col, {})
        for suffix, value in cols.get(port_col, {}).items():
            status = statuses.get(suffix)
            if status is not None and status.as_int() not in (LEARNED, None):
                continue
            port, mac = value.as_int(), _mac_from_index(suffix)
            if port is None or port == 0 or mac is None:
                continue
            if_index = base.get(str(port)) or port
            by_port.setdefault(if_index, set()).add(mac)
    if not by_port:
        return AccessMacs(frozenset(), "none")

    def label(i: int) -> str:
        return names.get(i) or descrs.get(i) or str(i)

    indexes, wanted_names = _wanted(user_ports)
    counted: set[str] = set()
    ports = 0
    excluded: list[str] = []
    for if_index, macs in sorted(by_port.items()):
        if user_ports:
            named = {names.get(if_index, "").lower(), descrs.get(if_index, "").lower()}
            if if_index not in indexes and not named & wanted_names:
                continue
        elif len(macs) > many:
            excluded.append(label(if_index))
            continue
        counted |= macs
        ports += 1
    return AccessMacs(frozenset(counted), "fdb", ports, tuple(excluded))


def parse_arp(cols: Mapping[str, Mapping[str, SnmpValue]]) -> AccessMacs:
    """ipNetToPhysicalTable when the agent has it, else ipNetToMediaTable."""
    for phys_col, type_col in ((ARP_PHYS, ARP_PHYS_TYPE), (ARP_MEDIA, ARP_MEDIA_TYPE)):
        entries = cols.get(phys_col, {})
        if not entries:
            continue
        types = cols.get(type_col, {})
        macs = set()
        for suffix, value in entries.items():
            kind = types.get(suffix)
            if kind is not None and kind.as_int() in (2, 4, 5):  # invalid, static, local
                continue
            mac = _mac_from_bytes(value)
            if mac is not None:
                macs.add(mac)
        return AccessMacs(frozenset(macs), "arp")
    return AccessMacs(frozenset(), "none")


async def collect_access_macs(client: SnmpClient, user_ports: Sequence[str] = (),
                              many: int = MANY_MACS) -> AccessMacs:
    """A switch's learned MACs; raises SnmpError when the agent does not answer."""
    return parse_fdb(await client.walk(FDB_COLUMNS), user_ports, many)


async def collect_arp(client: SnmpClient) -> AccessMacs:
    """A router's ARP neighbours (the fallback); raises SnmpError when it does not answer."""
    return parse_arp(await client.walk(ARP_COLUMNS))
