"""Pure parsing: recorded SNMP values -> DeviceFacts. No I/O, no pysnmp.

Inputs are keyed by numeric OID, exactly as ``SnmpClient`` returns them: ``system`` and
``extra`` map scalar OIDs to values; ``if_columns`` and ``ent_columns`` map a column OID to
``{index suffix: value}``. Anything missing, empty or "noSuch..." becomes ``None``.

Chassis rule (documented choice): the entPhysical row of class chassis that has no chassis
among its ancestors, lowest index first; in a stack (a ``stack`` row holding several
chassis) that is the member with the lowest index, usually switch 1. Without any chassis
row (agents that fill no class, or only containers and a stack), the first member of a
stack that names a model or serial stands in, else the first top-level row that does:
ESXi, for one, puts its SMBIOS box in a top-level row of class backplane.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from netmon.collectors.observation import (
    DeviceFacts,
    HardwareComponent,
    Interface,
    model_description,
    same_model,
)
from netmon.collectors.snmp import oids
from netmon.collectors.snmp.values import (
    MISSING_KINDS,
    NUMERIC_KINDS,
    SnmpValue,
    format_mac,
)
from netmon.collectors.snmp.vendors import DeviceClues, derive

Columns = Mapping[str, Mapping[str, SnmpValue]]
Scalars = Mapping[str, SnmpValue]

IANA_IF_TYPES = {
    1: "other", 6: "ethernetCsmacd", 22: "propPointToPointSerial", 23: "ppp",
    24: "softwareLoopback", 32: "frameRelay", 37: "atm", 49: "aal5", 53: "propVirtual",
    62: "fastEther", 69: "fastEtherFX", 71: "ieee80211", 77: "lapd", 81: "ds0", 94: "adsl",
    97: "vdsl", 117: "gigabitEthernet", 131: "tunnel", 135: "l2vlan", 136: "l3ipvlan",
    142: "ipForward", 150: "mplsTunnel", 161: "ieee8023adLag", 166: "mpls", 18: "ds1",
    30: "ds3", 209: "bridge", 244: "wwanPP2", 251: "vdsl2", 188: "radioMAC",
}
ENTITY_CLASSES = {
    1: "other", 2: "unknown", 3: "chassis", 4: "backplane", 5: "container", 6: "powerSupply",
    7: "fan", 8: "sensor", 9: "module", 10: "port", 11: "stack", 12: "cpu",
    13: "energyObject", 14: "battery", 15: "storageDrive",
}


def _get(columns: Columns, column: str, suffix: str) -> SnmpValue | None:
    value = columns.get(column, {}).get(suffix)
    return None if value is None or value.missing else value


def _text(columns: Columns, column: str, suffix: str) -> str | None:
    value = _get(columns, column, suffix)
    return value.as_text() if value else None


def _int(columns: Columns, column: str, suffix: str) -> int | None:
    value = _get(columns, column, suffix)
    return value.as_int() if value else None


def _indexes(columns: Columns, table: tuple[str, ...]) -> list[int]:
    found: set[int] = set()
    for column in table:
        found.update(int(s) for s in columns.get(column, {}) if s.isdigit())
    return sorted(found)


def _status(code: int | None) -> bool | None:
    return None if code is None else code == 1


def _num(rows: Mapping[str, SnmpValue], suffix: str) -> int | None:
    """``_int`` for one column's rows (looked up once per table, not once per cell)."""
    value = rows.get(suffix)
    if value is None or value[0] in MISSING_KINDS:
        return None
    if value[0] in NUMERIC_KINDS and isinstance(value[1], int):
        return value[1]
    return value.as_int()


def _txt(rows: Mapping[str, SnmpValue], suffix: str) -> str | None:
    """``_text`` for one column's rows."""
    value = rows.get(suffix)
    return None if value is None or value[0] in MISSING_KINDS else value.as_text()


def parse_interfaces(if_columns: Columns) -> tuple[Interface, ...]:
    """One Interface per ifTable row (ifXTable rows count only when ifTable is empty).

    Each column's rows are looked up once, not once per cell: a district's scan parses
    some 3,000 rows of 16 columns (benchmarks/README.md, scan district)."""
    indexes = _indexes(if_columns, oids.IF_TABLE) or _indexes(if_columns, oids.IFX_TABLE)
    empty: Mapping[str, SnmpValue] = {}
    (descr_c, type_c, high_c, speed_c, mac_c, hc_in_c, hc_out_c, name_c, alias_c, admin_c,
     oper_c, in_c, out_c, in_err_c, out_err_c) = (if_columns.get(c, empty) for c in (
        oids.IF_DESCR, oids.IF_TYPE, oids.IF_HIGH_SPEED, oids.IF_SPEED, oids.IF_PHYS_ADDRESS,
        oids.IF_HC_IN_OCTETS, oids.IF_HC_OUT_OCTETS, oids.IF_NAME, oids.IF_ALIAS,
        oids.IF_ADMIN_STATUS, oids.IF_OPER_STATUS, oids.IF_IN_OCTETS, oids.IF_OUT_OCTETS,
        oids.IF_IN_ERRORS, oids.IF_OUT_ERRORS))
    out = []
    for index in indexes:
        s = str(index)
        descr = _txt(descr_c, s)
        type_code = _num(type_c, s)
        high = _num(high_c, s)
        speed = high * 1_000_000 if high else _num(speed_c, s)
        if speed is None and high == 0:
            speed = 0
        mac_value = mac_c.get(s)
        hc_in = _num(hc_in_c, s)
        hc_out = _num(hc_out_c, s)
        out.append(Interface(
            index=index,
            name=_txt(name_c, s) or descr,
            descr=descr,
            alias=_txt(alias_c, s),
            type=None if type_code is None else IANA_IF_TYPES.get(type_code, str(type_code)),
            admin_up=_status(_num(admin_c, s)),
            oper_up=_status(_num(oper_c, s)),
            speed_bps=speed,
            mac=format_mac(mac_value.as_bytes())
            if mac_value is not None and mac_value[0] not in MISSING_KINDS else None,
            in_octets=hc_in if hc_in is not None else _num(in_c, s),
            out_octets=hc_out if hc_out is not None else _num(out_c, s),
            in_errors=_num(in_err_c, s),
            out_errors=_num(out_err_c, s),
        ))
    return tuple(out)


def parse_entities(ent_columns: Columns) -> tuple[HardwareComponent, ...]:
    """One HardwareComponent per entPhysicalTable row."""
    out = []
    for index in _indexes(ent_columns, oids.ENT_TABLE):
        s = str(index)
        class_code = _int(ent_columns, oids.ENT_CLASS, s)
        out.append(HardwareComponent(
            index=index,
            class_=None if class_code is None else ENTITY_CLASSES.get(class_code, str(class_code)),
            name=_text(ent_columns, oids.ENT_NAME, s),
            descr=_text(ent_columns, oids.ENT_DESCR, s),
            model=_text(ent_columns, oids.ENT_MODEL, s),
            serial=_text(ent_columns, oids.ENT_SERIAL, s),
            hardware_rev=_text(ent_columns, oids.ENT_HARDWARE_REV, s),
            firmware=_text(ent_columns, oids.ENT_FIRMWARE_REV, s),
            software=_text(ent_columns, oids.ENT_SOFTWARE_REV, s),
            parent=_int(ent_columns, oids.ENT_CONTAINED_IN, s),
        ))
    return tuple(out)


def _ancestors(row: HardwareComponent, by_index: Mapping[int, HardwareComponent]
               ) -> list[HardwareComponent]:
    chain: list[HardwareComponent] = []
    seen = {row.index}
    parent = row.parent
    while parent and parent in by_index and parent not in seen:  # bounded: no cycles
        seen.add(parent)
        chain.append(by_index[parent])
        parent = by_index[parent].parent
    return chain


def find_chassis(hardware: tuple[HardwareComponent, ...]) -> HardwareComponent | None:
    by_index = {h.index: h for h in hardware}
    for row in hardware:  # sorted by index
        if row.class_ == "chassis" and not any(
                a.class_ == "chassis" for a in _ancestors(row, by_index)):
            return row
    named = [row for row in hardware if row.model or row.serial]
    for row in named:  # a stack without chassis rows: its first member that names itself
        parent = by_index.get(row.parent or 0)
        if parent is not None and parent.class_ == "stack" and row.class_ != "stack":
            return row
    for row in named:  # no class at all, or containers only: the first top-level row
        if not row.parent and row.class_ != "stack":
            return row
    return None


def _model_descr(rows: tuple[HardwareComponent | None, ...], model: str | None,
                 vendor_words: str | None) -> str | None:
    """The first description that says more than ``model``: of ``rows`` (the stack, then
    the chassis) only those of the model reported or naming none (Dell OS 9's chassis row
    names the MXL platform on an S4048-ON), then the vendor's own words for the box."""
    texts = [row.descr for row in rows if row is not None and (
        not (row.model or "").strip() or not model or same_model(row.model or "", model))]
    return next(filter(None, (model_description(t, model) for t in (*texts, vendor_words))),
                None)


def stack_of(chassis: HardwareComponent | None,
             hardware: tuple[HardwareComponent, ...]) -> HardwareComponent | None:
    """The outermost stack row holding the chassis: the device is that stack."""
    if chassis is None:
        return None
    by_index = {h.index: h for h in hardware}
    stacks = [a for a in _ancestors(chassis, by_index) if a.class_ == "stack"]
    return stacks[-1] if stacks else None


def module_serial(chassis: HardwareComponent | None,
                  hardware: tuple[HardwareComponent, ...]) -> str | None:
    """The first serial of a module inside the chassis (Huawei puts the ESN on the MPU)."""
    if chassis is None:
        return None
    by_index = {h.index: h for h in hardware}
    for row in hardware:
        if row.class_ == "module" and row.serial and chassis in _ancestors(row, by_index):
            return row.serial
    return None


def first_rows(columns: Columns) -> dict[str, SnmpValue]:
    """Each column's first row (lowest index), keyed by the column (``VENDOR_TABLES``)."""
    first = {}
    for column, rows in columns.items():
        indexes = [i for i, v in rows.items() if not v.missing]
        if indexes:
            index = min(indexes, key=lambda i: tuple(int(p) for p in i.split(".") if p.isdigit()))
            first[column] = rows[index]
    return first


def table_values(columns: Columns) -> dict[str, SnmpValue]:
    """A vendor table as the rules read it: each column's first row keyed by the column,
    and every row keyed by its own OID (a rule that knows the index reads that row)."""
    rows = {f"{column}.{index}": value for column, cells in columns.items()
            for index, value in cells.items() if not value.missing}
    return {**rows, **first_rows(columns)}


def parse_device(system: Scalars, if_columns: Columns, ent_columns: Columns,
                 extra: Scalars | None = None) -> DeviceFacts:
    """DeviceFacts from the system group, IF-MIB and ENTITY-MIB columns and vendor scalars."""
    def scalar(oid: str) -> str | None:
        value = system.get(oid)
        return value.as_text() if value is not None else None

    uptime = system.get(oids.SYS_UPTIME)
    ticks = uptime.as_int() if uptime is not None else None
    interfaces = parse_interfaces(if_columns)
    hardware = parse_entities(ent_columns)
    chassis = find_chassis(hardware)
    extras = {k: v.as_text() for k, v in (extra or {}).items()}
    clues = DeviceClues(
        sys_descr=scalar(oids.SYS_DESCR),
        sys_object_id=scalar(oids.SYS_OBJECT_ID),
        chassis=chassis,
        module_serial=module_serial(chassis, hardware),
        extra=extras,
    )
    derived = derive(clues)
    facts = DeviceFacts(
        sys_name=scalar(oids.SYS_NAME),
        sys_descr=clues.sys_descr,
        sys_object_id=clues.sys_object_id,
        uptime_s=None if ticks is None else ticks / 100.0,
        sys_location=scalar(oids.SYS_LOCATION),
        sys_contact=scalar(oids.SYS_CONTACT),
        vendor=derived.vendor,
        model=derived.model,
        # "Aruba 6200 VSF Stack", "Aruba 8325 1-slot Chassis", jnxBoxDescr
        model_descr=_model_descr((stack_of(chassis, hardware), chassis), derived.model,
                                 derived.model_descr),
        serial=derived.serial,
        os=derived.os,
        os_version=derived.os_version,
        interfaces=interfaces,
        hardware=hardware,
    )
    sources = {k: "snmp" for k in DeviceFacts.SCALARS if getattr(facts, k) is not None}
    return dataclasses.replace(facts, sources=sources)
