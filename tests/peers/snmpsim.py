"""snmpsim replaying recorded walks on loopback: one process, one UDP port, many devices.

snmpsim 1.2.2 with pysnmp 7 does not choose data per listening address (PITFALLS), so each
simulated device is its own *community*: a data file ``<community>.snmprec`` under
``--data-dir``. ``start_snmpsim({"cisco-c3560": path, ...})`` symlinks the files into a
temporary data dir (never copied; see the two-level links below), adds a probe file with a
random community and value, starts ``snmpsim-command-responder`` on a free 127.0.0.1 UDP port and
waits until a real GET of the probe answers with *its* value (a port taken by someone else
is not reported by snmpsim, so only our own value proves readiness). ``handle.stop()`` ends it.

The session fixture ``snmpsim`` serves every recorded walk plus this repository's own made
walks. The recordings (snmpsim-data, BSD-2-Clause) are the ones the lab replays, package data
of ``netmon.monitor`` (``monitor/lab_walks``, with their NOTICE): one copy in the repository,
found through the installed package, so a clone needs nothing beside it.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from netmon.monitor.lab import PACKAGED_WALKS
from tests.peers.process import terminate

REPO = Path(__file__).resolve().parents[2]
RECORDED_SNMP_DIR = PACKAGED_WALKS
OWN_SNMP_DIR = REPO / "tests" / "fixtures" / "snmp"
SNMPSIM = shutil.which("snmpsim-command-responder")
SNMPGET = shutil.which("snmpget")

requires_snmpsim = pytest.mark.skipif(
    SNMPSIM is None or SNMPGET is None,
    reason="snmpsim-command-responder (pip snmpsim + pysmi) or snmpget (Debian snmp) missing",
)

_PROBE_OID = "1.3.6.1.2.1.1.5.0"


def free_udp_port(address: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((address, 0))
        return int(s.getsockname()[1])


def walk_files(directory: Path) -> dict[str, Path]:
    """``{community: path}`` for every ``*.snmprec`` in ``directory`` (empty when absent)."""
    if not directory.is_dir():
        return {}
    return {p.stem: p for p in sorted(directory.glob("*.snmprec"))}


def recorded_walks() -> dict[str, Path]:
    """The walks recorded from real devices (snmpsim-data), as shipped with the lab."""
    walks = walk_files(RECORDED_SNMP_DIR)
    if not walks:  # a broken install, not a reason to skip: every test needs them
        raise RuntimeError(f"no recorded walks in {RECORDED_SNMP_DIR}")
    return walks


def own_walks() -> dict[str, Path]:
    return walk_files(OWN_SNMP_DIR)


@dataclass
class SnmpSim:
    """A running snmpsim. Each device answers to its community (the data file's stem)."""

    address: str
    port: int
    data_dir: Path
    communities: list[str]
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None
    _owned_dir: Path | None = field(default=None, repr=False)

    @property
    def endpoint(self) -> tuple[str, int]:
        return (self.address, self.port)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path else ""

    def stop(self) -> None:
        proc, self.process = self.process, None
        terminate(proc)
        if self._owned_dir is not None:
            shutil.rmtree(self._owned_dir, ignore_errors=True)
            self._owned_dir = None


def snmpget(address: str, port: int, community: str, oid: str,
            timeout_s: float = 1.0) -> str | None:
    """One real SNMPv2c GET with net-snmp's ``snmpget``; the value as text, or None."""
    assert SNMPGET is not None
    env = dict(os.environ, MIBS="", MIBDIRS="/nonexistent")
    res = subprocess.run(
        [SNMPGET, "-v2c", "-c", community, "-t", str(timeout_s), "-r", "0", "-On", "-Oqv",
         f"udp:{address}:{port}", oid],
        capture_output=True, text=True, env=env, check=False,
    )
    if res.returncode != 0:
        return None
    return res.stdout.strip().strip('"')


def start_snmpsim(
    data_files: Mapping[str, Path],
    port: int | None = None,
    *,
    address: str = "127.0.0.1",
    directory: Path | None = None,
    extra_args: Sequence[str] = (),
    ready_timeout_s: float = 120.0,
) -> SnmpSim:
    """Start snmpsim serving ``{community: snmprec path}``; returns once a real GET answers."""
    if SNMPSIM is None:
        raise RuntimeError("snmpsim-command-responder is not installed")
    if not (address.startswith("127.") or address == "::1"):
        raise ValueError("test peers listen on loopback only")
    owned = None
    if directory is None:
        directory = owned = Path(tempfile.mkdtemp(prefix="netmon-snmpsim-"))
    data_dir = directory / "data"
    cache_dir = directory / "cache"
    data_dir.mkdir(parents=True, exist_ok=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    # snmpsim resolves ONE level of symlink and names the community after the target's path
    # below the data dir's depth; so data/<c> -> files/<c> (same depth) -> the recording.
    files_dir = directory / "files"
    files_dir.mkdir(parents=True, exist_ok=True)
    for community, path in data_files.items():
        name = f"{community}.snmprec"
        for link, target in ((files_dir / name, Path(path).resolve()),
                             (data_dir / name, files_dir / name)):
            if link.is_symlink() or link.exists():
                link.unlink()
            link.symlink_to(target)
    probe_community = f"netmon-probe-{secrets.token_hex(4)}"
    probe_value = secrets.token_hex(8)
    (data_dir / f"{probe_community}.snmprec").write_text(f"{_PROBE_OID}|4|{probe_value}\n")

    port = port or free_udp_port(address)
    log_path = directory / "snmpsim.log"
    env = dict(os.environ, SNMPSIM_ALLOW_ROOT="true")
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [SNMPSIM, f"--data-dir={data_dir}", f"--cache-dir={cache_dir}",
             f"--agent-udpv4-endpoint={address}:{port}", "--log-level=error", *extra_args],
            stdout=log, stderr=subprocess.STDOUT, env=env,
        )
    sim = SnmpSim(address, port, data_dir, sorted(data_files), proc, log_path, owned)
    deadline = time.monotonic() + ready_timeout_s
    while True:
        if proc.poll() is not None:
            sim.stop()
            raise RuntimeError(f"snmpsim exited with {proc.returncode}: {sim.log()[-2000:]}")
        if snmpget(address, port, probe_community, _PROBE_OID, 0.5) == probe_value:
            return sim
        if time.monotonic() > deadline:
            sim.stop()
            raise RuntimeError(f"snmpsim did not answer on {address}:{port}: {sim.log()[-2000:]}")
        time.sleep(0.2)


@pytest.fixture(scope="session")
def snmpsim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SnmpSim]:
    """Every recorded walk and every walk made for this repository, one community each."""
    if SNMPSIM is None or SNMPGET is None:
        pytest.skip("snmpsim-command-responder or snmpget missing")
    files = {**recorded_walks(), **own_walks()}
    sim = start_snmpsim(files, directory=tmp_path_factory.mktemp("snmpsim"))
    try:
        yield sim
    finally:
        sim.stop()
