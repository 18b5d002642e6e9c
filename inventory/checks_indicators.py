"""Checks across records for the fields of the programme's other indicators.

Single fields (URLs, kinds, zones, ports) are validated by their models; here is what
needs the file's place or the whole inventory: CA files that must exist, check ids unique
across agencies, user port ranges, and fields that would silently count for nothing
(warnings, not errors: the inventory still works).
"""

from __future__ import annotations

import re
from pathlib import Path

from netmon.errors import Problem
from netmon.inventory.loader import Collected
from netmon.inventory.services import INDICATOR_TARGETS, WebCheck

_RANGE = re.compile(r"^(\d+)-(\d+)$")


def is_indicator_target(name: str) -> bool:
    return name in INDICATOR_TARGETS


def ca_path(ca_file: str, record_file: str) -> Path:
    """A CA file as written (absolute, or relative to the inventory file naming it)."""
    path = Path(ca_file)
    return path if path.is_absolute() else Path(record_file).parent / path


def check_indicator_fields(c: Collected) -> None:
    first_check: dict[str, str] = {}
    for a in c.agencies.values():
        pos = c.pos[("agency", a.id)]
        webs: list[tuple[tuple[str | int, ...], WebCheck]] = \
            [(("portal",), a.portal)] if a.portal else []
        webs += [(("services", i), s) for i, s in enumerate(a.services)]
        for where, check in webs:
            if check.ca_file is not None and not ca_path(check.ca_file, pos.file).is_file():
                c.add(pos, pos.of(*where, "ca_file"),
                      f"agency {a.id}: CA file {check.ca_file} does not exist")
        for i, svc in enumerate(a.checks):
            if svc.id in first_check:
                c.add(pos, pos.of("checks", i, "id"), f"agency {a.id}: duplicate check id "
                      f"'{svc.id}' (first in agency {first_check[svc.id]})")
            first_check.setdefault(svc.id, a.id)
            if svc.ca_file is not None and not ca_path(svc.ca_file, pos.file).is_file():
                c.add(pos, pos.of("checks", i, "ca_file"),
                      f"agency {a.id}: check {svc.id}: CA file {svc.ca_file} does not exist")
        if a.checks and a.level != "data_centre":
            c.warnings.append(Problem(pos.file, pos.of("checks"), f"warning: agency {a.id}: "
                              "checks count toward the data centre indicator only in an "
                              "agency of level data_centre"))
    for d in c.devices.values():
        pos = c.pos[("device", d.id)]
        for i, port in enumerate(d.user_ports):
            m = _RANGE.match(port)
            if m and int(m.group(1)) > int(m.group(2)):
                c.add(pos, pos.of("user_ports", i) or pos.of("user_ports"),
                      f"device {d.id}: user_ports range '{port}' runs backwards")
        if d.user_ports and d.role != "lan_switch":
            c.warnings.append(Problem(pos.file, pos.of("user_ports"), f"warning: device {d.id}"
                              f": user_ports is read on lan_switch devices only "
                              f"(this one is a {d.role})"))
        agency = c.agencies.get(d.agency)
        if d.critical and agency is not None and agency.level != "data_centre":
            c.warnings.append(Problem(pos.file, pos.of("critical"), f"warning: device {d.id}: "
                              "critical counts only for devices of a data_centre agency"))
