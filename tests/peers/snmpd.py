"""Debian's net-snmp ``snmpd`` on a free loopback port, configured from a temp directory.

``start_snmpd(directory)`` writes ``snmpd.conf`` (v2c community, one SNMPv3 authPriv user,
plus any ``extra_config`` lines such as ``override``), runs snmpd in the foreground with
only that config (PITFALLS' command line), waits until a real GET answers and returns an
``Snmpd`` handle with the credentials; ``stop()`` ends it. The ``snmpd`` fixture (module
scope) gives one with random secrets: tests can assert they never leak.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.peers.process import terminate
from tests.peers.snmpsim import free_udp_port, snmpget

SNMPD = shutil.which("snmpd") or ("/usr/sbin/snmpd" if Path("/usr/sbin/snmpd").exists() else None)
requires_snmpd = pytest.mark.skipif(
    SNMPD is None or shutil.which("snmpget") is None,
    reason="Debian snmpd/snmp not installed (apt-get install snmpd snmp)",
)


@dataclass
class Snmpd:
    address: str
    port: int
    community: str
    v3_user: str
    v3_auth_protocol: str  # netmon spelling: "sha"
    v3_auth_key: str
    v3_priv_protocol: str  # "aes"
    v3_priv_key: str
    directory: Path
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def __repr__(self) -> str:  # the handle holds secrets: never print them
        return f"Snmpd({self.address}:{self.port}, user={self.v3_user!r})"

    def log(self) -> str:
        path = self.directory / "snmpd.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        proc, self.process = self.process, None
        terminate(proc)


def start_snmpd(directory: Path, *, port: int | None = None, address: str = "127.0.0.1",
                community: str | None = None, v3_user: str = "netmon",
                v3_auth_key: str | None = None, v3_priv_key: str | None = None,
                extra_config: Sequence[str] = (), ready_timeout_s: float = 20.0) -> Snmpd:
    if SNMPD is None:
        raise RuntimeError("snmpd is not installed")
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "persist").mkdir(exist_ok=True)
    port = port or free_udp_port(address)
    community = community or f"c{secrets.token_hex(6)}"
    auth_key = v3_auth_key or f"a{secrets.token_hex(8)}"
    priv_key = v3_priv_key or f"p{secrets.token_hex(8)}"
    conf = directory / "snmpd.conf"
    conf.write_text("\n".join([
        f"agentAddress udp:{address}:{port}",
        f"rocommunity {community} 127.0.0.1",
        f'createUser {v3_user} SHA "{auth_key}" AES "{priv_key}"',
        f"rouser {v3_user} priv",
        "sysLocation netmon test rack",
        "sysContact noc@example.invalid",
        *extra_config,
    ]) + "\n")
    conf.chmod(0o600)
    env = dict(os.environ, MIBS="", MIBDIRS="/nonexistent",
               SNMP_PERSISTENT_DIR=str(directory / "persist"))
    with (directory / "snmpd.log").open("wb") as log:
        proc = subprocess.Popen(
            [SNMPD, "-f", "-Lo", "-C", "-c", str(conf), "-p", str(directory / "snmpd.pid"),
             "-I", "-smux"], stdout=log, stderr=subprocess.STDOUT, env=env)
    agent = Snmpd(address, port, community, v3_user, "sha", auth_key, "aes", priv_key,
                  directory, proc)
    deadline = time.monotonic() + ready_timeout_s
    while snmpget(address, port, community, "1.3.6.1.2.1.1.3.0", 0.5) is None:
        if proc.poll() is not None or time.monotonic() > deadline:
            agent.stop()
            raise RuntimeError(f"snmpd did not start on {address}:{port}: {agent.log()[-1500:]}")
        time.sleep(0.1)
    return agent


@pytest.fixture(scope="module")
def snmpd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Snmpd]:
    if SNMPD is None or shutil.which("snmpget") is None:
        pytest.skip("Debian snmpd/snmp not installed")
    agent = start_snmpd(tmp_path_factory.mktemp("snmpd"))
    try:
        yield agent
    finally:
        agent.stop()
