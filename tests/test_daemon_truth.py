"""The coverage share stays true under the real daemon, on conditions a city network has
every day: a router behind a firewall that drops ICMP, ``reach: none``, one echo in three
lost, a router that really goes down and comes back, a wrong community, an SSH
authentication failure. Real peers: snmpsim on several loopback addresses, the SSH test
server, iptables rules, ``netmon daemon`` and ``netmon coverage`` as processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.peers.silence import silenced
from tests.peers.snmpsim import SnmpSim, free_udp_port, own_walks, start_snmpsim
from tests.peers.sshd import start_device_server
from tests.test_daemon import wait_for

pytestmark = pytest.mark.integration

NET = "127.61.0."
DEVICES = {  # id -> (address suffix, how it is reached)
    "r-ok": (1, "icmp"), "r-filtered": (2, "icmp"), "r-none": (3, "none"),
    "r-lossy": (4, "icmp"), "r-flap": (5, "icmp"), "r-badcomm": (6, "snmp"),
}
SAMPLES = 8


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[SnmpSim]:
    walk = own_walks()["juniper-ex2200"]
    port = free_udp_port(NET + "1")
    endpoints = [f"--agent-udpv4-endpoint={NET}{n}:{port}" for n, _ in DEVICES.values()
                 if n != 1]
    s = start_snmpsim({d: walk for d in DEVICES}, port, address=NET + "1",
                      directory=tmp_path / "sim", extra_args=endpoints)
    try:
        yield s
    finally:
        s.stop()


def inventory(sim: SnmpSim, ssh_port: int) -> str:
    lines = ["snmp_profiles:",
             f"  sim: {{version: 2c, community: plain:x, port: {sim.port}, timeout_s: 1.5, "
             "retries: 1}",
             "ssh_profiles:",
             f"  bad: {{username: netmon, password: plain:wrong-pass-1, port: {ssh_port}, "
             "timeout_s: 3}",
             "agencies:"]
    for d in [*DEVICES, "r-sshfail"]:
        lines.append(f"  - {{id: a-{d}, name: Sở {d}, level: department}}")
    lines.append("devices:")
    for d, (n, reach) in DEVICES.items():
        community = "not-the-community" if d == "r-badcomm" else d
        lines.append(f"  - {{id: {d}, agency: a-{d}, role: wan_router, address: {NET}{n}, "
                     f"reach: {reach}, snmp: {{profile: sim, community: 'plain:{community}'}}}}")
    lines.append("  - {id: r-sshfail, agency: a-r-sshfail, role: wan_router, "
                 "address: 127.0.0.1, reach: none, platform: cisco_ios, ssh: bad}")
    return "\n".join(lines) + "\n"


def netmon(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "netmon", "--config", str(config), *args],
                          capture_output=True, text=True, timeout=60, env=dict(os.environ))


def coverage(config: Path) -> dict[str, Any]:
    res = netmon(config, "coverage", "--json", "--no-write")
    assert res.returncode == 0, res.stderr
    row = next(r for r in json.loads(res.stdout)["rows"] if r["scope"] == "city")
    return {"connected": row["connected"], "unknown": row["unknown"],
            "short": sorted(a.removeprefix("a-") for a in row["short"])}


def steady(config: Path, short: list[str], unknown: int, n: int = SAMPLES) -> None:
    """``n`` samples, each exactly this coverage."""
    expected = {"connected": 7 - len(short), "unknown": unknown, "short": sorted(short)}
    for i in range(n):
        assert coverage(config) == expected, f"sample {i}"
        time.sleep(0.5)


def events(config: Path, device: str) -> list[str]:
    res = netmon(config, "device", "history", device, "--json")
    assert res.returncode == 0, res.stderr
    return [e["kind"] for e in reversed(json.loads(res.stdout)["events"])]


def test_coverage_and_events_stay_true(tmp_path: Path, sim: SnmpSim) -> None:
    server = start_device_server("cisco_ios")
    inv = tmp_path / "inventory.yaml"
    inv.write_text(inventory(sim, server.port), encoding="utf-8")
    config = tmp_path / "netmon.yaml"
    config.write_text(f"""
inventory: {inv}
data_dir: {tmp_path / "data"}
poll: {{interval_s: 6, reachability_interval_s: 1, deadline_s: 10, stale_after_s: 60,
        down_after: 2, icmp_filtered_after: 3}}
ping: {{count: 1, timeout_s: 0.3}}
""", encoding="utf-8")
    log = (tmp_path / "daemon.log").open("w+")
    proc = None
    try:
        with silenced(NET + "2", "-p", "icmp"), \
                silenced(NET + "4", "-p", "icmp", "-m", "statistic", "--mode", "nth",
                         "--every", "3", "--packet", "0"):
            proc = subprocess.Popen([sys.executable, "-m", "netmon", "--config", str(config),
                                     "-v", "daemon"], stdout=log, stderr=subprocess.STDOUT,
                                    env=dict(os.environ))
            wait_for("the first full poll", lambda: coverage(config)["connected"] == 6)
            # Everything answered something except the router with the wrong community,
            # which is unknown (never down: a v2c agent drops a wrong community silently).
            steady(config, short=["r-badcomm"], unknown=1)
            with silenced(NET + "5"):
                wait_for("r-flap down", lambda: "r-flap" in coverage(config)["short"])
                steady(config, short=["r-badcomm", "r-flap"], unknown=1, n=4)
            wait_for("r-flap back", lambda: "r-flap" not in coverage(config)["short"])
            steady(config, short=["r-badcomm"], unknown=1)
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=30) == 0
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        server.stop()
        log.seek(0)
        text = log.read()
        log.close()
    assert events(config, "r-filtered") == ["icmp_filtered"]
    assert events(config, "r-flap") == ["down", "up"]
    for quiet in ("r-ok", "r-none", "r-lossy", "r-badcomm", "r-sshfail"):
        assert events(config, quiet) == [], quiet
    assert text.count("r-filtered drops ICMP but answers SNMP") == 1
    assert "Traceback" not in text
    assert server.auth_attempts >= 1  # the SSH failure was a real refusal
