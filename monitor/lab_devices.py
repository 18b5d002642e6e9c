"""Each lab device its own copy of a recorded walk: its own sysName, serial numbers, uptime.

Why: the lab's devices replay a handful of recordings, and snmpsim picks data by community,
so without this a whole city would show a dozen devices with one serial and one sysName,
and the inventory, the serial-change events and the dashboards would say things no real
network says. The copy changes values, never the OIDs or their order (snmpsim needs the
lines sorted), and it is deterministic from the device id: a lab brought up again shows
the same devices, and a poll of a restarted lab records no false serial change.

What changes, in the values netmon's SNMP rules read:
- sysName (``1.3.6.1.2.1.1.5.0``) becomes the device id;
- sysUpTime (``1.3.6.1.2.1.1.3.0``) starts at 1 to 400 days and ticks (snmpsim's
  ``numeric`` variation module, 100 ticks a second);
- every serial: the entPhysicalSerialNum rows and the vendor serial scalars. A serial keeps
  its shape (length, letters, digits, padding; the first three characters, a vendor's
  factory or item code, when it has eight or more), so it still looks like the vendor's
  own; one serial repeated in the recording (a chassis row and chassisId) stays one serial.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Final

from netmon.collectors.snmp import oids

SERIAL_SCALARS: Final = frozenset({oids.CISCO_CHASSIS_ID, oids.JNX_BOX_SERIAL,
                                   oids.MTXR_SERIAL, oids.HP_SERIAL})
_ENT_SERIAL_ROW: Final = oids.ENT_SERIAL + "."
# Lines that may change start with one of these (one C-level test for the other lines).
_TOUCHED: Final = (_ENT_SERIAL_ROW, "1.3.6.1.2.1.1.", *(o + "|" for o in sorted(SERIAL_SCALARS)))
_DAY_TICKS: Final = 86_400 * 100
_ENCODING: Final = "utf-8"  # with surrogateescape: any recorded byte goes through unchanged


def _stream(device_id: str, what: str, data: bytes, n: int) -> bytes:
    return hashlib.shake_256(b"\0".join((device_id.encode(), what.encode(), data))).digest(n)


def new_serial(device_id: str, serial: bytes) -> bytes:
    """``serial`` as this device's own: same shape, other letters and digits.

    Padding (spaces, NULs) does not count: ``FOC1234K001`` padded in one row and bare in
    another becomes one new serial."""
    core = serial.strip(b" \t\x00")
    at = serial.find(core) if core else 0
    keep = 3 if len(core) >= 8 else 0
    noise = _stream(device_id, "serial", core, len(core))
    out = bytearray(serial)
    for i, c in enumerate(core):
        if i < keep:
            continue
        for first, count in ((0x30, 10), (0x41, 26), (0x61, 26)):  # 0-9, A-Z, a-z
            if first <= c < first + count:
                out[at + i] = first + noise[i] % count
    return bytes(out)


def uptime_ticks(device_id: str) -> int:
    """When the device booted, as sysUpTime at the simulator's start: 1 to 400 days."""
    n = int.from_bytes(_stream(device_id, "uptime", b"", 8), "big")
    return _DAY_TICKS + n % (399 * _DAY_TICKS)


def _octets(value: bytes) -> str:
    """An OCTET STRING value field: plain when it is printable ASCII, else hex (``4x``)."""
    if all(0x20 <= b < 0x7F for b in value) and b"|" not in value:
        return "4|" + value.decode("ascii")
    return "4x|" + value.hex()


def _serial_line(device_id: str, oid: str, tag: str, raw: str) -> str:
    if tag == "4x":
        try:
            value = bytes.fromhex(raw)
        except ValueError:  # a recorder's mistake: kept as it was
            return f"{oid}|{tag}|{raw}"
        return f"{oid}|4x|{new_serial(device_id, value).hex()}"
    if tag != "4":  # a variation module's line or another type: not a serial we can vary
        return f"{oid}|{tag}|{raw}"
    value = raw.encode(_ENCODING, "surrogateescape")
    return f"{oid}|4|{new_serial(device_id, value).decode(_ENCODING, 'surrogateescape')}"


def vary(lines: Iterable[str], device_id: str) -> Iterator[str]:
    """The lines of a walk (without line ends), varied for ``device_id``.

    sysName and sysUpTime are added at their place when the recording lacks them."""
    ticks = uptime_ticks(device_id)
    system = {
        oids.SYS_UPTIME: f"{oids.SYS_UPTIME}|67:numeric|rate=100,initial={ticks}",
        oids.SYS_NAME: f"{oids.SYS_NAME}|{_octets(device_id.encode())}",
    }
    pending = sorted(system, key=_oid_key)  # not yet met in the recording
    for line in lines:
        if not pending and not line.startswith(_TOUCHED):
            yield line
            continue
        oid, sep, rest = line.partition("|")
        if not sep or line.startswith("#"):
            yield line
            continue
        if pending:  # the system group comes early: past it no OID is parsed
            key = _oid_key(oid)
            while pending and _oid_key(pending[0]) < key:
                yield system[pending.pop(0)]
            if pending and pending[0] == oid:
                pending.pop(0)
        if oid in system:
            yield system[oid]
        elif oid.startswith(_ENT_SERIAL_ROW) or oid in SERIAL_SCALARS:
            tag, _, raw = rest.partition("|")
            yield _serial_line(device_id, oid, tag, raw)
        else:
            yield line
    yield from (system[oid] for oid in pending)


def _oid_key(oid: str) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in oid.strip(".").split("."))
    except ValueError:
        return ()


def write_device_walk(walk: Path, device_id: str, dest: Path) -> None:
    """Write ``walk`` varied for ``device_id`` to ``dest`` (bytes outside the varied values
    are copied as recorded). A ``dest`` that already holds exactly that is left untouched
    (its mtime too: snmpsim rebuilds an index whenever its data file is newer)."""
    text = walk.read_text(encoding=_ENCODING, errors="surrogateescape")
    data = ("\n".join(vary(text.splitlines(), device_id)) + "\n").encode(
        _ENCODING, "surrogateescape")
    if dest.is_file() and dest.stat().st_size == len(data) and dest.read_bytes() == data:
        return
    # A new file, never a write through an old one: an earlier lab hard-linked the
    # recordings themselves into its data folder.
    tmp = dest.with_name(dest.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, dest)
