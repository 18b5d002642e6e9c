"""Every vendor-family rule on a recorded walk (trimmed copies, see fixtures' NOTICE).

The walks in ``tests/fixtures/snmp/vendors`` are cut from snmpsim-data (BSD-2-Clause) and,
for a few data-centre devices, from LibreNMS's test suite (GPL-3.0, a handful of lines
each). The expected facts are what each device states about itself, read by hand; the
comment on each case names the rule it pins.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from netmon.collectors.snmp import oids
from netmon.collectors.snmp.enterprises import ENTERPRISES
from netmon.collectors.snmp.parse import find_chassis, parse_entities
from netmon.collectors.snmp.snmprec import columns, facts_from_walk, load
from netmon.collectors.snmp.vendors import vendor_for, vendor_of

WALKS = Path(__file__).parent / "fixtures" / "snmp" / "vendors"

# walk -> (vendor, model, serial, os, os_version)
EXPECTED: dict[str, tuple[str | None, ...]] = {
    # Comware: the vendor word is not the model; "Switch E528" drops "Switch" too.
    "h3c-e528": ("h3c", "E528", "210235A0GKC158000929", "Comware", "5.20 Release 1513P62"),
    # A stack row ("STACK MODE") above two chassis: the first member's model and serial.
    "h3c-sr8808x-stack": ("h3c", "SR8808-X", "210235A0YVX18A00000B", "Comware",
                          "7.1.075 Release 7751P01"),
    "h3c-wx6103": ("h3c", "WX6103", "210231A76JX091000041", "Comware", "Release 2509P33"),
    # No ENTITY-MIB: the model from "Platform Software LSQ1WCMD0. Product Version".
    "h3c-lsq1wcmd0": ("h3c", "LSQ1WCMD0", None, "Comware", "Release 2509P61"),
    # "Huawei ACU2 Huawei Versatile Routing Platform": the model opens sysDescr, not the
    # "(ACU2 V200R...)" series; the chassis row names only "AC1_01_M" and no serial.
    "huawei-acu2": ("huawei", "ACU2", None, "VRP", "V200R007C20SPC200"),
    # ZTE: "ZXR10 9908" in sysDescr beats the chassis row's series "9900".
    "zte-zxr10-9908": ("zte", "ZXR10 9908", None, None, "V1.01.10.B19P06"),
    "zte-zxr10-5250": ("zte", "ZXR10 5250-52TM-H", None, None, "V2.05.11B19"),
    # D-Link: model in sysDescr, firmware in RMON probeSoftwareRev, serial in DLINK-AGENT.
    "dlink-des3028": ("d-link", "DES-3028", None, None, "1.00-B32"),
    "dlink-des3200": ("d-link", "DES-3200-18", "R3MD1DB002523", None, "4.04.004"),
    "librenms-dlink-dgs1210": ("d-link", "DGS-1210-52", None, None, "6.10.007"),
    "librenms-draytek-vigor2920": ("draytek", "Vigor2920", None, None, "3.8.8.2"),
    # FortiOS version from fgSysVersion, not the chassis row's "FortiCarrier-3000D v5.4.5...".
    "fortinet-fgt3000d": ("fortinet", "FGT_3000D", "FGT3KD3Z16800461", "FortiOS",
                          "v5.4.5,build1138,170531 (GA)"),
    # PowerNet rPDU ident: the PDU's own serial, not the management card's in sysDescr.
    "apc-ap8641": ("apc", "AP8641", "3F3452A52295", None, "v6.7.2"),
    "eaton-93e": ("eaton", "EATON 93E 80", "4K234LXX06", None, "2.08.0011"),
    "eaton-9px": ("eaton", "Eaton 9PX 2200i RT 3U", "GX13G45099", None, "01.17.4945"),
    "hp-onboard-administrator": ("hpe", "BladeSystem c7000 Enclosure G2", "6CU250TV5C",
                                 None, None),
    "librenms-hpe-ilo4": ("hpe", "ProLiant ML350 Gen9", "AB123456CD", "iLO 4", "2.50"),
    "librenms-dell-cmc": ("dell", "PowerEdge M1000e", "1234ABC", "CMC",
                          "6.20.200.201810113973"),
    "librenms-windows-dell": ("microsoft", "PowerEdge 2650", "1234567", "Windows", "6.1"),
    "windows-xp": ("microsoft", None, None, "Windows", "5.1"),
    # ESXi's SMBIOS box sits in a top-level row of class backplane: no chassis row at all.
    "librenms-vmware-esxi": ("vmware", "ProLiant DL380p Gen8", "CZ162913BZ", "ESXi", "7.0.0"),
    # Fabric OS: entPhysicalModelName is an assembly number (40-1000133-14), never the model.
    "brocade-ds-5100b": ("brocade", "DS-5100B", "ALM2534F019", None, None),
    "brocade-6510": ("brocade", "6510", "BRW2515M01H", None, None),
    "ruijie-s5750": ("ruijie", "RG-S5750-24GT/12SFP", "9017EHC410215", "RGOS",
                     "10.4(3)p4 Release(161753)"),
    "ruijie-n18010": ("ruijie", "N18010", None, None, None),
    "dcn-dcrs-5980": ("dcn", "DCRS-5980-28T-DC", "GOSWE120F327000001", None,
                      "7.0.3.1(B0232.0031)"),
    "maipu-sm4200": ("maipu", "SM4200-16GEF8GE-AC", None, None, "6.0.222.39"),
    # Trapeze-born WLC under 14525: not JUNOS.
    "juniper-wlc2800": ("juniper", "WLC2800", None, None, "9.0.3.5"),
    "netapp-fas3270": ("netapp", None, None, "ONTAP", "8.2.3"),
    "isilon-onefs": ("isilon", None, None, "OneFS", "7.2.1.0"),
    # "Linux 2.6.32.61 #1 ...": no host name, so the release is not the third word (#1).
    # airMAX: IEEE 802.11 MIB's manufacturer product name and version (the radio's row)
    "ubiquiti-m5": ("ubiquiti", "NanoStation M5", None, "airOS",
                    "XW.ar934x.v5.6-beta4.22359.140521.1836"),
    # EdgeSwitch answers under Broadcom's 4413; its ENTITY rows carry no class, model or
    # serial, so no row stands in for a chassis and sysDescr gives model and firmware.
    "librenms-ubiquiti-edgeswitch": ("ubiquiti", "EdgeSwitch 24-Port 250W", None, None,
                                     "1.0.1.4720839"),
    "librenms-allied-gs950": ("allied-telesis", "AT-GS950/24", None, None, None),
    # TP-Link's Easy Smart line states no model at all: it stays null, never guessed.
    "librenms-tplink-smart-poe": ("tp-link", None, None, None, None),
    # iLO without CPQSINFO in the walk: the firmware from sysDescr, no model invented.
    "librenms-hpe-ilo5": ("hpe", None, None, "iLO 5", "1.20"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_recorded_walk_gives_the_stated_facts(name: str) -> None:
    facts = facts_from_walk(load(WALKS / f"{name}.snmprec"))
    assert (facts.vendor, facts.model, facts.serial, facts.os, facts.os_version) \
        == EXPECTED[name]


def test_every_trimmed_walk_has_an_expectation() -> None:
    assert {p.stem for p in WALKS.glob("*.snmprec")} == set(EXPECTED)


def test_a_stack_without_chassis_class_gives_its_first_member() -> None:
    """Agents that fill no entPhysicalClass for the members: the recorded SR8808-X stack
    with the members' class blanked out still resolves to member 3, not the stack row."""
    ent = parse_entities(columns(load(WALKS / "h3c-sr8808x-stack.snmprec"), oids.ENT_TABLE))
    unclassed = tuple(dataclasses.replace(h, class_=None) if h.class_ == "chassis" else h
                      for h in ent)
    chassis = find_chassis(unclassed)
    assert chassis is not None and (chassis.index, chassis.serial) == (3, "210235A0YVX18A00000B")


def test_a_device_without_model_stays_null() -> None:
    """A sysDescr that names no model ("NetApp Release 8.2.3", "Isilon OneFS ...") gives
    no model: never the series, the host name or a part number."""
    for name in ("netapp-fas3270", "isilon-onefs", "windows-xp"):
        assert facts_from_walk(load(WALKS / f"{name}.snmprec")).model is None


@pytest.mark.parametrize(("number", "vendor"), [
    (11, "hpe"), (232, "hpe"), (674, "dell"), (534, "eaton"), (705, "eaton"), (318, "apc"),
    (6876, "vmware"), (311, "microsoft"), (10876, "supermicro"), (171, "d-link"),
    (11863, "tp-link"), (3902, "zte"), (7367, "draytek"), (207, "allied-telesis"),
    (41112, "ubiquiti"), (12356, "fortinet"), (25506, "h3c"), (2011, "huawei"), (9, "cisco"),
    (2636, "juniper"), (14525, "juniper"), (3224, "juniper"),
    # Met in LibreNMS's test walks: Avaya ERS, Hirschmann, Eaton SC200, airOS (Frogfoot),
    # Supermicro BMCs (ATEN), the Radlan agent, bsnmpd (pfSense).
    (45, "avaya"), (248, "hirschmann"), (1918, "eaton"), (10002, "ubiquiti"),
    (21317, "supermicro"), (89, "radlan"), (12325, "freebsd"),
])
def test_enterprise_table_names_the_vendors_of_the_issue(number: int, vendor: str) -> None:
    assert ENTERPRISES[number] == vendor
    assert vendor_of(f"1.3.6.1.4.1.{number}.1.2") == vendor


def test_unknown_numbers_are_named_by_number_and_numbers_are_not_names() -> None:
    assert vendor_of("1.3.6.1.4.1.99999.1") == "enterprise-99999"
    assert vendor_for("1.3.6.1.4.1.4413", "EdgeSwitch 24-Port 250W, 1.9.0") == "ubiquiti"
    assert vendor_for("1.3.6.1.4.1.4413", "Broadcom FASTPATH Switching") == "broadcom"
    assert vendor_for("1.3.6.1.4.1.25506.11.1.167", "HPE Comware Platform Software") == "hpe"


def test_vendor_scalars_are_bounded_and_only_for_their_vendor() -> None:
    """The collector GETs one short list per vendor (one PDU of at most 16 varbinds, well
    under 1 kB), never another's."""
    for vendor, scalars in oids.VENDOR_SCALARS.items():
        assert 0 < len(scalars) <= 16, vendor
        assert len(set(scalars)) == len(scalars), vendor
        # instances: scalars (.0), first rows (.1), Cisco's image strings, the iBMC
        # firmware row named "Active iBMC", Ceragon's unit row (127) and the Opengear serial
        # its agent answers without ".0"
        assert all(o.endswith((".0", ".1")) or o.startswith(oids.CISCO_IMAGE_STRINGS[0][:-1])
                   or o in (oids.IBMC_FIRMWARE, oids.CERAGON_SERIAL, oids.OG_SERIAL)
                   for o in scalars), vendor
