"""SNMPv3 authPriv with every auth and privacy protocol netmon offers, against real snmpd.

net-snmp 5.9 knows MD5, SHA, SHA-224..512 and DES, AES-128/192/256 (with the key
extension Cisco and net-snmp use); one user per pair, each polled for real.
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
from netmon.collectors.target import SnmpCredentials, Target
from tests.peers.snmpd import Snmpd, requires_snmpd, start_snmpd

pytestmark = [pytest.mark.integration, requires_snmpd]

# netmon name -> net-snmp createUser spelling
PAIRS = [("md5", "MD5", "des", "DES"), ("sha", "SHA", "aes", "AES"),
         ("sha224", "SHA-224", "aes192", "AES-192"), ("sha256", "SHA-256", "aes", "AES"),
         ("sha384", "SHA-384", "aes256", "AES-256"), ("sha512", "SHA-512", "aes256", "AES-256"),
         ("sha256", "SHA-256", "3des", None)]
KEYS = {i: (f"auth-{secrets.token_hex(6)}", f"priv-{secrets.token_hex(6)}")
        for i in range(len(PAIRS))}


@pytest.fixture(scope="module")
def agent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Snmpd]:
    lines = []
    for i, (_a, auth, _p, priv) in enumerate(PAIRS):
        if priv is None:  # 3DES is not in Debian's net-snmp: no user, the poll must fail
            continue
        lines += [f'createUser user{i} {auth} "{KEYS[i][0]}" {priv} "{KEYS[i][1]}"',
                  f"rouser user{i} priv"]
    agent = start_snmpd(Path(tmp_path_factory.mktemp("snmpd-v3")), extra_config=lines)
    try:
        yield agent
    finally:
        agent.stop()


@pytest.mark.parametrize("i", range(len(PAIRS)),
                         ids=[f"{a}-{p}" for a, _, p, _ in PAIRS])
def test_auth_priv_protocol(agent: Snmpd, i: int) -> None:
    auth, _, priv, netsnmp_priv = PAIRS[i]
    creds = SnmpCredentials(version="3", user=f"user{i}", auth_protocol=auth,  # type: ignore[arg-type]
                            auth_key=SecretStr(KEYS[i][0]), priv_protocol=priv,  # type: ignore[arg-type]
                            priv_key=SecretStr(KEYS[i][1]), port=agent.port, timeout_s=1,
                            retries=0)
    obs = asyncio.run(SnmpCollector().collect(Target("d", agent.address, snmp=creds)))
    if netsnmp_priv is None:
        assert obs.status is not Status.OK
        return
    assert obs.status is Status.OK, obs.error
    assert obs.facts is not None and obs.facts.sys_location == "netmon test rack"
    for key in KEYS[i]:
        assert key not in repr(obs)
