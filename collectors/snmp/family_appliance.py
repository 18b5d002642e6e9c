"""Appliances: NAS, firewalls, load balancers, wireless controllers, BMCs, printers.

Most of them say little in sysDescr (``Linux hostname 3.10.77 ...``) and state the box in
their own MIB, read as a few scalars (``oids.VENDOR_SCALARS``):

- Synology DSM: SYNOLOGY-SYSTEM-MIB modelName, serialNumber, version (``DSM 6.1-15217``).
  DSM answers with net-snmp's sysObjectID: the Synology MIB answering names the vendor.
- Ubiquiti airFiber LTU: UBNT-AFLTU-MIB model and firmware, also under net-snmp's number.
- QNAP QTS: the ENTITY-MIB chassis row (model, serial, firmware in entPhysicalSoftwareRev,
  which some QTS releases write with a stray quote or backslash before the number).
- Sophos SFOS: SFOS-FIREWALL-MIB device type, firmware version and appliance key.
- Citrix NetScaler: NS-ROOT-MIB sysBuildVersion (``NetScaler NS12.0: Build 57.19.nc``),
  sysHardwareVersionDesc (the platform, then its CPU/NIC make-up) and serial.
- Ruckus ZoneDirector and Unleashed: the system group of their controller MIB.
- Supermicro BMC (ATEN firmware): the board FRU's product name and serial.
- HP JetDirect printers: the IEEE 1284 device id (``MFG:...;MDL:HP Color LaserJet ...;``).
"""

from __future__ import annotations

import re

from netmon.collectors.snmp import oids
from netmon.collectors.snmp.clues import Derived, DeviceClues, real_value, search, without_vendor

# Vendor MIBs that name the vendor of a box answering with net-snmp's sysObjectID.
AGENT_VENDORS: tuple[tuple[str, str], ...] = (
    (oids.SYNO_MODEL, "synology"),
    (oids.AFLTU_MODEL, "ubiquiti"),
    (oids.SVN_VERSION, "checkpoint"),  # SecurePlatform answers with net-snmp's number
    (oids.ORVALDI_MODEL, "orvaldi"),  # "Linux SNMP-System": a UPS card
)


def agent_vendor(clues: DeviceClues) -> str | None:
    """The vendor whose own MIB answered on a net-snmp agent, else None."""
    return next((vendor for oid, vendor in AGENT_VENDORS if clues.scalar(oid)), None)


def synology(clues: DeviceClues) -> Derived:
    version = clues.scalar(oids.SYNO_VERSION)
    stated = version is not None and version.startswith("DSM")
    return Derived(model=clues.scalar(oids.SYNO_MODEL), serial=clues.scalar(oids.SYNO_SERIAL),
                   os="DSM" if stated else None,
                   os_version=search(r"^(?:DSM\s+)?(\S.*)$", version))


def airfiber(clues: DeviceClues) -> Derived | None:
    """airFiber radios: LTU, 60 GHz/Wave (their MIBs' model and firmware) and the first
    airFiber (firmware only); None for other Ubiquiti gear (none of those MIBs answers).
    The firmware is kept whole (".v1.1.1-BETA2.00015.180314.0503"): the build is part of it."""
    if model := clues.scalar(oids.AFLTU_MODEL):
        return Derived(model=model, os_version=clues.scalar(oids.AFLTU_FIRMWARE))
    if (model := clues.scalar(oids.AF60_MODEL)) or clues.scalar(oids.AF60_FIRMWARE):
        return Derived(model=model, os_version=clues.scalar(oids.AF60_FIRMWARE))
    if version := clues.scalar(oids.AF_FW_VERSION):
        return Derived(os="airFiber", os_version=version)
    # airMAX (LiteBeam, NanoStation, ...): IEEE 802.11 MIB's manufacturer product name and
    # version on the radio's row ("WA.ar934x.v8.6.2.41239.190822.1633": airOS 8.6.2).
    if (model := clues.scalar(oids.DOT11_PRODUCT_NAME)) or clues.scalar(
            oids.DOT11_PRODUCT_VERSION):
        return Derived(model=model, os="airOS",
                       os_version=clues.scalar(oids.DOT11_PRODUCT_VERSION))
    return None


def qnap(clues: DeviceClues) -> Derived:
    chassis = clues.chassis
    if chassis is None:
        return Derived()
    software = chassis.software or chassis.firmware
    return Derived(model=real_value(chassis.model), serial=real_value(chassis.serial),
                   os_version=search(r"^[\\\"' ]*(\d+\.\d+[\w.\-]*)", software))


def sophos(clues: DeviceClues) -> Derived:
    version = clues.scalar(oids.SFOS_FW_VERSION)
    return Derived(model=clues.scalar(oids.SFOS_DEVICE_TYPE),
                   serial=clues.scalar(oids.SFOS_APP_KEY),
                   os="SFOS" if version else None, os_version=version)


def netscaler(clues: DeviceClues) -> Derived:
    # The build in NS-ROOT-MIB is the running one; sysDescr says the same words
    # ("NetScaler NS11.1: Build 51.26.nc, Date: ...") and is the fallback.
    build = clues.scalar(oids.NS_BUILD_VERSION) or clues.descr
    version = search(r"^NetScaler\s+(NS\d[^,]*)", build)
    # "NSMPX-8000-10G 4*CPU+6*E1K+2*IX+1*E1K+4*CVM 1620": the platform, then its make-up.
    model = search(r"^(\S+)", clues.scalar(oids.NS_HW_DESCR))
    return Derived(model=model, serial=clues.scalar(oids.NS_HW_SERIAL),
                   os="NetScaler" if version else None, os_version=version)


def ruckus(clues: DeviceClues) -> Derived:
    for model_oid, serial_oid, version_oid, os_name in (
            (oids.RUCKUS_ZD_MODEL, oids.RUCKUS_ZD_SERIAL, oids.RUCKUS_ZD_VERSION, "ZoneDirector"),
            (oids.RUCKUS_UL_MODEL, oids.RUCKUS_UL_SERIAL, oids.RUCKUS_UL_VERSION, "Unleashed")):
        if (model := clues.scalar(model_oid)) or clues.scalar(version_oid):
            return Derived(model=model, serial=clues.scalar(serial_oid), os=os_name,
                           os_version=clues.scalar(version_oid))
    if (model := clues.scalar(oids.RUCKUS_SZ_NODE_MODEL)) or clues.scalar(
            oids.RUCKUS_SZ_NODE_VERSION):  # SmartZone: its node table's first row
        return Derived(model=model, serial=clues.scalar(oids.RUCKUS_SZ_SERIAL), os="SmartZone",
                       os_version=clues.scalar(oids.RUCKUS_SZ_NODE_VERSION))
    # "Ruckus Wireless ZD1200": the controller names itself when its MIB is not read.
    return Derived(model=search(r"^Ruckus Wireless\s+([A-Z]+\d[\w-]*)\s*$", clues.descr))


def checkpoint(clues: DeviceClues) -> Derived:
    """Check Point's release ("R80.20") is the version; the kernel in sysDescr is not."""
    os_name = clues.scalar(oids.SVN_OS_NAME)
    version = clues.scalar(oids.SVN_VERSION)
    return Derived(model=clues.scalar(oids.SVN_APPLIANCE_PRODUCT),
                   serial=clues.scalar(oids.SVN_APPLIANCE_SERIAL),
                   os=os_name or ("Check Point" if version else None), os_version=version)


def supermicro(clues: DeviceClues) -> Derived:
    """The BMC's firmware is "<major>.<minor>" (two integers of ATEN-IPMI-MIB), not the
    Linux kernel its sysDescr names."""
    major, minor = clues.scalar(oids.ATEN_BMC_MAJOR), clues.scalar(oids.ATEN_BMC_MINOR)
    version = f"{major}.{minor}" if major and minor and f"{major}{minor}".isdigit() else None
    return Derived(model=clues.scalar(oids.ATEN_PRODUCT), serial=clues.scalar(oids.ATEN_SERIAL),
                   os="BMC" if version else None, os_version=version)


def jetdirect(clues: DeviceClues) -> Derived | None:
    """HP printers: the model after ``MDL:`` in the IEEE 1284 device id; None without it."""
    model = search(r"(?:^|;)\s*MDL:([^;]+)", clues.scalar(oids.HP_DEVICE_ID))
    if model is None:
        return None
    return Derived(model=without_vendor(re.sub(r"\s+", " ", model)))
