"""The bundled Hanoi sample and the issue's minimal example."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from netmon.inventory import bootstrap_hanoi, check_report, load
from netmon.inventory.bootstrap import hanoi_lab_devices

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETMON_COMMUNITY", "lab-community")
    monkeypatch.setenv("V3_AUTH", "auth-pass-123")
    monkeypatch.setenv("V3_PRIV", "priv-pass-456")


def test_sample_is_clean_and_complete() -> None:
    problems, warnings = check_report(EXAMPLES / "hanoi")
    assert problems == [] and warnings == []
    inv = load(EXAMPLES / "hanoi")
    levels = Counter(a.level for a in inv.agencies.values())
    assert levels["district"] == 30
    assert levels["commune"] == 526
    assert levels["department"] >= 5
    assert {"so-tttt", "so-tc", "so-yt", "so-gddt", "so-khdt"} <= set(inv.agencies)
    assert all(inv.agencies[a.parent].level == "district"
               for a in inv.agencies.values() if a.level == "commune" and a.parent)
    assert inv.targets == {"department": 1.0, "district": 1.0, "commune": 0.8}


def test_sample_devices_are_lab_ready() -> None:
    inv = load(EXAMPLES / "hanoi")
    addresses = [d.address for d in inv.devices.values()]
    assert len(set(addresses)) == len(addresses)
    assert all(a.startswith("127.") for a in addresses)
    for device in inv.devices.values():
        target = inv.target(device.id)
        assert target.snmp is not None and target.snmp.port == 16100
        assert target.snmp.community is not None
        assert target.snmp.community.get_secret_value() == device.id  # snmpsim's data key
    hk = inv.agencies_in_district("hoan-kiem")
    assert all(inv.devices_of(a.id) for a in hk[:-2]) and not inv.devices_of(hk[-1].id)
    assert any(d.file.endswith("devices-extra.csv") for d in inv.devices.values())
    for dep in (a for a in inv.agencies.values() if a.level == "department"):
        assert [d.role for d in inv.devices_of(dep.id)][:1] == ["wan_router"]


def test_sample_files_are_what_bootstrap_generates() -> None:
    agencies = (EXAMPLES / "hanoi" / "agencies.yaml").read_text(encoding="utf-8")
    assert agencies == bootstrap_hanoi(sample=True)
    assert "vietnam-provinces 0.6.0" in agencies.splitlines()[1]
    devices = (EXAMPLES / "hanoi" / "devices.yaml").read_text(encoding="utf-8")
    assert devices == hanoi_lab_devices()


def test_minimal_example_is_the_issue_shape() -> None:
    inv = load(EXAMPLES / "minimal.yaml")
    assert list(inv.agencies) == ["hoan-kiem", "hoan-kiem.phuc-tan"]
    v3 = inv.snmp_profiles["core-v3"]
    assert (v3.version, v3.auth_protocol, v3.priv_protocol) == ("3", "sha", "aes")
    target = inv.target("hk-rtr-01")
    assert target.snmp is not None and target.snmp.version == "2c"
    assert target.labels == {"device": "hk-rtr-01", "agency": "hoan-kiem", "role": "wan_router",
                             "agency_level": "district", "district": "hoan-kiem"}
