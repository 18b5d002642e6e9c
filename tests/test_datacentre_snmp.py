"""Data-centre devices over SNMP: a Linux server (HOST-RESOURCES-MIB) and two UPS (RFC 1628,
Eaton XUPS) on walks recorded from real devices, served by snmpsim on loopback; APC
PowerNet and the on-battery rules on values written here from the MIB definitions."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from netmon.collectors.snmp import PysnmpClient, SnmpError
from netmon.collectors.snmp import ups as U
from netmon.collectors.snmp.hostres import collect_server, parse_server
from netmon.collectors.snmp.snmprec import columns, load
from netmon.collectors.snmp.ups import collect_ups, parse_ups
from netmon.collectors.snmp.values import SnmpValue
from netmon.monitor.lab import PACKAGED_WALKS
from netmon.target import SnmpCredentials
from tests.peers.snmpsim import SnmpSim, requires_snmpsim, start_snmpsim, walk_files

DC = PACKAGED_WALKS / "dc"
SERVER = DC / "linux-centos7-server.snmprec"


def test_server_facts_from_the_recorded_walk() -> None:
    walk = load(SERVER)
    from netmon.collectors.snmp import hostres as H

    facts = parse_server({o: walk[o] for o in H.SCALARS if o in walk},
                         columns(walk, (*H.STORAGE_TABLE, H.HR_PROCESSOR_LOAD)))
    assert facts.uptime_s == 762802.95
    assert facts.processes == 120 and facts.users == 2
    assert facts.cpus == 4 and facts.cpu_load_pct == 1.25  # loads 1, 1, 1, 2
    assert facts.memory_total_bytes == 3882052 * 1024  # "Physical memory", 1024-byte units
    assert facts.memory_used_pct is not None and 0 < facts.memory_used_pct < 100
    assert [d.descr for d in facts.disks] == ["/", "/dev/shm", "/run", "/sys/fs/cgroup",
                                              "/boot", "/home", "/run/user/0"]
    root = facts.disks[0]
    assert root.size_bytes is not None and root.size_bytes % 4096 == 0
    assert facts.fullest_disk_pct is not None and facts.fullest_disk_pct > 0


def test_ups_facts_rfc1628_with_xups_beside() -> None:
    walk = load(DC / "ups-eaton-93e.snmprec")
    facts = parse_ups(walk, columns(walk, [U.OUTPUT_LOAD])[U.OUTPUT_LOAD])
    assert facts.mibs == ("rfc1628", "xups")
    assert facts.source == "mains" and facts.on_battery is False
    assert facts.battery_status == "normal" and facts.charge_pct == 100
    assert facts.runtime_min == 1092.0  # RFC 1628 minutes, before XUPS' 65535 s
    assert facts.load_pct == 21  # the highest of the three output lines (21, 16, 12)
    assert facts.self_test == "passed"


def test_ups_facts_rfc1628_only() -> None:
    walk = load(DC / "ups-phoenixtec.snmprec")
    facts = parse_ups(walk, columns(walk, [U.OUTPUT_LOAD])[U.OUTPUT_LOAD])
    assert facts.mibs == ("rfc1628",)
    assert facts.source == "mains" and facts.on_battery is False
    assert facts.charge_pct == 100 and facts.runtime_min == 0.0
    assert facts.load_pct == 0 and facts.self_test == "passed"


def _v(n: int) -> SnmpValue:
    return SnmpValue("int", n)


def test_apc_powernet_without_ups_mib_on_battery() -> None:
    # Values as PowerNet-MIB defines them: upsBasicOutputStatus 3 = onBattery,
    # upsAdvBatteryRunTimeRemaining in TimeTicks, upsAdvTestDiagnosticsResults 2 = failed.
    values = {U.A_OUTPUT_STATUS: _v(3), U.A_CAPACITY_PCT: _v(87),
              U.A_RUNTIME_TICKS: SnmpValue("timeticks", 2_520_000), U.A_OUTPUT_LOAD: _v(43),
              U.A_TEST_RESULT: _v(2), U.A_BATTERY_STATUS: _v(2),
              U.OUTPUT_SOURCE: SnmpValue("nosuchobject")}
    facts = parse_ups(values)
    assert facts.mibs == ("apc",)
    assert facts.on_battery is True and facts.source == "battery"
    assert facts.charge_pct == 87 and facts.runtime_min == 420.0 and facts.load_pct == 43
    assert facts.self_test == "failed" and facts.battery_status == "normal"


def test_seconds_on_battery_decide_when_the_source_is_unknown() -> None:
    assert parse_ups({U.OUTPUT_SOURCE: _v(1), U.SECONDS_ON_BATTERY: _v(95)}).on_battery is True
    assert parse_ups({U.SECONDS_ON_BATTERY: _v(0)}).on_battery is False
    assert parse_ups({}).on_battery is None  # unknown is not "on mains"


@pytest.fixture(scope="module")
def dc_sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SnmpSim]:
    sim = start_snmpsim(walk_files(DC), directory=tmp_path_factory.mktemp("dc-snmpsim"))
    try:
        yield sim
    finally:
        sim.stop()


def client(sim: SnmpSim, community: str) -> PysnmpClient:
    return PysnmpClient(sim.address, SnmpCredentials(
        community=SecretStr(community), port=sim.port, timeout_s=2.0, retries=1))


@pytest.mark.integration
@requires_snmpsim
def test_server_and_ups_over_snmp(dc_sim: SnmpSim) -> None:
    async def main() -> tuple[object, object, object]:
        server = await collect_server(client(dc_sim, "linux-centos7-server"))
        eaton = await collect_ups(client(dc_sim, "ups-eaton-93e"))
        rfc = await collect_ups(client(dc_sim, "ups-phoenixtec"))
        return server, eaton, rfc

    server, eaton, rfc = asyncio.run(main())
    walk = load(SERVER)
    from netmon.collectors.snmp import hostres as H

    assert server == parse_server({o: walk[o] for o in H.SCALARS if o in walk},
                                  columns(walk, (*H.STORAGE_TABLE, H.HR_PROCESSOR_LOAD)))
    assert eaton.on_battery is False and eaton.load_pct == 21  # type: ignore[attr-defined]
    assert rfc.mibs == ("rfc1628",)  # type: ignore[attr-defined]


@pytest.mark.integration
@requires_snmpsim
def test_a_silent_agent_raises_for_the_caller(dc_sim: SnmpSim) -> None:
    c = PysnmpClient(dc_sim.address, SnmpCredentials(community=SecretStr("no-such-device"),
                                                     port=dc_sim.port, timeout_s=0.3,
                                                     retries=0))
    with pytest.raises(SnmpError):
        asyncio.run(collect_ups(c))
