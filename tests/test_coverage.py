"""Coverage rules of DESIGN.md, as a table: pure logic on a small inventory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from netmon.collectors.observation import Reach
from netmon.inventory import Inventory, load
from netmon.monitor.coverage import compute
from netmon.monitor.device_state import Rules, Tracked
from netmon.monitor.state import DeviceState

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
STALE = Rules(stale_after=timedelta(minutes=15))

INVENTORY = """
snmp_profiles:
  default: {version: 2c, community: plain:public}
agencies:
  - {id: so-tttt, name: Sở Thông tin và Truyền thông, level: department}
  - {id: so-tc, name: Sở Tài chính, level: department}
  - {id: hoan-kiem, name: Quận Hoàn Kiếm, level: district, code: "002"}
  - {id: hk.phuc-tan, name: Phường Phúc Tân, level: commune, parent: hoan-kiem}
  - {id: hk.dong-xuan, name: Phường Đồng Xuân, level: commune, parent: hoan-kiem}
  - {id: hk.hang-ma, name: Phường Hàng Mã, level: commune, parent: hoan-kiem}
  - {id: hk.hang-dao, name: Phường Hàng Đào, level: commune, parent: hoan-kiem}
  - {id: hk.hang-bo, name: Phường Hàng Bồ, level: commune, parent: hoan-kiem}
  - {id: ba-dinh, name: Quận Ba Đình, level: district, code: "001"}
  - {id: bd.phuc-xa, name: Phường Phúc Xá, level: commune, parent: ba-dinh}
devices:
  - {id: tttt-rtr, agency: so-tttt, role: wan_router, address: 127.0.0.1, snmp: default}
  - {id: tc-rtr, agency: so-tc, role: wan_router, address: 127.0.0.2, snmp: default}
  - {id: hk-rtr, agency: hoan-kiem, role: wan_router, address: 127.0.0.3, snmp: default}
  - {id: pt-rtr, agency: hk.phuc-tan, role: wan_router, address: 127.0.0.4, snmp: default}
  - {id: pt-sw, agency: hk.phuc-tan, role: lan_switch, address: 127.0.0.5, snmp: default}
  - {id: dx-rtr, agency: hk.dong-xuan, role: wan_router, address: 127.0.0.6, snmp: default}
  - {id: dx-sw, agency: hk.dong-xuan, role: lan_switch, address: 127.0.0.7, snmp: default}
  - {id: hm-rtr, agency: hk.hang-ma, role: wan_router, address: 127.0.0.8, snmp: default}
  - {id: hd-rtr, agency: hk.hang-dao, role: wan_router, address: 127.0.0.9, snmp: default}
  - {id: hd-sw, agency: hk.hang-dao, role: lan_switch, address: 127.0.0.10, snmp: default}
  - {id: bd-rtr, agency: ba-dinh, role: wan_router, address: 127.0.0.11, snmp: default}
"""


@pytest.fixture
def inv(tmp_path: Path) -> Inventory:
    p = tmp_path / "inv.yaml"
    p.write_text(INVENTORY, encoding="utf-8")
    return load(p)


def states(**reach: str | tuple[str, timedelta]) -> dict[str, DeviceState]:
    out = {}
    for device, value in reach.items():
        r, age = (value, timedelta(0)) if isinstance(value, str) else value
        tracked = Tracked(verdict=Reach(r), last_evidence=NOW - age)
        out[device.replace("_", "-")] = DeviceState(device.replace("_", "-"), NOW - age, "ok",
                                                    tracked)
    return out


def rows(report, scope, district=None):  # type: ignore[no-untyped-def]
    return {r.level: r for r in report.rows if r.scope == scope and r.district == district}


def test_rules_per_level_and_district(inv: Inventory) -> None:
    s = states(tttt_rtr="up", tc_rtr="down", hk_rtr="up",
               pt_rtr="up", pt_sw="up",          # phuc-tan: connected (both)
               dx_rtr="up", dx_sw="down",        # dong-xuan: WAN but LAN not ready
               hm_rtr="up",                      # hang-ma: no switch at all
               hd_rtr="up", hd_sw="unknown",     # hang-dao: unknown
               bd_rtr="down")
    report = compute(inv, s, NOW, STALE)
    city = rows(report, "city")
    assert (city["department"].connected, city["department"].total) == (1, 2)
    assert city["department"].indicator == "wan"
    assert city["department"].short == ("so-tc",)
    assert not city["department"].meets_target
    assert (city["district"].connected, city["district"].total) == (1, 2)
    commune = city["commune"]
    assert commune.indicator == "lan_wan"
    # hang-bo has no device: in the denominator, not connected, not unknown.
    assert (commune.connected, commune.total, commune.unknown) == (1, 6, 1)
    assert set(commune.short) == {"hk.dong-xuan", "hk.hang-ma", "hk.hang-dao", "hk.hang-bo",
                                  "bd.phuc-xa"}
    assert commune.target == 0.8 and not commune.meets_target
    hk = rows(report, "district", "hoan-kiem")
    assert (hk["district"].connected, hk["district"].total) == (1, 1)
    assert hk["district"].meets_target
    assert (hk["commune"].connected, hk["commune"].total, hk["commune"].unknown) == (1, 5, 1)
    assert hk["commune"].share == pytest.approx(0.2)
    by_id = {a.id: a for a in report.agencies}
    assert by_id["hk.dong-xuan"].wan_connected and not by_id["hk.dong-xuan"].lan_ready
    assert by_id["hk.hang-dao"].unknown and not by_id["hk.hang-dao"].connected
    assert by_id["hk.hang-bo"].devices == 0 and not by_id["hk.hang-bo"].unknown


def test_stale_and_missing_observations_are_unknown_never_connected(inv: Inventory) -> None:
    s = states(tttt_rtr=("up", timedelta(hours=1)), tc_rtr="up",
               hk_rtr=("down", timedelta(hours=2)))
    report = compute(inv, s, NOW, STALE)
    by_id = {a.id: a for a in report.agencies}
    assert by_id["so-tttt"].unknown and not by_id["so-tttt"].connected
    assert by_id["so-tc"].connected
    # A stale "down" is not down any more: we do not know.
    assert by_id["hoan-kiem"].unknown
    # Never observed: unknown too.
    assert by_id["ba-dinh"].unknown
    assert rows(report, "city")["department"].unknown == 1


def test_targets_met_and_district_filter(inv: Inventory) -> None:
    everything_up = states(**{d.replace("-", "_"): "up" for d in inv.devices})
    report = compute(inv, everything_up, NOW, STALE, district="hoan-kiem")
    assert {r.scope for r in report.rows} == {"district"}
    assert {r.district for r in report.rows} == {"hoan-kiem"}
    hk = rows(report, "district", "hoan-kiem")
    # 3 of 5 communes have both a router and a switch: 60% < 80%.
    assert (hk["commune"].connected, hk["commune"].total) == (3, 5)
    assert not hk["commune"].meets_target
    assert hk["district"].meets_target
    assert all(a.district == "hoan-kiem" for a in report.agencies)
    js = report.to_json()
    assert set(js["rows"][0]) >= {"scope", "district", "level", "indicator", "total",
                                  "connected", "unknown", "share", "target", "meets_target",
                                  "short"}
