"""One spool directory shared by several Spools and OS processes (daemon + `netmon scan`).

Real processes (multiprocessing, spawn), real files, and a real influxd for the end-to-end
case. Every join has a generous timeout only so that a deadlock fails instead of hanging.
"""

from __future__ import annotations

import fcntl
import multiprocessing as mp
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from multiprocessing.synchronize import Event
from pathlib import Path

import pytest

from netmon.monitor.sinks.influx import InfluxSettings, InfluxSink
from netmon.monitor.sinks.point import Point
from netmon.monitor.sinks.spool import Spool
from tests.peers.influxd import Influxd, requires_influxd, start_influxd
from tests.test_spool import drain

CTX = mp.get_context("spawn")  # a fresh interpreter, as a separate `netmon` run would be
JOIN_S = 120.0


def tagged(tag: str, start: int, n: int) -> list[str]:
    return [f"m,proc={tag},agency=Phường\\ Tràng\\ Tiền v={i}i {1_700_000_000_000_000_000 + i}"
            for i in range(start, start + n)]




def lock_is_free(directory: Path) -> bool:
    fd = os.open(directory / "lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


# --- workers (top level: spawned processes import them) -------------------------------------

def appender(directory: str, tag: str, n: int, per_append: int, segment_bytes: int,
             go: Event) -> None:
    spool = Spool(Path(directory), segment_bytes=segment_bytes)
    go.wait(JOIN_S)
    for i in range(0, n, per_append):
        spool.append(tagged(tag, i, min(per_append, n - i)))
    spool.close()


def drainer(directory: str, out: str, max_lines: int, go: Event) -> None:
    spool = Spool(Path(directory))
    go.wait(JOIN_S)
    with open(out, "w", encoding="utf-8") as sent:
        while (batch := spool.read_batch(max_lines)) is not None:
            sent.writelines(line + "\n" for line in batch.lines)  # "send", then ack
            sent.flush()
            spool.ack(batch)
    spool.close()


def stop(procs: list[mp.process.BaseProcess]) -> None:
    """Leave no child behind when a join timed out or an assertion failed."""
    for p in procs:
        if p.is_alive():
            p.terminate()
    for p in procs:
        p.join(5)
        if p.is_alive():
            p.kill()
            p.join(5)


def run(procs: list[mp.process.BaseProcess], go: Event) -> None:
    try:
        for p in procs:
            p.start()
        go.set()  # all start their loops at once, so that they really overlap
        for p in procs:
            p.join(JOIN_S)
            assert p.exitcode == 0, f"{p.name} exit code {p.exitcode} (None: still running)"
    finally:
        stop([p for p in procs if p.pid is not None])  # only the ones that started


def per_process(got: list[str], tag: str) -> list[str]:
    return [line for line in got if line.startswith(f"m,proc={tag},")]


# --- in one process ----------------------------------------------------------------------------

def test_two_spools_in_one_process_share_order_and_cursor(tmp_path: Path) -> None:
    a = Spool(tmp_path, segment_bytes=1500)
    b = Spool(tmp_path, segment_bytes=1500)
    for k in range(20):
        (a if k % 2 else b).append(tagged("x", k * 7, 7))
    assert a.pending() == b.pending() == 140
    first = a.read_batch(10)
    assert first is not None and first.lines == tagged("x", 0, 10)
    assert lock_is_free(tmp_path)  # nothing held between read and ack (the HTTP send)
    b.append(tagged("x", 140, 3))  # another writer appends during a's "send"
    a.ack(first)
    assert b.pending() == 133
    assert drain(b, 9) == tagged("x", 10, 133)
    assert a.pending() == 0 and a.read_batch(10) is None
    assert list(tmp_path.glob("*.seg")) == []
    a.close()
    b.close()


def test_ack_of_a_batch_another_spool_already_acked_changes_nothing(tmp_path: Path) -> None:
    a, b = Spool(tmp_path), Spool(tmp_path)
    a.append(tagged("x", 0, 30))
    mine, theirs = a.read_batch(10), b.read_batch(5)
    assert mine is not None and theirs is not None
    b.ack(theirs)  # b sent lines 0-4 meanwhile
    a.ack(mine)  # a sent 0-9: the cursor moves to 10, once
    assert a.pending() == b.pending() == 20
    b.ack(theirs)  # late or repeated acks never move the cursor back
    a.ack(mine)
    assert drain(b) == tagged("x", 10, 20)


def test_torn_tail_left_by_a_crash_is_not_glued_to_the_next_append(tmp_path: Path) -> None:
    with Spool(tmp_path) as crashed:
        crashed.append(tagged("a", 0, 5))
    seg = sorted(tmp_path.glob("*.seg"))[-1]
    with seg.open("ab") as f:
        f.write(b"1234abcd m,proc=a v=5i")  # killed mid-record: no newline
    with Spool(tmp_path) as other:
        other.append(tagged("b", 0, 3))
        assert len(list(tmp_path.glob("*.seg"))) == 2  # a new segment, not the torn one
        assert other.pending() == 9  # the torn record counts until it is read
        assert drain(other) == tagged("a", 0, 5) + tagged("b", 0, 3)
        assert other.pending() == 0


def test_size_cap_holds_across_spools_and_counts_what_each_dropped(tmp_path: Path) -> None:
    a = Spool(tmp_path, max_bytes=12_000, segment_bytes=2_000)
    b = Spool(tmp_path, max_bytes=12_000, segment_bytes=2_000)
    for k in range(60):
        (a if k % 3 else b).append(tagged("x", k * 5, 5))
        assert sum(p.stat().st_size for p in tmp_path.glob("*.seg")) <= 12_000
    kept = drain(a)
    assert a.dropped > 0 and b.dropped > 0
    assert len(kept) + a.dropped + b.dropped == 300
    assert kept == tagged("x", 300 - len(kept), len(kept))  # the newest, in order


# --- separate OS processes ---------------------------------------------------------------------

@pytest.mark.parametrize("segment_bytes", [4_000, 1 << 20])  # many rolls; one segment
def test_two_processes_append_concurrently_every_line_once_in_order(
        tmp_path: Path, segment_bytes: int) -> None:
    n = 3000
    go = CTX.Event()
    run([CTX.Process(target=appender, name=tag,
                     args=(str(tmp_path), tag, n, per, segment_bytes, go))
         for tag, per in (("a", 7), ("b", 11))], go)
    with Spool(tmp_path) as spool:
        assert spool.pending() == 2 * n
        got = drain(spool, 500)
    assert len(got) == 2 * n and len(set(got)) == 2 * n  # nothing torn, lost or doubled
    assert per_process(got, "a") == tagged("a", 0, n)
    assert per_process(got, "b") == tagged("b", 0, n)


def test_draining_while_another_process_appends(tmp_path: Path) -> None:
    n = 4000
    go = CTX.Event()
    child = CTX.Process(target=appender, args=(str(tmp_path), "a", n, 13, 8_000, go))
    child.start()
    got: list[str] = []
    try:
        with Spool(tmp_path) as spool:
            go.set()
            deadline = time.monotonic() + JOIN_S  # a hung child fails the test, not CI
            while child.is_alive():  # ends with the child, which stops by itself
                assert time.monotonic() < deadline, f"appender still running after {JOIN_S} s"
                got += drain(spool, 50)
            child.join(JOIN_S)
            assert child.exitcode == 0
            got += drain(spool, 50)
            assert spool.pending() == 0
    finally:
        stop([child])
    assert got == tagged("a", 0, n)  # exactly once, in order
    assert list(tmp_path.glob("*.seg")) == []


def test_two_processes_draining_at_once_lose_nothing_and_end_empty(tmp_path: Path) -> None:
    n = 5000
    with Spool(tmp_path, segment_bytes=20_000) as spool:
        for i in range(0, n, 100):
            spool.append(tagged("x", i, 100))
    go = CTX.Event()
    outs = [tmp_path / f"sent-{k}.txt" for k in range(2)]
    run([CTX.Process(target=drainer, args=(str(tmp_path), str(out), 17, go))
         for out in outs], go)
    sent = [out.read_text(encoding="utf-8").splitlines() for out in outs]
    expected = tagged("x", 0, n)
    assert set(sent[0]) | set(sent[1]) == set(expected)  # every line at least once
    order = {line: i for i, line in enumerate(expected)}
    for mine in sent:  # each drainer sent in spool order, never going back
        idx = [order[line] for line in mine]
        assert idx == sorted(set(idx))
    with Spool(tmp_path) as spool:
        assert spool.pending() == 0 and spool.read_batch(10) is None
    assert list(tmp_path.glob("*.seg")) == []


# --- end to end: two InfluxSinks in two processes, one spool, real influxd ---------------------

MEAS = "netmon_reachability"
BASE = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)


def sink_points(tag: str, start: int, n: int) -> list[Point]:
    return [Point(MEAS, {"device": f"{tag}-r{i % 5}", "proc": tag, "agency": "Quận Ba Đình"},
                  {"up": 1, "rtt_ms": 2.5}, BASE + timedelta(microseconds=i))
            for i in range(start, start + n)]


def sink_writer(url: str, database: str, directory: str, tag: str, rounds: int, per_round: int,
                go: Event) -> None:
    settings = InfluxSettings(url=url, api="v1", database=database, batch_size=40)
    sink = InfluxSink(settings, Spool(Path(directory), segment_bytes=8_000))
    go.wait(JOIN_S)
    for k in range(rounds):  # one write per poll round, as the daemon and a scan do
        sink.write(sink_points(tag, k * per_round, per_round))
    sink.close()


@pytest.fixture
def influxd(tmp_path: Path) -> Iterator[Influxd]:
    srv = start_influxd(tmp_path / "influxd")
    try:
        yield srv
    finally:
        srv.stop()


@pytest.mark.integration
@requires_influxd
def test_two_influx_sinks_in_two_processes_over_one_spool_land_everything(
        influxd: Influxd, tmp_path: Path) -> None:
    rounds, per_round = 25, 60
    go = CTX.Event()
    run([CTX.Process(target=sink_writer, name=tag,
                     args=(influxd.url, influxd.database, str(tmp_path / "spool"), tag,
                           rounds, per_round, go))
         for tag in ("daemon", "scan")], go)
    for tag in ("daemon", "scan"):
        rows = influxd.query(f"SELECT count(\"up\") FROM \"{MEAS}\" WHERE \"proc\" = '{tag}'")
        assert rows and rows[0]["count"] == rounds * per_round, tag
    assert influxd.count(MEAS, "up") == 2 * rounds * per_round
    with Spool(tmp_path / "spool") as spool:
        assert spool.pending() == 0
