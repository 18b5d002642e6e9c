"""Vendor rules on the few values that decide them, copied from real recorded walks.

Each case names the device and where its walk is published; only the deciding values
(sysDescr, sysObjectID, the chassis entPhysical row, vendor scalars) are copied here.
"""

from __future__ import annotations

from netmon.collectors.observation import HardwareComponent
from netmon.collectors.snmp import oids
from netmon.collectors.snmp.vendors import DeviceClues, derive


def chassis(**values: str | None) -> HardwareComponent:
    return HardwareComponent(index=1, class_="chassis", name=values.get("name"),
                             descr=values.get("descr"), model=values.get("model"),
                             serial=values.get("serial"), software=values.get("software"))


def facts(clues: DeviceClues) -> tuple[str | None, ...]:
    d = derive(clues)
    return d.vendor, d.model, d.serial, d.os, d.os_version


def test_juniper_entity_model_is_a_part_number_not_the_product() -> None:
    # Juniper MX960, JUNOS 16.1R6.7: snmpsim-data network/router/juniper-mx960-16-1r6-7-a
    clues = DeviceClues(
        sys_descr="Juniper Networks, Inc. mx960 internet router, kernel JUNOS 16.1R6.7, "
                  "Build date: 2017-11-22 02:47:00 UTC Copyright (c) 1996-2017 Juniper "
                  "Networks, Inc.",
        sys_object_id="1.3.6.1.4.1.2636.1.1.1.2.21",
        chassis=chassis(name="CHAS-BP-MX960-S", descr="Juniper MX960 Internet Backbone Router",
                        model="710-030012", serial="JN11F7072AFA", software="16.1R6.7"),
        extra={oids.JNX_BOX_DESCR: "Juniper MX960 Internet Backbone Router",
               oids.JNX_BOX_SERIAL: "JN11F7072AFA"},
    )
    assert facts(clues) == ("juniper", "MX960", "JN11F7072AFA", "JUNOS", "16.1R6.7")


def test_huawei_vrp_stated_only_in_the_chassis_row() -> None:
    # Huawei S12704, sysDescr is the bare model: snmpsim-data network/switch/huawei-s12704
    clues = DeviceClues(
        sys_descr="S12704", sys_object_id="1.3.6.1.4.1.2011.2.279.3",
        chassis=chassis(name="HUAWEI S12704 chassis", descr="HUAWEI S12704 chassis",
                        serial="2102114480P0J7000105",
                        software="Version 5.170 V200R012C00SPC500"),
    )
    assert facts(clues) == ("huawei", "S12704", "2102114480P0J7000105", "VRP",
                            "V200R012C00SPC500")


def test_huawei_router_with_empty_sysdescr() -> None:
    # Huawei ME60-X8 BRAS, sysDescr empty: snmpsim-data network/router/huawei-unknown-001
    clues = DeviceClues(
        sys_descr=None, sys_object_id="1.3.6.1.4.1.2011.2.89.5",
        chassis=chassis(name="ME60-X8 frame", descr="ME60-X8 frame",
                        serial="2102352021N0H6000098",
                        software="VRP (R) software, Version 5.160 (CN), RELEASE 0089"),
    )
    assert facts(clues) == ("huawei", "ME60-X8", "2102352021N0H6000098", "VRP", "5.160")


def test_huawei_chassis_word_alone_is_no_model() -> None:
    clues = DeviceClues(sys_descr=None, sys_object_id="1.3.6.1.4.1.2011.2.89.5",
                        chassis=chassis(name="Switch chassis", descr="Main frame"))
    assert derive(clues).model is None and derive(clues).os is None


def test_mikrotik_board_from_the_entity_chassis_descr() -> None:
    # MikroTik RB952Ui-5ac2nD, RouterOS 6.40.5: librenms tests/snmpsim/routeros.snmprec
    clues = DeviceClues(
        sys_descr="router", sys_object_id="1.3.6.1.4.1.14988.1",
        chassis=chassis(name="MIPS 24Kc V7.4",
                        descr="RouterOS 6.40.5 (stable) on RB952Ui-5ac2nD"),
        extra={oids.MTXR_SOFTWARE: "6.40.5", oids.MTXR_SERIAL: "71B1060EE89D"},
    )
    assert facts(clues) == ("mikrotik", "RB952Ui-5ac2nD", "71B1060EE89D", "RouterOS", "6.40.5")


def test_ios_xe_on_any_linux_iosd_image() -> None:
    # Cisco ASR1001 (IOSd 15.5(3)S1a = IOS-XE 3.16): librenms tests/snmpsim/iosxe.snmprec
    descr = ("Cisco IOS Software, ASR1000 Software (PPC_LINUX_IOSD-ADVENTERPRISEK9-M), "
             "Version 15.5(3)S1a, RELEASE SOFTWARE (fc1)\nTechnical Support: "
             "http://www.cisco.com/techsupport")
    d = derive(DeviceClues(sys_descr=descr, sys_object_id="1.3.6.1.4.1.9.1.1116"))
    assert (d.os, d.os_version) == ("IOS-XE", "15.5(3)S1a")


def test_ios_xe_3x_release_numbering() -> None:
    # Catalyst 4500-X on IOS-XE 3.6: NOT from a recorded walk here, the format Cisco documents
    descr = ("Cisco IOS Software, IOS-XE Software, Catalyst 4500 L3 Switch Software "
             "(cat4500e-UNIVERSALK9-M), Version 03.06.04.E RELEASE SOFTWARE (fc2)")
    d = derive(DeviceClues(sys_descr=descr, sys_object_id="1.3.6.1.4.1.9.1.1733"))
    assert (d.os, d.os_version) == ("IOS-XE", "03.06.04.E")
    no_xe_word = descr.replace("IOS-XE Software, ", "")
    d = derive(DeviceClues(sys_descr=no_xe_word, sys_object_id="1.3.6.1.4.1.9.1.1733"))
    assert d.os == "IOS-XE"


def test_classic_ios_stays_ios() -> None:
    # Cisco 2950: librenms tests/snmpsim/ios.snmprec
    descr = ("Cisco Internetwork Operating System Software \nIOS (tm) C2950 Software "
             "(C2950-I6K2L2Q4-M), Version 12.1(22)EA14, RELEASE SOFTWARE (fc1)")
    d = derive(DeviceClues(sys_descr=descr, sys_object_id="1.3.6.1.4.1.9.1.359"))
    assert (d.os, d.os_version) == ("IOS", "12.1(22)EA14")


def test_comware_one_line_sysdescr_names_its_model() -> None:
    # H3C LSQ1WCMD0 (no ENTITY-MIB): snmpsim-data network/switch/h3c-comware-lsq1wcmd0.
    # The same device recorded with ENTITY-MIB (h3c-comware-lsq1wcmd0-2509p61) names
    # LSQ1WCMD0 in its chassis row: the word before ". Product Version" is the model.
    descr = ("H3C Comware Platform Software LSQ1WCMD0. Product Version Release 2509P61 "
             "Copyright (c) 2004-2017 New H3C Technologies Co., Ltd. All rights reserved.")
    assert facts(DeviceClues(sys_descr=descr, sys_object_id="1.3.6.1.4.1.25506.1.612")) \
        == ("h3c", "LSQ1WCMD0", None, "Comware", "Release 2509P61")


def test_comware_platform_line_without_a_model_stays_null() -> None:
    descr = "H3C Comware Platform Software, Software Version 7.1.070, Release 3208P13"
    d = derive(DeviceClues(sys_descr=descr, sys_object_id="1.3.6.1.4.1.25506.11.1.167"))
    assert (d.model, d.os, d.os_version) == (None, "Comware", "7.1.070 Release 3208P13")


def test_huawei_series_in_parentheses_is_never_the_model() -> None:
    # The "(AR1xx V200R...)" after VRP's version names a software series, not a box.
    descr = ("Huawei Versatile Routing Platform Software\r\nVRP (R) software, Version 5.160 "
             "(AR1xx V200R010C10SPC700)\r\nCopyright (C) 2011-2019 Huawei Technologies")
    d = derive(DeviceClues(sys_descr=descr, sys_object_id="1.3.6.1.4.1.2011.2.224.279"))
    assert (d.model, d.os, d.os_version) == (None, "VRP", "V200R010C10SPC700")


def test_huawei_netengine_model_on_its_own_line() -> None:
    # NOT from a recorded walk here: the line format the issue quotes for carrier routers.
    descr = ("Huawei Versatile Routing Platform Software\r\nVRP (R) software, Version 8.180 "
             "(NE40E V800R011C10SPC100)\r\nCopyright (C) 2012-2019 Huawei Technologies Co., Ltd."
             "\r\nHUAWEI NetEngine40E-X8A\r\n")
    d = derive(DeviceClues(sys_descr=descr, sys_object_id="1.3.6.1.4.1.2011.2.62.2.9"))
    assert (d.model, d.os_version) == ("NetEngine40E-X8A", "V800R011C10SPC100")


def test_hpe_comware_switch_under_h3c_number_is_hpe() -> None:
    # HPE 5130 EI (Comware 7) under H3C's number 25506: NOT from a recorded walk here
    descr = ("HPE Comware Platform Software, Software Version 7.1.070, Release 3208P13\n"
             "HPE 5130-24G-PoE+-4SFP+ (370W) EI JG936A Switch\n"
             "Copyright (c) 2010-2018 Hewlett Packard Enterprise Development LP")
    d = derive(DeviceClues(sys_descr=descr, sys_object_id="1.3.6.1.4.1.25506.11.1.167"))
    assert (d.vendor, d.os, d.os_version) == ("hpe", "Comware", "7.1.070 Release 3208P13")


def test_aruba_cx_model_from_sysdescr() -> None:
    # Aruba 8325 JL635A, AOS-CX GL.10.04.2000: librenms tests/snmpsim/arubaos-cx.snmprec
    d = derive(DeviceClues(sys_descr="Aruba JL635A 8325 GL.10.04.2000",
                           sys_object_id="1.3.6.1.4.1.47196.4.1.1.1.50"))
    assert (d.vendor, d.model, d.os, d.os_version) == ("aruba", "JL635A", "AOS-CX",
                                                        "GL.10.04.2000")


def test_ironware_model_and_version_from_sysdescr() -> None:
    # Brocade ICX6430-24: snmpsim-data network/switch/brocade-icx6430-24
    descr = ("Brocade Communications Systems, Inc. ICX6430-24, IronWare Version 08.0.30tT311 "
             "Compiled on Feb 13 2019 at 17:44:50 labeled as ICX64S08030t")
    d = derive(DeviceClues(sys_descr=descr, sys_object_id="1.3.6.1.4.1.1991.1.3.57.1.1.1.1"))
    assert (d.vendor, d.model, d.os, d.os_version) == ("brocade", "ICX6430-24", "IronWare",
                                                        "08.0.30tT311")


def test_recorded_variation_lines_load() -> None:
    """snmpsim-data walks use variation modules for moving values (e.g. a ticking uptime)."""
    from netmon.collectors.snmp import SnmpValue

    assert SnmpValue.from_snmprec("67:numeric", "rate=100,initial=4242").as_int() == 4242
    assert SnmpValue.from_snmprec("65:numeric", "scale=2,value=17").as_int() == 17
    assert SnmpValue.from_snmprec("67:numeric", "rate=100").as_int() == 0
    assert SnmpValue.from_snmprec("2", "-5").as_int() == -5


def test_a_value_marked_hex_that_is_not_is_kept_as_text() -> None:
    """snmpsim-data's UPS/juniper-ac.snmprec records sysDescr as ``4x|Juniper``."""
    from netmon.collectors.snmp import SnmpValue

    assert SnmpValue.from_snmprec("4x", "Juniper").as_text() == "Juniper"
    assert SnmpValue.from_snmprec("4x", "4a756e69706572").as_text() == "Juniper"


def test_cisco_wireless_controller_runs_aireos() -> None:
    """snmpsim-data network/appliance/cisco-controller (AIR-CT5508-K9): sysDescr is bare."""
    d = derive(DeviceClues(sys_descr="Cisco Controller",
                           sys_object_id="1.3.6.1.4.1.9.1.1069"))
    assert (d.vendor, d.os) == ("cisco", "AireOS")
