"""Poll less (issue 9): inventory cached between polls, status and counters every poll.

Against the test agent of tests/peers/hostile.py answering honestly (real UDP): which
columns each poll asks for, and that the facts stay whole."""

from __future__ import annotations

import asyncio

from pydantic import SecretStr

from netmon.collectors.observation import Observation, Status
from netmon.collectors.snmp import PollPolicy, SnmpCollector, ber, oids
from netmon.collectors.snmp.cache import NAMES_IF, STATUS_IF, STATUS_IF_LEAN
from netmon.target import SnmpCredentials, Target
from tests.peers.hostile import ENT, IF, IFX, SYS, HostileAgent, device_mib, v


def target(agent: HostileAgent) -> Target:
    return Target("cached", agent.address, snmp=SnmpCredentials(
        community=SecretStr("public"), port=agent.port, timeout_s=1.0, retries=1))


def polls(agent: HostileAgent, collector: SnmpCollector, n: int) -> list[Observation]:
    async def run() -> list[Observation]:
        return [await collector.collect(target(agent)) for _ in range(n)]
    return asyncio.run(run())


def walked(agent: HostileAgent, since: int = 0) -> set[str]:
    """The columns the agent was asked to walk (first request of each walk)."""
    columns = set(oids.IF_TABLE + oids.IFX_TABLE + oids.ENT_TABLE)
    out: set[str] = set()
    for req in agent.requests[since:]:
        if req.pdu_type == ber.GET_BULK:
            out.update(c for c in (".".join(map(str, o)) for o in req.oids) if c in columns)
    return out


def test_between_inventory_reads_only_status_and_counters_are_walked() -> None:
    with HostileAgent(device_mib()) as agent:
        collector = SnmpCollector(policy=PollPolicy(inventory_every_s=3600))
        first, = polls(agent, collector, 1)
        mark = len(agent.requests)
        second, third = polls(agent, collector, 2)
    assert first.status is second.status is third.status is Status.OK
    assert oids.ENT_SERIAL in walked(agent)
    later = walked(agent, mark)
    # This agent has 64-bit counters and ifHighSpeed on every row: the 32-bit counters and
    # ifSpeed are not asked again, and the facts stay the same.
    assert later == set(STATUS_IF_LEAN) | {oids.IF_HC_IN_OCTETS, oids.IF_HC_OUT_OCTETS,
                                           oids.IF_HIGH_SPEED}
    assert not later & set(NAMES_IF) and oids.ENT_SERIAL not in later
    assert second.facts == first.facts and third.facts == first.facts
    assert len(collector.cache) == 1


def test_an_agent_without_64_bit_counters_keeps_its_32_bit_counters_walked() -> None:
    mib = {k: val for k, val in device_mib().items()
           if k[:len(IFX) + 1] not in ((*IFX, 6), (*IFX, 10))}  # no ifHCIn/OutOctets
    with HostileAgent(mib) as agent:
        collector = SnmpCollector(policy=PollPolicy(inventory_every_s=3600))
        first, = polls(agent, collector, 1)
        mark = len(agent.requests)
        second, = polls(agent, collector, 1)
    assert set(STATUS_IF) <= walked(agent, mark)
    assert first.facts is not None and second.facts == first.facts
    assert all(i.in_octets is not None for i in first.facts.interfaces)


def test_sys_uptime_going_back_reads_the_inventory_again() -> None:
    mib = device_mib()
    with HostileAgent(mib) as agent:
        collector = SnmpCollector(policy=PollPolicy(inventory_every_s=3600))
        polls(agent, collector, 1)
        mib[(*SYS, 3, 0)] = v("timeticks", 5)  # rebooted (or another device on the address)
        mib[(*ENT, 11, 1)] = v("octets", b"FOC9999NEW1")  # ... with another chassis
        mark = len(agent.requests)
        obs, = polls(agent, collector, 1)
    assert oids.ENT_SERIAL in walked(agent, mark)
    assert obs.facts is not None and obs.facts.serial == "FOC9999NEW1"


def test_a_new_interface_rereads_the_names() -> None:
    mib = device_mib()
    with HostileAgent(mib) as agent:
        collector = SnmpCollector(policy=PollPolicy(inventory_every_s=3600))
        polls(agent, collector, 1)
        new = device_mib(interfaces=9)
        mib.update({k: val for k, val in new.items() if k[:len(IF)] == IF or k[:len(IFX)] == IFX})
        agent.set_keys()
        mark = len(agent.requests)
        obs, = polls(agent, collector, 1)
    assert oids.IF_NAME in walked(agent, mark) and oids.ENT_SERIAL not in walked(agent, mark)
    assert obs.facts is not None
    assert [i.name for i in obs.facts.interfaces][-1] == "Gi0/9"


def test_without_a_policy_every_poll_reads_everything() -> None:
    with HostileAgent(device_mib()) as agent:
        collector = SnmpCollector()
        polls(agent, collector, 1)
        mark = len(agent.requests)
        polls(agent, collector, 1)
    assert oids.ENT_SERIAL in walked(agent, mark) and oids.IF_NAME in walked(agent, mark)
    assert len(collector.cache) == 0


def test_a_partial_full_read_is_not_cached_and_retain_forgets() -> None:
    def no_ent(req: object, answer: object, _a: object) -> list[bytes]:
        from tests.peers.hostile import Answer, Request
        assert isinstance(req, Request) and isinstance(answer, Answer)
        if req.pdu_type == ber.GET_BULK and req.oids[0][:len(ENT)] == ENT:
            return []
        return [answer.encode(req)]
    with HostileAgent(device_mib(), no_ent) as agent:
        collector = SnmpCollector(policy=PollPolicy(inventory_every_s=3600))
        obs, = polls(agent, collector, 1)
    assert obs.status is Status.PARTIAL and len(collector.cache) == 0
    with HostileAgent(device_mib()) as agent:
        polls(agent, collector, 1)
        assert len(collector.cache) == 1
        collector.cache.retain(["another-device"])
        assert len(collector.cache) == 0
