"""The device-state rules (monitor/device_state.py) as tables: evidence in, verdicts and
events out. The same rules run for real under the daemon in test_daemon_truth.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from netmon.collectors.observation import Reach, Status
from netmon.monitor.device_state import (
    Evidence,
    Probe,
    Rules,
    Tracked,
    advance,
    current,
    evidence,
    reach_method,
)

T0 = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
RULES = Rules(down_after=2, filtered_after=3, stale_after=timedelta(minutes=15))

ICMP_OK, ICMP_LOST = Probe("icmp", Status.OK), Probe("icmp", Status.TIMEOUT)
SNMP_OK, SNMP_SILENT = Probe("snmp", Status.OK), Probe("snmp", Status.TIMEOUT)


def run(cycles: list[list[Probe]], rules: Rules = RULES,
        start: Tracked | None = None) -> tuple[list[Reach], list[str], Tracked]:
    state = start or Tracked()
    verdicts, events = [], []
    for n, probes in enumerate(cycles):
        at = T0 + timedelta(minutes=n)
        state, changes = advance(state, probes, at, rules)
        verdicts.append(current(state, at, rules))
        events += [c.kind for c in changes]
    return verdicts, events, state


@pytest.mark.parametrize(("status", "method", "expected"), [
    (Status.OK, "icmp", Evidence.ANSWERED),
    (Status.TIMEOUT, "icmp", Evidence.SILENT),
    (Status.UNREACHABLE, "tcp", Evidence.SILENT),
    (Status.UNSUPPORTED, "icmp", Evidence.NOT_ASKED),  # no ICMP socket here
    (Status.UNSUPPORTED, "none", Evidence.NOT_ASKED),
    (Status.AUTH_FAILED, "snmp", Evidence.ANSWERED),  # a v3 report is an answer
    (Status.AUTH_FAILED, "ssh", Evidence.ANSWERED),
    (Status.UNSUPPORTED, "snmp", Evidence.ANSWERED),
    (Status.PARSE_ERROR, "ssh", Evidence.ANSWERED),
    (Status.PARTIAL, "ssh", Evidence.ANSWERED),
    (Status.HOST_KEY_CHANGED, "ssh", Evidence.ANSWERED),
    (Status.INTERNAL, "snmp", Evidence.NOT_ASKED),
])
def test_evidence_of_each_status(status: Status, method: str, expected: Evidence) -> None:
    assert evidence(status, method) is expected


def test_down_needs_two_silent_cycles_and_says_so_once() -> None:
    verdicts, events, _ = run([[ICMP_OK], [ICMP_LOST], [ICMP_LOST], [ICMP_LOST], [ICMP_OK]])
    assert verdicts == [Reach.UP, Reach.UP, Reach.DOWN, Reach.DOWN, Reach.UP]
    assert events == ["down", "up"]


def test_one_lost_cycle_in_three_never_flaps() -> None:
    verdicts, events, _ = run([[ICMP_OK], [ICMP_LOST], [ICMP_OK]] * 5)
    assert set(verdicts) == {Reach.UP} and events == []


def test_any_answer_in_the_cycle_is_up() -> None:
    verdicts, events, _ = run([[ICMP_LOST, Probe("ssh", Status.AUTH_FAILED)]] * 4)
    assert verdicts == [Reach.UP] * 4 and events == ["icmp_filtered"]


def test_a_router_that_drops_icmp_is_recognised_once_and_probed_by_snmp() -> None:
    verdicts, events, state = run([[ICMP_LOST, SNMP_OK]] * 6)
    assert verdicts == [Reach.UP] * 6
    assert events == ["icmp_filtered"]  # once, at the third cycle
    assert state.icmp_filtered and reach_method("icmp", state, has_snmp=True) == "snmp"
    assert reach_method("icmp", state, has_snmp=False) == "tcp"
    # From then on lost ICMP is not evidence at all, and SNMP silence is.
    verdicts, events, _ = run([[ICMP_LOST], [ICMP_LOST], [SNMP_SILENT], [SNMP_SILENT]],
                              start=state)
    assert events == ["down"] and verdicts[-1] is Reach.DOWN


def test_snmp_that_never_answered_proves_nothing() -> None:
    # reach: snmp with a wrong v2c community: the agent drops the requests silently.
    verdicts, events, _ = run([[SNMP_SILENT]] * 5)
    assert verdicts == [Reach.UNKNOWN] * 5 and events == []


def test_not_asked_keeps_the_verdict_until_it_is_stale() -> None:
    state, _ = advance(Tracked(), [SNMP_OK], T0, RULES)
    state, _ = advance(state, [Probe("none", Status.UNSUPPORTED)], T0 + timedelta(minutes=5),
                       RULES)
    assert current(state, T0 + timedelta(minutes=10), RULES) is Reach.UP
    assert current(state, T0 + timedelta(minutes=16), RULES) is Reach.UNKNOWN
    assert current(None, T0, RULES) is Reach.UNKNOWN


def test_tracked_survives_json() -> None:
    _, _, state = run([[ICMP_LOST, SNMP_OK]] * 3)
    assert Tracked.from_json(state.to_json()) == state
