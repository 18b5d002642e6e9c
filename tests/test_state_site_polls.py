"""The state store under several writers: a batch commits whole or not at all, an outbox's
mark moves with the folds it guards, and processes never lose each other's folds."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from netmon.collectors.observation import Status
from netmon.monitor.device_state import Probe, Rules
from netmon.monitor.state import StateStore

T0 = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
RULES = Rules(down_after=2)
UP = [Probe("icmp", Status.OK)]
SILENT = [Probe("icmp", Status.TIMEOUT)]


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_a_batch_commits_whole_or_not_at_all(tmp_path: Path) -> None:
    s = StateStore(tmp_path / "state.sqlite3")
    with pytest.raises(RuntimeError), s.batch():
        s.record("r1", at(0), "ok", UP, {}, RULES)
        s.record("r2", at(0), "ok", UP, {}, RULES)
        s.set_mark("north/ob1", 7)
        raise RuntimeError("the ingester died mid-write")
    assert s.latest() == {} and s.mark("north/ob1") == 0
    with s.batch():
        s.record("r1", at(0), "ok", UP, {}, RULES)
        s.record("r2", at(0), "ok", UP, {}, RULES)
        s.set_mark("north/ob1", 7)
    s.close()
    s = StateStore(tmp_path / "state.sqlite3")
    assert sorted(s.latest()) == ["r1", "r2"] and s.mark("north/ob1") == 7
    assert s.mark("south/ob2") == 0


def test_a_batch_holds_the_write_lock_from_its_first_read(tmp_path: Path) -> None:
    a = StateStore(tmp_path / "state.sqlite3")
    b = StateStore(tmp_path / "state.sqlite3")
    b._db.execute("PRAGMA busy_timeout = 100")  # do not wait 30 s for the lock
    with a.batch():
        a.get("r1")
        with pytest.raises(Exception, match="locked"), b.batch():
            pass


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
