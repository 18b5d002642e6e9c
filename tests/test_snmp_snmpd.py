"""The SNMP collector against Debian's net-snmp snmpd: v1/v2c, v3 authPriv, failures."""

from __future__ import annotations

import asyncio
import logging

import pytest
from pydantic import SecretStr

from netmon.collectors.observation import Observation, Status
from netmon.collectors.snmp import PysnmpClient, SnmpCollector
from netmon.target import SnmpCredentials, Target
from tests.peers.snmpd import Snmpd, requires_snmpd, snmpd
from tests.peers.snmpsim import free_udp_port

__all__ = ["snmpd"]
pytestmark = [pytest.mark.integration, requires_snmpd]


def v3(agent: Snmpd, **override: object) -> SnmpCredentials:
    fields: dict[str, object] = dict(
        version="3", user=agent.v3_user, auth_protocol="sha",
        auth_key=SecretStr(agent.v3_auth_key), priv_protocol="aes",
        priv_key=SecretStr(agent.v3_priv_key), port=agent.port, timeout_s=1.0, retries=0)
    fields.update(override)
    return SnmpCredentials(**fields)  # type: ignore[arg-type]


def collect(agent: Snmpd, creds: SnmpCredentials) -> Observation:
    return asyncio.run(SnmpCollector().collect(Target(id="lab", address=agent.address,
                                                      snmp=creds)))


def assert_no_secret(agent: Snmpd, *texts: str) -> None:
    for text in texts:
        for secret in (agent.community, agent.v3_auth_key, agent.v3_priv_key):
            assert secret not in text


@pytest.mark.parametrize("version", ["1", "2c"])
def test_community_versions(snmpd: Snmpd, version: str) -> None:
    obs = collect(snmpd, SnmpCredentials(version=version,  # type: ignore[arg-type]
                                         community=SecretStr(snmpd.community), port=snmpd.port))
    assert obs.status is Status.OK, obs.error
    facts = obs.facts
    assert facts is not None
    assert facts.vendor == "net-snmp" and facts.os == "Linux"
    assert facts.os_version and facts.sys_descr and facts.os_version in facts.sys_descr
    assert facts.sys_location == "netmon test rack"
    assert any(i.name == "lo" and i.type == "softwareLoopback" for i in facts.interfaces)


def test_v3_auth_priv(snmpd: Snmpd, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    obs = collect(snmpd, v3(snmpd))
    assert obs.status is Status.OK, obs.error
    assert obs.facts is not None and obs.facts.vendor == "net-snmp"
    assert obs.facts.interfaces
    assert_no_secret(snmpd, repr(obs), caplog.text)


@pytest.mark.parametrize(("override", "why"), [
    ({"auth_key": SecretStr("wrong-auth-key-1")}, "wrong auth key"),
    ({"user": "nobody-here"}, "unknown user"),
])
def test_v3_wrong_credentials_are_auth_failed(snmpd: Snmpd, override: dict[str, object],
                                              why: str) -> None:
    obs = collect(snmpd, v3(snmpd, **override))
    assert obs.status is Status.AUTH_FAILED, (why, obs.error)
    assert obs.facts is None
    assert_no_secret(snmpd, obs.error or "", repr(obs))
    assert "wrong-auth-key-1" not in (obs.error or "")


def test_v3_wrong_priv_key_gets_no_answer(snmpd: Snmpd) -> None:
    # The digest is right, so snmpd gets as far as decrypting; it drops a PDU it cannot
    # decrypt without sending a report, so pysnmp sees silence: TIMEOUT (measured, every run).
    obs = collect(snmpd, v3(snmpd, priv_key=SecretStr("wrong-priv-key-1")))
    assert obs.status is Status.TIMEOUT, obs.error
    assert "wrong-priv-key-1" not in (obs.error or "")


def test_wrong_community_is_timeout(snmpd: Snmpd) -> None:
    secret = "wrong-community-7"
    obs = collect(snmpd, SnmpCredentials(community=SecretStr(secret), port=snmpd.port,
                                         timeout_s=0.3, retries=1))
    assert obs.status is Status.TIMEOUT
    assert secret not in (obs.error or "") and secret not in repr(obs)


def test_closed_port_is_down_not_ok(snmpd: Snmpd) -> None:
    port = free_udp_port()
    obs = collect(snmpd, SnmpCredentials(community=SecretStr(snmpd.community), port=port,
                                         timeout_s=0.3, retries=0))
    assert obs.status in (Status.TIMEOUT, Status.UNREACHABLE)
    assert obs.facts is None


def test_client_repr_and_errors_hold_no_secret(snmpd: Snmpd) -> None:
    creds = v3(snmpd)
    client = PysnmpClient(snmpd.address, creds)
    assert_no_secret(snmpd, repr(client), repr(creds), repr(snmpd))


def test_all_auth_protocols_configure(snmpd: Snmpd) -> None:
    """Every auth/priv pair builds and reaches the agent (which knows only SHA/AES).

    What net-snmp answers, measured: a wrong auth protocol fails the digest check first and
    gets a usmStatsWrongDigests report (AUTH_FAILED), whatever the priv protocol; the right
    auth protocol with a wrong priv protocol passes the digest, cannot be decrypted and is
    dropped without a report, like a wrong priv key (TIMEOUT).
    """
    auths = ("md5", "sha224", "sha256", "sha384", "sha512", "sha")
    privs = ("des", "3des", "aes192", "aes256")

    async def run() -> dict[tuple[str, str], Status]:
        got = {}
        for auth in auths:
            for priv in privs:
                obs = await SnmpCollector().collect(Target(
                    id="x", address=snmpd.address,
                    snmp=v3(snmpd, auth_protocol=auth, priv_protocol=priv, timeout_s=0.3)))
                got[auth, priv] = obs.status
        return got
    want = {(auth, priv): Status.TIMEOUT if auth == "sha" else Status.AUTH_FAILED
            for auth in auths for priv in privs}
    assert asyncio.run(run()) == want
