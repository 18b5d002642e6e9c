"""Huawei VRP and H3C/HPE Comware: the model as each writes it, never the series.

Huawei writes its model at the start of sysDescr (``Huawei AR129 Huawei Versatile Routing
Platform ...``), on a line of its own (``S5720-36C-EI-AC``, ``HUAWEI NetEngine 8000 M8``,
or after the family on YunShan OS: ``HUAWEI CloudEngine S6750-H``),
or only in the chassis row (``HUAWEI S12704 chassis``, ``ME60-X8 frame``). The
parenthesis after the VRP version (``(S5720 V200R007...)``, ``(AR1xx V200R...)``) names
the software's platform series, so it is never taken as the model.

Comware writes ``H3C <model>`` or ``HPE <model> Switch`` in sysDescr and in the chassis
row's entPhysicalModelName or entPhysicalDescr; the vendor word is not part of the model.
Wireless controllers and boards write ``H3C Comware Platform Software [H3C ]<model>.
Product Version ...``; a recorded LSQ1WCMD0 shows the same name in its chassis row.
"""

from __future__ import annotations

import re

from netmon.collectors.observation import HardwareComponent
from netmon.collectors.snmp import oids
from netmon.collectors.snmp.clues import (
    Derived,
    DeviceClues,
    generic_version,
    search,
    without_vendor,
)

_VRP_RELEASE = r"\b(V\d{3}R\d{3}(?:C\d{2}[A-Z0-9]*)?)\b"
_MODEL = r"[A-Z][A-Z0-9]*\d[A-Za-z0-9]*(?:-[A-Za-z0-9+]+)*"


def _huawei_model(descr: str, chassis: HardwareComponent | None) -> str | None:
    # "Huawei AR129 Huawei Versatile Routing Platform ...": the model opens sysDescr.
    model = search(rf"^(?:Huawei|HUAWEI|Quidway)\s+({_MODEL})\s+(?:Huawei|HUAWEI)\s+Versatile",
                   descr)
    for line in descr.split("\n") if model is None else ():
        line = line.strip()
        # Carrier routers: "HUAWEI NetEngine 8000 M8" / "Huawei NetEngine40E" on a line.
        if m := re.match(r"^(?:HUAWEI|Huawei)\s+(NetEngine\s?\d+[A-Z]*(?:[- ][A-Z]+\d+[A-Z]*)?)\b",
                         line):
            model = m.group(1)
            break
        # YunShan OS names the family before the model: "HUAWEI CloudEngine S6750-H".
        if m := re.match(rf"^(?:HUAWEI|Huawei)\s+CloudEngine\s+({_MODEL})\s*$", line):
            model = m.group(1)
            break
        words = [w for w in line.split() if w.upper() not in ("HUAWEI", "QUIDWAY")]
        if len(words) == 1 and re.fullmatch(r"[A-Z][A-Z0-9]+(?:-[A-Za-z0-9+]+)+", words[0]):
            model = words[0]  # a line that is only the model: "Quidway S2700-26TP"
            break
    if model is None and len(descr.split()) == 1 and re.fullmatch(_MODEL, descr.strip()):
        model = descr.strip()  # sysDescr that is only the model: "S12704"
    if model is None and chassis is not None:
        model = without_vendor(chassis.model)
        model = model or search(rf"^(?:HUAWEI|Huawei|Quidway)\s+({_MODEL})", chassis.descr)
        for text in (chassis.descr, chassis.name) if model is None else ():
            # NE/ME/CX routers name the chassis row "ME60-X8 frame" (no vendor word).
            model = model or search(rf"^({_MODEL})\s+(?i:frame|chassis)\b", text)
    return model


def huawei(clues: DeviceClues) -> Derived:
    descr, chassis = clues.descr, clues.chassis
    if product := clues.scalar(oids.IBMC_PRODUCT):  # a server's iBMC ("RH2288H V3")
        return Derived(model=product, serial=clues.scalar(oids.IBMC_SERIAL), os="iBMC",
                       os_version=clues.scalar(oids.IBMC_FIRMWARE))
    chassis_sw = (chassis.software if chassis else None) or ""
    # VRP names itself in sysDescr, or in the chassis software revision as "VRP (R)
    # software, Version 5.160" or "Version 5.170 V200R012C00SPC500" (VRP's version + release).
    stated = any(k in text for text in (descr, chassis_sw)
                 for k in ("VRP", "Versatile Routing Platform"))
    vrp_pair = re.search(r"\bVersion\s+\d\.\d{2,3}\s*\(?\w*\s*" + _VRP_RELEASE, chassis_sw)
    version = (search(_VRP_RELEASE, chassis_sw) or search(_VRP_RELEASE, descr)
               or generic_version(descr) or generic_version(chassis_sw))
    return Derived(model=_huawei_model(descr, chassis),
                   serial=(chassis.serial if chassis else None) or clues.module_serial,
                   os="VRP" if stated or vrp_pair
                   else "YunShan OS" if "YunShan OS" in descr else None,
                   os_version=version)


def _comware_model(descr: str, chassis: HardwareComponent | None) -> str | None:
    if chassis is not None:
        model = without_vendor(chassis.model)
        if model and model.upper() not in ("STACK MODE",):
            return re.sub(r"^(?:Switch|Router)\s+", "", model)
        # entPhysicalDescr "HPE 5130-24G-4SFP+ EI Switch" / "H3C S5560-30C-EI".
        if m := re.match(r"^(?:HPE?|H3C)\s+(?!Comware|Series)(\S.*?)(?:\s+Switch)?$",
                         chassis.descr or ""):
            return m.group(1)
    lines = descr.split("\n")
    for line in lines[1:]:  # the model line of a multi-line sysDescr
        if m := re.match(r"^(?:HPE?|H3C)\s+(?!Comware)(\S.*?)(?:\s+Switch)?\s*$", line.strip()):
            return m.group(1)
    # One line: "... Release 2416 HP FF 5700-40XG-2QSFP  Switch Copyright (c) ...".
    return (search(r"\bRelease \w+,?\s+(?:HPE?|H3C)\s+(\S.*?)\s+Switch\b", lines[0])
            or search(r"^H3C\s+(?:Switch\s+)?(\S+)\s+Software Version\b", lines[0])
            or search(r"^H3C Comware Platform Software (?:H3C\s+)?(\S+)\.\s+Product Version",
                      lines[0]))


def comware(clues: DeviceClues) -> Derived:
    descr, chassis = clues.descr, clues.chassis
    version = search(r"Software Version ([\d.]+)", descr)
    release = search(r"Release (\w+)", descr)
    if version and release:
        version = f"{version} Release {release}"
    elif release:  # "Product Version Release 2509P61"
        version = f"Release {release}"
    # H3C has no other OS: "H3C Switch E528 Software Version 5.20" is Comware 5.20.
    stated = "Comware" in descr or (descr.startswith("H3C") and version is not None)
    return Derived(model=_comware_model(descr, chassis),
                   serial=chassis.serial if chassis else None,
                   os="Comware" if stated else None, os_version=version)


def nokia(clues: DeviceClues) -> Derived:
    """Nokia SR OS / SAS (TiMOS). sysDescr gives the release ("TiMOS-C-10.0.R4 ..."); the
    model is the name of chassis 1's type (tmnxChassisTypeName indexed by tmnxChassisType),
    the serial that of the hardware row whose class is chassis (tmnxHwClass 3)."""
    chassis_type = clues.scalar(oids.TMNX_CHASSIS_TYPE)
    prefix = oids.TMNX_HW_CLASS + "."
    rows = [oid[len(prefix):] for oid, value in clues.extra.items()
            if oid.startswith(prefix) and value == "3"]
    return Derived(
        model=clues.scalar(f"{oids.TMNX_CHASSIS_TYPE_NAME}.{chassis_type}") if chassis_type
        else None,
        serial=clues.scalar(f"{oids.TMNX_HW_SERIAL}.{rows[0]}") if rows else None,
        os="TiMOS" if clues.descr.startswith("TiMOS") else None,
        os_version=search(r"^TiMOS-[A-Z]+-(\d\S*)", clues.descr))
