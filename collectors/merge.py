"""One inventory record from what SNMP and SSH said about the same device.

Who wins, field by field, and why:

- ``model``, ``serial``, ``os``, ``os_version``: **ssh**. The CLI prints them
  exactly (``show version``); SNMP often reaches them only by vendor fallbacks
  that parse ``sysDescr``, or lacks them (no ENTITY-MIB, v1 half-tables).
- ``sys_name``, ``sys_descr``, ``sys_object_id``, ``sys_location``,
  ``sys_contact``, ``vendor``: **snmp**. They are the system group itself; the
  CLI hostname may come from a truncated prompt (IOS cuts it at 16 characters).
- ``uptime_s``: **snmp**. sysUpTime counts centiseconds, the CLI rounds to
  minutes; the two are read at different instants, so they never count as a
  conflict.
- ``interfaces``: **snmp** (ifTable/ifXTable; the SSH collector reads none).
- ``hardware``: **snmp** when ENTITY-MIB gave components (it has classes,
  parents, firmware), else **ssh** (``show inventory``).

A field only one side knows comes from that side. Where both know a scalar and
disagree after normalising case and whitespace, ``conflicts[field]`` keeps both
values; the monitor turns that into a ``netmon_event``.
"""

from __future__ import annotations

from typing import Any

from netmon.collectors.observation import DeviceFacts

SSH_FIRST = frozenset({"model", "serial", "os", "os_version"})
NEVER_CONFLICT = frozenset({"uptime_s"})


def _norm(value: Any) -> str:
    return " ".join(str(value).split()).casefold()


def _source(facts: DeviceFacts, name: str, default: str) -> str:
    return facts.sources.get(name, default)


def merge_facts(snmp: DeviceFacts | None, ssh: DeviceFacts | None) -> DeviceFacts:
    """Pure: the merged record with ``sources`` per field and ``conflicts`` kept."""
    if snmp is None and ssh is None:
        return DeviceFacts()
    if snmp is None or ssh is None:
        only = snmp or ssh
        assert only is not None
        return only

    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    conflicts: dict[str, dict[str, str]] = {}
    for name in DeviceFacts.SCALARS:
        a, b = getattr(snmp, name), getattr(ssh, name)
        order = ((ssh, b, "ssh"), (snmp, a, "snmp")) if name in SSH_FIRST else (
            (snmp, a, "snmp"), (ssh, b, "ssh"))
        for facts, value, origin in order:
            if value is not None:
                values[name] = value
                sources[name] = _source(facts, name, origin)
                break
        if (a is not None and b is not None and name not in NEVER_CONFLICT
                and _norm(a) != _norm(b)):
            conflicts[name] = {"snmp": str(a), "ssh": str(b)}

    interfaces = snmp.interfaces or ssh.interfaces
    if interfaces:
        sources["interfaces"] = "snmp" if snmp.interfaces else "ssh"
    hardware = snmp.hardware or ssh.hardware
    if hardware:
        sources["hardware"] = "snmp" if snmp.hardware else "ssh"
    return DeviceFacts(
        **values, interfaces=interfaces, hardware=hardware, sources=sources,
        conflicts=conflicts,
    )
