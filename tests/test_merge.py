"""merge_facts: one record from SNMP and SSH facts (pure)."""

from __future__ import annotations

from netmon.collectors.merge import merge_facts
from netmon.collectors.observation import DeviceFacts, HardwareComponent, Interface

SNMP = DeviceFacts(
    sys_name="hk-core-1.hanoi.gov.vn", sys_descr="Cisco IOS Software, C3850", uptime_s=1000.5,
    sys_object_id="1.3.6.1.4.1.9.1.1745", vendor="cisco", model="WS-C3850-48U ",
    serial=None, os="IOS-XE", os_version="16.9.3", sys_location="Hoàn Kiếm",
    interfaces=(Interface(index=1, name="Gi1/0/1"),),
    hardware=(HardwareComponent(index=1001, class_="chassis", serial="FOC1"),),
    sources={k: "snmp" for k in ("sys_name", "sys_descr", "uptime_s", "sys_object_id",
                                 "vendor", "model", "os", "os_version", "sys_location",
                                 "interfaces", "hardware")},
)
SSH = DeviceFacts(
    sys_name="hk-core-1", uptime_s=960.0, model="ws-c3850-48u", serial="FOC11111111",
    os="IOS-XE", os_version="16.9.4",
    hardware=(HardwareComponent(index=1, name="Chassis", serial="FOC11111111"),),
    sources={k: "ssh" for k in ("sys_name", "uptime_s", "model", "serial", "os",
                                "os_version", "hardware")},
)


def test_one_side_only_is_that_side() -> None:
    assert merge_facts(SNMP, None) == SNMP
    assert merge_facts(None, SSH) == SSH
    assert merge_facts(None, None) == DeviceFacts()


def test_field_winners_and_sources() -> None:
    m = merge_facts(SNMP, SSH)
    assert (m.serial, m.sources["serial"]) == ("FOC11111111", "ssh")  # only ssh knows it
    assert (m.os_version, m.sources["os_version"]) == ("16.9.4", "ssh")  # the CLI is exact
    assert (m.model, m.sources["model"]) == ("ws-c3850-48u", "ssh")
    assert (m.sys_name, m.sources["sys_name"]) == ("hk-core-1.hanoi.gov.vn", "snmp")
    assert (m.uptime_s, m.sources["uptime_s"]) == (1000.5, "snmp")
    assert (m.sys_location, m.sources["sys_location"]) == ("Hoàn Kiếm", "snmp")
    assert m.interfaces == SNMP.interfaces and m.sources["interfaces"] == "snmp"
    assert m.hardware == SNMP.hardware and m.sources["hardware"] == "snmp"


def test_conflicts_kept_after_normalising_case_and_space() -> None:
    m = merge_facts(SNMP, SSH)
    assert m.conflicts["os_version"] == {"snmp": "16.9.3", "ssh": "16.9.4"}
    assert m.conflicts["sys_name"] == {"snmp": "hk-core-1.hanoi.gov.vn", "ssh": "hk-core-1"}
    assert "model" not in m.conflicts  # 'WS-C3850-48U ' vs 'ws-c3850-48u': the same
    assert "os" not in m.conflicts
    assert "uptime_s" not in m.conflicts  # read at different instants, never a conflict
    assert "serial" not in m.conflicts  # snmp did not know it


def test_hardware_from_ssh_when_snmp_has_none() -> None:
    snmp = DeviceFacts(sys_name="x", sources={"sys_name": "snmp"})
    m = merge_facts(snmp, SSH)
    assert m.hardware == SSH.hardware and m.sources["hardware"] == "ssh"
    assert "interfaces" not in m.sources
    assert m.to_json()["sources"]["serial"] == "ssh"
