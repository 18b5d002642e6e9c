"""A site poll on the wire: what is encoded decodes to the same DevicePolls, exactly.

Round trips a hand-made poll that fills every field (partial SNMP, an SSH failure, a lost
echo confirmed by SNMP, interfaces, hardware, a conflict) and real polls of snmpsim replaying
recorded walks. Credentials and raw CLI output never travel; the verdict is the centre's.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import SecretStr

from netmon.collectors.observation import (
    DeviceFacts,
    HardwareComponent,
    Interface,
    Observation,
    Reach,
    ReachabilityResult,
    Status,
)
from netmon.errors import BadMessage
from netmon.inventory import load
from netmon.monitor.broker import codec
from netmon.monitor.config import load_settings
from netmon.monitor.runner import DevicePoll, summarize
from netmon.monitor.session import Session
from netmon.target import SnmpCredentials, SshCredentials, Target
from tests.peers.snmpsim import SnmpSim, own_walks, requires_snmpsim, start_snmpsim

T0 = datetime(2025, 3, 1, 8, 30, 0, 123456, tzinfo=UTC)


def rich_poll() -> DevicePoll:
    facts = DeviceFacts(
        sys_name="hk-rtr", sys_descr="Cisco IOS XE, Phường \"Hàng Bạc\"\nline 2",
        sys_object_id="1.3.6.1.4.1.9.1.2068", uptime_s=12345.5, sys_location="Hà Nội",
        vendor="cisco", model="ISR4331", serial="FDO123", os="ios-xe", os_version="16.9.4",
        interfaces=(Interface(1, "Gi0/0", "GigabitEthernet0/0", "WAN", "ethernetCsmacd",
                              True, False, 1_000_000_000, "00:11:22:33:44:55", 2**63, 7, 0,
                              None),),
        hardware=(HardwareComponent(1, "chassis", "Chassis", "ISR4331", "ISR4331/K9",
                                    "FDO123", "V01", "16.9r", None, None),
                  HardwareComponent(2, "module", None, None, None, None, None, None, None, 1)),
        sources={"model": "ssh", "serial": "snmp"},
        conflicts={"serial": {"snmp": "FDO123", "ssh": "FDO124"}})
    snmp = Observation("hk-rtr", "127.0.0.9", "snmp", Status.PARTIAL, T0, 1.25, facts,
                       "ENTITY-MIB walk cut by the deadline", {"x": "never sent"},
                       ("entPhysicalTable",))
    ssh = Observation("hk-rtr", "127.0.0.9", "ssh", Status.AUTH_FAILED, T0, 0.5, None,
                      "authentication failed for netops", {"show version": "raw"})
    reach = ReachabilityResult("hk-rtr", "127.0.0.9", "icmp", Status.TIMEOUT, None, 100.0, T0,
                               "no echo reply", "snmp", Status.OK)
    target = Target("hk-rtr", "127.0.0.9",
                    SnmpCredentials(community=SecretStr("s3cret-comm")),
                    SshCredentials("cisco_ios", "netops", SecretStr("s3cret-pass")),
                    "icmp", labels={"agency": "hoan-kiem"})
    return DevicePoll(target, reach, snmp, ssh, facts, Status.PARTIAL, T0, 1.75, (snmp, ssh),
                      Reach.UP)


def wire(p: DevicePoll, poll_id: str) -> DevicePoll:
    """What the centre may know of a poll: no credentials, labels, raw output or verdict."""
    obs = tuple(dataclasses.replace(o, raw={}) for o in p.observations)
    return dataclasses.replace(
        p, target=Target(p.target.id, p.target.address, reach_method=p.target.reach_method),
        observations=obs, snmp=next((o for o in obs if o.collector == "snmp"), None),
        ssh=next((o for o in obs if o.collector == "ssh"), None), state=Reach.UNKNOWN,
        poll_id=poll_id)


def numbered(envs: object) -> list[codec.Envelope]:
    """As the outbox numbers them."""
    return [dataclasses.replace(e, outbox="ob-1", seq=n)
            for n, e in enumerate(envs, 41)]  # type: ignore[call-overload]


def roundtrip(polls: list[DevicePoll], max_polls: int = 2) -> list[codec.Envelope]:
    summary = summarize(polls, 3.5)
    parts = numbered(codec.split("hanoi", "poller-1:77", "pid-1", "inventory", T0, summary,
                                 polls, max_polls))
    out = []
    for env in parts:
        line = codec.encode(env)
        assert "\n" not in line  # one spool record
        body, encoding = codec.to_body(line)
        out.append(codec.decode(codec.from_body(body, encoding)))
    return out


def test_a_full_poll_round_trips_exactly_without_secrets() -> None:
    p = rich_poll()
    line = codec.encode(numbered(codec.split("hanoi", "poller-1:77", "pid-1", "inventory", T0,
                                             summarize([p], 1.0), [p], 10))[0])
    assert "s3cret" not in line and "never sent" not in line and "raw" not in line
    (env,) = roundtrip([p])
    assert env.polls == (wire(p, "pid-1"),)
    assert (env.site, env.poller, env.poll_id, env.kind, env.at, env.outbox, env.seq) == (
        "hanoi", "poller-1:77", "pid-1", "inventory", T0, "ob-1", 41)
    assert env.summary == summarize([p], 3.5) and env.message_id == "pid-1/1"


def test_parts_split_and_keep_order() -> None:
    base = rich_poll()
    polls = [dataclasses.replace(base, target=dataclasses.replace(base.target, id=f"d{i}"),
                                 at=T0 + timedelta(seconds=i)) for i in range(5)]
    envs = roundtrip(polls, max_polls=2)
    assert [(e.part, e.parts, len(e.polls), e.seq) for e in envs] == [
        (1, 3, 2, 41), (2, 3, 2, 42), (3, 3, 1, 43)]
    assert [p.target.id for e in envs for p in e.polls] == [f"d{i}" for i in range(5)]
    assert {e.summary.targets for e in envs} == {5}  # the whole poll's summary in each
    (empty,) = roundtrip([])
    assert (empty.part, empty.parts, empty.polls) == (1, 1, ())


def test_large_parts_are_deflated() -> None:
    p = rich_poll()
    many = dataclasses.replace(p, facts=dataclasses.replace(
        p.facts, interfaces=tuple(Interface(i, f"Gi0/{i}", alias="x" * 40)
                                  for i in range(400))))
    line = codec.encode(numbered(codec.split("s", "p", "i", "inventory", T0,
                                             summarize([many], 1), [many], 10))[0])
    body, encoding = codec.to_body(line)
    assert encoding == "deflate" and len(body) < len(line) / 5
    assert codec.from_body(body, encoding) == line


@pytest.mark.parametrize("mangle", [
    lambda d: "not json",
    lambda d: "[1, 2]",
    lambda d: json.dumps({**d, "v": 99}),
    lambda d: json.dumps({**d, "kind": "gossip"}),
    lambda d: json.dumps({k: v for k, v in d.items() if k != "poll_id"}),
    lambda d: json.dumps({**d, "part": 4}),
    lambda d: json.dumps({**d, "seq": 0}),
    lambda d: json.dumps({**d, "outbox": ""}),
    lambda d: json.dumps({**d, "at": "2025-03-01T08:30:00"}),  # no zone
    lambda d: json.dumps({**d, "polls": [{**d["polls"][0], "status": "fine"}]}),
    lambda d: json.dumps({**d, "polls": [{**d["polls"][0], "reach_method": "telepathy"}]}),
    lambda d: json.dumps({**d, "polls": [{**d["polls"][0], "facts": {
        "interfaces": [{"index": 1, "evil": True}]}}]}),
])
def test_what_does_not_decode_is_a_bad_message(mangle: object) -> None:
    p = rich_poll()
    good = json.loads(codec.encode(numbered(codec.split("s", "p", "id", "inventory", T0,
                                                        summarize([p], 1), [p], 10))[0]))
    assert codec.decode(json.dumps(good)).seq == 41
    with pytest.raises(BadMessage):
        codec.decode(mangle(good))  # type: ignore[operator]
    with pytest.raises(BadMessage):
        codec.from_body(b"\x00garbage", "deflate")


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[SnmpSim]:
    walks = own_walks()
    s = start_snmpsim({name: walks[name] for name in ("cisco-c9300-stack", "juniper-ex2200",
                                                       "netsnmp-linux")},
                      directory=tmp_path / "sim")
    try:
        yield s
    finally:
        s.stop()


@pytest.mark.integration
@requires_snmpsim
def test_real_polls_round_trip(tmp_path: Path, sim: SnmpSim) -> None:
    inv_path = tmp_path / "inv.yaml"
    lines = ["snmp_profiles:",
             f"  sim: {{version: 2c, community: plain:x, port: {sim.port}, timeout_s: 3}}",
             "agencies: [{id: a, name: A, level: department}]", "devices:"]
    for c in sim.communities:
        lines.append(f"  - {{id: {c}, agency: a, role: wan_router, address: 127.0.0.1, "
                     f"snmp: {{profile: sim, community: 'plain:{c}'}}}}")
    inv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "netmon.yaml").write_text("ping: {count: 1, timeout_s: 0.5}\n")
    settings = load_settings(tmp_path / "netmon.yaml", inv_path, tmp_path / "data")
    session = Session(settings, load(inv_path))

    async def collect() -> list[DevicePoll]:
        try:
            return await session.collect(session.targets(sim.communities))
        finally:
            await session.aclose()

    polls = asyncio.run(collect())
    assert all(p.facts is not None and p.facts.interfaces for p in polls), polls
    envs = roundtrip(polls, max_polls=2)
    assert [p for e in envs for p in e.polls] == [wire(p, "pid-1") for p in polls]
    assert envs[0].summary == summarize(polls, 3.5)
