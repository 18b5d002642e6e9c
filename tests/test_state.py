"""The SQLite state store: latest per device, change events, history across restarts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from netmon.collectors.observation import Reach
from netmon.errors import ConfigError
from netmon.monitor.state import StateStore

T0 = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def test_events_for_down_up_and_changed_facts(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    s = StateStore(db)
    first = s.record("r1", "device", T0, "ok",
                     {"reach": "up", "serial": "FOC1", "model": "ISR4331", "os_version": "16.9"})
    assert first == []
    # Unknown reach and missing facts teach nothing: no event, and nothing forgotten.
    assert s.record("r1", "device", T0 + timedelta(minutes=1), "auth_failed",
                    {"reach": "unknown"}) == []
    down = s.record("r1", "device", T0 + timedelta(minutes=2), "timeout", {"reach": "down"})
    assert [e.kind for e in down] == ["down"]
    s.close()
    s = StateStore(db)  # survives a restart
    back = s.record("r1", "device", T0 + timedelta(minutes=3), "ok",
                    {"reach": "up", "serial": "FOC2", "model": "ISR4331", "os_version": "17.3"})
    assert sorted(e.kind for e in back) == ["os_version_changed", "serial_changed", "up"]
    serial = next(e for e in back if e.kind == "serial_changed")
    assert (serial.old, serial.new) == ("FOC1", "FOC2")
    latest = s.get("r1", "device")
    assert latest is not None and latest.reach is Reach.UP and latest.data["serial"] == "FOC2"
    history = s.history("r1")
    # Newest first. The three events of the comeback share one timestamp, so their order
    # among themselves is not part of the contract: compare them as a set.
    assert len(history) == 4
    assert {e.kind for e in history[:3]} == {"up", "serial_changed", "os_version_changed"}
    assert {e.at for e in history[:3]} == {T0 + timedelta(minutes=3)}
    assert (history[3].kind, history[3].at) == ("down", T0 + timedelta(minutes=2))
    assert set(s.latest("device")) == {"r1"}


def test_first_observation_down_is_an_event_and_conflicts_once(tmp_path: Path) -> None:
    s = StateStore(tmp_path / "s.db")
    assert [e.kind for e in s.record("sw", "device", T0, "timeout", {"reach": "down"})] == ["down"]
    conflict = {"serial": {"snmp": "A1", "ssh": "B2"}}
    ev = s.record("sw", "device", T0, "ok", {"reach": "up", "conflicts": conflict})
    assert sorted(e.kind for e in ev) == ["conflict", "up"]
    assert "snmp says A1" in next(e for e in ev if e.kind == "conflict").message
    # The same disagreement again is not news, even after a poll that asked no facts.
    assert s.record("sw", "device", T0, "ok", {"reach": "up", "conflicts": conflict}) == []
    assert s.record("sw", "device", T0, "ok", {"reach": "up"}) == []
    assert s.record("sw", "device", T0, "ok", {"reach": "up", "conflicts": conflict}) == []
    latest = s.get("sw", "device")
    assert latest is not None and latest.data["conflicts"] == conflict


def test_a_corrupt_state_file_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ConfigError, match="state database"):
        StateStore(db)
