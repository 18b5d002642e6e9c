"""Vendors whose facts sit in fixed places: facilities gear of smaller vendors (UPS cards,
PDUs, transfer switches, environment monitors, storage) and network gear that states them
in a few vendor OIDs (console servers, microwave radios, carrier Ethernet). Each says its
model, serial and firmware in a few scalars of its own MIB (fetched through
``oids.VENDOR_SCALARS``, or a short table's first row through ``oids.VENDOR_TABLES``), or in
a fixed sentence in sysDescr. One ``Form`` per vendor says where; a vendor's OID wins over
its sysDescr.

Vendors without a name in ``enterprises`` are keyed ``enterprise-<number>``, as
``vendor_of`` names them: netmon never invents a vendor name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from netmon.collectors.snmp import oids
from netmon.collectors.snmp.clues import Derived, DeviceClues, real_value


@dataclass(frozen=True)
class Form:
    """Where one vendor states its facts. ``descr``: a pattern for sysDescr with named
    groups ``model``, ``serial``, ``version``, ``os``; ``model``/``serial``/``version``:
    the vendor's OIDs; ``version_in`` and ``model_in``: the part of that scalar that is the
    version or the model (group 1), when the scalar says more ("Net Vision 8 v8.00")."""

    descr: str | None = None
    model: str | None = None
    serial: str | None = None
    version: str | None = None
    version_in: str | None = None
    model_in: str | None = None
    os: str | None = None


FORMS: dict[str, Form] = {
    # Pure Storage FlashArray: "Pure Storage MercuryB, Purity//FA 6.5.6"
    "pure-storage": Form(descr=r"^Pure Storage (?P<model>\S+?),? (?P<os>Purity//\w+) "
                               r"(?P<version>\d[\w.-]*)"),
    # Asentria SiteBoss: "SiteBoss 530 2.10.540 STD"
    "asentria": Form(descr=r"^(?P<model>SiteBoss \d+\w*) (?P<version>\d[\w.-]*)"),
    # HW group: "STE2 r2, fw:1.5.5_2394" (the model with its hardware release "r2")
    "hw-group": Form(descr=r"^(?P<model>[A-Z][\w-]*(?: r\d+)?), fw:\s*(?P<version>\d\S*)"),
    # Sinetica UPSController: "Sinetica UPSController. Versions: App. 6.04.03, OS 6.3, Btldr
    # 1.06.09, H/w ZBBNC2 Rev 1.01.06": the card's OS release and its hardware.
    "sinetica": Form(descr=r"\bOS (?P<version>\d[\w.]*).*\bH/w (?P<model>[A-Z0-9][\w-]*)"),
    # Socomec NetVision cards (SOCOMECUPS7-MIB upsIdent): the UPS's model and serial, the
    # card's firmware "Net Vision 8 v8.00".
    "socomec": Form(model=oids.SOCOMEC_UPS_MODEL, serial=oids.SOCOMEC_UPS_SERIAL,
                    version=oids.SOCOMEC_AGENT_VERSION, version_in=r"\bv(\d[\w.]*)\s*$"),
    # ICT DC distribution panels (ICT-DISTRIBUTION-PANEL-MIB): model and firmware scalars.
    "ict": Form(model=oids.ICT_MODEL, version=oids.ICT_FIRMWARE),
    # Opengear console servers (OG-STATUSv2-MIB): "4.3.0 f5ad8650 ()" is release and commit.
    "opengear": Form(serial=oids.OG_SERIAL, version=oids.OG_FIRMWARE,
                     version_in=r"^(\d[\w.]*)"),
    # Ceragon IP-20 radios (MWRM-UNIT-MIB): the unit's serial and running software.
    "ceragon": Form(serial=oids.CERAGON_SERIAL, version=oids.CERAGON_VERSION),
    # Ciena SAOS: the chassis's part number and serial, the release module 1 runs
    # ("rel_saos8700_8.7.0_ga195").
    "ciena": Form(model=oids.CIENA_CHASSIS_PART, serial=oids.CIENA_CHASSIS_SERIAL,
                  version=oids.CIENA_MODULE_RELEASE, os="SAOS"),
    # Cyberoam / Sophos SFOS appliances: key (serial), model, "SFOS 17.5.5 MR-5".
    "cyberoam": Form(model=oids.CYBEROAM_MODEL, serial=oids.CYBEROAM_APPLIANCE_KEY,
                     version=oids.CYBEROAM_FIRMWARE, version_in=r"^(?:SFOS\s+)?(\d.*)$"),
    # Raisecom: "RAX711-C-DC/D-02 version A.02" is the model and its hardware release.
    "raisecom": Form(model=oids.RAISECOM_HARDWARE, model_in=r"^(\S+)",
                     serial=oids.RAISECOM_SERIAL, version=oids.RAISECOM_SOFTWARE),
    # Hillstone: "Hillstone Security Appliance SG-6000-E3965"; "Version 5.5 SG6000-...bin".
    "hillstone": Form(descr=r"^Hillstone .*?\b(?P<model>SG-\d+-[\w-]+)",
                      version=oids.HILLSTONE_VERSION, version_in=r"\bVersion\s+(\d[\w.]*)",
                      os="StoneOS"),
    # bintec elmeg routers: sysDescr is the product ("be.IP plus").
    "bintec": Form(model=oids.BINTEC_PRODUCT, serial=oids.BINTEC_SERIAL,
                   version=oids.BINTEC_SW_VERSION, version_in=r"^(V\.[\d.]+)"),
    # Pacific Broadband Networks: a Cisco-like banner: "AOCM3948 Series Software, Version
    # 2.1.0C Build 15419, RELEASE SOFTWARE ... Serial num:A00000000, ID num:11111111".
    "pbn": Form(descr=r"(?s)^(?=.*\b(?P<model>[A-Z][A-Z0-9-]+) Series Software, Version "
                      r"(?P<version>\d[\w.]*(?: Build \d+)?))"
                      r"(?=.*\bSerial num:\s*(?P<serial>\w+))"),
    # C-Data OLTs: sysDescr is the host name; serial and software in their MIB.
    "enterprise-17409": Form(serial=oids.CDATA_SERIAL, version=oids.CDATA_SOFTWARE),
    # ATS "Smart II" cards (ATS_Stork MIB, 37662.1.2.2.1): the switch's model in atsIdent,
    # the card's serial in sysDescr "SNMP Smart II Card v1.05 (SN 11230031806015)".
    "enterprise-37662": Form(descr=r"\(SN (?P<serial>\w+)\)", model=oids.STORK_ATS_MODEL),
}


def _group(match: re.Match[str] | None, name: str) -> str | None:
    if match is None or name not in match.groupdict():
        return None
    return real_value(match.group(name))


def _read(clues: DeviceClues, oid: str | None, part: str | None) -> str | None:
    """A vendor OID's value, or the part of it that ``part`` (group 1) picks out."""
    value = clues.scalar(oid) if oid else None
    if value and part and (m := re.search(part, value)):
        return real_value(m.group(1))
    return value


def derive(vendor: str, clues: DeviceClues) -> Derived:
    form = FORMS[vendor]
    said = re.search(form.descr, clues.descr) if form.descr else None
    return Derived(
        model=_read(clues, form.model, form.model_in) or _group(said, "model"),
        serial=_read(clues, form.serial, None) or _group(said, "serial"),
        os=_group(said, "os") or form.os,
        os_version=_read(clues, form.version, form.version_in) or _group(said, "version"))
