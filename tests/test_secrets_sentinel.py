"""The whole path with sentinel secrets, then a search for them everywhere netmon writes.

Real peers: Debian snmpd (SNMPv3 authPriv and v2c), the asyncssh device server (password and
public key), influxd with authentication. Through the CLI, at -vv (DEBUG): inventory check,
scan host (SNMPv3, SSH), scan district (v3, SSH by password and by key, a wrong password, a
wrong key, a wrong v3 key), the daemon through an InfluxDB outage, and a wrong InfluxDB
password. Then every sentinel, and its base64 and URL-encoded forms, is searched for in
stdout, stderr and logs of every run, every point in InfluxDB, every file of the spool
(also as left during the outage), the state database (and its WAL), the host-key store, and
the texts of the exceptions netmon raises in-process. None may appear.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import asyncssh
import pytest

from tests.fault_kit import Daemon, netmon_env, wait_for
from tests.peers.influxd import Influxd, requires_influxd, start_influxd
from tests.peers.snmpd import Snmpd, requires_snmpd, start_snmpd
from tests.peers.sshd import DeviceHandle, start_device_server

pytestmark = [pytest.mark.integration, requires_influxd, requires_snmpd]

V3_ADDRESS = "127.60.7.1"
S = {  # sentinel -> what it stands for; none occurs in any device output
    "SntlComm-77HqZ": "v2c community",
    "SntlAuth-3f9Q1xW": "SNMPv3 auth key",
    "SntlPriv-8kZ2mwV": "SNMPv3 priv key",
    "SntlWrongAuth-6Ty": "a wrong SNMPv3 auth key",
    "SntlSshPw-5JvKc": "SSH password",
    "SntlWrongPw-2RrX": "a wrong SSH password",
    "SntlInflux-4WdPq": "InfluxDB password",
    "SntlBadInflux-9Lm": "a wrong InfluxDB password",
}
ENV = {"SNTL_COMM": "SntlComm-77HqZ", "SNTL_AUTH": "SntlAuth-3f9Q1xW",
       "SNTL_PRIV": "SntlPriv-8kZ2mwV", "SNTL_WRONG_AUTH": "SntlWrongAuth-6Ty",
       "SNTL_SSH": "SntlSshPw-5JvKc", "SNTL_WRONG_SSH": "SntlWrongPw-2RrX",
       "NETMON_INFLUX_PASSWORD": "SntlInflux-4WdPq"}
# Written here: the tests read nothing outside the repository.
CISCO_OUTPUTS = {
    "show version": "Cisco IOS Software, C3560 Software (C3560-IPBASE-M), Version 12.2(55)SE, "
                    "RELEASE SOFTWARE (fc2)\nrouter1 uptime is 1 week\n",
    "show inventory": 'NAME: "1", DESCR: "WS-C3560-24TS"\n'
                      "PID: WS-C3560-24TS-S  , VID: V02  , SN: FOC1111X1XX\n",
}


@pytest.fixture(scope="module")
def agent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Snmpd]:
    a = start_snmpd(tmp_path_factory.mktemp("snmpd"), address=V3_ADDRESS,
                    community=ENV["SNTL_COMM"], v3_auth_key=ENV["SNTL_AUTH"],
                    v3_priv_key=ENV["SNTL_PRIV"])
    try:
        yield a
    finally:
        a.stop()


def sentinels(keys: list[str]) -> dict[str, str]:
    """Every form in which a secret could leak -> what it is."""
    out: dict[str, str] = {}
    for value, what in {**S, **{k: "SSH private key" for k in keys}}.items():
        out.setdefault(urllib.parse.quote(value), what + " (URL-encoded)")
        out[value] = what
    for user_pass in ("netmon:SntlInflux-4WdPq", "netmon:SntlBadInflux-9Lm"):
        out[base64.b64encode(user_pass.encode()).decode()] = "InfluxDB basic auth"
    return out


def key_chunks(key: asyncssh.SSHKey) -> list[str]:
    """Pieces of a private key file's base64 body that only the private part has (the
    OpenSSH header is the same in every key, the public blob is no secret)."""
    body = "".join(line for line in key.export_private_key().decode().splitlines()
                   if "-----" not in line)
    public = key.export_public_key().decode().split()[1]
    chunks = [body[i:i + 20] for i in range(len(body) // 2, len(body) - 20, 10)]
    return [c for c in chunks if c not in public and "AAAA" not in c]


class Runs:
    """Every netmon run of the test, its output kept for the search."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.texts: dict[str, str] = {}

    def __call__(self, name: str, *args: str, ok: tuple[int, ...] = (0,),
                 env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        res = subprocess.run([sys.executable, "-m", "netmon", "-vv", *args],
                             capture_output=True, text=True, timeout=300,
                             env={**self.env, **(env or {})})
        self.texts[f"{name}: stdout"] = res.stdout
        self.texts[f"{name}: stderr"] = res.stderr
        assert res.returncode in ok, f"{name}: exit {res.returncode}: {res.stderr[-3000:]}"
        return res


def write_inventory(path: Path, agent: Snmpd, ssh: DeviceHandle, good_key: Path,
                    bad_key: Path) -> None:
    path.write_text(f"""\
snmp_profiles:
  v3: {{version: 3, user: {agent.v3_user}, auth_protocol: sha, auth_key: env:SNTL_AUTH,
       priv_protocol: aes, priv_key: env:SNTL_PRIV, port: {agent.port}, timeout_s: 1,
       retries: 0}}
  v3-wrong: {{version: 3, user: {agent.v3_user}, auth_protocol: sha,
             auth_key: env:SNTL_WRONG_AUTH, priv_protocol: aes, priv_key: env:SNTL_PRIV,
             port: {agent.port}, timeout_s: 1, retries: 0}}
  v2: {{version: 2c, community: env:SNTL_COMM, port: {agent.port}, timeout_s: 1, retries: 0}}
ssh_profiles:
  pw: {{username: netmon, password: env:SNTL_SSH, port: {ssh.port}, platform: cisco_ios,
       timeout_s: 5}}
  pw-wrong: {{username: netmon, password: env:SNTL_WRONG_SSH, port: {ssh.port},
             platform: cisco_ios, timeout_s: 5}}
  key: {{username: netmon, key_file: {good_key}, port: {ssh.port}, platform: cisco_ios,
        timeout_s: 5}}
  key-wrong: {{username: netmon, key_file: {bad_key}, port: {ssh.port}, platform: cisco_ios,
              timeout_s: 5}}
agencies:
  - {{id: hk, name: Quận Hoàn Kiếm, level: district}}
devices:
  - {{id: v3-ok, agency: hk, role: wan_router, address: {V3_ADDRESS}, snmp: v3}}
  - {{id: v3-bad, agency: hk, role: wan_router, address: {V3_ADDRESS}, snmp: v3-wrong}}
  - {{id: v2-ok, agency: hk, role: lan_switch, address: {V3_ADDRESS}, snmp: v2}}
  - {{id: ssh-pw, agency: hk, role: wan_router, address: 127.0.0.1, ssh: pw, reach: tcp,
     tcp_port: {ssh.port}}}
  - {{id: ssh-pw-bad, agency: hk, role: wan_router, address: 127.0.0.1, ssh: pw-wrong,
     reach: tcp, tcp_port: {ssh.port}}}
  - {{id: ssh-key, agency: hk, role: wan_router, address: 127.0.0.1, ssh: key, reach: tcp,
     tcp_port: {ssh.port}}}
  - {{id: ssh-key-bad, agency: hk, role: wan_router, address: 127.0.0.1, ssh: key-wrong,
     reach: tcp, tcp_port: {ssh.port}}}
""", encoding="utf-8")
    path.chmod(0o640)


def influx_dump(server: Influxd) -> str:
    out = []
    for row in server.query("SHOW MEASUREMENTS"):
        out.append(json.dumps(server.query(f'SELECT * FROM "{row["name"]}"'),
                              ensure_ascii=False))
    out.append(json.dumps(server.query("SHOW TAG KEYS")))
    return "\n".join(out)


def files_text(directory: Path) -> dict[str, str]:
    return {str(p): p.read_bytes().decode("utf-8", "replace")
            for p in sorted(directory.rglob("*")) if p.is_file()}


def test_no_secret_anywhere(tmp_path: Path, agent: Snmpd) -> None:
    good, bad = asyncssh.generate_private_key("ssh-ed25519"), \
        asyncssh.generate_private_key("ssh-ed25519")
    good_key, bad_key = tmp_path / "id_good", tmp_path / "id_bad"
    good.write_private_key(str(good_key))
    bad.write_private_key(str(bad_key))
    for k in (good_key, bad_key):
        k.chmod(0o600)
    ssh = start_device_server("cisco_ios", CISCO_OUTPUTS,
                              "netmon", ENV["SNTL_SSH"],
                              authorized_keys=[good.export_public_key().decode()])
    server = start_influxd(tmp_path / "influxd", username="netmon",
                           password=ENV["NETMON_INFLUX_PASSWORD"])
    data = tmp_path / "data"
    inv = tmp_path / "inventory.yaml"
    write_inventory(inv, agent, ssh, good_key, bad_key)
    config = tmp_path / "netmon.yaml"
    config.write_text(
        f"inventory: {inv}\ndata_dir: {data}\n"
        f"influxdb: {{url: '{server.url}', api: v1, database: netmon, username: netmon, "
        "password: env:NETMON_INFLUX_PASSWORD, timeout_s: 2}\n"
        "poll: {interval_s: 3, reachability_interval_s: 3, deadline_s: 15}\n"
        "ping: {count: 1, timeout_s: 0.3}\n", encoding="utf-8")
    config.chmod(0o640)
    run = Runs(netmon_env(**ENV))
    searched: dict[str, str] = {}
    exceptions: list[str] = []
    try:
        run("inventory check", "inventory", "check", str(inv))
        v3 = run("scan host v3", "scan", "host", V3_ADDRESS, "--port", str(agent.port),
                 "--snmp-version", "3", "--v3-user", agent.v3_user, "--auth-protocol", "sha",
                 "--auth-key", "env:SNTL_AUTH", "--priv-protocol", "aes", "--priv-key",
                 "env:SNTL_PRIV", "--timeout", "1", "--json")
        assert json.loads(v3.stdout)["status"] == "ok"
        run("scan host v3 wrong key", "scan", "host", V3_ADDRESS, "--port", str(agent.port),
            "--snmp-version", "3", "--v3-user", agent.v3_user, "--auth-protocol", "sha",
            "--auth-key", "env:SNTL_WRONG_AUTH", "--priv-protocol", "aes", "--priv-key",
            "env:SNTL_PRIV", "--timeout", "1", "--retries", "0", "--json", ok=(1,))
        s = run("scan host ssh", "--data-dir", str(data), "scan", "host", "127.0.0.1", "--ssh",
                "--no-snmp", "--platform", "cisco_ios", "--ssh-port", str(ssh.port),
                "--username", "netmon", "--password-ref", "env:SNTL_SSH", "--json")
        assert json.loads(s.stdout)["collectors"]["ssh"] in ("ok", "parse_error")
        run("scan host ssh wrong password", "--data-dir", str(data), "scan", "host",
            "127.0.0.1", "--ssh", "--no-snmp", "--platform", "cisco_ios", "--ssh-port",
            str(ssh.port), "--username", "netmon", "--password-ref", "env:SNTL_WRONG_SSH",
            "--json", ok=(1,))
        d = run("scan district", "--config", str(config), "scan", "district", "hk", "--json")
        status = {x["id"]: x["status"] for x in json.loads(d.stdout)["devices"]}
        assert status["v3-ok"] == status["v2-ok"] == "ok", status
        assert status["v3-bad"] != "ok" and status["ssh-key-bad"] == "auth_failed", status
        assert status["ssh-pw-bad"] == "auth_failed" and status["ssh-key"] != "auth_failed"

        # the daemon: a cycle with InfluxDB up, an outage (the spool fills), InfluxDB back
        daemon = Daemon(config, tmp_path / "daemon.log", env=run.env, verbose=2)
        try:
            wait_for("a cycle written", lambda: server.count("netmon_poll", "targets") >= 1,
                     timeout_s=90)
            server.stop()
            wait_for("points waiting in the spool", lambda: any(
                p.stat().st_size for p in (data / "spool").glob("*.seg")), timeout_s=60)
            time.sleep(4)
            searched.update({f"spool during the outage: {k}": v
                             for k, v in files_text(data / "spool").items()})
            server.start()
            wait_for("the spool replayed", lambda: not any(
                p.stat().st_size for p in (data / "spool").glob("*.seg")), timeout_s=90)
        finally:
            assert daemon.stop() == 0
        run.texts["daemon log"] = daemon.text()
        run("daemon --once, wrong InfluxDB password", "--config", str(config), "daemon",
            "--once", env={"NETMON_INFLUX_PASSWORD": "SntlBadInflux-9Lm"})

        # exceptions netmon raises in-process, with the secrets set or wrong
        exceptions += in_process_exception_texts(inv, tmp_path)

        searched.update({f"{k}": v for k, v in run.texts.items()})
        searched["InfluxDB points"] = influx_dump(server)
        searched.update(files_text(data))
        searched["exception texts"] = "\n".join(exceptions)
    finally:
        ssh.stop()
        server.stop()

    chunks = key_chunks(good) + key_chunks(bad)
    assert len(chunks) >= 6
    forms = sentinels(chunks)
    leaks = [f"{what} in {where}" for where, text in searched.items()
             for value, what in forms.items() if value in text]
    assert not leaks, leaks
    # the search looked where the secrets were used: these texts are not empty
    assert "auth_failed" in searched["scan district: stdout"]
    assert any(k.endswith("state.sqlite3") for k in searched)
    assert any("spool during the outage" in k for k in searched)
    assert "401" in run.texts["daemon --once, wrong InfluxDB password: stderr"] or \
        "authorization failed" in run.texts["daemon --once, wrong InfluxDB password: stderr"]
    print(f"\nsearched {len(searched)} texts ({sum(map(len, searched.values()))} characters) "
          f"for {len(forms)} sentinel forms: none found")


def in_process_exception_texts(inv: Path, tmp_path: Path) -> list[str]:
    """The texts of errors netmon raises when secrets are missing, wrong or unreadable."""
    from netmon.errors import NetmonError
    from netmon.inventory import load, resolve_secret

    texts: list[str] = []
    broken = tmp_path / "broken.yaml"
    broken.write_text(inv.read_text().replace("env:SNTL_AUTH", "SntlAuth-3f9Q1xW")
                      .replace("timeout_s: 1,", "timeout_s: -1,")
                      .replace("version: 2c", "version: 7"), encoding="utf-8")
    for call in (lambda: load(broken), lambda: resolve_secret("file:/nonexistent/x"),
                 lambda: load(inv).target("v3-ok")):
        try:
            texts.append(repr(call()))
        except NetmonError as exc:
            texts.append(f"{type(exc).__name__}: {exc}")
    saved = {k: os.environ.pop(k, None) for k in ENV}
    try:
        try:
            load(inv)
        except NetmonError as exc:
            texts.append(str(exc))
    finally:
        os.environ.update({k: v for k, v in saved.items() if v is not None})
    assert len(texts) == 4 and "SecretError" in texts[1], texts
    return texts
