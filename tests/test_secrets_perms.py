"""A literal secret in a file every user can read is a leak: netmon says so, through the CLI,
for the inventory (``inventory check`` and every command that loads it) and for the config
file, without ever printing the secret. Group-readable (root:netmon 0640, as deployed) is
not warned about."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SENTINEL = "Sntl-perm-7Qx2-community"
TOKEN = "netmon:Sntl-perm-9Zk4-token"


def netmon(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NETMON_")}
    return subprocess.run([sys.executable, "-m", "netmon", *args], capture_output=True,
                          text=True, timeout=120, env={**clean, **(env or {})})


def inventory(tmp_path: Path, community: str) -> Path:
    path = tmp_path / "inv.yaml"
    path.write_text(
        "snmp_profiles:\n"
        f"  p: {{version: 2c, community: '{community}'}}\n"
        "agencies:\n"
        "  - {id: hk, name: Hoàn Kiếm, level: district}\n"
        "devices:\n"
        "  - {id: r1, agency: hk, role: wan_router, address: 127.60.9.1, snmp: p}\n",
        encoding="utf-8")
    return path


@pytest.mark.parametrize(("mode", "warned"), [(0o644, True), (0o604, True), (0o640, False),
                                              (0o600, False)])
def test_inventory_with_a_literal_secret(tmp_path: Path, mode: int, warned: bool) -> None:
    path = inventory(tmp_path, SENTINEL)
    path.chmod(mode)
    res = netmon("inventory", "check", str(path))
    assert res.returncode == 0, res.stderr
    text = res.stdout + res.stderr
    assert SENTINEL not in text
    assert "community is written in the file" in text  # the literal itself, at any mode
    expected = f"{path}: warning: holds 1 literal secret (line 2) and every user can read it " \
               f"(mode {mode:04o}); chmod o-r {path}"
    assert (expected in text) is warned, text
    # every command that loads the inventory says it too (the daemon at start and reload)
    shown = netmon("--inventory", str(path), "inventory", "show")
    assert shown.returncode == 0, shown.stderr
    assert SENTINEL not in shown.stdout + shown.stderr
    assert ("every user can read it" in shown.stderr) is warned


def test_references_are_not_warned_about_but_a_readable_secret_file_is(tmp_path: Path) -> None:
    secret = tmp_path / "community"
    secret.write_text(SENTINEL + "\n", encoding="utf-8")
    path = inventory(tmp_path, "file:community")
    path.chmod(0o644)  # holds only a reference: nothing to hide
    secret.chmod(0o600)
    res = netmon("inventory", "check", str(path))
    assert res.returncode == 0 and "warning" not in res.stdout + res.stderr, res.stderr
    secret.chmod(0o644)
    res = netmon("inventory", "check", str(path))
    assert res.returncode == 0
    assert f"secret file {secret}: every user can read it (mode 0644); chmod o-r {secret}" \
        in res.stderr
    assert SENTINEL not in res.stdout + res.stderr


@pytest.mark.parametrize(("mode", "warned"), [(0o644, True), (0o640, False)])
def test_config_file_with_a_literal_token(tmp_path: Path, mode: int, warned: bool) -> None:
    inv = inventory(tmp_path, "env:NETMON_T_COMMUNITY")
    config = tmp_path / "netmon.yaml"
    config.write_text(f"inventory: {inv}\ndata_dir: {tmp_path / 'data'}\n"
                      f"influxdb: {{url: 'http://127.0.0.1:9', token: '{TOKEN}'}}\n",
                      encoding="utf-8")
    config.chmod(mode)
    res = netmon("--config", str(config), "inventory", "show",
                 env={"NETMON_T_COMMUNITY": "x"})
    assert res.returncode == 0, res.stderr
    assert TOKEN not in res.stdout + res.stderr
    assert TOKEN.split(":")[1] not in res.stdout + res.stderr
    expected = f"{config}: influxdb.token written in the file and every user can read it " \
               f"(mode {mode:04o}); chmod o-r {config}"
    assert (expected in res.stderr) is warned, res.stderr


def test_config_file_with_references_only(tmp_path: Path) -> None:
    config = tmp_path / "netmon.yaml"
    config.write_text("influxdb: {url: 'http://127.0.0.1:9', token: env:NETMON_T_TOKEN, "
                      "password: file:/etc/netmon/influx-pass}\n", encoding="utf-8")
    config.chmod(0o644)
    inv = inventory(tmp_path, "plain:public")
    res = netmon("--config", str(config), "--inventory", str(inv), "inventory", "show")
    assert res.returncode == 0, res.stderr
    assert "every user can read it" not in res.stderr
