"""Low-cost access gear and firewalls: what they state, where they state it.

- D-Link DES/DGS/DXS: the model in sysDescr (``D-Link DES-3028 Fast Ethernet Switch``,
  ``WS6-DGS-1210-52/F1 6.10.007``), the firmware in sysDescr's tail or in RMON-MIB
  probeSoftwareRev (``Build 4.04.004``), the serial in DLINK-AGENT-MIB.
- ZTE ZXR10: ``ZTE ZXR10 9908 Software, 9900 Version: V1.01.10.B19P06``: the model is the
  word after ZXR10 (9908); 9900 is the series, and the chassis row that says 9900 loses.
- DrayTek Vigor: model and firmware in sysDescr only (``Router Model: Vigor2920 Series,
  Version: 3.8.8.2``).
- Fortinet: FortiOS's version from fgSysVersion (the chassis row's software revision
  prefixes the model); model and serial from the chassis row, else fnSysSerial.
"""

from __future__ import annotations

import re

from netmon.collectors.snmp import family_appliance, oids
from netmon.collectors.snmp.clues import Derived, DeviceClues, real_value, search

_DLINK_MODEL = r"\b((?:DES|DGS|DXS|DWS|DMS|DSR|DFL|DWL|DAP)-\d[0-9A-Z]*(?:-[0-9A-Z]+)*)"


def dlink(clues: DeviceClues) -> Derived:
    descr, chassis = clues.descr, clues.chassis
    model = real_value(chassis.model) if chassis else None
    model = model or search(_DLINK_MODEL, descr)
    # "WS6-DGS-1210-52/F1 6.10.007": the model (hardware revision after "/"), then firmware.
    version = search(r"^\S+\s+v?(\d+\.\d+[\w.]*)\s*$", descr)
    version = version or search(r"^(?:Build\s+)?v?(\d+\.\d+[\w.\-]*)",
                                clues.scalar(oids.RMON_PROBE_SOFTWARE))
    version = version or (real_value(chassis.software) if chassis else None)
    serial = (real_value(chassis.serial) if chassis else None) or clues.scalar(oids.DLINK_SERIAL)
    return Derived(model=model, serial=serial, os_version=version)


def zte(clues: DeviceClues) -> Derived:
    descr, chassis = clues.descr, clues.chassis
    # The model as the device writes it: "ZXR10 9908", "ZXR10 5250-52TM-H".
    model = (search(r"\b(ZXR10\s+[0-9A-Z][\w-]*)", descr) or clues.scalar(oids.ZTE_SYS_MODEL)
             or (real_value(chassis.model) if chassis else None))
    version = (search(r"\bVersion:?\s+(V[\w.]+)", descr) or clues.scalar(oids.ZTE_SYS_VERSION)
               or (real_value(chassis.software) if chassis else None))
    return Derived(model=model, serial=real_value(chassis.serial) if chassis else None,
                   os_version=version)


def fortinet(clues: DeviceClues) -> Derived:
    chassis = clues.chassis
    serial = (real_value(chassis.serial) if chassis else None) or clues.scalar(oids.FN_SYS_SERIAL)
    if m := re.match(r"(Forti\w+-[\w-]+)\s+(v\d.*)$", clues.scalar(oids.FS_SYS_VERSION) or ""):
        # FortiSwitch: "FortiSwitch-248D-FPOE v3.3.3,build4047,160219 (GA)"
        return Derived(model=m.group(1), serial=serial, os_version=m.group(2))
    version = clues.scalar(oids.FG_SYS_VERSION)
    if version is None and chassis is not None:
        # "FortiGate-501E v5.6.4,build1575b1575,180425 (GA)": the version follows the model.
        version = search(r"\s(v\d+\.\d+[\w.,]*(?:\s+\(\w+\))?)\s*$", chassis.software)
    model = real_value(chassis.model) if chassis else None
    os_name = "FortiOS" if version and re.match(r"v?\d", version) else None
    return Derived(model=model, serial=serial, os=os_name, os_version=version)


def draytek(clues: DeviceClues) -> Derived:
    # "DrayTek Corporation, Router Model: Vigor2920 Series, Version: 3.8.8.2, Build ...":
    # the model is the Vigor number; "Series" is DrayTek's word for its variants.
    descr = clues.descr
    model = search(r"\bRouter Model:\s*(Vigor\s?[\w-]+)", descr)
    version = search(r"\bVersion:\s*(\d[\w.\-]*)", descr)
    return Derived(model=model, os_version=version)


def assembly_number(model: str | None) -> bool:
    """Fabric OS's entPhysicalModelName: a Brocade assembly number, never the product."""
    return bool(model and re.fullmatch(r"\d{2}-\d{7}-\d{2}", model))


def brocade(clues: DeviceClues) -> Derived:
    """IronWare/FastIron in sysDescr; Fabric OS (SAN) states the model in sysDescr
    (``DS-5100B``) or in the chassis row's descr (``Brocade6510``): its
    entPhysicalModelName is an assembly number (``40-1000133-14``), never the model."""
    descr, chassis = clues.descr, clues.chassis
    if m := re.search(r"(?:Inc\.|Ltd\.?),?\s+(\S+?),\s+(IronWare|FastIron)\s+Version\s+(\S+)",
                      descr):
        return Derived(model=m.group(1), os=m.group(2), os_version=m.group(3))
    if m := re.search(r"\b(IronWare|FastIron)\s+Version\s+V?(\d\S*)", descr):
        # "Extreme Networks NetIron CER, Extended route scalability, IronWare Version
        # V6.2.0eT183 Compiled ...": no model word before it, the chassis row names the box.
        return Derived(os=m.group(1), os_version=m.group(2))
    model = real_value(chassis.model) if chassis else None
    if assembly_number(model):
        model = None
    if re.fullmatch(r"[A-Z]{2,}[-_]?\d{3,}[A-Z0-9-]*", descr.strip()):
        model = descr.strip()
    elif model is None and chassis is not None:
        model = search(r"^(?:Brocade\s?)?([A-Z]*[-_]?\d{3,}[\w-]*)$", chassis.descr)
    return Derived(model=model, serial=real_value(chassis.serial) if chassis else None,
                   os_version=(real_value(chassis.software) if chassis else None)
                   or clues.scalar(oids.SW_FIRMWARE))


def ruijie(clues: DeviceClues) -> Derived:
    # "Ruijie 10G Routing Switch(S5750-24GT/12SFP) By Ruijie Networks": for Ruijie the
    # parenthesis holds the product itself; RGOS's version is in the chassis row.
    chassis = clues.chassis
    model = (real_value(chassis.model) if chassis else None) or search(
        r"\(([A-Z][\w/+-]*\d[\w/+-]*)\)\s+By Ruijie", clues.descr)
    software = real_value(chassis.software) if chassis else None
    return Derived(model=model, serial=real_value(chassis.serial) if chassis else None,
                   os="RGOS" if software and software.startswith("RGOS") else None,
                   os_version=search(r"^(?:RGOS\s+)?(\d\S*(?:\s+Release\(\d+\))?)", software))


def dcn(clues: DeviceClues) -> Derived:
    # Digital China and Maipu share one agent: "DCRS-5980-28T-DC Device, Compiled ...
    # SoftWare Version 7.0.3.1(B0232.0031)" or "... SoftWare Version SM4200-..._6.0.222.39".
    descr, chassis = clues.descr, clues.chassis
    model = (real_value(chassis.model) if chassis else None) or search(
        r"^\s*(\S+) Device, Compiled", descr) or search(r"^Digital China\s+(\S+)\s*$", descr)
    version = search(r"SoftWare Version\s+(?:\S+_)?(\d[\w.()]*)", descr)
    return Derived(model=model, serial=real_value(chassis.serial) if chassis else None,
                   os_version=version or (real_value(chassis.software) if chassis else None))


def ubiquiti(clues: DeviceClues) -> Derived:
    # EdgeSwitch and UniFi switches: "EdgeSwitch 24-Port 250W, 1.0.1.4720839, Linux
    # 3.6.5-f4a26ed5", "USW-8P-AT-150, 4.0.9.9636, Linux 3.6.5" (model, firmware, kernel).
    # airMAX radios say only "Linux <kernel> ...": the OS fallback.
    if m := re.match(r"^((?:EdgeSwitch |USW-|UniFi )[^,]+),\s*(\d[\w.]*),", clues.descr):
        return Derived(model=m.group(1), os_version=m.group(2))
    if version := search(r"\bEdgeOS v?(\S+)", clues.descr):  # EdgeRouter
        return Derived(os="EdgeOS", os_version=version)
    return family_appliance.airfiber(clues) or Derived()


def allied_telesis(clues: DeviceClues) -> Derived:
    # Allied Telesis web-smart switches: sysDescr is the model itself ("AT-GS950/24",
    # "ATI AT-8000S": ATI is Allied Telesis Inc.); AlliedWare Plus states "Allied Telesis
    # router/switch, AW+ v5.4.7-1.1". The AT-8000S runs a Radlan agent: RADLAN-MIB
    # rndBrgVersion holds its software version.
    descr, chassis = clues.descr, clues.chassis
    model = (real_value(chassis.model) if chassis else None) or search(
        r"^(?:Allied Telesis\s+|ATI\s+)?(AT-[A-Za-z0-9]+(?:[-/][A-Za-z0-9]+)*)", descr)
    version = search(r"\bAW\+\s+v?(\d[\w.\-]*)", descr)
    # Access points and web-smart models: "AT-TQ4600 version 4.0.1.07".
    stated = search(r"^AT-\S+\s+version\s+(\d[\w.]*)", descr)
    return Derived(model=model, serial=real_value(chassis.serial) if chassis else None,
                   os="AlliedWare Plus" if version else None,
                   os_version=version or stated or clues.scalar(oids.RND_BRG_VERSION))


def cambium(clues: DeviceClues) -> Derived:
    """ePMP radios (17713.21): firmware and serial in their own MIB's scalars."""
    return Derived(serial=clues.scalar(oids.EPMP_SERIAL),
                   os_version=clues.scalar(oids.EPMP_FIRMWARE))
