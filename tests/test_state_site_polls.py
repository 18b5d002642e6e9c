"""Site polls in the state store: a redelivered poll changes nothing, a late one is not
folded, a batch commits whole or not at all, and processes never lose each other's folds."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from netmon.collectors.observation import Reach, Status
from netmon.monitor.device_state import Probe, Rules
from netmon.monitor.state import RECENT, StateStore

T0 = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
RULES = Rules(down_after=2)
UP = [Probe("icmp", Status.OK)]
SILENT = [Probe("icmp", Status.TIMEOUT)]


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def snapshot(s: StateStore) -> tuple[object, ...]:
    state = s.get("r1")
    assert state is not None
    return state.at, state.status, state.tracked, state.data, state.recent, s.history("r1")


def test_a_redelivered_poll_changes_nothing_and_answers_as_it_did(tmp_path: Path) -> None:
    s = StateStore(tmp_path / "state.sqlite3")
    s.record("r1", at(0), "ok", UP, {"serial": "A"}, RULES, "p0")
    s.record("r1", at(1), "timeout", SILENT, {}, RULES, "p1")
    first, events = s.record("r1", at(2), "timeout", SILENT, {"serial": "B"}, RULES, "p2")
    assert first.reach(at(2), RULES) is Reach.DOWN
    assert sorted(e.kind for e in events) == ["down", "serial_changed"]
    s.record("r1", at(3), "ok", UP, {}, RULES, "p3")  # a newer poll: r1 is up again
    before = snapshot(s)
    assert s.outcomes == {"applied": 4, "replayed": 0, "late": 0}

    again, replayed = s.record("r1", at(2), "timeout", SILENT, {"serial": "B"}, RULES, "p2")
    assert again.reach(at(2), RULES) is Reach.DOWN  # the verdict it had, not today's
    assert replayed == events  # its events again, for identical points; none stored twice
    assert snapshot(s) == before
    assert s.outcomes == {"applied": 4, "replayed": 1, "late": 0}
    s.close()
    s = StateStore(tmp_path / "state.sqlite3")  # remembered across restarts
    s.record("r1", at(3), "ok", UP, {}, RULES, "p3")
    assert snapshot(s) == before and s.outcomes["replayed"] == 1


def test_a_late_poll_is_history_not_state(tmp_path: Path) -> None:
    s = StateStore(tmp_path / "state.sqlite3")
    s.record("r1", at(5), "ok", UP, {}, RULES, "new")
    before = snapshot(s)
    state, events = s.record("r1", at(4), "timeout", SILENT, {}, RULES, "older")
    assert events == [] and snapshot(s) == before
    assert state.reach(at(5), RULES) is Reach.UP
    assert s.outcomes == {"applied": 1, "replayed": 0, "late": 1}


def test_only_the_last_polls_are_remembered(tmp_path: Path) -> None:
    s = StateStore(tmp_path / "state.sqlite3")
    for i in range(RECENT + 3):
        s.record("r1", at(i), "ok", UP, {}, RULES, f"p{i}")
    state = s.get("r1")
    assert state is not None and len(state.recent) == RECENT
    assert state.recent[0][1] == f"p{RECENT + 2}"
    s.record("r1", at(0), "ok", UP, {}, RULES, "p0")  # forgotten: counted late, not folded
    assert s.outcomes["late"] == 1


def test_local_polls_without_id_behave_as_before(tmp_path: Path) -> None:
    s = StateStore(tmp_path / "state.sqlite3")
    s.record("r1", at(5), "ok", UP, {}, RULES)
    s.record("r1", at(4), "timeout", SILENT, {}, RULES)  # folded, as ever
    state = s.get("r1")
    assert state is not None and state.tracked.silent_cycles == 1
    assert s.outcomes == {"applied": 0, "replayed": 0, "late": 0}


def test_a_batch_commits_whole_or_not_at_all(tmp_path: Path) -> None:
    s = StateStore(tmp_path / "state.sqlite3")
    with pytest.raises(RuntimeError), s.batch():
        s.record("r1", at(0), "ok", UP, {}, RULES, "p0")
        s.record("r2", at(0), "ok", UP, {}, RULES, "p0")
        raise RuntimeError("the ingester died mid-write")
    assert s.latest() == {}
    with s.batch():
        s.record("r1", at(0), "ok", UP, {}, RULES, "p0")
        s.record("r2", at(0), "ok", UP, {}, RULES, "p0")
    assert sorted(s.latest()) == ["r1", "r2"]


def _fold_silences(path: str, start: int, n: int) -> None:
    s = StateStore(Path(path))
    for i in range(n):
        s.record("r1", at(start + i), "timeout", SILENT, {}, RULES)
    s.close()


def test_two_processes_never_lose_each_others_folds(tmp_path: Path) -> None:
    path = str(tmp_path / "state.sqlite3")
    StateStore(Path(path)).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_fold_silences, args=(path, k * 1000, 150)) for k in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    state = StateStore(Path(path)).get("r1")
    assert state is not None and state.tracked.silent_cycles == 300  # no lost update
