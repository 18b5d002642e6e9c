"""`kill -9` of `netmon daemon` at random moments while it writes the spool and the state
database, 21 times, with a real influxd that is down for part of the run.

What was durable at each kill is read from the spool's files by the tests' own reader
(fault_kit.read_spool); what reached influxd is counted by a witness in front of it. At the
end a daemon runs with influxd up and stops cleanly, and InfluxQL counts the points:

- nothing lost: every point ever seen durable in the spool, or accepted by influxd, is in
  InfluxDB (per measurement, the count of points equals the count of distinct points);
- nothing duplicated: no spool ever holds one line twice, and InfluxDB holds one point per
  series and time (a batch re-sent after a kill between send and ack is counted, as the
  figure of "at least once");
- SQLite's ``PRAGMA integrity_check`` is ``ok`` after every kill.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from tests.fault_kit import (
    Daemon,
    RecordingProxy,
    keys_per_measurement,
    points_in_influx,
    read_spool,
    wait_for,
)
from tests.peers.influxd import Influxd, requires_influxd, start_influxd
from tests.peers.snmpsim import SnmpSim, own_walks, requires_snmpsim, start_snmpsim

pytestmark = [pytest.mark.integration, requires_influxd, requires_snmpsim]

KILLS = int(os.environ.get("NETMON_FAULT_KILLS", "21"))
ADDRESS = "127.60.2.1"
WALKS = ("netsnmp-linux", "juniper-ex2200", "mikrotik-ccr1009", "aruba-cx-6300m")


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SnmpSim]:
    walks = own_walks()
    s = start_snmpsim({w: walks[w] for w in WALKS}, address=ADDRESS,
                      directory=tmp_path_factory.mktemp("sim"))
    try:
        yield s
    finally:
        s.stop()


def write_config(tmp_path: Path, sim: SnmpSim, influx_url: str) -> Path:
    inv = tmp_path / "inventory.yaml"
    devices = "\n".join(
        f"  - {{id: d{i}, agency: hk, role: wan_router, address: {ADDRESS}, reach: snmp, "
        f"snmp: {{profile: sim, community: 'plain:{w}'}}}}" for i, w in enumerate(WALKS))
    inv.write_text(
        f"snmp_profiles:\n  sim: {{version: 2c, community: plain:x, port: {sim.port}, "
        "timeout_s: 1, retries: 1}\n"
        "agencies:\n  - {id: hk, name: Quận Hoàn Kiếm, level: district}\n"
        f"devices:\n{devices}\n", encoding="utf-8")
    config = tmp_path / "netmon.yaml"
    config.write_text(
        f"inventory: {inv}\ndata_dir: {tmp_path / 'data'}\n"
        f"influxdb: {{url: '{influx_url}', api: v1, database: netmon, timeout_s: 2, "
        "batch_size: 200}\n"
        "poll: {interval_s: 1, reachability_interval_s: 1, deadline_s: 5}\n"
        "ping: {count: 1, timeout_s: 0.3}\n", encoding="utf-8")
    return config


def integrity(path: Path) -> str:
    db = sqlite3.connect(path, timeout=30)
    try:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        db.close()


def polled(daemon: Daemon) -> bool:
    return " poll: " in daemon.text() or not daemon.alive()


def influx_up_in_round(k: int) -> bool:
    """Down for the first third, up for the second, flapping in the last."""
    if k < KILLS // 3:
        return False
    if k < 2 * KILLS // 3:
        return True
    return k % 2 == 0


def test_kill9_at_random_moments_loses_and_duplicates_nothing(tmp_path: Path,
                                                              sim: SnmpSim) -> None:
    seed = int(os.environ.get("NETMON_FAULT_SEED", str(int(time.time()))))
    rng = random.Random(seed)
    server: Influxd = start_influxd(tmp_path / "influxd")
    proxy = RecordingProxy(server)
    config = write_config(tmp_path, sim, proxy.url)
    spool_dir, state = tmp_path / "data" / "spool", tmp_path / "data" / "state.sqlite3"
    durable: set[str] = set()  # every line seen in the spool after a kill
    torn = busy = 0
    logs: list[Path] = []
    try:
        for k in range(KILLS):
            if influx_up_in_round(k) and not server.running:
                server.start()
            elif not influx_up_in_round(k) and server.running:
                server.stop()
            before = (set(read_spool(spool_dir).pending), sum(proxy.arrived.values()))
            logs.append(tmp_path / f"daemon-{k}.log")
            daemon = Daemon(config, logs[-1])
            # a random moment once its first poll has written (Python's start takes 1-3 s
            # here, a poll 1-2 s; with 1 s intervals it then polls and writes all the time)
            wait_for("the daemon's first poll", partial(polled, daemon), timeout_s=60,
                     step_s=0.05)
            time.sleep(rng.uniform(0.0, 2.5))
            assert daemon.alive(), daemon.text()
            daemon.kill9()

            view = read_spool(spool_dir)
            dup = [line for line, n in Counter(view.pending).items() if n > 1]
            assert not dup, f"kill {k} (seed {seed}): the spool holds a line twice: {dup[:2]}"
            durable |= set(view.pending)
            torn += view.torn
            busy += (set(view.pending), sum(proxy.arrived.values())) != before
            if state.exists():
                assert integrity(state) == "ok", f"kill {k} (seed {seed})"

        if not server.running:
            server.start()
        logs.append(tmp_path / "daemon-final.log")
        daemon = Daemon(config, logs[-1])
        wait_for("two inventory polls after the last restart",
                 lambda: daemon.text().count("inventory poll:") >= 2, timeout_s=120)
        assert daemon.stop() == 0, daemon.text()
        assert integrity(state) == "ok"
        assert read_spool(spool_dir).pending == [], "the spool is replayed to the end"

        seen = durable | set(proxy.arrived)
        in_influx = points_in_influx(server)
        assert in_influx == keys_per_measurement(seen), f"seed {seed}"
        resent = sum(proxy.arrived.values()) - len(proxy.arrived)
        print(f"\nkill -9 x{KILLS} (seed {seed}): {busy} kills changed the spool or "
              f"InfluxDB since the previous one; {len(durable)} lines seen durable in the "
              f"spool, {len(seen)} distinct points produced, {sum(in_influx.values())} in "
              f"InfluxDB, 0 lost; {resent} lines re-sent after a kill between send and "
              f"ack (InfluxDB kept one point each); {torn} torn records left by kills "
              f"(never acknowledged, skipped on replay)")
        assert busy >= KILLS // 2, "most kills must land while the daemon is writing"
        for path in logs:
            assert "Traceback" not in path.read_text(errors="replace"), path
    finally:
        proxy.stop()
        server.stop()
