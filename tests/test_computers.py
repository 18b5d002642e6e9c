"""Computers per agency: MACs learned on access ports (BRIDGE-MIB, Q-BRIDGE-MIB), the ARP
fallback, on walks recorded from real switches; the 7-day window of sightings."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import SecretStr

from netmon.collectors.snmp import PysnmpClient
from netmon.collectors.snmp import fdb as F
from netmon.collectors.snmp.snmprec import columns, load
from netmon.monitor.sightings import Sightings
from netmon.target import SnmpCredentials
from tests.peers.snmpsim import SnmpSim, requires_snmpsim, start_snmpsim, walk_files

LAN = Path(__file__).parent / "fixtures" / "snmp" / "lan"


def fdb(name: str, user_ports: tuple[str, ...] = (), many: int = F.MANY_MACS) -> F.AccessMacs:
    return F.parse_fdb(columns(load(LAN / f"{name}.snmprec"), F.FDB_COLUMNS), user_ports, many)


def test_uplinks_with_many_macs_are_left_out() -> None:
    d = fdb("switch-dlink-des3038")
    assert d.source == "fdb"
    assert d.excluded == ("1/25", "1/28")  # 8 MACs on the uplink 1/28, 5 behind 1/25
    assert len(d.macs) == 15 and d.ports == 9
    assert "00:23:24:93:c4:c7" in d.macs
    assert all(not int(m[:2], 16) & 1 for m in d.macs)  # no multicast


def test_a_mac_in_two_vlans_is_one_computer() -> None:
    walk = columns(load(LAN / "switch-dlink-des3038.snmprec"), F.FDB_COLUMNS)
    only_bridge = {k: v for k, v in walk.items() if not k.startswith("1.3.6.1.2.1.17.7")}
    only_q = {k: v for k, v in walk.items() if not k.startswith("1.3.6.1.2.1.17.4")}
    both = F.parse_fdb(walk, many=10_000).macs
    assert both == F.parse_fdb(only_bridge, many=10_000).macs | \
        F.parse_fdb(only_q, many=10_000).macs
    total_rows = len(walk[F.FDB_PORT]) + len(walk[F.QFDB_PORT])
    counted = F.parse_fdb(walk, many=10_000)
    assert len(counted.macs) < total_rows  # the two tables overlap: merged, not added


def test_qbridge_only_with_a_trunk() -> None:
    z = fdb("switch-zte-5250-qbridge")
    assert z.excluded == ("2/1",) and len(z.macs) == 26 and z.ports == 26
    assert len(fdb("switch-zte-5250-qbridge", many=10_000).macs) == 205


def test_user_ports_from_the_inventory_decide() -> None:
    b = fdb("switch-brocade-icx6430")
    assert b.macs == frozenset() and b.excluded == ("ethernet1/1/1",)
    named = fdb("switch-brocade-icx6430", ("ethernet1/1/1",))
    assert len(named.macs) == 18 and named.ports == 1 and named.excluded == ()
    d = fdb("switch-dlink-des3038", ("21-25",))  # by ifIndex range: 1/21 and 1/25 only
    assert d.ports == 2 and len(d.macs) == 9


def test_no_fdb_then_arp() -> None:
    walk = columns(load(LAN / "switch-cisco-c3560-arp-only.snmprec"), F.ARP_COLUMNS)
    assert fdb("switch-cisco-c3560-arp-only").source == "none"
    arp = F.parse_arp(walk)
    assert arp.source == "arp" and len(arp.macs) == 17
    media_only = {k: v for k, v in walk.items() if k in (F.ARP_MEDIA, F.ARP_MEDIA_TYPE)}
    assert F.parse_arp(media_only).source == "arp"
    assert F.parse_arp({}).source == "none"


@pytest.fixture(scope="module")
def lan_sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SnmpSim]:
    sim = start_snmpsim(walk_files(LAN), directory=tmp_path_factory.mktemp("lan-snmpsim"))
    try:
        yield sim
    finally:
        sim.stop()


@pytest.mark.integration
@requires_snmpsim
def test_switches_over_snmp_match_the_recordings(lan_sim: SnmpSim) -> None:
    def client(name: str) -> PysnmpClient:
        return PysnmpClient(lan_sim.address, SnmpCredentials(
            community=SecretStr(name), port=lan_sim.port, timeout_s=2.0, retries=1))

    async def main() -> list[F.AccessMacs]:
        return [await F.collect_access_macs(client("switch-dlink-des3038")),
                await F.collect_access_macs(client("switch-zte-5250-qbridge")),
                await F.collect_access_macs(client("switch-cisco-c3560-arp-only")),
                await F.collect_arp(client("switch-cisco-c3560-arp-only"))]

    dlink, zte, cisco, arp = asyncio.run(main())
    assert dlink == fdb("switch-dlink-des3038")
    assert zte == fdb("switch-zte-5250-qbridge")
    assert cisco.source == "none" and arp.source == "arp" and len(arp.macs) == 17


def test_sightings_window_and_unknown_is_not_zero(tmp_path: Path) -> None:
    s = Sightings(tmp_path / "state.sqlite3")
    t0 = datetime(2026, 11, 1, 8, tzinfo=UTC)
    s.record("hk", "hk-sw", t0, "fdb", ["aa:00:00:00:00:01", "aa:00:00:00:00:02"])
    s.record("hk", "hk-sw", t0 + timedelta(days=5), "fdb", ["aa:00:00:00:00:02"])
    s.record("tc", "tc-sw", t0, "fdb", [])  # read, nothing behind it: zero
    s.record_failure("yt", "yt-sw", t0, "timeout")  # never read: unknown
    assert s.counts(t0 + timedelta(days=6)) == {"hk": 2, "tc": 0, "yt": None}
    # 8 days later the first computer has not been seen for 8 days; the other for 3
    assert s.count("hk", t0 + timedelta(days=8)) == 1
    # a switch that stops answering keeps its agency known only while its last read is fresh
    s.record_failure("hk", "hk-sw", t0 + timedelta(days=9), "timeout")
    assert s.count("hk", t0 + timedelta(days=11)) == 1
    assert s.count("hk", t0 + timedelta(days=13)) is None
    assert s.count("tc", t0 + timedelta(days=8)) is None
    assert s.prune(t0 + timedelta(days=93)) == 1  # the mac last seen on day 0
    s.close()
