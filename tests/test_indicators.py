"""The other indicators as pure functions: computers/staff, portals, the data centre's
availability and the incidents that broke it."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from netmon.inventory import Inventory, load
from netmon.monitor import indicators as I
from netmon.monitor.indicator_store import IndicatorStore, Reading

INV = """\
targets: {computers: 0.8}
agencies:
  - {id: so-tc, name: Sở Tài chính, level: department, staff: 40, portal: "https://tc.test/"}
  - {id: so-yt, name: Sở Y tế, level: department, staff: 50}
  - {id: hk, name: Quận Hoàn Kiếm, level: district, staff: 100, portal: "https://hk.test/"}
  - {id: hk.pt, name: Phường Phúc Tân, level: commune, parent: hk, staff: 10}
  - {id: hk.hb, name: Phường Hàng Bạc, level: commune, parent: hk}
  - id: ttdl
    name: Trung tâm Dữ liệu
    level: data_centre
    checks:
      - {id: mail, kind: smtp, address: 127.0.0.1, critical: true}
      - {id: web, kind: https, url: "https://dc.test/"}
devices:
  - {id: ups1, agency: ttdl, role: ups, address: 127.0.0.5, critical: true}
  - {id: srv1, agency: ttdl, role: server, address: 127.0.0.6, critical: true}
  - {id: srv2, agency: ttdl, role: server, address: 127.0.0.7}
"""
T0 = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture
def inv(tmp_path: Path) -> Inventory:
    p = tmp_path / "inv.yaml"
    p.write_text(textwrap.dedent(INV), encoding="utf-8")
    return load(p)


def test_computers_per_agency_capped_and_unknown_apart(inv: Inventory) -> None:
    rows, results = I.computers(inv, {"so-tc": 55, "so-yt": 30, "hk": None, "hk.pt": 8})
    by = {r.id: r for r in results}
    assert set(by) == {"so-tc", "so-yt", "hk", "hk.pt"}  # no staff, not counted: hk.hb
    assert by["so-tc"].value == 1.0 and by["so-tc"].meets  # 55 for 40 staff: capped
    assert by["so-yt"].value == 0.6 and not by["so-yt"].meets and by["so-yt"].detail == "30/50"
    assert by["hk"].unknown and by["hk"].value is None and not by["hk"].meets
    assert by["hk.pt"].value == 0.8 and by["hk.pt"].meets  # target 0.8 from the inventory
    city = {(r.scope, r.district, r.level): r for r in rows}
    dept = city[("city", None, "department")]
    assert (dept.total, dept.meeting, dept.unknown, dept.share) == (2, 1, 0, 0.5)
    assert dept.value == pytest.approx((40 + 30) / 90)  # staff-weighted, capped
    assert dept.target == 0.8 and not dept.meets_target and dept.short == ("so-yt",)
    d = city[("district", "hk", "district")]
    assert (d.total, d.meeting, d.unknown, d.value) == (1, 0, 1, None)
    c = city[("district", "hk", "commune")]
    assert (c.total, c.meeting, c.share, c.meets_target) == (1, 1, 1.0, True)


def test_portals_answered_in_99_percent_of_probes(inv: Inventory) -> None:
    rows, results = I.portals(inv, {"https://tc.test/": (990, 1000),
                                    "https://hk.test/": (985, 1000)})
    by = {r.id: r for r in results}
    assert by["so-tc"].meets and by["so-tc"].value == 0.99
    assert not by["hk"].meets and by["hk"].detail == "985/1000"
    assert not by["so-yt"].meets and by["so-yt"].detail == "no portal"
    assert "hk.pt" not in by  # communes are not asked for a portal
    city = {(r.scope, r.district, r.level): r for r in rows}
    assert city[("city", None, "department")].share == 0.5
    assert city[("district", "hk", "district")].short == ("hk",)
    _, unknown = I.portals(inv, {})
    assert {r.id for r in unknown if r.unknown} == {"so-tc", "hk"}


def test_availability_counts_answers() -> None:
    rs = [Reading("u", T0, True), Reading("u", T0, False), Reading("v", T0, True)]
    assert I.availability(rs) == {"u": (1, 2), "v": (1, 1)}


def _series(item: str, states: list[bool | None], step: timedelta,
            battery: list[bool | None] | None = None) -> list[Reading]:
    return [Reading(item, T0 + i * step, s, battery[i] if battery else None)
            for i, s in enumerate(states)]


def test_data_centre_share_of_time_every_critical_item_was_up(inv: Inventory) -> None:
    assert set(I.data_centre_items(inv)) == {"ups1", "srv1", "mail"}  # the critical ones
    step = timedelta(hours=1)
    end = T0 + 10 * step
    readings = (_series("srv1", [True] * 10, step)
                + _series("mail", [True, True, False, False, True, True, True, True, True, True],
                          step)
                + _series("ups1", [True] * 10, step,
                          battery=[False] * 6 + [True] + [False] * 3)
                + _series("srv2", [False] * 10, step))  # not critical: does not count
    dc = I.data_centre(inv, readings, T0, end, stale_after=timedelta(hours=2))
    assert dc.down_s == 3 * 3600 and dc.up_s == 7 * 3600 and dc.unknown_s == 0
    assert dc.row is not None and dc.row.share == 0.7 and not dc.row.meets_target
    assert dc.row.target == 0.999 and dc.row.total == 3 and dc.row.meeting == 1
    assert dc.per_item == {"ups1": 0.9, "srv1": 1.0, "mail": 0.8}
    events = I.incidents(readings, I.data_centre_items(inv))
    assert [(e.item, e.kind, e.at - T0, e.until and e.until - T0) for e in events] == [
        ("mail", "down", 2 * step, 4 * step), ("ups1", "on_battery", 6 * step, 7 * step)]


def test_unknown_time_is_left_out_of_the_share(inv: Inventory) -> None:
    step = timedelta(hours=1)
    readings = (_series("srv1", [True, True], step) + _series("mail", [True, True], step)
                + _series("ups1", [True, None], step))
    dc = I.data_centre(inv, readings, T0, T0 + 4 * step, stale_after=timedelta(hours=1))
    assert dc.up_s == 3600 and dc.down_s == 0 and dc.unknown_s == 3 * 3600
    assert dc.row is not None and dc.row.share == 1.0 and dc.row.meets_target
    nothing = I.data_centre(inv, [], T0, T0 + step, timedelta(hours=1))
    assert nothing.row is not None and nothing.row.value is None
    assert not nothing.row.meets_target and nothing.row.unknown == 3


def test_certificate_warnings_at_30_14_and_7_days(inv: Inventory) -> None:
    expiry = T0 + timedelta(days=40)
    readings = [Reading("mail", T0 + timedelta(days=d), True, cert_not_after=expiry)
                for d in range(0, 42)]
    kinds = [(e.kind, (e.at - T0).days) for e in I.incidents(readings, {"mail": "smtp"})]
    assert kinds == [("cert_expiry_30", 10), ("cert_expiry_14", 26), ("cert_expiry_7", 33),
                     ("cert_expired", 40)]


def test_store_round_trip_and_daily_snapshot(tmp_path: Path, inv: Inventory) -> None:
    store = IndicatorStore(tmp_path / "state.sqlite3")
    store.add_probe("https://tc.test/", "https", T0, True, "ok", T0 + timedelta(days=20),
                    {"http_status": 200})
    store.add_dc("ups1", T0, True, True, {"charge_pct": 90})
    probes = list(store.probes(T0, T0 + timedelta(days=1)))
    assert probes[0].cert_not_after == T0 + timedelta(days=20)
    assert probes[0].data == {"http_status": 200, "status": "ok"}
    assert next(iter(store.dc_readings(T0, T0 + timedelta(days=1)))).on_battery is True
    rows, _ = I.computers(inv, {"so-tc": 40})
    store.snapshot(T0.date(), [r.to_json() for r in rows])
    store.snapshot(T0.date(), [r.to_json() for r in rows])  # the day's last one wins
    daily = store.daily(T0.date(), T0.date())
    assert len(daily) == len(rows) and daily[0]["day"] == "2026-11-01"
    store.close()
