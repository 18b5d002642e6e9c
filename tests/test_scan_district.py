"""`netmon scan district` end to end, as an engineer runs it, against real peers.

snmpsim replays recorded walks of real devices (one community per device), a real
SSH server answers like a Cisco router, Debian's influxd stores the points, and one
device is made silent for real with an iptables DROP rule on its loopback address.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.peers.influxd import Influxd, start_influxd
from tests.peers.silence import silenced
from tests.peers.snmpsim import SnmpSim, requires_snmpsim
from tests.peers.snmpsim import snmpsim as snmpsim
from tests.peers.sshd import DeviceHandle, expected_facts, start_device_server

pytestmark = [pytest.mark.integration, requires_snmpsim]

SILENT = "127.77.0.9"
SSH_PASSWORD = "e2e-Secret-7Qz"  # never printed by any device output


@dataclass
class Lab:
    inventory: Path
    config: Path
    data_dir: Path
    influxd: Influxd
    ssh: DeviceHandle
    env: dict[str, str]

    def netmon(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        res = subprocess.run([sys.executable, "-m", "netmon", "--config",
                              str(self.config), *args], capture_output=True, text=True,
                             env=self.env, timeout=120)
        if check and res.returncode != 0:
            raise AssertionError(f"netmon {' '.join(args)} -> {res.returncode}\n"
                                 f"{res.stdout}\n{res.stderr}")
        return res

    def count(self, measurement: str, where: str = "") -> int:
        rows = self.influxd.query(f'SELECT count("up") FROM "{measurement}" {where}'
                                  if measurement == "netmon_reachability" else
                                  f"SELECT * FROM \"{measurement}\" {where}")
        if measurement == "netmon_reachability":
            return int(rows[0]["count"]) if rows else 0
        return len(rows)


def _inventory(sim: SnmpSim, ssh_port: int) -> str:
    def snmp(community: str) -> str:
        return f'{{profile: sim, community: "plain:{community}"}}'

    return f"""
snmp_profiles:
  sim: {{version: 2c, community: env:E2E_COMMUNITY, port: {sim.port}, timeout_s: 3, retries: 1}}
ssh_profiles:
  ops: {{username: netmon, password: env:E2E_SSH_PASSWORD, port: {ssh_port}, timeout_s: 10,
        platform: cisco_ios}}
agencies:
  - {{id: so-tttt, name: Sở Thông tin và Truyền thông, level: department}}
  - {{id: hoan-kiem, name: Quận Hoàn Kiếm, level: district, code: "002"}}
  - {{id: hoan-kiem.phuc-tan, name: Phường Phúc Tân, level: commune, parent: hoan-kiem}}
  - {{id: hoan-kiem.dong-xuan, name: Phường Đồng Xuân, level: commune, parent: hoan-kiem}}
  - {{id: hoan-kiem.hang-ma, name: Phường Hàng Mã, level: commune, parent: hoan-kiem}}
  - {{id: ba-dinh, name: Quận Ba Đình, level: district, code: "001"}}
devices:
  - {{id: hk-rtr, agency: hoan-kiem, role: wan_router, address: 127.0.0.1,
     snmp: {snmp("cisco-c3750")}}}
  - {{id: hk-sw, agency: hoan-kiem, role: lan_switch, address: 127.0.0.1,
     snmp: {snmp("huawei-s5720")}}}
  - {{id: pt-rtr, agency: hoan-kiem.phuc-tan, role: wan_router, address: 127.0.0.1,
     snmp: {snmp("cisco-unmarked-0")}, ssh: ops}}
  - {{id: pt-sw, agency: hoan-kiem.phuc-tan, role: lan_switch, address: 127.0.0.1,
     snmp: {snmp("hpe-procurve-516733-b21")}}}
  - {{id: dx-rtr, agency: hoan-kiem.dong-xuan, role: wan_router, address: {SILENT},
     snmp: {snmp("cisco-c3560")}}}
  - {{id: bd-rtr, agency: ba-dinh, role: wan_router, address: 127.0.0.1,
     snmp: {snmp("cisco-c3560")}}}
  - {{id: tttt-rtr, agency: so-tttt, role: wan_router, address: 127.0.0.1,
     snmp: {snmp("cisco-c3560")}}}
"""


@pytest.fixture
def lab(tmp_path: Path, snmpsim: SnmpSim) -> Iterator[Lab]:
    with ExitStack() as stack:
        stack.enter_context(silenced(SILENT))
        influxd = start_influxd(tmp_path / "influxd")
        stack.callback(influxd.stop)
        ssh = start_device_server("cisco_ios", username="netmon", password=SSH_PASSWORD,
                                  hostname="pt-rtr")
        stack.callback(ssh.stop)
        inv = tmp_path / "inventory.yaml"
        inv.write_text(_inventory(snmpsim, ssh.port), encoding="utf-8")
        data_dir = tmp_path / "data"
        config = tmp_path / "netmon.yaml"
        config.write_text(f"""
inventory: {inv}
data_dir: {data_dir}
influxdb: {{url: "{influxd.url}", api: v1, database: netmon, timeout_s: 3}}
poll: {{deadline_s: 30, stale_after_s: 600}}
ping: {{count: 2, interval_s: 0.01, timeout_s: 0.5}}
""", encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("NETMON_")}
        env.update(E2E_COMMUNITY="unused", E2E_SSH_PASSWORD=SSH_PASSWORD, COLUMNS="200")
        yield Lab(inv, config, data_dir, influxd, ssh, env)


def _by_id(out: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["id"]: d for d in out["devices"]}


def test_scan_district_polls_records_and_writes(lab: Lab) -> None:
    res = lab.netmon("scan", "district", "hoan kiem", "--json")
    out = json.loads(res.stdout)
    devices = _by_id(out)
    # The district's own devices and its communes', nothing of Ba Đình or the departments.
    assert set(devices) == {"hk-rtr", "hk-sw", "pt-rtr", "pt-sw", "dx-rtr"}
    for key in ("address", "status", "sys_name", "sys_descr", "sys_object_id", "uptime_s",
                "vendor", "model", "serial", "os", "os_version", "interfaces", "hardware",
                "agency"):
        assert all(key in d for d in devices.values()), key
    assert devices["hk-rtr"]["vendor"] == "cisco"
    assert devices["hk-rtr"]["model"] == "WS-C3750G-12S-S"
    assert devices["hk-sw"]["vendor"] == "huawei"
    assert devices["hk-sw"]["interfaces"], "interfaces of the Huawei walk"
    # The silenced device is down for real: no ICMP answer, no SNMP answer.
    dx = devices["dx-rtr"]
    assert dx["state"] == "down" and dx["status"] == "timeout"
    assert dx["reachability"]["loss_pct"] == 100.0
    # pt-rtr answers SNMP (an old IOS without ENTITY-MIB) and SSH: the record is merged
    # and the CLI fills what SNMP lacks, with the source of each field kept.
    pt = devices["pt-rtr"]
    assert pt["collectors"] == {"snmp": "ok", "ssh": "ok"}
    want = expected_facts("cisco_ios")
    assert pt["os_version"] == want["os_version"]
    assert pt["sources"]["os_version"] == "ssh"
    assert pt["sources"]["sys_descr"] == "snmp"

    rows = {(r["scope"], r["level"]): r for r in out["coverage"]["rows"]}
    district = rows[("district", "district")]
    assert (district["connected"], district["total"], district["meets_target"]) == (1, 1, True)
    communes = rows[("district", "commune")]
    assert communes["district"] == "hoan-kiem" and communes["indicator"] == "lan_wan"
    assert (communes["connected"], communes["total"]) == (1, 3)
    assert set(communes["short"]) == {"hoan-kiem.dong-xuan", "hoan-kiem.hang-ma"}
    assert communes["target"] == 0.8 and communes["meets_target"] is False
    # The SNMP walk and the CLI output were recorded on two different routers, so SNMP and
    # SSH disagree here: the record keeps both and an event says so.
    kinds = sorted((e["device"], e["kind"]) for e in out["events"])
    assert ("dx-rtr", "down") in kinds
    conflicts = {e["new"] for e in out["events"] if e["kind"] == "conflict"}
    assert conflicts and all(d == "pt-rtr" for d, k in kinds if k == "conflict")
    assert conflicts <= set(pt["conflicts"]), pt.get("conflicts")
    assert all(set(v) == {"snmp", "ssh"} for v in pt["conflicts"].values())

    # InfluxDB holds what the scan saw, read back with InfluxQL.
    assert lab.count("netmon_reachability") == 5
    assert lab.count("netmon_reachability", "WHERE \"device\" = 'dx-rtr' AND \"up\" = 0") == 1
    devs = lab.influxd.query('SELECT "serial", "os_version" FROM "netmon_device" '
                             "WHERE \"device\" = 'hk-rtr'")
    assert devs and devs[0]["os_version"] == devices["hk-rtr"]["os_version"]
    agencies = lab.influxd.query('SELECT "connected" FROM "netmon_agency" '
                                 "WHERE \"agency_name\" = 'Phường Hàng Mã'")
    assert agencies and agencies[0]["connected"] == 0
    cov = lab.influxd.query('SELECT "share" FROM "netmon_coverage" '
                            "WHERE \"district\" = 'hoan-kiem' AND \"level\" = 'commune'")
    assert cov and abs(cov[0]["share"] - 1 / 3) < 1e-6
    assert lab.count("netmon_event", "WHERE \"kind\" = 'down'") == 1
    assert lab.count("netmon_event", "WHERE \"kind\" = 'conflict'") == len(conflicts)
    assert lab.count("netmon_interface") > 0 and lab.count("netmon_hardware") > 0
    assert lab.count("netmon_poll") == 1

    # No secret anywhere: not on the terminal, not in InfluxDB, not in the data dir's state.
    everything = json.dumps([lab.influxd.query(f'SELECT * FROM "{m}"') for m in (
        "netmon_device", "netmon_event", "netmon_poll", "netmon_reachability")])
    for text in (res.stdout, res.stderr, everything,
                 (lab.data_dir / "state.sqlite3").read_bytes().decode("latin-1")):
        assert SSH_PASSWORD not in text

    # What the terminal shows, without --json: the table, the coverage, the event.
    table = lab.netmon("scan", "district", "Quận Hoàn Kiếm", "--no-write")
    assert "Phường Hàng Mã" in table.stdout and "no device" in table.stdout
    assert "WS-C3750G-12S-S" in table.stdout
    assert lab.count("netmon_reachability") == 5, "--no-write writes nothing"

    hist = json.loads(lab.netmon("device", "history", "dx-rtr", "--json").stdout)
    assert hist["latest"]["reach"] == "down"
    assert [e["kind"] for e in hist["events"]] == ["down"], "still down: no second event"
    pt_hist = json.loads(lab.netmon("device", "history", "pt-rtr", "--json").stdout)
    assert {e["kind"] for e in pt_hist["events"]} == {"conflict"}, "a known conflict is no news"

    cov_out = json.loads(lab.netmon("coverage", "--json", "--no-write").stdout)
    city = {r["level"]: r for r in cov_out["rows"] if r["scope"] == "city"}
    # Ba Đình and the department were never polled: unknown, not connected, not down.
    assert (city["district"].get("connected"), city["district"]["unknown"]) == (1, 1)
    assert city["department"]["unknown"] == 1 and city["department"]["connected"] == 0


def test_influxdb_outage_spools_then_replays(lab: Lab) -> None:
    lab.netmon("scan", "district", "002", "--json")
    assert lab.count("netmon_reachability") == 5
    lab.influxd.stop()
    res = lab.netmon("scan", "district", "hoan-kiem", "--json")
    assert res.returncode == 0, "an InfluxDB outage is no failure of the scan"
    assert "spool" in res.stderr
    spool = lab.data_dir / "spool"
    assert any(spool.iterdir())
    lab.influxd.start()
    # The next write (here: coverage) replays the spool first, in order.
    lab.netmon("coverage")
    assert lab.count("netmon_reachability") == 10
    assert lab.count("netmon_poll") == 2


def test_bad_usage_exits_2_without_traceback(lab: Lab) -> None:
    unknown = lab.netmon("scan", "district", "Hoan Kiem Lake", check=False)
    assert unknown.returncode == 2
    assert "Traceback" not in unknown.stderr and "hoan-kiem" in unknown.stderr
    lab.inventory.write_text(lab.inventory.read_text().replace("agency: hoan-kiem,",
                                                               "agency: hoan-kiemm,", 1))
    bad = lab.netmon("scan", "district", "hoan kiem", check=False)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert f"{lab.inventory}:" in bad.stderr and "hoan-kiemm" in bad.stderr
    assert not (lab.data_dir / "state.sqlite3").exists(), "a bad inventory writes nothing"


def test_changed_ssh_host_key_is_refused_until_trusted(lab: Lab) -> None:
    first = _by_id(json.loads(lab.netmon("scan", "district", "hoan-kiem", "--json",
                                         "--no-write").stdout))
    assert first["pt-rtr"]["collectors"]["ssh"] == "ok"
    old_fingerprint = lab.ssh.host_key_fingerprint
    lab.ssh.restart()  # same port, a new host key: what a man in the middle looks like
    attempts = lab.ssh.auth_attempts
    out = json.loads(lab.netmon("scan", "district", "hoan-kiem", "--json").stdout)
    pt = _by_id(out)["pt-rtr"]
    assert pt["collectors"]["ssh"] == "host_key_changed"
    assert pt["collectors"]["snmp"] == "ok" and pt["state"] == "up"
    assert lab.ssh.auth_attempts == attempts, "no password was sent to the new key"
    events = [e for e in out["events"] if e["kind"] == "host_key_changed"]
    assert len(events) == 1 and old_fingerprint in events[0]["message"]
    assert lab.count("netmon_event", "WHERE \"kind\" = 'host_key_changed'") == 1
    # Still changed on the next poll: refused again, but not news again.
    again = json.loads(lab.netmon("scan", "district", "hoan-kiem", "--json").stdout)
    assert _by_id(again)["pt-rtr"]["collectors"]["ssh"] == "host_key_changed"
    assert not [e for e in again["events"] if e["kind"] == "host_key_changed"]

    trusted = lab.netmon("ssh", "trust", "pt-rtr")
    assert lab.ssh.host_key_fingerprint in trusted.stdout
    after = json.loads(lab.netmon("scan", "district", "hoan-kiem", "--json").stdout)
    assert _by_id(after)["pt-rtr"]["collectors"]["ssh"] == "ok"
    history = json.loads(lab.netmon("device", "history", "pt-rtr", "--json").stdout)
    assert "host_key_changed" in {e["kind"] for e in history["events"]}
