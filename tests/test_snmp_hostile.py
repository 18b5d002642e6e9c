"""Hostile and broken SNMP agents (issue 10 §1): one behaviour per test, real UDP on
loopback (tests/peers/hostile.py). Each test asserts the exact status, the facts that
survive, a time bound, and that nothing printed or logged a traceback."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
import time

import pytest
from pydantic import SecretStr

from netmon.collectors.observation import Observation, Status
from netmon.collectors.snmp import Limits, SnmpCollector, ber
from netmon.target import SnmpCredentials, Target
from tests.peers.hostile import (
    CHASSIS_ID,
    ENT,
    IF,
    IFX,
    SERIAL,
    SYS,
    Answer,
    HostileAgent,
    Request,
    device_mib,
    v,
)

FULL = {"sys_name": "sw-hoan-kiem-01", "vendor": "cisco", "model": "WS-C3560-8PC-S",
        "serial": SERIAL, "os_version": "12.2(55)SE5", "interfaces": 8, "hardware": 4}


def poll(agent: HostileAgent, *, timeout_s: float = 0.5, retries: int = 1, reps: int = 25,
         deadline_s: float | None = None, limits: Limits | None = None,
         version: str = "2c") -> tuple[Observation, float]:
    creds = SnmpCredentials(version=version, community=SecretStr("public"),  # type: ignore[arg-type]
                            port=agent.port, timeout_s=timeout_s, retries=retries,
                            max_repetitions=reps)
    collector = SnmpCollector(deadline_s=deadline_s, limits=limits)
    started = time.monotonic()
    obs = asyncio.run(collector.collect(Target("hostile", agent.address, snmp=creds)))
    assert not agent.errors, agent.errors  # the responder itself worked
    return obs, time.monotonic() - started


@pytest.fixture(autouse=True)
def quiet(capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> object:
    """Nothing may print or log a traceback, whatever the agent does."""
    caplog.set_level(logging.DEBUG)
    yield None
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert not [r for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()]


def summary(obs: Observation) -> dict[str, object]:
    f = obs.facts
    assert f is not None
    return {"sys_name": f.sys_name, "vendor": f.vendor, "model": f.model, "serial": f.serial,
            "os_version": f.os_version, "interfaces": len(f.interfaces),
            "hardware": len(f.hardware)}


def is_bulk_on(req: Request, table: tuple[int, ...]) -> bool:
    return req.pdu_type == ber.GET_BULK and bool(req.oids) and \
        req.oids[0][:len(table)] == table


# --- the faults issue 10 found ----------------------------------------------------------

def test_get_reply_leaving_oids_out_is_matched_by_oid() -> None:
    mib = device_mib()
    del mib[(*SYS, 4, 0)]  # no sysContact, and the agent leaves it out of its reply

    def omit(req: Request, answer: Answer, _a: HostileAgent) -> list[bytes]:
        answer.pairs = [(o, val) for o, val in answer.pairs if val != v("nosuchobject")]
        return [answer.encode(req)]
    with HostileAgent(mib, omit) as agent:
        obs, took = poll(agent)
    assert obs.status is Status.OK, obs.error
    assert summary(obs) == FULL
    assert obs.facts is not None and obs.facts.sys_contact is None
    assert obs.facts.sys_location == "Hoan Kiem rack 2"
    assert took < 5


def test_too_big_splits_gets_and_shrinks_bulk() -> None:
    mib = device_mib()
    mib[(*SYS, 1, 0)] = v("octets", b"Cisco IOS Software, C3560, Version 12.2(55)SE5, " +
                          b"x" * 350)

    def small_agent(req: Request, answer: Answer, _a: HostileAgent) -> list[bytes]:
        reply = answer.encode(req)
        if len(reply) > 484:  # RFC 3416's smallest maximum message size
            return [Answer([(o, v("null")) for o in req.oids], 1, 0).encode(req)]
        return [reply]
    with HostileAgent(mib, small_agent) as agent:
        obs, took = poll(agent)
    assert obs.status is Status.OK, obs.error
    assert summary(obs) == FULL
    gets = [len(r.oids) for r in agent.requests if r.pdu_type == ber.GET]
    assert gets[0] == 6 and min(gets) < 6  # the system group GET was split
    assert min(r.field2 for r in agent.requests if r.pdu_type == ber.GET_BULK) < 25
    assert took < 10


def test_gen_err_is_reported_as_gen_err() -> None:
    def gen_err(req: Request, answer: Answer, _a: HostileAgent) -> list[bytes]:
        if is_bulk_on(req, ENT):
            return [Answer([(o, v("null")) for o in req.oids], 5, 1).encode(req)]
        return [answer.encode(req)]
    with HostileAgent(device_mib(), gen_err) as agent:
        obs, took = poll(agent)
    assert obs.status is Status.PARTIAL
    assert obs.missing == ("entPhysicalTable",)
    assert obs.error is not None and "genErr" in obs.error
    assert summary(obs) == {**FULL, "hardware": 0, "model": None}  # serial: chassisId
    assert took < 5


def test_duplicate_oids_in_a_bulk_reply_keep_every_table() -> None:
    def duplicates(req: Request, answer: Answer, _a: HostileAgent) -> list[bytes]:
        if req.pdu_type == ber.GET_BULK:
            answer.pairs = [p for p in answer.pairs for _ in (0, 1)]
        return [answer.encode(req)]
    with HostileAgent(device_mib(), duplicates) as agent:
        obs, took = poll(agent, reps=4)
    assert obs.status is Status.OK, obs.error
    assert summary(obs) == FULL
    assert took < 5


def test_overflowing_counter32_is_null_alone() -> None:
    mib = device_mib()
    mib[(*IF, 10, 3)] = ber.tlv(ber.COUNTER32, (2**32 + 7).to_bytes(5, "big"))
    del mib[(*IFX, 6, 3)]  # no ifHCInOctets for that row: ifInOctets is its counter
    with HostileAgent(mib) as agent:
        obs, took = poll(agent)
    assert obs.status is Status.OK, obs.error
    assert summary(obs) == FULL
    assert obs.facts is not None
    row = {i.index: i for i in obs.facts.interfaces}
    assert row[3].in_octets is None and row[3].out_octets == 2**41 + 3
    assert row[2].in_octets == 2**40 + 2
    assert took < 5


def test_three_byte_ip_address_is_null_alone() -> None:
    mib = device_mib()
    mib[(*SYS, 4, 0)] = ber.tlv(ber.IP_ADDRESS, b"\x0a\x00\x01")  # sysContact, mistyped too
    with HostileAgent(mib) as agent:
        obs, took = poll(agent)
    assert obs.status is Status.OK, obs.error
    assert summary(obs) == FULL
    assert obs.facts is not None and obs.facts.sys_contact is None
    assert took < 5


def test_deadline_keeps_what_was_read_and_says_partial() -> None:
    def stall(req: Request, answer: Answer, _a: HostileAgent) -> list[bytes]:
        if is_bulk_on(req, ENT) and len(req.oids[0]) > len(ENT) + 1:
            return []  # the hardware walk stops answering after its first reply
        return [answer.encode(req)]
    with HostileAgent(device_mib(), stall) as agent:
        obs, took = poll(agent, timeout_s=1.0, retries=5, reps=2, deadline_s=3.0)
    assert obs.status is Status.PARTIAL
    assert obs.missing == ("entPhysicalTable",)
    assert obs.error is not None and "deadline" in obs.error
    assert summary(obs) == {**FULL, "hardware": 2}  # the first reply's two rows
    assert 2.0 < took < 3.0  # stopped by its own deadline, before the runner's (3 s)


def endless(values: bytes) -> object:
    """entPhysicalTable without an end: row n+1 follows row n forever."""
    def behaviour(req: Request, answer: Answer, _a: HostileAgent) -> list[bytes]:
        if not is_bulk_on(req, ENT):
            return [answer.encode(req)]
        pairs, cursor = [], list(req.oids)
        for _ in range(req.field2):
            for i, o in enumerate(cursor):
                nxt = (*o[:len(ENT) + 1], (o[len(ENT) + 1] + 1) if len(o) > len(ENT) + 1 else 1)
                pairs.append((nxt, values if o[len(ENT)] == 2 else v("int", 1)))
                cursor[i] = nxt
        reply = Answer(pairs).encode(req)
        if len(reply) > 65_000:
            return [Answer([(o, v("null")) for o in req.oids], 1, 0).encode(req)]
        return [reply]
    return behaviour


def test_endless_table_stops_at_the_row_bound() -> None:
    with HostileAgent(device_mib(), endless(v("octets", b"x"))) as agent:  # type: ignore[arg-type]
        obs, took = poll(agent, timeout_s=2.0)
    assert obs.status is Status.PARTIAL and obs.missing == ("entPhysicalTable",)
    assert obs.error is not None and "more than 20000 rows" in obs.error
    assert summary(obs)["interfaces"] == 8
    assert 20_000 <= summary(obs)["hardware"] <= 20_025  # type: ignore[operator]
    assert took < 120


def test_endless_table_of_60_kb_values_stops_at_the_memory_bound() -> None:
    with HostileAgent(device_mib(), endless(v("octets", b"y" * 60_000))) as agent:  # type: ignore[arg-type]
        obs, took = poll(agent, timeout_s=2.0)
    assert obs.status is Status.PARTIAL and obs.missing == ("entPhysicalTable",)
    assert obs.error is not None and "more than 64 MiB" in obs.error
    rows = summary(obs)["hardware"]
    assert 1_000 < rows < 1_200, rows  # type: ignore[operator]  # 64 MiB / (60 kB + 200 B)
    assert took < 120


# --- behaviours netmon already survived, each kept as a test ----------------------------

def test_truncated_replies_are_a_parse_error() -> None:
    def truncate(req: Request, answer: Answer, _a: HostileAgent) -> list[bytes]:
        reply = answer.encode(req)
        return [reply[:len(reply) * 2 // 3]]
    with HostileAgent(device_mib(), truncate) as agent:
        obs, took = poll(agent)
    assert obs.status is Status.PARSE_ERROR and obs.facts is None
    assert obs.error is not None and "malformed" in obs.error
    assert took < 1.5


def test_garbage_is_a_timeout() -> None:
    with HostileAgent(device_mib(), lambda *_: [os.urandom(120)]) as agent:
        obs, took = poll(agent)
    assert obs.status is Status.TIMEOUT and obs.facts is None
    assert took < 1.5


def test_wrong_request_id_is_a_timeout() -> None:
    def off_by_one(req: Request, answer: Answer, _a: HostileAgent) -> list[bytes]:
        req.request_id += 1
        return [answer.encode(req)]
    with HostileAgent(device_mib(), off_by_one) as agent:
        obs, took = poll(agent)
    assert obs.status is Status.TIMEOUT and obs.facts is None
    assert took < 1.5


def test_walk_that_never_advances_ends() -> None:
    def restart(req: Request, answer: Answer, agent: HostileAgent) -> list[bytes]:
        if is_bulk_on(req, IF):  # always answer from the columns' first row
            req2 = Request(**{**req.__dict__, "oids": [o[:len(IF) + 1] for o in req.oids]})
            return [agent.answer(req2).encode(req)]
        return [answer.encode(req)]
    with HostileAgent(device_mib(), restart) as agent:
        obs, took = poll(agent, reps=3)
    assert obs.status is Status.OK, obs.error  # what it read is all it will ever give
    assert summary(obs) == {**FULL, "interfaces": 3}
    assert sum(is_bulk_on(r, IF) for r in agent.requests) == 2
    assert took < 5


def test_oids_going_backwards_end_the_walk() -> None:
    def backwards(req: Request, answer: Answer, agent: HostileAgent) -> list[bytes]:
        if is_bulk_on(req, IF) and len(req.oids[0]) > len(IF) + 1:
            start = req.oids[0][-1]
            answer.pairs = [((*o[:-1], max(1, start - k - 1)), agent.mib[(*IF, o[len(IF)], 1)])
                            for k in range(req.field2) for o in req.oids]
        return [answer.encode(req)]
    with HostileAgent(device_mib(), backwards) as agent:
        obs, took = poll(agent, reps=3)
    assert obs.status is Status.OK, obs.error
    assert summary(obs) == {**FULL, "interfaces": 3}
    assert took < 5


def test_60_kb_sys_descr_is_kept() -> None:
    mib = device_mib()
    mib[(*SYS, 1, 0)] = v("octets", b"Cisco IOS Software, Version 12.2(55)SE5 " + b"d" * 60_000)
    with HostileAgent(mib) as agent:
        obs, took = poll(agent)
    assert obs.status is Status.OK, obs.error
    assert obs.facts is not None and len(obs.facts.sys_descr or "") > 60_000
    assert summary(obs) == FULL
    assert took < 5


def test_mistyped_values_are_read_where_they_can_be() -> None:
    mib = device_mib()
    mib[(*SYS, 3, 0)] = v("octets", b"12345")          # sysUpTime as a string
    mib[(*IF, 8, 2)] = v("octets", b"up")              # ifOperStatus as a string
    mib[(*IF, 5, 2)] = v("octets", b"100000000")       # ifSpeed as a string
    del mib[(*IFX, 15, 2)]
    mib[CHASSIS_ID] = v("int", 42)                     # a serial as a number
    with HostileAgent(mib) as agent:
        obs, took = poll(agent)
    assert obs.status is Status.OK, obs.error
    assert obs.facts is not None and obs.facts.uptime_s == 123.45
    row = {i.index: i for i in obs.facts.interfaces}[2]
    assert row.oper_up is None and row.speed_bps == 100_000_000
    assert summary(obs) == FULL  # the serial came from entPhysicalTable
    assert took < 5


def test_silent_agent_is_a_timeout() -> None:
    with HostileAgent(device_mib(), lambda *_: []) as agent:
        obs, took = poll(agent, timeout_s=0.4, retries=2)
    assert obs.status is Status.TIMEOUT and obs.facts is None
    assert obs.error is not None and "no SNMP answer" in obs.error
    assert len(agent.requests) == 3 and 1.1 < took < 2.0


def test_slow_agent_answering_during_the_retry_counts() -> None:
    def slow_first(req: Request, answer: Answer, agent: HostileAgent) -> list[bytes]:
        if len(agent.requests) == 1:
            time.sleep(0.7)  # past the first attempt's 0.5 s, within the retry's
        return [answer.encode(req)]
    with HostileAgent(device_mib(), slow_first) as agent:
        obs, took = poll(agent, timeout_s=0.5, retries=1)
    assert obs.status is Status.OK, obs.error
    assert summary(obs) == FULL
    assert 0.7 < took < 3


def test_v1_replies_to_v2c_are_read() -> None:
    def as_v1(req: Request, answer: Answer, _a: HostileAgent) -> list[bytes]:
        answer.version = 0
        return [answer.encode(req)]
    with HostileAgent(device_mib(), as_v1) as agent:
        obs, took = poll(agent)
    assert obs.status is Status.OK, obs.error
    assert summary(obs) == FULL
    assert took < 5


def test_end_of_mib_view_first_gives_empty_tables() -> None:
    def eom(req: Request, answer: Answer, _a: HostileAgent) -> list[bytes]:
        if req.pdu_type in (ber.GET_BULK, ber.GET_NEXT):
            answer.pairs = [(o, v("endofmibview")) for o in req.oids]
        return [answer.encode(req)]
    with HostileAgent(device_mib(), eom) as agent:
        obs, took = poll(agent)
    assert obs.status is Status.OK, obs.error
    assert summary(obs) == {**FULL, "interfaces": 0, "hardware": 0, "model": None}
    assert took < 5


def test_no_such_object_for_the_system_group_is_unsupported() -> None:
    def locked(req: Request, answer: Answer, _a: HostileAgent) -> list[bytes]:
        if req.pdu_type == ber.GET and req.oids[0][:len(SYS)] == SYS:
            answer.pairs = [(o, v("nosuchobject")) for o in req.oids]
        return [answer.encode(req)]
    with HostileAgent(device_mib(), locked) as agent:
        obs, took = poll(agent)
    assert obs.status is Status.UNSUPPORTED and obs.facts is None
    assert obs.error == "agent answered without the system group"
    assert took < 2


def test_scan_host_prints_no_traceback_for_a_hostile_agent() -> None:
    """The command a new user types, end to end, against the worst of the above."""
    mib = device_mib()
    del mib[(*SYS, 4, 0)]

    def worst(req: Request, answer: Answer, agent: HostileAgent) -> list[bytes]:
        answer.pairs = [p for p in answer.pairs if p[1] != v("nosuchobject")]
        if req.pdu_type == ber.GET_BULK:
            answer.pairs = [p for p in answer.pairs for _ in (0, 1)]
        return [os.urandom(40), answer.encode(req)]
    with HostileAgent(mib, worst) as agent:
        res = subprocess.run(
            [sys.executable, "-m", "netmon", "scan", "host", agent.address, "--port",
             str(agent.port), "--community", "public", "--timeout", "1", "--json"],
            capture_output=True, text=True, timeout=60, check=False)
    assert "Traceback" not in res.stdout + res.stderr
    found = json.loads(res.stdout)
    assert found["status"] == "ok" and found["sys_contact"] is None
    assert found["sys_name"] == "sw-hoan-kiem-01" and found["serial"] == SERIAL, res.stdout
    assert res.returncode == 0, res.stderr

