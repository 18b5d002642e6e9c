"""InfluxDB restarted again and again under a running `netmon daemon`: every point the daemon
produced is counted on arrival.

The daemon says at DEBUG how many points each write produced; a witness in front of the real
influxd counts the lines it accepted; InfluxQL counts what influxd stores. All three must agree
once the daemon has stopped (SIGTERM flushes), and the spool must be empty.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fault_kit import (
    Daemon,
    RecordingProxy,
    keys_per_measurement,
    netmon_env,
    points_in_influx,
    read_spool,
    wait_for,
)
from tests.peers.influxd import requires_influxd, start_influxd
from tests.peers.snmpd import Snmpd, requires_snmpd, start_snmpd

pytestmark = [pytest.mark.integration, requires_influxd, requires_snmpd]

ADDRESSES = [f"127.60.5.{i}" for i in range(1, 5)]
RESTARTS = 6


@pytest.fixture(scope="module")
def agent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Snmpd]:
    from tests.peers.snmpsim import free_udp_port

    port = free_udp_port(ADDRESSES[0])
    a = start_snmpd(tmp_path_factory.mktemp("snmpd"), port=port, address=ADDRESSES[0],
                    extra_config=["agentAddress " + ",".join(f"udp:{x}:{port}"
                                                             for x in ADDRESSES[1:])])
    try:
        yield a
    finally:
        a.stop()


def test_influxd_restarted_repeatedly_every_point_arrives(tmp_path: Path, agent: Snmpd) -> None:
    rng = random.Random(7)
    server = start_influxd(tmp_path / "influxd")
    proxy = RecordingProxy(server)
    inv = tmp_path / "inventory.yaml"
    inv.write_text(
        f"snmp_profiles:\n  p: {{version: 2c, community: 'plain:{agent.community}', "
        f"port: {agent.port}, timeout_s: 1, retries: 0}}\n"
        "agencies:\n  - {id: hk, name: Quận Hoàn Kiếm, level: district}\n"
        "devices:\n" + "".join(f"  - {{id: r{i}, agency: hk, role: wan_router, address: {a}, "
                               "snmp: p}\n" for i, a in enumerate(ADDRESSES)),
        encoding="utf-8")
    config = tmp_path / "netmon.yaml"
    config.write_text(
        f"inventory: {inv}\ndata_dir: {tmp_path / 'data'}\n"
        f"influxdb: {{url: '{proxy.url}', api: v1, database: netmon, timeout_s: 2}}\n"
        "poll: {interval_s: 2, reachability_interval_s: 1, deadline_s: 5}\n"
        "ping: {count: 1, timeout_s: 0.3}\n", encoding="utf-8")
    log = tmp_path / "daemon.log"
    daemon = Daemon(config, log, env=netmon_env(), verbose=2)  # DEBUG: 'write: N points'
    downs: list[float] = []
    try:
        wait_for("the first poll", lambda: " poll: " in daemon.text(), timeout_s=60)
        for _ in range(RESTARTS):
            time.sleep(rng.uniform(1.0, 3.0))
            server.stop()
            downs.append(rng.uniform(2.0, 5.0))
            time.sleep(downs[-1])
            server.start()
        time.sleep(3)
        assert daemon.alive(), daemon.text()[-3000:]
    finally:
        rc = daemon.stop()
        proxy.stop()
    try:
        text = daemon.text()
        assert rc == 0, text[-3000:]
        assert "Traceback" not in text
        assert read_spool(tmp_path / "data" / "spool").pending == []
        produced = sum(int(n) for n in re.findall(r"write: (\d+) points", text))
        stored = points_in_influx(server)
        arrived = keys_per_measurement(proxy.arrived)
        resent = sum(proxy.arrived.values()) - len(proxy.arrived)
        print(f"\ninfluxd restarted {RESTARTS} times (down {sum(downs):.1f} s in all): "
              f"{produced} points produced, {sum(arrived.values())} arrived, "
              f"{sum(stored.values())} stored (InfluxQL), {resent} sent twice, "
              f"{proxy.refused} writes refused while it was down")
        assert proxy.refused > 0, "the daemon must have met influxd down"
        assert stored == arrived
        assert sum(stored.values()) == produced
    finally:
        server.stop()
