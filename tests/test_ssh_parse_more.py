"""More parsing rules, on short excerpts of ntc-templates' test data.

Excerpts come from networktocode/ntc-templates (Apache-2.0), tests/<platform>/<command>/;
each test names its file. They are cut to the lines the rule is about.
"""

from __future__ import annotations

import pytest

from netmon.collectors.ssh import ParseFailed, parse_command, parse_report
from tests.ssh_parsing import parse_outputs

# cisco_ios/show_version/cisco_ios_show_version5.raw (Catalyst 9500), without its ROM
# and image lines: only the software image name says IOS-XE.
CAT9K_NO_ROM = """\
Cisco IOS Software [Gibraltar], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 16.12.4, \
RELEASE SOFTWARE (fc5)
Switch-Hostname uptime is 7 weeks, 17 hours, 14 minutes
cisco C9500-48Y4C (X86) processor with 1867864K/6147K bytes of memory.
Processor board ID CAT23XXXXXX
"""

# cisco_ios/show_version/cisco_ios_show_version8.raw (C881, classic IOS)
C881 = """\
Cisco IOS Software, C800 Software (C800-UNIVERSALK9-M), Version 15.4(2)T, RELEASE SOFTWARE (fc1)
ROM: System Bootstrap, Version 15.4(1r)T1, RELEASE SOFTWARE (fc1)
Device-Hostname uptime is 19 weeks, 4 days, 19 hours, 35 minutes
System image file is "flash:c800-universalk9-mz.SPA.154-2.T.bin"
Cisco C881-K9 (revision 1.0) with 944128K/104448K bytes of memory.
Processor board ID FFF12345678
"""

# cisco_ios/show_version/cisco_ios_show_version_special_build.raw (C9500 stack of two)
C9500_STACK = """\
Cisco IOS Software [Fuji], ISR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 16.9.5, \
CUST-SPECIAL:V169_5_SR689355441_2
ROM: IOS-XE ROMMON
AKBTESTW01 uptime is 1 year, 22 weeks, 6 days, 9 hours, 38 minutes
System image file is "flash:packages.conf"
cisco C9500-40X (X86) processor with 1419496K/6147K bytes of memory.
Processor board ID FCW2233FFG3

Switch 02
---------
Model Number                       : C9500-40X
System Serial Number               : FCW1234F88V
"""

# cisco_ios/show_version/cisco_ios_show_version_ab_stratix.raw: the processor line does
# not start with "cisco", so the template finds no hardware.
STRATIX = """\
Cisco IOS Software [Dublin], S5200 Switch Software (S5200-UNIVERSALK9-M), Version 17.12.4, \
RELEASE SOFTWARE (fc3)
ROM: IOS-XE ROMMON
PAS-IDF17-SW02 uptime is 2 weeks, 6 days, 17 hours, 32 minutes
Allen-Bradley 1783-CMS20DP (ARM) processor (revision V02) with 638793K/6147K bytes of memory.
Processor board ID ABC123
"""

# cisco_ios/show_inventory/cisco_ios_show_inventory_c8000v.raw (first two rows)
C8000V_INVENTORY = """\
NAME: "Chassis", DESCR: "Cisco Catalyst 8000V Edge Chassis"
PID: C8000V            , VID: V00  , SN: 9XLWRY40A2V

NAME: "module R0", DESCR: "Cisco Catalyst 8000V Edge Route Processor"
PID: C8000V            , VID: V00  , SN: JAB1303001C
"""

# juniper_junos/show_version/juniper_junos_show_version.raw (QFabric node)
JUNOS_QFABRIC = """\
Hostname: lab
Model: mx240
Junos: 13.3R1.4
Serial Number: qfsn-0123456789
"""

# juniper_junos/show_version/juniper_junos_show_version_ex.raw (no "Serial Number")
JUNOS_EX = """\
Hostname: lab
Model: ex4550-32f
JUNOS EX  Software Suite [13.2X51-D35.3]
"""

# juniper_junos/show_chassis_hardware/juniper_junos_show_chassis_hardware.raw
JUNOS_CHASSIS = """\
Hardware inventory:
Item             Version  Part number  Serial number     Description
Chassis                                A1111             MX10-T
PEM 0            Rev 05   740-028288   AJ00000           AC Power Entry Module
"""

# huawei_vrp/display_device/huawei_vrp_display_device_card.raw
HUAWEI_CARDS = """\
-------------------------------------------------------------------------------------
Slot/Card  Card-Type      Online      Power     Register       Alarm
-------------------------------------------------------------------------------------
1/3        CE88-D16Q      Present     On        Registered     Normal
1/4        CE88-D24S2CQ   Present     On        Registered     Normal
-------------------------------------------------------------------------------------
"""

# huawei_vrp/display_device/huawei_vrp_display_device_all.raw
HUAWEI_DEVICE_ALL = """\
Device status:
--------------------------------------------------------------------------------------
Slot  Card   Type                Online   Power Register     Alarm     Primary
--------------------------------------------------------------------------------------
1     -      CE6850-48S4Q-EI     Present  On    Registered   Normal    Master
      FAN1   FAN-40SA-B          Present  On    Registered   Normal    NA
2     -      *CE6850-48S4Q-EI    Offline  -     Unregistered -         NA
--------------------------------------------------------------------------------------
"""

# huawei_vrp/display_version/huawei_vrp_display_version4.raw
HUAWEI_AR617 = """\
Huawei Versatile Routing Platform Software
VRP (R) software, Version 5.170 (AR610 V300R019C13SPC200)
Copyright (C) 2011-2021 HUAWEI TECH CO., LTD
Huawei AR617VW-LTE4EA Router uptime is 0 week, 0 day, 15 hours, 16 minutes
"""

# hp_procurve/show_system/hp_procurve_show_system3.raw (VSF stack, empty contact and
# location: the installed template rejects the empty "System Contact :" line)
PROCURVE_VSF = """\
 Status and Counters - General System Information

  System Name        : SWITCH-2
  System Contact     :
  System Location    :
  MAC Age Time (sec) : 300

  Software revision  : WC.16.10.0014
  Base MAC Addr      : 548028-aabbd0

 VSF-Member :1

  ROM Version        : WC.16.01.0008
  Up Time            : 458 days
  Serial Number      : SN0000003A

 VSF-Member :2

  ROM Version        : WC.16.01.0008
  Up Time            : 458 days
  Serial Number      : SN0000004A
"""


def test_ios_xe_told_by_software_image_alone() -> None:
    facts = parse_outputs("cisco_ios", {"show version": CAT9K_NO_ROM,
                                        "show inventory": C8000V_INVENTORY})
    assert facts.os == "IOS-XE"
    assert (facts.model, facts.serial, facts.os_version) == (
        "C9500-48Y4C", "CAT23XXXXXX", "16.12.4")
    classic = parse_outputs("cisco_ios", {"show version": C881,
                                          "show inventory": C8000V_INVENTORY})
    assert classic.os == "IOS"
    assert classic.os_version == "15.4(2)T"


def test_stack_chassis_is_the_first_member() -> None:
    records = parse_command("cisco_ios", "show version", C9500_STACK)
    assert records[0]["serial"] == ["FCW2233FFG3", "FCW1234F88V"]  # the template lists both
    facts = parse_outputs("cisco_ios", {"show version": C9500_STACK,
                                        "show inventory": C8000V_INVENTORY})
    assert (facts.model, facts.serial, facts.os) == ("C9500-40X", "FCW2233FFG3", "IOS-XE")
    assert facts.os_version == "16.9.5"


def test_inventory_chassis_fills_only_what_show_version_lacks() -> None:
    # Two devices' outputs side by side, only to exercise the rule.
    stratix = parse_outputs("cisco_ios", {"show version": STRATIX,
                                          "show inventory": C8000V_INVENTORY})
    assert stratix.model == "C8000V"  # show version named none
    assert stratix.serial == "ABC123"  # show version's own serial still wins
    assert stratix.sources["model"] == "ssh"
    c881 = parse_outputs("cisco_ios", {"show version": C881,
                                       "show inventory": C8000V_INVENTORY})
    assert (c881.model, c881.serial) == ("C881-K9", "FFF12345678")


def test_junos_serial_from_show_version_only_without_chassis_serial() -> None:
    both = parse_outputs("juniper_junos", {"show version": JUNOS_QFABRIC,
                                           "show chassis hardware": JUNOS_CHASSIS})
    assert (both.serial, both.model, both.os_version) == ("A1111", "mx240", "13.3R1.4")
    report = parse_report("juniper_junos", {"show version": JUNOS_QFABRIC})
    assert report.facts.serial == "qfsn-0123456789"
    ex = parse_outputs("juniper_junos", {"show version": JUNOS_EX,
                                         "show chassis hardware": JUNOS_CHASSIS})
    assert (ex.os_version, ex.serial, ex.model) == ("13.2X51-D35.3", "A1111", "ex4550-32f")


def test_junos_model_from_chassis_when_show_version_fails() -> None:
    report = parse_report("juniper_junos", {"show version": "\x1b[7mgarbage\n",
                                            "show chassis hardware": JUNOS_CHASSIS})
    assert "show version" in report.failed
    assert (report.facts.model, report.facts.serial) == ("MX10-T", "A1111")


@pytest.mark.parametrize(("device", "names"), [
    (HUAWEI_CARDS, ["1/3", "1/4"]),
    (HUAWEI_DEVICE_ALL, ["1", "1/FAN1", "2"]),
])
def test_huawei_component_names_join_slot_and_card(device: str, names: list[str]) -> None:
    facts = parse_outputs("huawei_vrp", {"display version": HUAWEI_AR617,
                                         "display device": device})
    assert [c.name for c in facts.hardware] == names
    assert facts.model == "AR617VW-LTE4EA"
    assert facts.os_version == "AR610 V300R019C13SPC200"
    assert facts.uptime_s == 15 * 3600 + 16 * 60


def test_lines_a_template_rejects_are_left_out_and_reported() -> None:
    report = parse_report("hp_procurve", {"show system": PROCURVE_VSF})
    assert not report.failed
    facts = report.facts
    assert (facts.sys_name, facts.os_version) == ("SWITCH-2", "WC.16.10.0014")
    assert facts.serial == "SN0000003A"  # VSF member 1, not 2
    assert facts.uptime_s == 458 * 86400
    assert facts.sys_contact is None and facts.sys_location is None
    assert [line.strip() for line in report.ignored_lines["show system"]] == [
        "System Contact     :", "System Location    :"]


def test_too_many_rejected_lines_is_still_a_parse_error() -> None:
    junk = "".join(f"zq {i} ~~ ??\n" for i in range(4))
    with pytest.raises(ParseFailed, match="show system"):
        parse_command("hp_procurve", "show system", PROCURVE_VSF + junk)
