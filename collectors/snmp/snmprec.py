"""Read snmpsim recordings (``OID|tag|value`` lines) into SnmpValues, for pure tests and the lab.

``load(path)`` keeps the first value of a repeated OID (recordings repeat their last line)
and skips comments. ``facts_from_walk`` slices a flat walk the way the collector asks the
agent (system group, IF-MIB and ENTITY-MIB columns, vendor scalars) and parses it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from netmon.collectors.observation import DeviceFacts
from netmon.collectors.snmp import oids
from netmon.collectors.snmp.parse import parse_device, table_values
from netmon.collectors.snmp.values import SnmpValue
from netmon.collectors.snmp.vendors import vendor_of


def parse_lines(lines: Sequence[str]) -> dict[str, SnmpValue]:
    out: dict[str, SnmpValue] = {}
    for line in lines:
        line = line.rstrip("\r\n")
        if not line or line.startswith("#") or line.count("|") < 2:
            continue
        oid, tag, raw = line.split("|", 2)
        oid = oid.strip(".")
        if oid and oid not in out:
            out[oid] = SnmpValue.from_snmprec(tag, raw)
    return out


def load(path: Path) -> dict[str, SnmpValue]:
    return parse_lines(path.read_text(encoding="utf-8", errors="surrogateescape").splitlines())


def columns(walk: Mapping[str, SnmpValue], cols: Sequence[str]) -> dict[str, dict[str, SnmpValue]]:
    """``{column: {suffix: value}}`` as ``SnmpClient.walk`` would return them."""
    out: dict[str, dict[str, SnmpValue]] = {c: {} for c in cols}
    for oid, value in walk.items():
        for col in cols:
            if oid.startswith(col + "."):
                out[col][oid[len(col) + 1:]] = value
                break
    return out


def facts_from_walk(walk: Mapping[str, SnmpValue]) -> DeviceFacts:
    system = {o: walk[o] for o in oids.SYSTEM if o in walk}
    sys_oid = walk.get(oids.SYS_OBJECT_ID)
    vendor = vendor_of(sys_oid.as_text() if sys_oid else None)
    extra = {o: walk[o] for o in oids.VENDOR_SCALARS.get(vendor or "", ()) if o in walk}
    extra.update(table_values(columns(walk, oids.VENDOR_TABLES.get(vendor or "", ()))))
    return parse_device(system, columns(walk, oids.IF_TABLE + oids.IFX_TABLE),
                        columns(walk, oids.ENT_TABLE), extra)
