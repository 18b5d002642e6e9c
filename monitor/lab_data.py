"""What the lab's recordings become for the programme's other indicators.

Why: the lab replays a handful of recorded walks. Replayed as they are, a data centre would
show three servers with one CPU load and one disk, and every agency's switch would hold
the same 3 to 17 computers whatever its headcount, so the computers indicator would say
nothing a real city could. This module gives each device the data a real one of its kind
would have, computed from the inventory and deterministic from the ids (a lab brought up
again serves the same city):

- **servers** (role ``server``) replay the HOST-RESOURCES-MIB recording of a Linux server
  (``lab_walks/dc``) with their own CPU loads, disk and memory use, process count and
  ticking ``hrSystemUptime``;
- **UPS** (role ``ups``) replay the UPS-MIB recordings (Eaton 93E, Phoenixtec), in turn,
  each with its own charge, minutes of runtime and output load;
- **computers**: for every agency with ``staff``, the device that netmon counts it by (its
  first LAN switch with a forwarding table, else its first router's ARP table, as
  ``collectors/snmp/fdb.py`` reads them) learns MAC addresses for 62 to 108 % of the
  headcount: new ``learned`` BRIDGE-MIB entries on its access ports (its ``user_ports``
  when the inventory names them, else at most 4 a port: more would make the port an
  uplink), or new dynamic ``ipNetToMediaTable`` rows in the router's subnet. Their OUIs
  are those of the recording's own hosts. A switch without ``user_ports`` has a few dozen
  ports, so a big agency behind one stays short, as it would.

Everything else is the recording's; sysName, serials and sysUpTime are varied afterwards
by ``lab_devices`` as for every device. Walks are written to ``LAB/walks/``.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final, Protocol

from netmon.inventory import Inventory

DC_WALKS: Final = Path(__file__).resolve().with_name("lab_walks") / "dc"
SERVER_WALKS: Final = ("linux-centos7-server",)
UPS_WALKS: Final = ("ups-eaton-93e", "ups-phoenixtec")

BASE_PORT: Final = "1.3.6.1.2.1.17.1.4.1.2."
FDB: Final = "1.3.6.1.2.1.17.4.3.1."
QFDB: Final = "1.3.6.1.2.1.17.7.1.2.2.1."
ARP_MEDIA: Final = "1.3.6.1.2.1.4.22.1."
ARP_PHYS: Final = "1.3.6.1.2.1.4.35.1.4."
IF_NAME: Final = "1.3.6.1.2.1.31.1.1.1.1."
IF_DESCR: Final = "1.3.6.1.2.1.2.2.1.2."
MANY_MACS: Final = 4  # netmon's uplink rule (fdb.MANY_MACS): never more on an access port
ENCODING: Final = "utf-8"
_FALLBACK_OUIS: Final = (b"\x00\x14\x22", b"\x3c\xd9\x2b", b"\x54\xee\x75")  # Dell, HP, Lenovo


class _Device(Protocol):
    @property
    def device_id(self) -> str: ...
    @property
    def walk(self) -> Path: ...


def _h(*parts: str, n: int = 8) -> int:
    return int.from_bytes(hashlib.shake_256("\0".join(parts).encode()).digest(n), "big")


def _unit(*parts: str) -> float:
    """A number in [0, 1) fixed by ``parts``."""
    return _h(*parts) / 2 ** 64


def equipped_share(agency_id: str) -> float:
    """The share of an agency's staff with a computer in the lab: 55 % of agencies have
    one for everyone (100-108 %, printers and phones included), the rest 62-97 %."""
    u = _unit("equipped", agency_id)
    return 1.0 + (u / 0.55) * 0.08 if u < 0.55 else 0.62 + (u - 0.55) / 0.45 * 0.35


def _key(oid: str) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in oid.split("."))
    except ValueError:
        return ()


def _split(lines: Iterable[str]) -> list[tuple[str, str, str]]:
    out = []
    for line in lines:
        oid, _, rest = line.partition("|")
        tag, _, value = rest.partition("|")
        out.append((oid, tag, value))
    return out


def _join(rows: Iterable[tuple[str, str, str]]) -> list[str]:
    return [f"{o}|{t}|{v}" if t else o for o, t, v in rows]


def _only(lines: Iterable[str], *prefixes: str) -> list[tuple[str, str, str]]:
    """The rows of the tables under ``prefixes`` (one C-level test per line: a switch's
    walk has 45,000 of them)."""
    return _split(line for line in lines if line.startswith(prefixes))


def _merged(lines: Sequence[str], new: list[tuple[str, str, str]]) -> list[str]:
    """``new`` rows put in their place among ``lines`` (a recording, sorted by OID as
    snmpsim needs it): a binary search each, not a sort of the whole walk."""
    def key(line: str) -> tuple[int, ...]:
        return _key(line.partition("|")[0])

    out: list[str] = []
    start = 0
    for row in sorted(new, key=lambda r: _key(r[0])):
        i = bisect.bisect_left(lines, _key(row[0]), lo=start, key=key)
        out.extend(lines[start:i])
        out.extend(_join([row]))
        start = i
    out.extend(lines[start:])
    return out


def _scaled(value: str, factor: float, low: int, high: int) -> str:
    try:
        return str(max(low, min(high, round(int(value) * factor))))
    except ValueError:
        return value


# ------------------------------------------------------------------ servers, UPS

def vary_server(lines: Sequence[str], device_id: str) -> list[str]:
    """Its own CPU loads, storage use, process count and a ticking hrSystemUptime."""
    size: dict[str, int] = {}
    rows = _split(lines)
    for oid, _tag, value in rows:
        if oid.startswith("1.3.6.1.2.1.25.2.3.1.5."):
            size[oid.rsplit(".", 1)[1]] = int(value) if value.isdigit() else 0
    busy = 5 + _h("cpu", device_id) % 55
    out = []
    for oid, tag, value in rows:
        if oid.startswith("1.3.6.1.2.1.25.3.3.1.2."):  # hrProcessorLoad, per CPU
            value = str(min(100, busy + _h("cpu", device_id, oid) % 20))
        elif oid.startswith("1.3.6.1.2.1.25.2.3.1.6."):  # hrStorageUsed
            index = oid.rsplit(".", 1)[1]
            value = _scaled(value, 0.6 + _unit("disk", device_id, oid) * 0.8, 0,
                            size.get(index) or 2 ** 31 - 1)
        elif oid == "1.3.6.1.2.1.25.1.6.0":  # hrSystemProcesses
            value = str(110 + _h("procs", device_id) % 300)
        elif oid == "1.3.6.1.2.1.25.1.1.0":  # hrSystemUptime: ticks like sysUpTime
            days = 3 + _h("boot", device_id) % 180
            tag, value = "67:numeric", f"rate=100,initial={days * 8_640_000}"
        out.append((oid, tag, value))
    return _join(out)


def vary_ups(lines: Sequence[str], device_id: str) -> list[str]:
    """Its own battery charge, minutes of runtime left and output load (on mains)."""
    out = []
    load = 0.5 + _unit("load", device_id)
    for oid, tag, value in _split(lines):
        if oid == "1.3.6.1.2.1.33.1.2.4.0":  # upsEstimatedChargeRemaining
            value = str(92 + _h("charge", device_id) % 9)
        elif oid == "1.3.6.1.2.1.33.1.2.3.0" and value not in ("", "0"):  # minutes left
            value = _scaled(value, 1.5 - load * 0.5, 5, 10_000)
        elif oid.startswith("1.3.6.1.2.1.33.1.4.4.1.5."):  # upsOutputPercentLoad
            value = _scaled(value, load, 0, 95)
        out.append((oid, tag, value))
    return _join(out)


# ------------------------------------------------------------------ access MACs

def _mac_suffix(mac: bytes) -> str:
    return ".".join(str(b) for b in mac)


def _recorded_ouis(macs: Iterable[bytes]) -> list[bytes]:
    return sorted({m[:3] for m in macs if not m[0] & 3}) or list(_FALLBACK_OUIS)


def _new_macs(device_id: str, ouis: Sequence[bytes], taken: set[bytes], n: int) -> list[bytes]:
    out: list[bytes] = []
    i = 0
    while len(out) < n and i < 50 * n + 100:  # bounded; collisions are rare
        i += 1
        h = _h("mac", device_id, str(i))
        mac = ouis[h % len(ouis)] + (h >> 8).to_bytes(8, "big")[-3:]
        if mac not in taken:
            taken.add(mac)
            out.append(mac)
    return out


def fdb_ports(lines: Sequence[str]) -> dict[int, set[bytes]] | None:
    """``{bridge port: learned MACs}`` of the walk's forwarding tables (every bridge port
    listed, empty ones too), or None when it has no learned entry at all."""
    ports: dict[int, set[bytes]] = {}
    status: dict[str, str] = {}
    entries: list[tuple[str, str]] = []
    for oid, _tag, value in _only(lines, BASE_PORT, FDB, QFDB):
        if oid.startswith(BASE_PORT):
            ports.setdefault(int(oid[len(BASE_PORT):]), set())
        elif oid.startswith((FDB + "2.", QFDB + "2.")):
            entries.append((oid, value))
        elif oid.startswith((FDB + "3.", QFDB + "3.")):
            status[oid] = value
    learned = 0
    for oid, value in entries:
        table = FDB if oid.startswith(FDB) else QFDB
        state = status.get(f"{table}3.{oid[len(table) + 2:]}")
        suffix = oid.split(".")[-6:]
        if state not in (None, "3") or not value.isdigit() or value == "0":
            continue
        mac = bytes(int(p) for p in suffix)
        if mac[0] & 1:
            continue
        ports.setdefault(int(value), set()).add(mac)
        learned += 1
    return ports if learned else None


def _user_ports(lines: Sequence[str], ports: Iterable[int],
                user_ports: Sequence[str]) -> set[int]:
    """The bridge ports netmon counts for a switch with ``user_ports`` (fdb._wanted)."""
    indexes: set[int] = set()
    names: set[str] = set()
    for p in user_ports:
        lo, dash, hi = p.partition("-")
        if lo.isdigit() and (not dash or hi.isdigit()):
            indexes.update(range(int(lo), int(hi if dash else lo) + 1))
        else:
            names.add(p.lower())
    base: dict[int, int] = {}
    label: dict[int, set[str]] = {}
    for oid, tag, value in _only(lines, BASE_PORT, IF_NAME, IF_DESCR):
        if oid.startswith(BASE_PORT) and value.isdigit():
            base[int(oid[len(BASE_PORT):])] = int(value)
        elif oid.startswith((IF_NAME, IF_DESCR)) and tag in ("4", "4x"):
            text = bytes.fromhex(value).decode(errors="replace") if tag == "4x" else value
            label.setdefault(int(oid.rsplit(".", 1)[1]), set()).add(text.lower())
    return {p for p in ports if base.get(p, p) in indexes or label.get(base.get(p, p), set())
            & names}


def grow_fdb(lines: Sequence[str], device_id: str, want: int,
             user_ports: Sequence[str] = ()) -> tuple[list[str], int]:
    """New learned BRIDGE-MIB entries on access ports until ``want`` MACs count there.
    Without ``user_ports`` at most ``MANY_MACS`` a port (more make it an uplink); with
    them, on those ports only, as many as it takes. Returns the lines and the count."""
    ports = fdb_ports(lines) or {}
    if user_ports:
        wanted = _user_ports(lines, ports, user_ports)
        access = {p: macs for p, macs in ports.items() if p in wanted}
        per_port = max(MANY_MACS, -(-want // max(1, len(access))))
    else:
        access = {p: macs for p, macs in ports.items() if len(macs) <= MANY_MACS}
        per_port = MANY_MACS
    counted = set().union(*access.values()) if access else set()
    room = sum(max(0, per_port - len(m)) for m in access.values())
    add = max(0, min(want - len(counted), room))
    taken = set().union(*ports.values()) if ports else set()
    new = iter(_new_macs(device_id, _recorded_ouis(counted or taken), taken, add))
    rows: list[tuple[str, str, str]] = []
    placed = 0
    for level in range(1, per_port + 1):  # spread: every port its first, then a second
        for port, macs in sorted(access.items()):
            if placed >= add or len(macs) >= level:
                continue
            mac = next(new, None)
            if mac is None:
                break
            macs.add(mac)
            s = _mac_suffix(mac)
            rows += [(f"{FDB}1.{s}", "4x", mac.hex()), (f"{FDB}2.{s}", "2", str(port)),
                     (f"{FDB}3.{s}", "2", "3")]
            placed += 1
    return _merged(lines, rows) if placed else list(lines), len(counted) + placed


def arp_hosts(lines: Sequence[str]) -> dict[str, bytes] | None:
    """``{"ifIndex.a.b.c.d": MAC}`` of the dynamic ipNetToMediaTable rows; None when the
    walk has no such table or has ipNetToPhysicalTable (which netmon reads first)."""
    rows = _only(lines, ARP_MEDIA, ARP_PHYS)
    if any(o.startswith(ARP_PHYS) for o, _t, _v in rows):
        return None
    kinds = {o[len(ARP_MEDIA) + 2:]: v for o, _t, v in rows if o.startswith(ARP_MEDIA + "4.")}
    hosts = {}
    for oid, tag, value in rows:
        if oid.startswith(ARP_MEDIA + "2.") and tag == "4x" and len(value) == 12:
            index = oid[len(ARP_MEDIA) + 2:]
            if kinds.get(index) not in ("2", "4"):
                hosts[index] = bytes.fromhex(value)
    return hosts if kinds else None


def grow_arp(lines: Sequence[str], device_id: str, want: int) -> tuple[list[str], int]:
    """New dynamic ipNetToMediaTable rows in the busiest recorded subnet until ``want``
    hosts are there; past ``want``, the last recorded hosts leave the table."""
    hosts = arp_hosts(lines) or {}
    counted = {m for m in hosts.values() if not m[0] & 1 and any(m)}
    if not hosts or want == len(counted):
        return list(lines), len(counted)
    if want < len(counted):
        gone = {i for i, m in list(hosts.items())[want:]}
        kept = [line for line in lines if not (line.startswith(ARP_MEDIA) and line.partition(
            "|")[0][len(ARP_MEDIA) + 2:] in gone)]
        return kept, len({m for i, m in hosts.items() if i not in gone})
    by_net: dict[tuple[str, ...], int] = {}
    for index in hosts:
        parts = index.split(".")
        by_net[tuple(parts[:4])] = by_net.get(tuple(parts[:4]), 0) + 1
    if_index, a, b, c = max(by_net, key=lambda k: (by_net[k], k))
    used = set(hosts)
    rows: list[tuple[str, str, str]] = []
    for mac in _new_macs(device_id, _recorded_ouis(counted), set(counted), want - len(counted)):
        for _ in range(256):  # the next free address: .10 to .250, then the next subnet
            free = [f"{if_index}.{a}.{b}.{c}.{d}" for d in range(10, 251)
                    if f"{if_index}.{a}.{b}.{c}.{d}" not in used]
            if free:
                break
            c = str((int(c) + 1) % 256)
        index = free[0]
        used.add(index)
        ip = bytes(int(p) for p in index.split(".")[1:])
        rows += [(f"{ARP_MEDIA}1.{index}", "2", if_index), (f"{ARP_MEDIA}2.{index}", "4x",
                 mac.hex()), (f"{ARP_MEDIA}3.{index}", "64x", ip.hex()),
                 (f"{ARP_MEDIA}4.{index}", "2", "3")]
    return _merged(lines, rows), len(counted) + len(rows) // 4


# ------------------------------------------------------------------ the plan

@functools.lru_cache(maxsize=16)
def _read_cached(path: Path, mtime: float) -> tuple[str, ...]:
    return tuple(path.read_text(encoding=ENCODING, errors="surrogateescape").splitlines())


def _read(path: Path) -> list[str]:
    return list(_read_cached(path, path.stat().st_mtime))


@functools.lru_cache(maxsize=32)
def _has(table: str, path: Path, mtime: float) -> bool:
    lines = _read(path)
    return (fdb_ports(lines) if table == "fdb" else arp_hosts(lines)) is not None


def _write(lines: Sequence[str], dest: Path) -> None:
    data = ("\n".join(lines) + "\n").encode(ENCODING, "surrogateescape")
    if dest.is_file() and dest.read_bytes() == data:
        return  # unchanged: lab_devices then keeps its copy and snmpsim its index
    tmp = dest.with_name(dest.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(dest)


def prepare(lab: Path, inv: Inventory, devices: Sequence[_Device]
            ) -> tuple[dict[str, Path], dict[str, int]]:
    """``({device id: walk}, {agency id: computers given})``: the walks the lab changes
    (see the module), written under ``lab/walks``; the other devices keep theirs."""
    out_dir = lab / "walks"
    out_dir.mkdir(parents=True, exist_ok=True)
    by_id = {d.device_id: d for d in devices}
    walks: dict[str, Path] = {}
    texts: dict[str, list[str]] = {}
    ups = [d.device_id for d in devices if inv.devices[d.device_id].role == "ups"]
    for d in devices:
        role = inv.devices[d.device_id].role
        if role == "server":
            texts[d.device_id] = vary_server(_read(DC_WALKS / f"{SERVER_WALKS[0]}.snmprec"),
                                             d.device_id)
        elif role == "ups":
            name = UPS_WALKS[ups.index(d.device_id) % len(UPS_WALKS)]
            texts[d.device_id] = vary_ups(_read(DC_WALKS / f"{name}.snmprec"), d.device_id)
    counts: dict[str, int] = {}
    for agency in inv.agencies.values():
        if not agency.staff:
            continue
        want = round(agency.staff * equipped_share(agency.id))
        mine = [x.id for x in inv.devices_of(agency.id) if x.id in by_id]
        fdb = [i for i in mine if inv.devices[i].role == "lan_switch" and
               _has("fdb", by_id[i].walk, by_id[i].walk.stat().st_mtime)]
        if fdb:
            texts[fdb[0]], counts[agency.id] = grow_fdb(
                _read(by_id[fdb[0]].walk), fdb[0], want, inv.devices[fdb[0]].user_ports)
            continue
        arp = [i for i in mine if inv.devices[i].role == "wan_router" and
               _has("arp", by_id[i].walk, by_id[i].walk.stat().st_mtime)]
        if arp:
            texts[arp[0]], counts[agency.id] = grow_arp(_read(by_id[arp[0]].walk), arp[0], want)
    for device_id, lines in texts.items():
        dest = out_dir / f"{device_id}.snmprec"
        _write(lines, dest)
        walks[device_id] = dest
    for old in out_dir.glob("*.snmprec"):
        if old.stem not in walks:
            old.unlink()
    return walks, counts

