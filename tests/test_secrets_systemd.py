"""The systemd unit runs netmon as its own user with only the capability ICMP needs, no new
privileges and a read-only system; systemd's own tools check it where the machine has them
(systemd-analyze is a tool, not data: the check is skipped only when it is absent)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

UNIT = Path(__file__).resolve().parents[1] / "deploy" / "systemd" / "netmon.service"
ANALYZE = shutil.which("systemd-analyze")
requires_analyze = pytest.mark.skipif(ANALYZE is None, reason="systemd-analyze is not "
                                      "installed (Debian package systemd)")
EXPOSURE_MAX = 2.0  # systemd's 0 (locked down) .. 10 (unprotected) scale; measured 1.5


def directives() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in UNIT.read_text().splitlines():
        if "=" in line and not line.lstrip().startswith(("#", ";", "[")):
            key, value = line.split("=", 1)
            out.setdefault(key.strip(), []).append(value.strip())
    return out


def test_unit_runs_unprivileged_with_only_cap_net_raw() -> None:
    d = directives()
    assert d["User"] == ["netmon"] and d["Group"] == ["netmon"]
    assert d["AmbientCapabilities"] == ["CAP_NET_RAW"]
    assert d["CapabilityBoundingSet"] == ["CAP_NET_RAW"]
    assert d["NoNewPrivileges"] == ["yes"]
    assert d["ProtectSystem"] == ["strict"] and d["ProtectHome"] == ["yes"]
    # the only writable path is the data directory systemd creates for the service
    assert d["StateDirectory"] == ["netmon"] and d["ReadWritePaths"] == ["/var/lib/netmon"]
    assert "NETMON_DATA_DIR=/var/lib/netmon" in d["Environment"]
    for key in ("PrivateTmp", "PrivateDevices", "ProtectKernelTunables", "ProtectKernelModules",
                "ProtectControlGroups", "RestrictSUIDSGID", "LockPersonality"):
        assert d[key] == ["yes"], key
    assert "@system-service" in d["SystemCallFilter"]
    assert d["UMask"] == ["0077"]
    # secrets come from a root-only file read before privileges drop, never from the unit
    assert d["EnvironmentFile"] == ["-/etc/netmon/secrets.env"]
    assert not [v for v in d["Environment"] if "PASSWORD" in v or "TOKEN" in v
                or "COMMUNITY" in v]


def _local_unit(tmp_path: Path) -> Path:
    """The unit with ExecStart pointing at this environment's netmon (verify insists that the
    binary exists)."""
    netmon = Path(sys.executable).parent / "netmon"
    if not netmon.exists():
        found = shutil.which("netmon")
        if found is None:
            pytest.fail("the netmon entry point is not installed next to this Python")
        netmon = Path(found)
    unit = tmp_path / "netmon.service"
    unit.write_text(UNIT.read_text().replace("/opt/netmon/venv/bin/netmon", str(netmon)))
    return unit


@requires_analyze
def test_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    assert ANALYZE is not None
    unit = _local_unit(tmp_path)
    res = subprocess.run([ANALYZE, "verify", str(unit)], capture_output=True, text=True,
                         timeout=120)
    # unknown keys and bad values are warnings (exit 0): refuse any line about the unit
    ours = [line for line in (res.stdout + res.stderr).splitlines() if "netmon.service" in line]
    assert res.returncode == 0 and not ours, res.stdout + res.stderr


@requires_analyze
def test_unit_exposure_by_systemd_analyze_security(tmp_path: Path) -> None:
    assert ANALYZE is not None
    unit = _local_unit(tmp_path)
    res = subprocess.run([ANALYZE, "security", "--offline=true", "--json=short", str(unit)],
                         capture_output=True, text=True, timeout=120)
    if res.returncode != 0 and "--offline" in res.stderr:
        pytest.skip(f"this systemd-analyze cannot review a unit file offline: {res.stderr}")
    assert res.returncode == 0, res.stderr
    checks = {c["name"]: c for c in json.loads(res.stdout)}
    failed = {name for name, c in checks.items() if c.get("set") is False}
    must = {"NoNewPrivileges=", "ProtectSystem=", "User=/DynamicUser=", "ProtectHome=",
            "CapabilityBoundingSet=~CAP_SYS_ADMIN", "CapabilityBoundingSet=~CAP_SET(UID|GID|PCAP)",
            "CapabilityBoundingSet=~CAP_(DAC_*|FOWNER|IPC_OWNER)", "RestrictSUIDSGID=",
            "SystemCallFilter=~@mount", "SystemCallFilter=~@privileged", "UMask="}
    assert must <= set(checks), sorted(must - set(checks))
    assert not must & failed, sorted(must & failed)
    text = subprocess.run([ANALYZE, "security", "--offline=true", str(unit)],
                          capture_output=True, text=True, timeout=120).stdout
    exposure = float(text.rsplit("exposure level for netmon.service:", 1)[1].split()[0])
    print(f"\nsystemd-analyze security: exposure {exposure} (0 best, 10 worst); "
          f"{len(failed)} of {len(checks)} checks not set: {sorted(failed)}")
    assert exposure <= EXPOSURE_MAX
