"""The indicator poller on a small city of real peers (tests/peers/indicator_lab.py): every
indicator computed from real answers, recorded, and turned into points."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from netmon.collectors.snmp.fdb import AccessMacs
from netmon.collectors.snmp.hostres import ServerFacts
from netmon.collectors.snmp.ups import UpsFacts
from netmon.inventory import load
from netmon.monitor.indicator_poll import IndicatorPoller
from tests.peers.indicator_lab import IndicatorLab
from tests.peers.influxd import requires_influxd, start_influxd
from tests.peers.snmpsim import requires_snmpsim

pytestmark = [pytest.mark.integration, requires_snmpsim]


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IndicatorLab]:
    lab = IndicatorLab.start(tmp_path_factory.mktemp("indicator-lab"))
    try:
        yield lab
    finally:
        lab.stop()


def test_one_poll_of_every_indicator(lab: IndicatorLab, tmp_path: Path) -> None:
    inv = load(lab.inventory)
    poller = IndicatorPoller(inv, tmp_path / "state.sqlite3", stale_after=timedelta(hours=1),
                             probe_interval_s=0)
    t0 = datetime.now(UTC)
    try:
        first = asyncio.run(poller.poll(at=t0 - timedelta(minutes=5)))
        result = asyncio.run(poller.poll(at=t0))
    finally:
        poller.close()
    probes = {r.check: r for r, _p, _a in result.probes}
    assert probes[lab.web["portal-ok"].url()].up
    assert probes[lab.web["portal-ok"].url()].expect_found is True
    assert probes[lab.web["portal-err"].url()].http_status == 500
    assert probes["dc-web"].up and probes["dc-dns"].up, probes["dc-dns"].error
    assert probes["dc-mail"].up, probes["dc-mail"].error
    assert probes["dc-mail"].cert is not None and probes["dc-mail"].cert.verified
    assert isinstance(result.servers["dc-srv"], ServerFacts)
    assert isinstance(result.ups["dc-ups"], UpsFacts) and result.ups["dc-ups"].load_pct == 21
    access = result.access
    assert isinstance(access["tttt-sw"], AccessMacs) and len(access["tttt-sw"].macs) == 15
    assert isinstance(access["hk-sw"], AccessMacs) and len(access["hk-sw"].macs) == 18
    assert isinstance(access["pt-rtr"], AccessMacs) and access["pt-rtr"].source == "arp"
    assert access["bd-sw"] == "timeout"
    by = {(r.indicator, r.id): r for r in result.results}
    assert by[("computers", "so-tttt")].detail == "15/20"
    assert by[("computers", "so-tc")].detail == "26/30" and not by[("computers", "so-tc")].meets
    assert by[("computers", "hoan-kiem")].meets and by[("computers", "hoan-kiem")].value == 1.0
    assert by[("computers", "hoan-kiem.phuc-tan")].detail == "17/30"  # the router's ARP
    assert by[("computers", "ba-dinh")].unknown  # its switch never answered: not zero
    assert by[("computers", "so-yt")].unknown  # no switch at all
    assert by[("portals", "so-tttt")].meets and not by[("portals", "so-tc")].meets
    assert by[("portals", "so-yt")].detail == "no portal"
    rows = {(r.indicator, r.scope, r.district, r.level): r for r in result.rows}
    dc = rows[("data_centre", "city", None, "data_centre")]
    assert dc.total == 5 and dc.unknown == 0  # server, UPS, web, mail, dns
    assert dc.share == 1.0 and dc.meets_target  # five minutes, everything up
    first_dc = next(r for r in first.rows if r.indicator == "data_centre")
    assert first_dc.unknown == 5 and first_dc.value is None  # one instant: nothing known yet
    assert {p.measurement for p in result.points} >= {
        "netmon_indicator", "netmon_agency_indicator", "netmon_probe", "netmon_server",
        "netmon_ups"}
    assert all("plain:" not in p.line() for p in result.points)  # no community anywhere


@requires_influxd
def test_the_indicator_dashboard_answers_from_a_lab_run(lab: IndicatorLab,
                                                        tmp_path: Path) -> None:
    from tests.test_deploy import load_dashboards, queries_of, render, write_points

    inv = load(lab.inventory)
    poller = IndicatorPoller(inv, tmp_path / "state.sqlite3", stale_after=timedelta(hours=1),
                             probe_interval_s=0)
    now = datetime.now(UTC).replace(microsecond=0)
    try:
        points = [p for at in (now - timedelta(minutes=20), now - timedelta(minutes=10))
                  for p in asyncio.run(poller.poll(at=at)).points]
    finally:
        poller.close()
    server = start_influxd(tmp_path / "influxd")
    try:
        write_points(server, points)
        queries = queries_of("netmon-indicators.json",
                             load_dashboards()["netmon-indicators.json"])
        assert len(queries) >= 14
        empty = [q.panel for q in queries if not server.query(render(q, "all"))]
        assert empty == []
        ups = server.query(render(next(q for q in queries if q.panel == "UPS"), "all"))
        assert {r["device"]: r["load_pct"] for r in ups} == {"dc-ups": 21, "dc-ups2": 0}
    finally:
        server.stop()
