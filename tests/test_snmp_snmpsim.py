"""The SNMP collector against snmpsim replaying every recorded walk (real UDP on loopback)."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import pytest
from pydantic import SecretStr

from netmon.collectors.observation import Interface, Observation, Status
from netmon.collectors.snmp import FastClient, Limits, PysnmpClient, SnmpCollector, SnmpCut
from netmon.collectors.snmp import oids as O
from netmon.collectors.snmp.snmprec import facts_from_walk, load
from netmon.target import SnmpCredentials, Target
from tests.peers.snmpsim import SnmpSim, own_walks, recorded_walks, requires_snmpsim, snmpsim
from tests.test_snmp_parse import EXPECTED, ent_rows, if_rows

__all__ = ["snmpsim"]  # the session fixture, imported explicitly
pytestmark = [pytest.mark.integration, requires_snmpsim]


def target(sim: SnmpSim, community: str, **kw: object) -> Target:
    # snmpsim indexes a large recording on its first request, which takes seconds when the
    # machine is busy: a longer timeout than a real device needs.
    kw = {"timeout_s": 5.0, **kw}
    creds = SnmpCredentials(community=SecretStr(community), port=sim.port,
                            retries=1, **kw)  # type: ignore[arg-type]
    return Target(id=community, address=sim.address, snmp=creds)


def collect(t: Target) -> Observation:
    return asyncio.run(SnmpCollector().collect(t))


def _no_octets(i: Interface) -> Interface:
    return dataclasses.replace(i, in_octets=None, out_octets=None)


def walks() -> dict[str, Path]:
    return {**recorded_walks(), **own_walks()}


@pytest.mark.parametrize("community", sorted(walks()))
def test_collect_every_walk(snmpsim: SnmpSim, community: str) -> None:
    path = walks()[community]
    obs = collect(target(snmpsim, community))
    assert obs.status is Status.OK, obs.error
    assert obs.error is None
    facts = obs.facts
    assert facts is not None
    assert (facts.vendor, facts.model, facts.serial, facts.os, facts.os_version) \
        == EXPECTED[community]
    assert len(facts.interfaces) == if_rows(path)
    assert len(facts.hardware) == ent_rows(path)
    # Transport check, not a parse check: both sides go through facts_from_walk, so this
    # shows only that the walks over UDP delivered every row the recording holds (the parse
    # itself is pinned by EXPECTED and the row counts above).
    from_file = facts_from_walk(load(path))
    assert facts.interfaces == from_file.interfaces, "rows lost or altered in transport"
    assert facts.hardware == from_file.hardware, "rows lost or altered in transport"


@pytest.mark.parametrize("community", ["cisco-c3750", "huawei-s5720", "ugly-agent"])
def test_v1_getnext_and_bulk_sizes_agree(snmpsim: SnmpSim, community: str) -> None:
    reference = collect(target(snmpsim, community)).facts
    for kw in ({"version": "1"}, {"max_repetitions": 1}, {"max_repetitions": 3},
               {"max_repetitions": 60}):
        facts = collect(target(snmpsim, community, **kw)).facts
        assert facts is not None and reference is not None
        if kw.get("version") == "1":  # v1 cannot carry Counter64: the 32-bit counters serve
            assert any(i.in_octets is not None for i in facts.interfaces)  # counters came
            assert all((i.in_octets or 0) < 2**32 for i in facts.interfaces)
            assert [_no_octets(i) for i in facts.interfaces] == \
                [_no_octets(i) for i in reference.interfaces]
        else:
            assert facts.interfaces == reference.interfaces, kw
        assert facts.hardware == reference.hardware, kw
        assert facts.serial == reference.serial


def test_walk_stops_at_subtree_end_and_on_repeated_oids(snmpsim: SnmpSim) -> None:
    async def run() -> dict[str, dict[str, object]]:
        client = PysnmpClient(snmpsim.address, target(snmpsim, "ugly-agent").snmp)  # type: ignore[arg-type]
        # The recording ends by repeating its last OID: the walk must still end by itself.
        return await client.walk([O.ENT_SERIAL, "1.3.6.1.2.1.47.1.1.1.1.99"])  # type: ignore[return-value]
    got = asyncio.run(run())
    assert sorted(got[O.ENT_SERIAL]) == ["1", "2"]
    assert got["1.3.6.1.2.1.47.1.1.1.1.99"] == {}


def test_walk_hard_caps(snmpsim: SnmpSim) -> None:
    creds = target(snmpsim, "cisco-c3560", max_repetitions=5).snmp
    assert creds is not None

    async def run() -> list[int]:
        counts: list[int] = []
        for client in (PysnmpClient, FastClient):
            for limits in (Limits(max_rows=7), Limits(max_requests=2)):
                with pytest.raises(SnmpCut) as cut:
                    await client(snmpsim.address, creds, limits=limits).walk([O.IF_DESCR])
                counts.append(len(cut.value.partial[O.IF_DESCR]))
        return counts
    assert asyncio.run(run()) == [7, 10, 7, 10]


def test_get_missing_oids_are_unknown(snmpsim: SnmpSim) -> None:
    for version in ("1", "2c"):
        creds = target(snmpsim, "netsnmp-linux", version=version).snmp
        assert creds is not None
        got = asyncio.run(PysnmpClient(snmpsim.address, creds).get(
            [O.SYS_NAME, O.JNX_BOX_SERIAL, O.SYS_UPTIME]))
        assert got[O.SYS_NAME].as_text() == "web01"
        assert got[O.JNX_BOX_SERIAL].missing and got[O.JNX_BOX_SERIAL].as_text() is None
        assert got[O.SYS_UPTIME].as_int() == 4242424


def test_many_devices_concurrently_share_one_engine(snmpsim: SnmpSim) -> None:
    names = sorted(walks()) * 4

    async def run() -> list[Observation]:
        # One snmpsim process plays all these devices, and the fast client asks them all
        # at once: snmpsim (~300 ms CPU a device) is the bottleneck, so a longer timeout.
        collector = SnmpCollector()
        return await asyncio.gather(*(collector.collect(target(snmpsim, n, timeout_s=15.0))
                                      for n in names))
    results = asyncio.run(run())
    assert [r.status for r in results] == [Status.OK] * len(names)
    assert [r.facts.serial for r in results if r.facts] == [EXPECTED[n][2] for n in names]


def test_wrong_community_is_a_timeout_without_the_secret(snmpsim: SnmpSim) -> None:
    secret = "not-a-device-Zq81"
    t = Target(id="x", address=snmpsim.address,
               snmp=SnmpCredentials(community=SecretStr(secret), port=snmpsim.port,
                                    timeout_s=0.3, retries=0))
    obs = collect(t)
    assert obs.status is Status.TIMEOUT and obs.facts is None
    assert secret not in (obs.error or "") and secret not in repr(obs)
    status, rtt = asyncio.run(SnmpCollector().probe_uptime(t))
    assert (status, rtt) == (Status.TIMEOUT, None)


def test_probe_uptime(snmpsim: SnmpSim) -> None:
    status, rtt = asyncio.run(SnmpCollector().probe_uptime(target(snmpsim, "juniper-ex2200")))
    assert status is Status.OK and rtt is not None and rtt > 0
