"""Vendor rules: vendor, model, serial, OS and OS version from what a device says.

Order for every vendor: ENTITY-MIB chassis row first (model name, serial, software rev),
then what the vendor writes in sysDescr, then the vendor's own scalars (``extra``,
fetched in one GET only for vendors in ``oids.VENDOR_SCALARS``). A rule that cannot
tell leaves the field ``None``; it never guesses a value the device did not state.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from netmon.collectors.observation import HardwareComponent
from netmon.collectors.snmp import oids

# IANA private enterprise numbers -> netmon's lower-case vendor names.
ENTERPRISES: dict[int, str] = {
    9: "cisco", 11: "hpe", 14823: "aruba", 47196: "aruba", 2011: "huawei", 2636: "juniper",
    14988: "mikrotik", 8072: "net-snmp", 2021: "net-snmp", 30065: "arista", 674: "dell",
    6027: "dell", 12356: "fortinet", 41112: "ubiquiti", 4413: "ubiquiti", 890: "zyxel",
    11863: "tp-link", 25506: "h3c", 1916: "extreme", 1991: "brocade", 1588: "brocade",
    25461: "paloaltonetworks", 3902: "zte", 6527: "nokia", 6486: "alcatel-lucent",
    207: "allied-telesis", 171: "d-link", 4526: "netgear", 4881: "ruijie", 311: "microsoft",
    2620: "checkpoint", 8741: "sonicwall", 318: "apc", 6574: "synology", 3375: "f5",
    25053: "ruckus", 5624: "extreme", 1981: "emc", 2: "ibm", 42: "sun", 72: "apple",
}
_PRIVATE = "1.3.6.1.4.1."
_UNIX = ("Linux", "FreeBSD", "OpenBSD", "NetBSD", "SunOS", "Darwin", "AIX", "HP-UX")


@dataclass(frozen=True)
class DeviceClues:
    sys_descr: str | None
    sys_object_id: str | None
    chassis: HardwareComponent | None = None
    module_serial: str | None = None
    extra: dict[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Derived:
    vendor: str | None = None
    model: str | None = None
    serial: str | None = None
    os: str | None = None
    os_version: str | None = None


def enterprise(sys_object_id: str | None) -> int | None:
    if not sys_object_id or not sys_object_id.startswith(_PRIVATE):
        return None
    head = sys_object_id[len(_PRIVATE):].split(".")[0]
    return int(head) if head.isdigit() else None


def vendor_of(sys_object_id: str | None) -> str | None:
    number = enterprise(sys_object_id)
    return None if number is None else ENTERPRISES.get(number, f"enterprise-{number}")


def _search(pattern: str, text: str | None, flags: int = 0) -> str | None:
    if not text:
        return None
    match = re.search(pattern, text, flags)
    return match.group(1).strip(" ,") if match else None


def _generic_version(descr: str | None) -> str | None:
    return _search(r"\b[Vv]ersion[:\s]+([0-9][\w.()\-]*)", descr)


# --- per vendor: (os, version, model) from sysDescr + chassis -------------------------

def _cisco(descr: str, chassis_sw: str | None) -> tuple[str | None, str | None, str | None]:
    version = _search(r"\bVersion\s+([^\s,\[]+)", descr)
    if "NX-OS" in descr or "Nexus Operating System" in descr:
        os_name = "NX-OS"
    elif re.search(r"IOS[ -]?XR", descr):
        os_name = "IOS-XR"
    elif "Adaptive Security Appliance" in descr:
        os_name = "ASA"
    elif "Catalyst Operating System" in descr:
        os_name = "CatOS"
    elif descr.strip() == "Cisco Controller":  # wireless LAN controllers say only this
        os_name = "AireOS"
    elif (re.search(r"IOS[ -]?XE|_LINUX_IOSD|Virtual XE|CAT9K|\bIOSXE\b", descr)
          or re.search(r"Cisco IOS Software \[\w+\]", descr)
          # IOS-XE 3.x numbers its releases "03.06.04.E"; classic IOS always has "(...)".
          or (version and re.fullmatch(r"0\d\.\d{2}\.\d{2}\.?[A-Z]*", version))
          or (version and version.split(".")[0].isdigit() and int(version.split(".")[0]) >= 16)):
        os_name = "IOS-XE"
    elif "IOS" in descr or "Internetwork Operating System" in descr:
        os_name = "IOS"
    else:
        os_name = None
    return os_name, version or chassis_sw, None


def _cisco_image_version(extra: dict[str, str | None]) -> str | None:
    """Old IOS cuts sysDescr after its first line; CISCO-IMAGE-MIB still names the version."""
    for oid in oids.CISCO_IMAGE_STRINGS:
        if version := _search(r"^CW_VERSION\$([^$]+)\$", extra.get(oid)):
            return version
    return None


_VRP_RELEASE = r"\b(V\d{3}R\d{3}(?:C\d{2}[A-Z0-9]*)?)\b"


def _huawei(descr: str, chassis: HardwareComponent | None
            ) -> tuple[str | None, str | None, str | None]:
    chassis_sw = (chassis.software if chassis else None) or ""
    # VRP names itself in sysDescr, or in the chassis software revision as "VRP (R)
    # software, Version 5.160" or "Version 5.170 V200R012C00SPC500" (VRP's version + release).
    stated = any(k in text for text in (descr, chassis_sw)
                 for k in ("VRP", "Versatile Routing Platform"))
    vrp_pair = re.search(r"\bVersion\s+\d\.\d{2,3}\s*\(?\w*\s*" + _VRP_RELEASE, chassis_sw)
    os_name = "VRP" if stated or vrp_pair else None
    version = (_search(_VRP_RELEASE, chassis_sw) or _search(_VRP_RELEASE, descr)
               or _generic_version(descr) or _generic_version(chassis_sw))
    model = None
    for line in descr.split("\n"):  # a line that is only the model, e.g. "Quidway S2700-26TP"
        words = [w for w in line.split() if w.upper() not in ("HUAWEI", "QUIDWAY")]
        if len(words) == 1 and re.fullmatch(r"[A-Z][A-Z0-9]+(?:-[A-Za-z0-9+]+)+", words[0]):
            model = words[0]
            break
    model = model or _search(r"\(([A-Z][\w-]+) V\d{3}R", descr)
    if model is None and chassis and chassis.descr:
        model = _search(r"^(?:HUAWEI|Huawei|Quidway)\s+([A-Z][\w-]+)", chassis.descr)
    for text in (chassis.descr, chassis.name) if model is None and chassis else ():
        # NE/ME/CX routers name the chassis row "ME60-X8 frame" (no vendor word).
        model = model or _search(
            r"^([A-Z][A-Z0-9]*\d[A-Z0-9]*(?:-[A-Z0-9]+)*)\s+(?i:frame|chassis)\b", text)
    return os_name, version, model


def _hpe(descr: str, chassis_sw: str | None) -> tuple[str | None, str | None, str | None]:
    if "Comware" in descr:
        return _comware(descr)
    version = chassis_sw or _search(r"\brevision\s+([A-Z]{1,3}\.\d+\.\d+(?:\.\d+)?)", descr)
    model = _search(r"\b(J\d{4}[A-Z]|JL\d{3}[A-Z]|JG\d{3}[A-Z]|\d{6}-B21)\b", descr)
    os_name: str | None = None
    if version and re.fullmatch(r"[A-Z]{1,3}\.\d+\.\d+(?:\.\d+)?", version):
        major = int(version.split(".")[1])
        os_name = "ArubaOS-Switch" if major >= 16 or descr.startswith("Aruba") else "ProCurve"
    elif "ProCurve" in descr:
        os_name = "ProCurve"
    return os_name, version, model


def _comware(descr: str) -> tuple[str | None, str | None, str | None]:
    version = _search(r"Software Version ([\d.]+)", descr)
    release = _search(r"Release (\w+)", descr)
    if version and release:
        version = f"{version} Release {release}"
    elif release:  # "Product Version Release 2509P61"
        version = f"Release {release}"
    lines = descr.split("\n")
    # The model line closes a multi-line sysDescr; a one-line one ("H3C Comware Platform
    # Software LSQ1WCMD0. ...") names no model that this rule could trust.
    model = _search(r"^(?:HPE?|H3C)\s+(\S+)", lines[-1]) if len(lines) > 1 else None
    return "Comware", version, None if model == "Comware" else model


def _aruba(descr: str, chassis_sw: str | None) -> tuple[str | None, str | None, str | None]:
    if descr.startswith("ArubaOS"):  # controllers and APs (14823)
        return ("ArubaOS", _search(r"Version\s+([\d.]+)", descr),
                _search(r"\(MODEL:\s*([^)]+)\)", descr))
    version = _search(r"\b([A-Z]{2}\.\d{2}\.\d{2}\.\d{4}\w*)\b", descr) or chassis_sw
    return "AOS-CX", version, _search(
        r"^(?:HPE\s+)?Aruba(?:\s+Networking)?\s+(J[LN]\d{3}[A-Z]|R\d[A-Z0-9]{3}A)\b", descr)


def _juniper(descr: str, extra: dict[str, str | None]
             ) -> tuple[str | None, str | None, str | None]:
    version = _search(r"JUNOS\s+([^\s,\[]+)", descr)
    model = _search(r"Juniper Networks, Inc\.\s+(\S+)", descr)
    if model is None:
        model = _search(r"^Juniper\s+(\S+)", extra.get(oids.JNX_BOX_DESCR))
    return "JUNOS", version, model.upper() if model else None


def _part_number(model: str | None) -> bool:
    """Juniper's entPhysicalModelName holds an assembly part number, not the product."""
    return bool(model and re.fullmatch(r"\d{3}-\d{6}", model))


def _mikrotik(descr: str, extra: dict[str, str | None], chassis_descr: str | None
              ) -> tuple[str | None, str | None, str | None]:
    model = _search(r"^RouterOS\s+(\S+)", descr) or extra.get(oids.MTXR_BOARD)
    version = extra.get(oids.MTXR_SOFTWARE) or _search(r"RouterOS\s+v?(\d+\.\d+[\w.]*)", descr)
    if model and re.fullmatch(r"v?\d+\.\d+.*", model):  # "RouterOS 6.49" names a version
        model = extra.get(oids.MTXR_BOARD)
    # RouterOS's ENTITY-MIB chassis row: "RouterOS 6.40.5 (stable) on RB952Ui-5ac2nD".
    model = model or _search(r"^RouterOS\s.*\bon\s+(\S+)$", chassis_descr)
    version = version or _search(r"^RouterOS\s+v?(\d+\.\d+[\w.]*)", chassis_descr)
    return "RouterOS", version, model


def _unix(descr: str) -> tuple[str | None, str | None, str | None]:
    words = descr.split()
    if words and words[0] in _UNIX:
        return words[0], words[2] if len(words) > 2 else None, None
    return None, None, None


def _other(descr: str, chassis_sw: str | None) -> tuple[str | None, str | None, str | None]:
    if m := re.search(r"Arista Networks EOS version (\S+) running on an Arista Networks (\S+)",
                      descr):
        return "EOS", m.group(1), m.group(2)
    if m := re.search(r"ExtremeXOS \(([^)]+)\) version (\S+)", descr):
        return "EXOS", m.group(2), m.group(1)
    if "Comware" in descr:
        return _comware(descr)
    if m := re.search(r"(?:Inc\.|Ltd\.?),?\s+(\S+?),\s+(IronWare|FastIron)\s+Version\s+(\S+)",
                      descr):
        return m.group(2), m.group(3), m.group(1)
    if m := re.search(r"\bEdgeOS v?(\S+)", descr):
        return "EdgeOS", m.group(1), None
    if m := re.search(r"Software: Windows Version (\S+)", descr):
        return "Windows", m.group(1), None
    os_name, version, model = _unix(descr)
    if os_name:
        return os_name, version, model
    return None, chassis_sw or _generic_version(descr), None


def derive(clues: DeviceClues) -> Derived:
    vendor = vendor_of(clues.sys_object_id)
    descr = clues.sys_descr or ""
    if vendor == "h3c" and re.match(r"(?:HPE?|Hewlett[ -]Packard)\b", descr):
        vendor = "hpe"  # HPE FlexNetwork/FlexFabric (Comware) answer under H3C's number
    chassis = clues.chassis
    chassis_sw = chassis.software if chassis else None
    extra = clues.extra
    os_name: str | None
    if vendor == "cisco":
        os_name, version, model = _cisco(descr, chassis_sw)
        version = version or _cisco_image_version(extra)
    elif vendor == "huawei":
        os_name, version, model = _huawei(descr, chassis)
    elif vendor == "hpe":
        os_name, version, model = _hpe(descr, chassis_sw)
    elif vendor == "aruba":
        os_name, version, model = _aruba(descr, chassis_sw)
    elif vendor == "juniper":
        os_name, version, model = _juniper(descr, extra)
        if chassis and _part_number(chassis.model):
            chassis = dataclasses.replace(chassis, model=None)
        version = version or chassis_sw
    elif vendor == "mikrotik":
        os_name, version, model = _mikrotik(descr, extra, chassis.descr if chassis else None)
    elif vendor == "net-snmp":
        os_name, version, model = _unix(descr)
    else:
        os_name, version, model = _other(descr, chassis_sw)
    if vendor == "net-snmp" and os_name is None:
        os_name, version, model = _other(descr, chassis_sw)

    vendor_serial = {
        "cisco": oids.CISCO_CHASSIS_ID, "juniper": oids.JNX_BOX_SERIAL,
        "mikrotik": oids.MTXR_SERIAL, "hpe": oids.HP_SERIAL,
    }.get(vendor or "")
    serial = ((chassis.serial if chassis else None)
              or (extra.get(vendor_serial) if vendor_serial else None)
              or clues.module_serial)
    return Derived(
        vendor=vendor,
        model=(chassis.model if chassis else None) or model,
        serial=serial,
        os=os_name,
        os_version=version,
    )
