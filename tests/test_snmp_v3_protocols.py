"""SNMPv3 authPriv with every auth and privacy protocol netmon offers, against real snmpd.

net-snmp 5.9 knows MD5, SHA, SHA-224..512 and DES, AES-128/192/256 (with the key
extension Cisco and net-snmp use); one user per pair, each polled for real. Debian's
net-snmp has no 3DES: that one is polled from snmpsim, which selects its data by the
SNMPv3 context name.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from netmon.collectors.observation import Status
from netmon.collectors.snmp import SnmpCollector
from netmon.target import SnmpCredentials, Target
from tests.peers.snmpd import Snmpd, requires_snmpd, start_snmpd
from tests.peers.snmpsim import RECORDED_SNMP_DIR, requires_snmpsim, start_snmpsim

pytestmark = [pytest.mark.integration]

# netmon name -> net-snmp createUser spelling
PAIRS = [("md5", "MD5", "des", "DES"), ("sha", "SHA", "aes", "AES"),
         ("sha224", "SHA-224", "aes192", "AES-192"), ("sha256", "SHA-256", "aes", "AES"),
         ("sha384", "SHA-384", "aes256", "AES-256"), ("sha512", "SHA-512", "aes256", "AES-256")]
KEYS = {i: (f"auth-{secrets.token_hex(6)}", f"priv-{secrets.token_hex(6)}")
        for i in range(len(PAIRS))}


@pytest.fixture(scope="module")
def agent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Snmpd]:
    lines = []
    for i, (_a, auth, _p, priv) in enumerate(PAIRS):
        lines += [f'createUser user{i} {auth} "{KEYS[i][0]}" {priv} "{KEYS[i][1]}"',
                  f"rouser user{i} priv"]
    agent = start_snmpd(Path(tmp_path_factory.mktemp("snmpd-v3")), extra_config=lines)
    try:
        yield agent
    finally:
        agent.stop()


@requires_snmpd
@pytest.mark.parametrize("i", range(len(PAIRS)),
                         ids=[f"{a}-{p}" for a, _, p, _ in PAIRS])
def test_auth_priv_protocol(agent: Snmpd, i: int) -> None:
    auth, _, priv, _ = PAIRS[i]
    creds = SnmpCredentials(version="3", user=f"user{i}", auth_protocol=auth,  # type: ignore[arg-type]
                            auth_key=SecretStr(KEYS[i][0]), priv_protocol=priv,  # type: ignore[arg-type]
                            priv_key=SecretStr(KEYS[i][1]), port=agent.port, timeout_s=1,
                            retries=0)
    obs = asyncio.run(SnmpCollector().collect(Target("d", agent.address, snmp=creds)))
    assert obs.status is Status.OK, obs.error
    assert obs.facts is not None and obs.facts.sys_location == "netmon test rack"
    for key in KEYS[i]:
        assert key not in repr(obs)


@requires_snmpsim
def test_3des_against_snmpsim(tmp_path: Path) -> None:
    auth_key, priv_key = f"a-{secrets.token_hex(6)}", f"p-{secrets.token_hex(6)}"
    sim = start_snmpsim({"c3560": RECORDED_SNMP_DIR / "cisco-c3560.snmprec"},
                        directory=tmp_path / "sim",
                        extra_args=["--v3-user=u3des", f"--v3-auth-key={auth_key}",
                                    "--v3-auth-proto=SHA", f"--v3-priv-key={priv_key}",
                                    "--v3-priv-proto=3DES"])
    try:
        creds = SnmpCredentials(version="3", user="u3des", auth_protocol="sha",
                                auth_key=SecretStr(auth_key), priv_protocol="3des",
                                priv_key=SecretStr(priv_key), port=sim.port, context="c3560",
                                timeout_s=2, retries=0)
        obs = asyncio.run(SnmpCollector().collect(Target("d", sim.address, snmp=creds)))
    finally:
        sim.stop()
    assert obs.status is Status.OK, obs.error
    assert obs.facts is not None and obs.facts.model == "WS-C3560G-48TS-E"
