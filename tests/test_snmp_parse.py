"""Pure tests of the SNMP parsing rules on recorded values (no network)."""

from __future__ import annotations

from pathlib import Path

import pytest

from netmon.collectors.observation import HardwareComponent
from netmon.collectors.snmp import SnmpValue, decode_text, find_chassis, format_mac, vendor_of
from netmon.collectors.snmp.snmprec import facts_from_walk, load
from netmon.collectors.snmp.vendors import DeviceClues, derive
from tests.peers.snmpsim import OWN_SNMP_DIR, RECORDED_SNMP_DIR

# The truth as read in each walk by hand (see tests/fixtures/snmp/README.md for ours).
EXPECTED = {
    "cisco-c3560": ("cisco", "WS-C3560G-48TS-E", "FOC1408Z61U", "IOS", "12.2(55)SE3"),
    "cisco-c3750": ("cisco", "WS-C3750G-12S-S", "FDO1622Y10H", "IOS", "12.2(50)SE5"),
    # sysDescr cut after its first line; CISCO-IMAGE-MIB still says CW_VERSION$12.1(8)EA1c$.
    "cisco-unmarked-0": ("cisco", None, "CAT0625X0DP", "IOS", "12.1(8)EA1c"),
    "hpe-procurve-516733-b21": ("hpe", "516733-B21", "3C421900TX", "ProCurve", "Z.14.31"),
    "huawei-s5720": ("huawei", "S5720-36C-EI-AC", "210235956210F7000410", "VRP",
                     "V200R007C00SPC500"),
    "juniper-ex2200": ("juniper", "EX2200-24T-4G", "CW0211AF0123", "JUNOS", "12.3R12.4"),
    "mikrotik-ccr1009": ("mikrotik", "CCR1009-7G-1C-1S+", "8A1E08A5C3F2", "RouterOS", "6.48.6"),
    "aruba-cx-6300m": ("aruba", "JL658A", "SG9ZKN10AB", "AOS-CX", "FL.10.10.1040"),
    "netsnmp-linux": ("net-snmp", None, None, "Linux", "6.1.0-13-amd64"),
    "cisco-c9300-stack": ("cisco", "C9300-48P", "FCW2233L0AB", "IOS-XE", "16.12.4"),
    # A Zyxel's bare sysDescr is its model (family_switch.zyxel, from recorded GS1900/XGS4600).
    "ugly-agent": ("zyxel", "GS1920-24HP", "S162L12345678", None, None),
}


def count_rows(path: Path, column_prefix: str) -> int:
    """Distinct row indexes under a table's columns, counted straight from the text."""
    rows = set()
    for line in path.read_text(encoding="latin-1").splitlines():
        oid = line.split("|", 1)[0]
        if oid.startswith(column_prefix):
            rows.add(oid[len(column_prefix):].split(".", 1)[1])
    return len(rows)


def if_rows(path: Path) -> int:
    """Rows of ifIndex (ifTable column 1)."""
    return len({line.split("|", 1)[0] for line in path.read_text(encoding="latin-1").splitlines()
                if line.startswith("1.3.6.1.2.1.2.2.1.1.")})


def ent_rows(path: Path) -> int:
    return count_rows(path, "1.3.6.1.2.1.47.1.1.1.1.")


def all_walks() -> list[Path]:
    return sorted(OWN_SNMP_DIR.glob("*.snmprec")) + sorted(RECORDED_SNMP_DIR.glob("*.snmprec"))


@pytest.mark.parametrize("path", all_walks(), ids=lambda p: p.stem)
def test_recorded_walk_parses_to_the_truth(path: Path) -> None:
    facts = facts_from_walk(load(path))
    assert (facts.vendor, facts.model, facts.serial, facts.os, facts.os_version) \
        == EXPECTED[path.stem]
    assert len(facts.interfaces) == if_rows(path)
    assert len(facts.hardware) == ent_rows(path)
    assert facts.sys_name and facts.uptime_s and facts.uptime_s > 0


def test_every_walk_has_an_expectation() -> None:
    recorded = {p.stem for p in RECORDED_SNMP_DIR.glob("*.snmprec")}
    assert len(recorded) == 5, recorded  # the lab's five recordings ship with the package
    assert recorded | {p.stem for p in OWN_SNMP_DIR.glob("*.snmprec")} == set(EXPECTED)


def test_ugly_values_become_text_or_unknown() -> None:
    facts = facts_from_walk(load(OWN_SNMP_DIR / "ugly-agent.snmprec"))
    assert facts.sys_descr == "GS1920-24HP"          # trailing spaces, CRLF and NULs gone
    assert facts.sys_name == "Phòng CNTT"             # Latin-1, not UTF-8
    assert facts.sys_location == "Hà Nội"             # UTF-8 in hex
    assert facts.sys_contact is None                  # empty string -> unknown
    by_index = {i.index: i for i in facts.interfaces}
    assert by_index[1].name == "Port 1" and by_index[1].mac == "00:19:cb:0a:1b:2c"
    assert by_index[2].mac is None and by_index[2].oper_up is False and by_index[2].speed_bps == 0
    assert by_index[3].type is None and by_index[3].oper_up is None
    assert by_index[7].type == "250" and by_index[7].alias is None
    assert by_index[1].in_octets == 4294967295        # no HC counters: the 32-bit one
    hw = {h.index: h for h in facts.hardware}
    assert hw[2].serial == "0x01ff80fe"               # binary kept as hex, not mojibake
    assert hw[3].class_ == "42" and hw[3].descr is None


def test_decode_text_rules() -> None:
    assert decode_text(b"") is None
    assert decode_text(b"  \x00\x00") is None
    assert decode_text(b"abc \x00") == "abc"
    assert decode_text("Hà Nội".encode()) == "Hà Nội"
    assert decode_text(b"caf\xe9") == "café"
    assert decode_text(b"\x00\x01\x02") == "0x000102"
    assert SnmpValue("nosuchobject").as_text() is None
    assert SnmpValue("endofmibview").as_int() is None
    assert SnmpValue("octets", b" 42 ").as_int() == 42


def test_format_mac() -> None:
    assert format_mac(bytes.fromhex("0019CB0A1B2C")) == "00:19:cb:0a:1b:2c"
    assert format_mac(b"") is None
    assert format_mac(b"00:19:CB:0A:1B:2C") == "00:19:cb:0a:1b:2c"


def test_snmprec_values() -> None:
    assert SnmpValue.from_snmprec("4x", "414243") == SnmpValue("octets", b"ABC")
    assert SnmpValue.from_snmprec("70", "18446744073709551615").as_int() == 2**64 - 1
    assert SnmpValue.from_snmprec("64x", "7f000001").value == "127.0.0.1"
    assert SnmpValue.from_snmprec("6", "1.3.6.1.4.1.9.1.1").as_text() == "1.3.6.1.4.1.9.1.1"


@pytest.mark.parametrize(("oid", "vendor"), [
    ("1.3.6.1.4.1.9.1.617", "cisco"), ("1.3.6.1.4.1.11.2.3.7.11.107", "hpe"),
    ("1.3.6.1.4.1.47196.4.1.1.1.1", "aruba"), ("1.3.6.1.4.1.14823.1.1.32", "aruba"),
    ("1.3.6.1.4.1.2011.2.23.276", "huawei"), ("1.3.6.1.4.1.2636.1.1.1.2.29", "juniper"),
    ("1.3.6.1.4.1.14988.1", "mikrotik"), ("1.3.6.1.4.1.8072.3.2.10", "net-snmp"),
    ("1.3.6.1.4.1.30065.1.3011.7050.3741.64", "arista"),
    ("1.3.6.1.4.1.99999.1", "enterprise-99999"),
    ("1.3.6.1.2.1.1", None), (None, None), ("", None),
])
def test_vendor_from_enterprise(oid: str | None, vendor: str | None) -> None:
    assert vendor_of(oid) == vendor


# sysDescr strings as real devices send them -> (os, os_version, model from text)
DESCRS = [
    ("1.3.6.1.4.1.9.1.1208", "Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), "
     "Version 15.2(2)E7, RELEASE SOFTWARE (fc3)", ("IOS", "15.2(2)E7", None)),
    ("1.3.6.1.4.1.9.1.1745", "Cisco IOS Software, IOS-XE Software, Catalyst 4500 L3 Switch "
     "Software (cat4500e-UNIVERSALK9-M), Version 03.06.04.E RELEASE SOFTWARE (fc2)",
     ("IOS-XE", "03.06.04.E", None)),
    ("1.3.6.1.4.1.9.1.2372", "Cisco IOS Software [Amsterdam], Virtual XE Software "
     "(X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 17.3.4a, RELEASE SOFTWARE (fc3)",
     ("IOS-XE", "17.3.4a", None)),
    ("1.3.6.1.4.1.9.12.3.1.3.1084", "Cisco NX-OS(tm) n5000, Software (n5000-uk9), Version "
     "5.2(1)N1(4), RELEASE SOFTWARE Copyright (c) 2002-2011 by Cisco Systems, Inc.",
     ("NX-OS", "5.2(1)N1(4)", None)),
    ("1.3.6.1.4.1.9.1.1017", "Cisco IOS XR Software (Cisco ASR9K Series),  Version "
     "6.1.4[Default]  Copyright (c) 2017 by Cisco Systems, Inc.", ("IOS-XR", "6.1.4", None)),
    ("1.3.6.1.4.1.9.1.185", "Cisco Internetwork Operating System Software \r\nIOS (tm) 2600 "
     "Software (C2600-IK9O3S3-M), Version 12.3(26), RELEASE SOFTWARE (fc2)",
     ("IOS", "12.3(26)", None)),
    ("1.3.6.1.4.1.11.2.3.7.11.33", "ProCurve J9019A Switch 2510-24, revision Q.10.01, "
     "ROM Q.10.02 (/sw/code/build/harp(ec_Q))", ("ProCurve", "Q.10.01", "J9019A")),
    ("1.3.6.1.4.1.11.2.3.7.11.181", "Aruba JL253A 2930F-24G-4SFP+ Switch, revision "
     "WC.16.10.0009, ROM WC.16.01.0008 (/ws/swbuildm/rel_ukiah_qaoff/code/build/bom(swbuildm_"
     "rel_ukiah_qaoff_rel_ukiah))", ("ArubaOS-Switch", "WC.16.10.0009", "JL253A")),
    ("1.3.6.1.4.1.47196.4.1.1.1.5", "Aruba JL679A 6100 12G CL4 2SFP+ Swch PL.10.08.1010",
     ("AOS-CX", "PL.10.08.1010", "JL679A")),
    ("1.3.6.1.4.1.14823.1.1.32", "ArubaOS (MODEL: 7010), Version 8.6.0.4 (74969)",
     ("ArubaOS", "8.6.0.4", "7010")),
    ("1.3.6.1.4.1.2011.2.23.96", "Huawei Versatile Routing Platform Software\r\nVRP (R) "
     "software, Version 5.70 (S2700 V100R006C05)\r\nCopyright (C) 2003-2013 HUAWEI TECH CO., LTD"
     "\r\nQuidway S2700-26TP-PWR-EI", ("VRP", "V100R006C05", "S2700-26TP-PWR-EI")),
    ("1.3.6.1.4.1.2011.2.224.279", "Huawei Versatile Routing Platform Software\r\nVRP (R) "
     "software, Version 8.180 (CE6850EI V200R005C10SPC800)\r\nCopyright (C) 2012-2018 Huawei "
     "Technologies Co., Ltd.\r\nHUAWEI CE6850-48S6Q-HI\r\n", ("VRP", "V200R005C10SPC800",
                                                             "CE6850-48S6Q-HI")),
    ("1.3.6.1.4.1.2636.1.1.1.2.25", "Juniper Networks, Inc. mx480 internet router, kernel "
     "JUNOS 15.1R7.9, Build date: 2018-09-11 06:48:35 UTC Copyright (c) 1996-2018 Juniper "
     "Networks, Inc.", ("JUNOS", "15.1R7.9", "MX480")),
    ("1.3.6.1.4.1.14988.1", "RouterOS RB4011iGS+", ("RouterOS", None, "RB4011iGS+")),
    ("1.3.6.1.4.1.8072.3.2.10", "Linux gw 4.19.0-25-amd64 #1 SMP Debian 4.19.289-2 "
     "(2023-08-08) x86_64", ("Linux", "4.19.0-25-amd64", None)),
    ("1.3.6.1.4.1.8072.3.2.8", "FreeBSD fw1 13.2-RELEASE-p4 FreeBSD 13.2-RELEASE-p4 amd64",
     ("FreeBSD", "13.2-RELEASE-p4", None)),
    ("1.3.6.1.4.1.30065.1.3011.7050.3741.64", "Arista Networks EOS version 4.22.4M running on "
     "an Arista Networks DCS-7050SX-64", ("EOS", "4.22.4M", "DCS-7050SX-64")),
    ("1.3.6.1.4.1.25506.11.1.239", "H3C Comware Platform Software, Software Version 7.1.045, "
     "Release 2418P06\r\nH3C S5130S-28S-HI\r\nCopyright (c) 2004-2017 New H3C Technologies Co., "
     "Ltd. All rights reserved.", ("Comware", "7.1.045 Release 2418P06", "S5130S-28S-HI")),
    ("1.3.6.1.4.1.1916.2.168", "ExtremeXOS (X440G2-48p-10G4) version 22.4.1.4 22.4.1.4-patch2-5 "
     "by release-manager on Thu Jan 10 11:07:42 EST 2019", ("EXOS", "22.4.1.4", "X440G2-48p-10G4")),
]


@pytest.mark.parametrize(("oid", "descr", "expected"), DESCRS, ids=lambda v: str(v)[:30])
def test_sysdescr_rules_without_entity_mib(oid: str, descr: str,
                                           expected: tuple[str | None, ...]) -> None:
    derived = derive(DeviceClues(sys_descr=decode_text(descr.encode()), sys_object_id=oid))
    assert (derived.os, derived.os_version, derived.model) == expected


def test_entity_chassis_wins_over_sysdescr_and_vendor_scalars() -> None:
    chassis = HardwareComponent(index=1, class_="chassis", model="ISR4331/K9",
                                serial="FDO21120ABC", software="16.9.5")
    derived = derive(DeviceClues(
        sys_descr="Cisco IOS Software [Fuji], ISR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), "
                  "Version 16.9.5, RELEASE SOFTWARE (fc1)",
        sys_object_id="1.3.6.1.4.1.9.1.1861", chassis=chassis,
        extra={"1.3.6.1.4.1.9.3.6.3.0": "OTHER"}))
    assert (derived.model, derived.serial, derived.os, derived.os_version) == \
        ("ISR4331/K9", "FDO21120ABC", "IOS-XE", "16.9.5")


def test_stack_chassis_is_the_first_member_and_cycles_end() -> None:
    rows = (
        HardwareComponent(index=1, class_="stack", parent=0),
        HardwareComponent(index=1000, class_="chassis", model="C9300-48P", parent=1),
        HardwareComponent(index=1001, class_="module", parent=1000),
        HardwareComponent(index=2000, class_="chassis", model="C9300-24T", parent=1),
        HardwareComponent(index=3000, class_="chassis", model="X", parent=3001),
        HardwareComponent(index=3001, class_="chassis", model="Y", parent=3000),
    )
    chassis = find_chassis(rows)
    assert chassis is not None and chassis.index == 1000
    nested = (HardwareComponent(index=5, class_="chassis", model="IN", parent=9),
              HardwareComponent(index=9, class_="chassis", model="OUT", parent=0))
    found = find_chassis(nested)
    assert found is not None and found.model == "OUT"
    assert find_chassis(()) is None
