"""Data-centre gear: servers, out-of-band controllers, hypervisors and power.

Most of it has no ENTITY-MIB chassis row; the facts sit in the vendor's own MIB, read as
a few scalars (``oids.VENDOR_SCALARS``):

- HPE iLO and hosts with HP Insight agents: CPQSINFO product name and serial; iLO's
  firmware is the version in sysDescr (``Integrated Lights-Out 4 2.50 Sep 23 2016``).
- Dell iDRAC (IDRAC-MIB), the M1000e CMC (DELL-RAC-MIB) and OpenManage on hosts
  (chassisModelName/chassisServiceTagName row 1).
- Windows and VMware ESXi: the OS and its version from sysDescr; the box from the
  hardware vendor's agent or, on ESXi, from the ENTITY-MIB row it fills from SMBIOS.
- UPS and PDU: Eaton XUPS-MIB / MGE, APC PowerNet, and the standard UPS-MIB upsIdent.
"""

from __future__ import annotations

import re

from netmon.collectors.snmp import oids
from netmon.collectors.snmp.clues import Derived, DeviceClues, real_value, search


def _chassis(clues: DeviceClues) -> tuple[str | None, str | None]:
    c = clues.chassis
    return (real_value(c.model) if c else None), (real_value(c.serial) if c else None)


def server_agents(clues: DeviceClues) -> tuple[str | None, str | None]:
    """(model, serial) a hardware vendor's agent states on a host OS."""
    model = clues.scalar(oids.CPQ_PRODUCT) or clues.scalar(oids.DELL_OM_MODEL)
    serial = clues.scalar(oids.CPQ_SERIAL) or clues.scalar(oids.DELL_OM_SERVICE_TAG)
    return model, serial


def hpe_server(clues: DeviceClues) -> Derived | None:
    """iLO and Onboard Administrator; None when neither speaks (ProCurve and friends)."""
    descr = clues.descr
    model, serial = server_agents(clues)
    if m := re.match(r"^Integrated Lights-Out(?: (\d+))?\s+(\d+\.\d+\w*)", descr):
        return Derived(model=model, serial=serial,
                       os=f"iLO {m.group(1)}" if m.group(1) else "iLO", os_version=m.group(2))
    if descr.startswith("HP Onboard Administrator") or (model and (
            not descr.strip() or re.match(r"(?:HPE?\s+)?MSA\b", descr))):
        # Onboard Administrator, an agent with an empty sysDescr, or an MSA storage array
        # ("HP MSA 2040 SAN"): the Compaq MIB names the box. ProCurve blade switches
        # answer it too, but state their release in sysDescr: the switch rule reads them.
        return Derived(model=model, serial=serial)
    return None


def _dell_networking(descr: str) -> tuple[str | None, str | None]:
    """Force10 FTOS and Dell Networking OS 9 write their release in sysDescr's
    "Application Software Version: 8.4.2.5" line; OS10 states none there."""
    version = search(r"\bApplication Software Version:\s*(\d[0-9A-Za-z.()-]*)", descr)
    if version:
        return ("FTOS" if "Force10" in descr else "DNOS"), version
    return ("OS10", None) if re.search(r"\bNetworking OS10\b", descr) else (None, None)


def dell(clues: DeviceClues) -> Derived:
    if product := clues.scalar(oids.DELL_UPS_PRODUCT):  # DELL-SNMP-UPS-MIB: "01.08" + "0004"
        version, build = clues.scalar(oids.DELL_UPS_VERSION), clues.scalar(oids.DELL_UPS_BUILD)
        return Derived(model=product, serial=clues.scalar(oids.DELL_UPS_SERIAL),
                       os_version=f"{version}.{build}" if version and build else version)
    if model := clues.scalar(oids.DELL_MD_MODEL):  # PowerVault MD arrays
        return Derived(model=model, serial=clues.scalar(oids.DELL_MD_SERIAL))
    if "Web/SNMP Management Card" in clues.descr:  # rack PDUs: an APC-built card
        model, serial, version = management_card(clues.descr)
        return Derived(model=model, serial=serial, os_version=version)
    chassis_model, chassis_serial = _chassis(clues)
    # Dell Networking OS 9 ends sysDescr with "Series: S4048-ON": the switch's own model,
    # where its chassis row may name the platform it shares (MXL, PowerConnect).
    model = (clues.scalar(oids.IDRAC_MODEL) or clues.scalar(oids.DRS_PRODUCT)
             or clues.scalar(oids.DELL_OM_MODEL)
             or search(r"\bSeries:\s*([A-Z][\w-]*\d[\w-]*)", clues.descr)
             or clues.scalar(oids.DELL_PC_PRODUCT) or chassis_model)
    serial = (clues.scalar(oids.IDRAC_SERVICE_TAG) or clues.scalar(oids.DRS_SERVICE_TAG)
              or clues.scalar(oids.DELL_OM_SERVICE_TAG) or chassis_serial)
    version = clues.scalar(oids.IDRAC_FIRMWARE) or clues.scalar(oids.DRS_FIRMWARE)
    os_name = None  # the controller's firmware, as the MIB that answered names it
    if clues.scalar(oids.DRS_FIRMWARE):
        os_name = "CMC"
    elif clues.scalar(oids.IDRAC_FIRMWARE):
        os_name = "iDRAC"
    else:
        os_name, version = _dell_networking(clues.descr)
        # PowerConnect states its firmware in DELL-VENDOR-MIB and the chassis row's
        # software revision, not in sysDescr
        version = (version or clues.scalar(oids.DELL_PC_VERSION)
                   or (real_value(clues.chassis.software) if clues.chassis else None))
    return Derived(model=model, serial=serial, os=os_name, os_version=version)


def windows(clues: DeviceClues) -> Derived:
    # "Hardware: Intel64 ... - Software: Windows Version 6.1 (Build 7601 Multiprocessor
    # Free)" and XP's "Software: Windows 2000 Version 5.1 (Build 2600 ...)".
    version = search(r"Software: Windows(?: [\w ]+?)? Version (\d+\.\d+)", clues.descr)
    model, serial = server_agents(clues)
    chassis_model, chassis_serial = _chassis(clues)
    return Derived(model=model or chassis_model, serial=serial or chassis_serial,
                   os="Windows" if version else None, os_version=version)


def esxi(clues: DeviceClues) -> Derived:
    version = (search(r"^VMware ESXi? (\d+\.\d+(?:\.\d+)?)", clues.descr)
               or clues.scalar(oids.VMW_PROD_VERSION))
    model, serial = server_agents(clues)
    chassis_model, chassis_serial = _chassis(clues)
    os_name = "ESXi" if clues.descr.startswith("VMware ESX") else None
    return Derived(model=model or chassis_model, serial=serial or chassis_serial,
                   os=os_name, os_version=version)


def eaton(clues: DeviceClues) -> Derived:
    family, name = clues.scalar(oids.MGE_FAMILY), clues.scalar(oids.MGE_MODEL)
    mge_model = f"{family} {name}" if family and name else None
    model = clues.scalar(oids.XUPS_MODEL) or mge_model or clues.scalar(oids.UPS_MODEL)
    software = clues.scalar(oids.XUPS_SOFTWARE) or clues.scalar(oids.UPS_SOFTWARE)
    # "INV: 2.08.0011" is the inverter's firmware alone; "FP: 0.13  INV: 1.29" names two
    # boards' firmware (front panel, inverter): kept whole, spaces made single.
    version = clues.scalar(oids.MGE_FIRMWARE) or (
        " ".join(software.split()) if software and re.search(r"\w+:.*\w+:", software)
        else search(r"^(?:INV:\s*)?(\S+)", software))
    # DC power-system controllers (1918): "SC200 Controller - software version 4.04". The
    # device is the power system the controller runs, as with a UPS behind its card: its
    # type (the product code) is the model, the controller's name only when it is unset.
    if m := re.match(r"^(SC\d+) Controller - software version (\d[\w.]*)", clues.descr):
        model = model or clues.first(oids.SC_SYSTEM_TYPES) or m.group(1)
        version = version or m.group(2)
    serial = clues.scalar(oids.MGE_SERIAL) or clues.first(oids.SC_SYSTEM_SERIALS)
    return Derived(model=model, serial=serial, os_version=version)


def management_card(descr: str) -> tuple[str | None, str | None, str | None]:
    """(model, serial, firmware) an APC-built Web/SNMP card states in sysDescr: "(MB:v4.1.0
    PF:v6.4.6 PN:... AF1:v6.4.7 AN1:apc_hw05_ats4g_647.bin MN:AP4423 HR:R01 SN: 5A15...)".
    AF1 is the application firmware, the one made for the device behind the card (AN1
    names it: ``..._rpdud_512.bin`` for a rack PDU); PF is the card's own platform. A card
    without a device says "SN: FFFFFFFFFFFF" (no serial). Dell's rack PDUs carry the same
    card ("DELL Web/SNMP Management Card (...)")."""
    return (real_value(search(r"\bMN:\s*([^\s)]+)", descr)),
            real_value(search(r"\bSN:\s*([^\s)]+)", descr)),
            search(r"\bAF1:\s*v?(\d[\w.]*)", descr) or search(r"\bPF:\s*v?(\d[\w.]*)", descr))


def apc(clues: DeviceClues) -> Derived:
    card_model, card_serial, card_firmware = management_card(clues.descr)
    model = (clues.scalar(oids.APC_UPS_MODEL) or clues.scalar(oids.APC_PDU_MODEL)
             or clues.scalar(oids.APC_ATS_MODEL) or card_model)
    serial = (clues.scalar(oids.APC_UPS_SERIAL) or clues.scalar(oids.APC_PDU_SERIAL)
              or clues.scalar(oids.APC_ATS_SERIAL) or card_serial)
    version = (clues.scalar(oids.APC_UPS_FIRMWARE) or clues.scalar(oids.APC_PDU_FIRMWARE)
               or clues.scalar(oids.APC_ATS_FIRMWARE) or card_firmware)
    return Derived(model=model, serial=serial, os_version=version)


def _ups_ident(clues: DeviceClues, model: str, serial: str | None, firmware: str) -> Derived:
    """A UPS vendor's ident group, with RFC 1628 upsIdent as the fallback."""
    return Derived(model=clues.scalar(model) or clues.scalar(oids.UPS_MODEL),
                   serial=clues.scalar(serial) if serial else None,
                   os_version=clues.scalar(firmware) or clues.scalar(oids.UPS_SOFTWARE))


def cyberpower(clues: DeviceClues) -> Derived:
    return _ups_ident(clues, oids.CPS_UPS_MODEL, oids.CPS_UPS_SERIAL, oids.CPS_UPS_FIRMWARE)


def delta(clues: DeviceClues) -> Derived:
    return _ups_ident(clues, oids.DELTA_UPS_MODEL, None, oids.DELTA_UPS_SOFTWARE)


def ups_mib(clues: DeviceClues) -> Derived:
    return Derived(model=clues.scalar(oids.UPS_MODEL) or clues.scalar(oids.PPC_MODEL),
                   serial=clues.scalar(oids.PPC_SERIAL),
                   os_version=clues.scalar(oids.UPS_SOFTWARE)
                   or clues.scalar(oids.PPC_UPS_FIRMWARE))


def vertiv(clues: DeviceClues) -> Derived:
    """Liebert ITA2 cards state model and serial in their own group; others UPS-MIB."""
    if model := clues.scalar(oids.VERTIV_ITA_MODEL):
        return Derived(model=model, serial=clues.scalar(oids.VERTIV_ITA_SERIAL),
                       os_version=clues.scalar(oids.UPS_SOFTWARE))
    return ups_mib(clues)


def orvaldi(clues: DeviceClues) -> Derived:
    return Derived(model=clues.scalar(oids.ORVALDI_MODEL),
                   serial=clues.scalar(oids.ORVALDI_SERIAL),
                   os_version=clues.scalar(oids.ORVALDI_FIRMWARE))


def ipoman(clues: DeviceClues) -> Derived:
    """iPoMan names its firmware and serial in one line: "PDU System v1.05 (SN 11130169...)"."""
    ident = clues.scalar(oids.IPOMAN_IDENT)
    return Derived(os_version=search(r"\bv(\d[\w.]*)", ident),
                   serial=search(r"\(SN\s+([^)\s]+)\)", ident))


def digipower(clues: DeviceClues) -> Derived:
    return Derived(model=clues.scalar(oids.DIGIPOWER_MODEL),
                   os_version=clues.scalar(oids.DIGIPOWER_FIRMWARE))


def sentry(clues: DeviceClues) -> Derived:
    """The first tower's model and serial (towerTable), the firmware of the whole system."""
    return Derived(model=clues.scalar(oids.SENTRY3_TOWER_MODEL),
                   serial=clues.scalar(oids.SENTRY3_TOWER_SERIAL),
                   os_version=search(r"\bVersion\s+(\d\S*)", clues.scalar(oids.SENTRY3_VERSION)))


def schleifenbauer(clues: DeviceClues) -> Derived:
    """The databus master's row of the device table (its unit address is a scalar); the
    table's first row when the master is not stated. Firmware "250" with build "(180821...)"."""
    unit = clues.scalar(oids.SDB_MASTER_UNIT)

    def cell(column: str) -> str | None:
        return (clues.scalar(f"{column}.{unit}") if unit else None) or clues.scalar(column)

    firmware, build = cell(oids.SDB_DEV_FIRMWARE), cell(oids.SDB_DEV_BUILD)
    return Derived(model=cell(oids.SDB_DEV_PRODUCT), serial=cell(oids.SDB_DEV_SERIAL),
                   os_version=f"{firmware} ({build})" if firmware and build else firmware)
