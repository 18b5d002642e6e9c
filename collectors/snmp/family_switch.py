"""Campus and industrial switches that state their model in sysDescr or in a short
private system group (``oids.VENDOR_SCALARS``):

- Zyxel: ZYXEL-ES-COMMON sysProductModel, sysProductSerialNumber and sysSwVersionString
  (``V4.50(ABBI.1) | 09/11/2017``: the version, then its date); smart switches whose
  sysDescr is the bare model (``GS1900-8``).
- TP-Link JetStream: TPLINK-SYSINFO-MIB hardware version (``T2600G-28TS 3.0``: the model,
  then the hardware revision), software version and serial.
- Netgear smart switches: ``GS724Tv4 ProSafe 24-port ... Switch, 6.3.1.11, B1.0.0.4``
  (model, description, software version, boot code).
- Avaya BOSS (ERS): ``Ethernet Routing Switch 5530-24TFD  HW:32  FW:6.0.0.18  SW:v6.3.2.011``.
- Alcatel-Lucent Enterprise AOS: ``Alcatel-Lucent Enterprise OS6900-X40 8.7.354.R01 GA``;
  OmniAccess WLAN (AOS-W, Aruba-built): ``AOS-W (MODEL: OAW-6000), Version 6.3.1.23``.
- Hirschmann (classic firmware): the order code and software release in HMPRIV-MGMT.
"""

from __future__ import annotations

from netmon.collectors.snmp import oids
from netmon.collectors.snmp.clues import Derived, DeviceClues, real_value, search

_MODEL_WORD = r"[A-Z]{1,5}\d{2,}[A-Za-z0-9]*(?:-[A-Za-z0-9]+)*"


def zyxel(clues: DeviceClues) -> Derived:
    # ZyNOS sets sysDescr to the product name alone: "ES-2024PWR", "ZyWALL 2X", "GS1900-24".
    model = (clues.scalar(oids.ZYXEL_MODEL)
             or search(rf"^\s*({_MODEL_WORD})\s*$", clues.descr)
             or search(r"^\s*((?:ZyWALL|USG|ZyXEL|[A-Z]{2,4})[- ]?[A-Z]*\d[\w-]*"
                       r"(?: [A-Z0-9]{1,3})?)\s*$", clues.descr))
    version = search(r"^([^|]+)", clues.scalar(oids.ZYXEL_SW_VERSION))
    return Derived(model=model, serial=clues.scalar(oids.ZYXEL_SERIAL), os_version=version)


def tplink(clues: DeviceClues) -> Derived:
    model = search(r"^(\S+?)(?:\s+v?\d+(?:\.\d+)*)?\s*$", clues.scalar(oids.TPLINK_HW_VERSION))
    return Derived(model=model, serial=clues.scalar(oids.TPLINK_SERIAL),
                   os_version=clues.scalar(oids.TPLINK_SW_VERSION))


def netgear(clues: DeviceClues) -> Derived:
    descr = clues.descr
    return Derived(model=search(rf"^({_MODEL_WORD})\s", descr),
                   os_version=search(r",\s*(\d+(?:\.\d+){2,})\s*(?:,|$)", descr))


def avaya(clues: DeviceClues) -> Derived:
    descr = clues.descr
    return Derived(model=search(r"^Ethernet Routing Switch\s+(\S+)", descr),
                   os_version=search(r"\bSW:v?(\d[\w.]*)", descr))


def alcatel_lucent(clues: DeviceClues) -> Derived:
    descr, chassis = clues.descr, clues.chassis
    if m := search(r"^AOS-W \(MODEL:\s*([^)]+)\)", descr):
        return Derived(model=m, os="AOS-W", os_version=search(r"\bVersion\s+(\d[\w.]*)", descr))
    model = search(rf"^Alcatel-Lucent(?: Enterprise)?\s+({_MODEL_WORD})\s", descr)
    version = search(r"^Alcatel-Lucent(?: Enterprise)?\s+\S+\s+(\d+(?:\.\d+)+\.R\d+)\b", descr)
    return Derived(model=model or (real_value(chassis.model) if chassis else None),
                   serial=real_value(chassis.serial) if chassis else None,
                   os="AOS" if version else None, os_version=version)


def hirschmann(clues: DeviceClues) -> Derived:
    return Derived(model=clues.scalar(oids.HM_ORDER_ID), serial=clues.scalar(oids.HM_SYS_SERIAL),
                   os_version=clues.scalar(oids.HM_SW_RELEASE))
