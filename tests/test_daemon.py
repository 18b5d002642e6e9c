"""`netmon daemon` for real: scheduled polls into Debian's influxd, SIGHUP reload, SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.peers.influxd import Influxd
from tests.peers.influxd import influxd as influxd
from tests.peers.snmpsim import SnmpSim, requires_snmpsim
from tests.peers.snmpsim import snmpsim as snmpsim

pytestmark = [pytest.mark.integration, requires_snmpsim]


def inventory(sim: SnmpSim, devices: list[tuple[str, str]]) -> str:
    lines = [
        "snmp_profiles:",
        f"  sim: {{version: 2c, community: plain:x, port: {sim.port}, timeout_s: 3}}",
        "agencies:",
        "  - {id: hoan-kiem, name: Quận Hoàn Kiếm, level: district}",
        "devices:",
    ]
    for device, community in devices:
        lines.append(f"  - {{id: {device}, agency: hoan-kiem, role: wan_router, address: "
                     f"127.0.0.1, snmp: {{profile: sim, community: 'plain:{community}'}}}}")
    return "\n".join(lines) + "\n"


def wait_for(what: str, check: Callable[[], bool], timeout_s: float = 40.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:  # bounded: it stops by itself
        if check():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def series(influx: Influxd, device: str) -> int:
    rows = influx.query('SELECT count("up") FROM "netmon_reachability" '
                        f"WHERE \"device\" = '{device}'")
    return int(rows[0]["count"]) if rows else 0


def test_daemon_polls_reloads_and_stops(tmp_path: Path, snmpsim: SnmpSim,
                                        influxd: Influxd) -> None:
    inv = tmp_path / "inventory.yaml"
    inv.write_text(inventory(snmpsim, [("r1", "cisco-c3560")]), encoding="utf-8")
    config = tmp_path / "netmon.yaml"
    config.write_text(f"""
inventory: {inv}
data_dir: {tmp_path / "data"}
influxdb: {{url: "{influxd.url}", api: v1, database: netmon, timeout_s: 3}}
poll: {{interval_s: 2, reachability_interval_s: 1, deadline_s: 10}}
ping: {{count: 1, timeout_s: 0.5}}
""", encoding="utf-8")
    log = (tmp_path / "daemon.log").open("w+")
    proc = subprocess.Popen([sys.executable, "-m", "netmon", "--config", str(config), "daemon"],
                            stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ))
    try:
        wait_for("inventory and reachability polls of r1",
                 lambda: len(influxd.query('SELECT * FROM "netmon_poll" WHERE '
                                           "\"collector\" = 'reachability'")) >= 2
                 and bool(influxd.query('SELECT * FROM "netmon_device" '
                                        "WHERE \"device\" = 'r1'")))
        model = influxd.query('SELECT * FROM "netmon_device" WHERE "device" = \'r1\'')[0]
        assert model["model"] == "WS-C3560G-48TS-E"
        assert influxd.query('SELECT * FROM "netmon_coverage"'), "coverage after each poll"

        # An engineer's ad hoc scan beside the running daemon, on the same data directory
        # (state database, spool): both write.
        scan = subprocess.run([sys.executable, "-m", "netmon", "--config", str(config), "scan",
                               "district", "hoan kiem", "--json"], capture_output=True,
                              text=True, timeout=120)
        assert scan.returncode == 0, scan.stderr
        assert '"r1"' in scan.stdout

        # SIGHUP: a new device is polled from the next run on.
        inv.write_text(inventory(snmpsim, [("r1", "cisco-c3560"), ("r2", "huawei-s5720")]),
                       encoding="utf-8")
        proc.send_signal(signal.SIGHUP)
        wait_for("r2 polled after the reload", lambda: series(influxd, "r2") >= 1)

        # A bad inventory is refused and the daemon goes on with the old one.
        inv.write_text("devices: [{id: r3, agency: nowhere}]\n", encoding="utf-8")
        proc.send_signal(signal.SIGHUP)
        before = series(influxd, "r2")
        wait_for("r2 still polled", lambda: series(influxd, "r2") > before + 1)
        assert proc.poll() is None

        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        log.seek(0)
        text = log.read()
        log.close()
    assert "inventory reload refused" in text and "nowhere" in text
    assert "netmon daemon stopped" in text
    assert "Traceback" not in text


def test_daemon_once(tmp_path: Path, snmpsim: SnmpSim, influxd: Influxd) -> None:
    inv = tmp_path / "inventory.yaml"
    inv.write_text(inventory(snmpsim, [("r1", "huawei-s5720")]), encoding="utf-8")
    res = subprocess.run(
        [sys.executable, "-m", "netmon", "--inventory", str(inv), "--data-dir",
         str(tmp_path / "data"), "daemon", "--once"],
        capture_output=True, text=True, timeout=120,
        env=dict(os.environ, NETMON_INFLUX_URL=influxd.url, NETMON_INFLUX_API="v1"))
    assert res.returncode == 0, res.stderr
    assert influxd.query('SELECT * FROM "netmon_device"')[0]["vendor"] == "huawei"
    assert (tmp_path / "data" / "state.sqlite3").exists()
