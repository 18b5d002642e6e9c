"""The `netmon` command as an engineer types it: exit codes, JSON shape, no secret shown.

Real peers: Debian's snmpd (v2c and v3 authPriv), snmpsim replaying a recorded walk,
and the SSH server that answers like a Cisco router.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.peers.snmpd import Snmpd, requires_snmpd
from tests.peers.snmpd import snmpd as snmpd
from tests.peers.snmpsim import SnmpSim, free_udp_port, requires_snmpsim
from tests.peers.snmpsim import snmpsim as snmpsim
from tests.peers.sshd import expected_facts, start_device_server

REPO = Path(__file__).resolve().parents[1]
HOST_KEYS = ("address", "status", "sys_name", "sys_descr", "sys_object_id", "uptime_s",
             "vendor", "model", "serial", "os", "os_version", "interfaces", "hardware")
IF_KEYS = ("index", "name", "descr", "alias", "type", "admin_up", "oper_up", "speed_bps", "mac")
HW_KEYS = ("index", "class", "name", "descr", "model", "serial", "firmware", "software")


def netmon(*args: str, env: dict[str, str] | None = None,
           data_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("NETMON_")}
    full_env.update(COLUMNS="160", **(env or {}))
    pre = ["--data-dir", str(data_dir)] if data_dir else []
    return subprocess.run([sys.executable, "-m", "netmon", *pre, *args], capture_output=True,
                          text=True, env=full_env, timeout=120, cwd=REPO)


def test_version_and_help() -> None:
    assert netmon("--version").stdout.startswith("netmon ")
    res = netmon("--help")
    assert res.returncode == 0
    for command in ("inventory", "scan", "coverage", "device", "daemon", "lab", "ssh"):
        assert command in res.stdout


def test_inventory_check_good_and_bad(tmp_path: Path) -> None:
    good = netmon("inventory", "check", str(REPO / "examples" / "hanoi"),
                  env={"NETMON_COMMUNITY": "x"})
    assert good.returncode == 0, good.stdout + good.stderr
    assert "30 district" in good.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("agencies:\n  - {id: a, name: A, level: district}\n"
                   "  - {id: a, name: B, level: district}\n"
                   "  - {id: c, name: C, level: commune, parent: nowhere}\n"
                   "devices:\n  - {id: d, agency: a, role: wan_router, address: 999.1.1.1}\n",
                   encoding="utf-8")
    res = netmon("inventory", "check", str(bad))
    assert res.returncode == 2
    lines = [ln for ln in res.stdout.splitlines() if ln.strip()]
    assert len(lines) >= 3 and all(ln.startswith(f"{bad}:") for ln in lines)
    assert any(":3:" in ln and "duplicate" in ln for ln in lines)
    assert any(":4:" in ln and "nowhere" in ln for ln in lines)
    assert any(":6:" in ln and "999.1.1.1" in ln for ln in lines)
    assert "Traceback" not in res.stderr
    missing = netmon("inventory", "check", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_inventory_show_resolves_names_without_diacritics() -> None:
    env = {"NETMON_COMMUNITY": "x"}
    inv = str(REPO / "examples" / "hanoi")
    a = netmon("--inventory", inv, "inventory", "show", "--district", "hoan kiem", "--json",
               env=env)
    b = netmon("--inventory", inv, "inventory", "show", "--district", "Quận Hoàn Kiếm",
               "--json", env=env)
    assert a.returncode == 0 and json.loads(a.stdout) == json.loads(b.stdout)
    assert json.loads(a.stdout)[0]["id"] == "hoan-kiem"
    wrong = netmon("--inventory", inv, "inventory", "show", "--district", "Hoan Kiem Lake",
                   env=env)
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr


@requires_snmpd
def test_scan_host_v2c_and_v3_against_snmpd(snmpd: Snmpd) -> None:
    v2 = netmon("scan", "host", snmpd.address, "--port", str(snmpd.port),
                "--community", "env:T_COMMUNITY", "--json",
                env={"T_COMMUNITY": snmpd.community})
    assert v2.returncode == 0, v2.stderr
    out = json.loads(v2.stdout)
    assert all(k in out for k in HOST_KEYS)
    assert out["status"] == "ok" and out["vendor"] == "net-snmp" and out["os"] == "Linux"
    assert out["interfaces"] and all(all(k in i for k in IF_KEYS) for i in out["interfaces"])
    assert any(i["name"] == "lo" for i in out["interfaces"])

    v3 = netmon("scan", "host", snmpd.address, "--port", str(snmpd.port),
                "--snmp-version", "3", "--v3-user", snmpd.v3_user, "--auth-protocol", "sha",
                "--auth-key", "env:T_AUTH", "--priv-protocol", "aes", "--priv-key",
                "env:T_PRIV", "--json",
                env={"T_AUTH": snmpd.v3_auth_key, "T_PRIV": snmpd.v3_priv_key})
    assert v3.returncode == 0, v3.stderr
    assert json.loads(v3.stdout)["sys_name"] == out["sys_name"]

    wrong = netmon("scan", "host", snmpd.address, "--port", str(snmpd.port),
                   "--snmp-version", "3", "--v3-user", snmpd.v3_user, "--auth-protocol",
                   "sha", "--auth-key", "wrong-auth-key-123", "--priv-protocol", "aes",
                   "--priv-key", "env:T_PRIV", "--timeout", "1", "--json",
                   env={"T_PRIV": snmpd.v3_priv_key})
    assert wrong.returncode == 1
    assert json.loads(wrong.stdout)["status"] == "auth_failed"
    for res in (v2, v3, wrong):
        for secret in (snmpd.community, snmpd.v3_auth_key, snmpd.v3_priv_key,
                       "wrong-auth-key-123"):
            assert secret not in res.stdout and secret not in res.stderr


def test_scan_host_no_answer_exits_1_and_bad_usage_exits_2() -> None:
    port = free_udp_port()
    silent = netmon("scan", "host", "127.0.0.1", "--port", str(port), "--timeout", "0.3",
                    "--retries", "0", "--json")
    assert silent.returncode == 1
    out = json.loads(silent.stdout)
    assert out["status"] == "timeout" and out["model"] is None and out["interfaces"] == []
    for args in (["--snmp-version", "4"], ["--snmp-version", "3"],
                 ["--port", "70000"], ["--auth-protocol", "rot13", "--snmp-version", "3",
                                       "--v3-user", "u"],
                 ["--snmp-version", "3", "--v3-user", "u", "--auth-protocol", "sha",
                  "--auth-key", "short"]):
        res = netmon("scan", "host", "127.0.0.1", *args)
        assert res.returncode == 2, (args, res.stdout, res.stderr)
        assert "Traceback" not in res.stderr


@requires_snmpsim
def test_scan_host_table_on_a_recorded_switch(snmpsim: SnmpSim) -> None:
    res = netmon("scan", "host", snmpsim.address, "--port", str(snmpsim.port), "--community",
                 "cisco-c3560")
    assert res.returncode == 0, res.stderr
    for text in ("WS-C3560G-48TS-E", "12.2(55)SE3", "Interfaces (", "Hardware ("):
        assert text in res.stdout
    js = json.loads(netmon("scan", "host", snmpsim.address, "--port", str(snmpsim.port),
                           "--community", "cisco-c3560", "--json").stdout)
    assert js["hardware"] and all(all(k in h for k in HW_KEYS) for h in js["hardware"])


@requires_snmpsim
def test_scan_host_ssh_merges_with_snmp(snmpsim: SnmpSim, tmp_path: Path) -> None:
    password = "cli-Pw-51xk"
    dev = start_device_server("cisco_ios", username="ops", password=password)
    try:
        res = netmon("scan", "host", "127.0.0.1", "--port", str(snmpsim.port), "--community",
                     "cisco-unmarked-0", "--ssh", "--platform", "cisco_ios", "--ssh-port",
                     str(dev.port), "--username", "ops", "--password-ref", "env:T_SSH",
                     "--json", env={"T_SSH": password}, data_dir=tmp_path)
        ssh_only = netmon("scan", "host", "127.0.0.1", "--ssh", "--no-snmp", "--platform",
                          "cisco_ios", "--port", str(dev.port), "--username", "ops",
                          "--password-ref", "env:T_SSH", "--json", env={"T_SSH": password},
                          data_dir=tmp_path)
        literal = netmon("scan", "host", "127.0.0.1", "--ssh", "--no-snmp", "--platform",
                         "cisco_ios", "--port", str(dev.port), "--username", "ops",
                         "--password-ref", password)
    finally:
        dev.stop()
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    want = expected_facts("cisco_ios")
    assert out["os_version"] == want["os_version"] and out["sources"]["os_version"] == "ssh"
    assert out["sources"]["sys_descr"] == "snmp" and out["interfaces"]
    assert out["collectors"] == {"snmp": "ok", "ssh": "ok"}
    assert ssh_only.returncode == 0, ssh_only.stderr
    only = json.loads(ssh_only.stdout)
    assert set(only["sources"].values()) == {"ssh"} and only["os_version"] == want["os_version"]
    # A password on the command line is refused: it would sit in the shell history.
    assert literal.returncode == 2 and password not in literal.stderr
    for r in (res, ssh_only):
        assert password not in r.stdout and password not in r.stderr
    assert (tmp_path / "ssh_known_hosts").exists(), "the first key seen is pinned"
