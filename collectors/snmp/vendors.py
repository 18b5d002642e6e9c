"""Vendor rules: vendor, model, serial, OS and OS version from what a device says.

Order for every vendor: ENTITY-MIB chassis row first (model name, serial, software rev),
then what the vendor writes in sysDescr, then the vendor's own scalars (``extra``,
fetched in one GET only for vendors in ``oids.VENDOR_SCALARS``). A rule that cannot
tell leaves the field ``None``; it never guesses a value the device did not state.

Where the chassis row names a series or a part number and the device states its own
model elsewhere, the device's own model wins: Juniper's row holds an assembly number,
ZTE's the series (9900 for a 9908), Huawei's and H3C's the vendor word before the model.
Vendor families live in their own modules: ``family_carrier`` (Huawei VRP, Comware),
``family_datacentre`` (iLO, iDRAC, Windows, ESXi, UPS/PDU), ``family_access`` (D-Link,
ZTE, Fortinet), ``family_switch`` (Zyxel, TP-Link, Netgear, Avaya, Alcatel-Lucent,
Hirschmann), ``family_appliance`` (Synology, QNAP, Sophos, NetScaler, Ruckus, BMCs,
printers), and ``family_forms`` for vendors whose facts sit in fixed places, one ``Form``
each (smaller UPS, PDU and sensor makers, console servers, radios, carrier Ethernet). The
vendor names come from ``enterprises.ENTERPRISES``; a box that answers with net-snmp's
number is named by the vendor whose own MIB answered (Synology's DSM).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable

from netmon.collectors.snmp import (
    family_access,
    family_appliance,
    family_carrier,
    family_datacentre,
    family_forms,
    family_switch,
    oids,
)
from netmon.collectors.snmp.clues import Derived, DeviceClues, generic_version, real_value
from netmon.collectors.snmp.clues import search as _search
from netmon.collectors.snmp.enterprises import ENTERPRISES
from netmon.collectors.snmp.products import product_model

__all__ = ["ENTERPRISES", "Derived", "DeviceClues", "derive", "enterprise", "vendor_of"]

_PRIVATE = "1.3.6.1.4.1."
_CISCO_SB = "1.3.6.1.4.1.9.6.1."  # CISCOSB-MIB: Small Business (Linksys-born) products
_UNIX = ("Linux", "FreeBSD", "OpenBSD", "NetBSD", "SunOS", "Darwin", "AIX", "HP-UX")

# Products sold under another vendor's enterprise number, told apart by sysDescr.
_DESCR_VENDOR: tuple[tuple[str, str, str], ...] = (
    ("h3c", r"^(?:HPE?|Hewlett[ -]Packard)\b", "hpe"),  # HPE FlexNetwork/FlexFabric (Comware)
    ("broadcom", r"^(?:EdgeSwitch|UniFi|USW)\b", "ubiquiti"),  # FASTPATH-based EdgeSwitch
)


def enterprise(sys_object_id: str | None) -> int | None:
    if not sys_object_id or not sys_object_id.startswith(_PRIVATE):
        return None
    head = sys_object_id[len(_PRIVATE):].split(".")[0]
    return int(head) if head.isdigit() else None


def vendor_of(sys_object_id: str | None) -> str | None:
    number = enterprise(sys_object_id)
    return None if number is None else ENTERPRISES.get(number, f"enterprise-{number}")


def vendor_for(sys_object_id: str | None, sys_descr: str | None) -> str | None:
    """``vendor_of``, corrected where a product answers under another vendor's number."""
    vendor = vendor_of(sys_object_id)
    for number_vendor, pattern, real in _DESCR_VENDOR:
        if vendor == number_vendor and re.match(pattern, sys_descr or ""):
            return real
    return vendor


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
    elif "Cisco Integrated Management Controller" in descr:  # UCS rack servers' BMC
        os_name = "CIMC"
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


def _hpe(descr: str, chassis_sw: str | None) -> tuple[str | None, str | None, str | None]:
    version = chassis_sw or _search(r"\brevision\s+([A-Z]{1,3}\.\d+\.\d+(?:\.\d+)?)", descr)
    model = _search(r"\b(J\d{4}[A-Z]|JL\d{3}[A-Z]|JG\d{3}[A-Z]|\d{6}-B21)\b", descr)
    os_name: str | None = None
    if version and re.fullmatch(r"[A-Z]{1,3}\.\d+\.\d+(?:\.\d+)?", version):
        major = int(version.split(".")[1])
        os_name = "ArubaOS-Switch" if major >= 16 or descr.startswith("Aruba") else "ProCurve"
    elif "ProCurve" in descr:
        os_name = "ProCurve"
    return os_name, version, model


def _aruba(descr: str, chassis_sw: str | None) -> tuple[str | None, str | None, str | None]:
    if descr.startswith("ArubaOS"):  # controllers and APs (14823)
        return ("ArubaOS", _search(r"Version\s+([\d.]+)", descr),
                _search(r"\(MODEL:\s*([^)]+)\)", descr))
    version = _search(r"\b([A-Z]{2}\.\d{2}\.\d{2}\.\d{4}\w*)\b", descr) or chassis_sw
    # "Aruba JL635A  GL.10.06.0001", "HPE ANW JL717C 8360-32Y4C v2 Switch LL.10.16.1006"
    # (ANW: HPE Aruba Networking): the product number.
    return "AOS-CX", version, _search(
        r"^(?:HPE\s+)?(?:Aruba(?:\s+Networking)?|ANW)\s+(J[LN]\d{3}[A-Z]|R\d[A-Z0-9]{3}A)\b",
        descr)


def _juniper(descr: str, extra: dict[str, str | None], junos_number: bool
             ) -> tuple[str | None, str | None, str | None]:
    """JUNOS boxes (2636); Trapeze WLCs and NetScreens (14525, 3224) run something else."""
    version = _search(r"JUNOS\s+([^\s,\[]+)", descr)
    if version is None and junos_number:  # sysDescr set to a host name: member 0's release
        version = extra.get(oids.JNX_VC_MEMBER0_VERSION)
    model = _search(r"Juniper Networks, Inc\.\s+(\S+)", descr)
    box = extra.get(oids.JNX_BOX_DESCR)
    if model is None and box and (vc := _search(r"^Juniper\s+(Virtual Chassis\b.*)$", box)):
        # A Virtual Chassis whose sysDescr names no member: the box says only what it is.
        return "JUNOS" if junos_number else None, version, vc
    if model is None:
        model = _search(r"^Juniper\s+(\S+)", box)
    if model is None and not junos_number:  # "Juniper Networks, Inc WLC2800 9.0.3.5 REL"
        model = _search(r"^Juniper Networks, Inc\.?\s+(WLC\w+)", descr)
        version = version or _search(r"^Juniper Networks, Inc\.?\s+WLC\w+\s+(\d[\d.]+)", descr)
    os_name = "JUNOS" if junos_number or "JUNOS" in descr else None
    return os_name, version, model.upper() if model else None


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
    """``Linux host 6.1.0-13-amd64 #1 SMP ...``: the kernel release after the host name.
    Some agents leave the host name out (``Linux 2.6.32.61 #1 ...``): the release is then
    the first word that starts with a digit, never ``#1``."""
    words = descr.split()
    if words and words[0] in _UNIX:
        release = next((w for w in words[1:3] if re.match(r"\d+\.\d+", w)), None)
        return words[0], release, None
    return None, None, None


def _other(descr: str, chassis_sw: str | None) -> tuple[str | None, str | None, str | None]:
    if m := re.search(r"Arista Networks EOS version (\S+) running on an Arista Networks (\S+)",
                      descr):
        return "EOS", m.group(1), m.group(2)
    if m := re.search(r"ExtremeXOS \(([^)]+)\) version (\S+)", descr):
        return "EXOS", m.group(2), m.group(1)
    if m := re.search(r"(?:Inc\.|Ltd\.?),?\s+(\S+?),\s+(IronWare|FastIron)\s+Version\s+(\S+)",
                      descr):
        return m.group(2), m.group(3), m.group(1)
    if m := re.match(r"NetApp Release (\d[\w.]*)", descr):
        return "ONTAP", m.group(1), None
    if m := re.match(r"Isilon OneFS .*?\bv(\d[\d.]+)", descr):
        return "OneFS", m.group(1), None
    if m := re.match(r"BDCOM\(tm\) (\S+) Software, Version (\S+)", descr):
        return None, m.group(2), m.group(1)
    if m := re.search(r"\bEdgeOS v?(\S+)", descr):
        return "EdgeOS", m.group(1), None
    if m := re.match(r"Enterasys Networks, Inc\. (\S+) Rev (\d\S*)", descr):
        return None, m.group(2), m.group(1)
    if m := re.match(r"(\S+), HiveOS (\d\S*(?: build-\d+)?)", descr):  # Aerohive APs
        return "HiveOS", m.group(2), m.group(1)
    if m := re.match(r"Data Domain OS (\d\S*)", descr):
        return "DD OS", m.group(1), None
    # bsnmpd on FreeBSD: "pfSense 2.3.2-RELEASE pfSense FreeBSD ...", "OPNsense <host>
    # 18.1.1-a5575d7bd OPNsense FreeBSD ...".
    if m := re.match(r"(pfSense|OPNsense)\s+(?:\S+\s+)?(\d[\w.-]*)\s", descr):
        return m.group(1), m.group(2), None
    if m := re.match(r"Meraki (M[A-Z]\w*(?:-[\w]+)*)", descr):  # "Meraki MS220-8P Cloud ..."
        return None, None, m.group(1)
    os_name, version, model = _unix(descr)
    if os_name:
        return os_name, version, model
    return None, chassis_sw or generic_version(descr), None


FamilyRule = Callable[[DeviceClues], Derived]
_FAMILIES: dict[str, FamilyRule] = {
    "huawei": family_carrier.huawei,
    "h3c": family_carrier.comware,
    "dell": family_datacentre.dell,
    "microsoft": family_datacentre.windows,
    "vmware": family_datacentre.esxi,
    "eaton": family_datacentre.eaton,
    "apc": family_datacentre.apc,
    "vertiv": family_datacentre.vertiv,
    "orvaldi": family_datacentre.orvaldi,
    "servertech": family_datacentre.sentry,
    "schleifenbauer": family_datacentre.schleifenbauer,
    "nokia": family_carrier.nokia,
    "ingrasys": family_datacentre.ipoman,
    "digipower": family_datacentre.digipower,
    "cambium": family_access.cambium,
    "phoenixtec": family_datacentre.ups_mib,
    "cyberpower": family_datacentre.cyberpower,
    "delta": family_datacentre.delta,
    "checkpoint": family_appliance.checkpoint,
    "d-link": family_access.dlink,
    "zte": family_access.zte,
    "fortinet": family_access.fortinet,
    "draytek": family_access.draytek,
    "brocade": family_access.brocade,
    "ruijie": family_access.ruijie,
    "dcn": family_access.dcn,
    "maipu": family_access.dcn,
    "ubiquiti": family_access.ubiquiti,
    "allied-telesis": family_access.allied_telesis,
    "synology": family_appliance.synology,
    "qnap": family_appliance.qnap,
    "sophos": family_appliance.sophos,
    "citrix": family_appliance.netscaler,
    "ruckus": family_appliance.ruckus,
    "supermicro": family_appliance.supermicro,
    "zyxel": family_switch.zyxel,
    "tp-link": family_switch.tplink,
    "netgear": family_switch.netgear,
    "avaya": family_switch.avaya,
    "alcatel-lucent": family_switch.alcatel_lucent,
    "hirschmann": family_switch.hirschmann,
}


def _family(vendor: str | None, clues: DeviceClues) -> Derived | None:
    """The family rule's answer, with the chassis row and host agents as fallbacks."""
    rule = _FAMILIES.get(vendor or "")
    if rule is None and vendor in family_forms.FORMS:
        rule = functools.partial(family_forms.derive, vendor)
    if vendor == "hpe":
        found = (family_carrier.comware(clues) if "Comware" in clues.descr
                 else family_datacentre.hpe_server(clues) or family_appliance.jetdirect(clues))
    elif vendor == "net-snmp" and any(family_datacentre.server_agents(clues)):
        os_name, version, _ = _unix(clues.descr)
        model, serial = family_datacentre.server_agents(clues)
        found = Derived(model=model, serial=serial, os=os_name, os_version=version)
    else:
        found = rule(clues) if rule else None
    if found is None:
        return None
    if (found.os is None and found.os_version is None and clues.descr.split()[:1]
            and clues.descr.split()[0] in _UNIX):
        # A vendor's box that says only that it runs Linux: the kernel. A box whose own
        # MIB states its firmware keeps that version, not labelled as the kernel's.
        os_name, version, _ = _unix(clues.descr)
        found = dataclasses.replace(found, os=os_name, os_version=version)
    chassis = clues.chassis
    chassis_model = real_value(chassis.model) if chassis else None
    return dataclasses.replace(
        found, vendor=vendor,
        model=found.model or (None if family_access.assembly_number(chassis_model)
                              else chassis_model) or product_model(clues.sys_object_id),
        serial=found.serial or (real_value(chassis.serial) if chassis else None))


def derive(clues: DeviceClues) -> Derived:
    vendor = vendor_for(clues.sys_object_id, clues.sys_descr)
    if vendor == "net-snmp":
        vendor = family_appliance.agent_vendor(clues) or vendor
    family = _family(vendor, clues)
    if family is not None:
        return family
    descr = clues.sys_descr or ""
    chassis = clues.chassis
    chassis_sw = chassis.software if chassis else None
    extra = clues.extra
    os_name: str | None
    model_descr: str | None = None
    if vendor == "cisco":
        os_name, version, model = _cisco(descr, chassis_sw)
        version = version or _cisco_image_version(extra)
        if (clues.sys_object_id or "").startswith(_CISCO_SB):
            # Small Business switches open sysDescr with the model: "SX550X-24F 24-Port
            # 10G SFP+ Stackable Managed Switch", "CBS350-24P-4G 24-Port Gigabit ...".
            model = _search(r"^([A-Z]{2,4}\d{3}[A-Z]?(?:-[0-9A-Z]+)+)\s", descr)
        if os_name == "AireOS":  # the WLC's inventory group (AIRESPACE-SWITCHING-MIB)
            model = model or real_value(extra.get(oids.AIRESPACE_MODEL))
            version = version or real_value(extra.get(oids.AIRESPACE_VERSION))
        if os_name == "CIMC":  # the server's compute board (UCS compute MIB)
            model = model or clues.first(oids.CUCS_BOARD_MODELS)
    elif vendor == "hpe":
        os_name, version, model = _hpe(descr, chassis_sw)
    elif vendor == "aruba":
        os_name, version, model = _aruba(descr, chassis_sw)
        # AOS-CX describes the product between its number and the release:
        # "Aruba JL679A 6100 12G CL4 2SFP+ 139W Swch PL.10.08.1050"
        model_descr = _search(r"^(?:HPE\s+)?(?:Aruba(?:\s+Networking)?|ANW)\s+J[LN]\d{3}[A-Z]"
                              r"\s+(.+?)\s+[A-Z]{2}\.\d{2}\.\d{2}\.\d{4}\w*$", descr)
    elif vendor == "juniper":
        os_name, version, model = _juniper(descr, extra, enterprise(clues.sys_object_id) == 2636)
        model_descr = real_value(extra.get(oids.JNX_BOX_DESCR))  # "Juniper VMX Internet ..."
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

    vendor_serials = {
        "cisco": (oids.CISCO_CHASSIS_ID, oids.AIRESPACE_SERIAL, *oids.CUCS_BOARD_SERIALS),
        "juniper": (oids.JNX_BOX_SERIAL,), "mikrotik": (oids.MTXR_SERIAL,),
        "hpe": (oids.HP_SERIAL,),
        "aruba": (oids.AI_AP_SERIAL,),  # Instant: the first AP of the cluster
    }.get(vendor or "", ())
    serial = ((real_value(chassis.serial) if chassis else None)
              or clues.first(vendor_serials)
              or clues.module_serial)
    return Derived(
        vendor=vendor,
        model=((real_value(chassis.model) if chassis else None) or model
               or product_model(clues.sys_object_id)),
        serial=serial,
        os=os_name,
        os_version=version,
        model_descr=model_descr,
    )
