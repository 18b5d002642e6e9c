"""The SQLite state store: latest per device, change events, history across restarts.
The up/down rules themselves are tested in test_device_state.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from netmon.collectors.observation import Reach, Status
from netmon.errors import ConfigError
from netmon.monitor.device_state import Probe, Rules
from netmon.monitor.state import StateStore

T0 = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
RULES = Rules()
UP = [Probe("icmp", Status.OK)]
SILENT = [Probe("icmp", Status.TIMEOUT)]
NOTHING = [Probe("icmp", Status.INTERNAL)]


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_events_for_down_up_and_changed_facts(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    s = StateStore(db)
    _, first = s.record("r1", T0, "ok", UP,
                        {"serial": "FOC1", "model": "ISR4331", "os_version": "16.9"}, RULES)
    assert first == []
    # A poller fault and missing facts teach nothing: no event, and nothing forgotten.
    assert s.record("r1", at(1), "internal", NOTHING, {}, RULES)[1] == []
    assert s.record("r1", at(2), "timeout", SILENT, {}, RULES)[1] == []  # one silent cycle
    down = s.record("r1", at(3), "timeout", SILENT, {}, RULES)[1]
    assert [e.kind for e in down] == ["down"]
    s.close()
    s = StateStore(db)  # survives a restart, silent cycles included
    state, back = s.record("r1", at(4), "ok", UP,
                           {"serial": "FOC2", "model": "ISR4331", "os_version": "17.3"}, RULES)
    assert sorted(e.kind for e in back) == ["os_version_changed", "serial_changed", "up"]
    serial = next(e for e in back if e.kind == "serial_changed")
    assert (serial.old, serial.new) == ("FOC1", "FOC2")
    latest = s.get("r1")
    assert latest is not None and latest.reach(at(4), RULES) is Reach.UP
    assert latest.data["serial"] == "FOC2" and state.status == "ok"
    history = s.history("r1")
    # Newest first. The three events of the comeback share one timestamp, so their order
    # among themselves is not part of the contract: compare them as a set.
    assert len(history) == 4
    assert {e.kind for e in history[:3]} == {"up", "serial_changed", "os_version_changed"}
    assert {e.at for e in history[:3]} == {at(4)}
    assert (history[3].kind, history[3].at) == ("down", at(3))
    assert set(s.latest()) == {"r1"}
    # A reachability-only poll keeps the last full poll's status and facts.
    state, _ = s.record("r1", at(5), None, UP, {"rtt_ms": 1.0}, RULES)
    assert state.status == "ok" and state.data["serial"] == "FOC2"
    assert latest.reach(at(5) + RULES.stale_after + timedelta(seconds=61), RULES) \
        is Reach.UNKNOWN


def test_conflicts_and_host_key_said_once(tmp_path: Path) -> None:
    s = StateStore(tmp_path / "s.db")
    conflict = {"serial": {"snmp": "A1", "ssh": "B2"}}
    ev = s.record("sw", T0, "ok", UP, {"conflicts": conflict}, RULES)[1]
    assert [e.kind for e in ev] == ["conflict"]
    assert "snmp says A1" in ev[0].message
    # The same disagreement again is not news, even after a poll that asked no facts.
    assert s.record("sw", T0, "ok", UP, {"conflicts": conflict}, RULES)[1] == []
    assert s.record("sw", T0, None, UP, {}, RULES)[1] == []
    assert s.record("sw", T0, "ok", UP, {"conflicts": conflict}, RULES)[1] == []
    latest = s.get("sw")
    assert latest is not None and latest.data["conflicts"] == conflict
    key = {"ssh_status": "host_key_changed", "ssh_error": "sw host key changed"}
    assert [e.kind for e in s.record("sw", at(1), "ok", UP, key, RULES)[1]] == \
        ["host_key_changed"]
    assert s.record("sw", at(2), "ok", UP, key, RULES)[1] == []


def test_a_corrupt_state_file_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ConfigError, match="state database"):
        StateStore(db)
