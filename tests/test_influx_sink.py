"""InfluxSink against Debian's real influxd 1.6.7: v1 direct, v2 through the 1.8-style front.

Every count is read back from the server with InfluxQL. influxd runs with auth enabled so
that the credentials are really used, and no test may leak them into the log.
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import SecretStr

from netmon.monitor.sinks.influx import InfluxSettings, InfluxSink
from netmon.monitor.sinks.point import Point
from netmon.monitor.sinks.spool import Spool
from tests.peers.influxd import (
    Front,
    Influxd,
    free_port,
    requires_influxd,
    start_front,
    start_influxd,
)

pytestmark = [pytest.mark.integration, requires_influxd]

USER = "netmon-writer"
PASSWORD = "Pw-9f3kQ-zeta"  # occurs nowhere else: any sighting is a leak
BASE = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
BASE_NS = 1_714_550_400 * 10**9  # BASE in epoch seconds (date -ud 2024-05-01T08:00 +%s), as ns
MEAS = "netmon_reachability"


def points(n: int, start: int = 0, agency: str = "Quận Hoàn Kiếm") -> list[Point]:
    """``n`` points with distinct (device, time): nothing can overwrite anything else."""
    return [
        Point(MEAS,
              tags={"device": f"hk-r{i % 7}", "agency": agency, "district": "Hoàn Kiếm",
                    "role": "wan_router", "method": "icmp"},
              fields={"up": i % 2, "rtt_ms": 1.25, "status": "ok"},
              time=BASE + timedelta(microseconds=i))
        for i in range(start, start + n)
    ]


class Sleeps(list[float]):
    """time.sleep that remembers what it was asked to wait."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)
        time.sleep(seconds)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Influxd]:
    srv = start_influxd(tmp_path_factory.mktemp("influxd"), username=USER, password=PASSWORD)
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def db(server: Influxd, request: pytest.FixtureRequest) -> str:
    name = re.sub(r"\W", "_", request.node.name)[:60]
    server.create_database(name)
    return name


@pytest.fixture
def front(server: Influxd) -> Iterator[Front]:
    f = start_front(server)
    try:
        yield f
    finally:
        f.stop()


@pytest.fixture(autouse=True)
def no_secret_in_log(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.DEBUG)  # urllib3, influxdb_client and ours, everything
    yield
    assert PASSWORD not in caplog.text


def v1(url: str, db: str, **kw: object) -> InfluxSettings:
    opts: dict[str, object] = {"backoff_base_s": 0.02, "backoff_max_s": 0.1, **kw}
    return InfluxSettings(url=url, api="v1", database=db, username=USER,
                          password=SecretStr(PASSWORD), **opts)  # type: ignore[arg-type]


def v2(url: str, db: str, **kw: object) -> InfluxSettings:
    opts: dict[str, object] = {"backoff_base_s": 0.02, "backoff_max_s": 0.1, **kw}
    return InfluxSettings(url=url, api="v2", bucket=f"{db}/autogen",
                          token=SecretStr(f"{USER}:{PASSWORD}"), **opts)  # type: ignore[arg-type]


def landed(server: Influxd, db: str) -> list[tuple[str, int]]:
    rows = server.query(f'SELECT "up", "device" FROM "{MEAS}"', db)
    return sorted((r["device"], r["time"]) for r in rows)


def expected(pts: list[Point]) -> list[tuple[str, int]]:
    """(device, ns) computed apart from Point.line(), in exact integers: a precision or
    rounding bug in the code that writes the timestamp cannot also be in the expectation."""
    out = []
    for p in pts:
        micros = (p.time - BASE) // timedelta(microseconds=1)
        assert BASE + timedelta(microseconds=micros) == p.time  # whole microseconds only
        out.append((p.tags["device"], BASE_NS + micros * 1000))
    return sorted(out)


def test_v1_direct_lands_points_with_vietnamese_tags(server: Influxd, db: str,
                                                     tmp_path: Path) -> None:
    pts = points(1200, agency="Phường Tràng Tiền")
    sink = InfluxSink(v1(server.url, db, batch_size=500), Spool(tmp_path / "spool"))
    sink.write(pts)
    report = sink.flush()
    sink.close()
    assert (report.pending, report.error) == (0, None)
    assert sink.sent == 1200
    assert landed(server, db) == expected(pts)
    rows = server.query(f'SELECT count("up") FROM "{MEAS}" GROUP BY "agency", "district"', db)
    assert [(r["agency"], r["district"], r["count"]) for r in rows] == [
        ("Phường Tràng Tiền", "Hoàn Kiếm", 1200)]


def test_v2_through_front_lands_points(server: Influxd, db: str, front: Front,
                                       tmp_path: Path) -> None:
    pts = points(450)
    sink = InfluxSink(v2(front.url, db, batch_size=100), Spool(tmp_path / "spool"))
    sink.write(pts[:200])
    sink.write(pts[200:])
    sink.close()
    assert landed(server, db) == expected(pts)
    assert front.forwarded == 5  # 2 + 3 batches of at most 100
    assert set(front.authorizations) == {"Token"}  # the credentials went as a v2 token
    rows = server.query(f'SELECT "up", "agency" FROM "{MEAS}" LIMIT 1', db)
    assert rows[0]["agency"] == "Quận Hoàn Kiếm"


def test_429_waits_for_retry_after_then_succeeds(server: Influxd, db: str, front: Front,
                                                 tmp_path: Path) -> None:
    front.fail_next(429, 2, retry_after="1")
    sleeps = Sleeps()
    sink = InfluxSink(v2(front.url, db), Spool(tmp_path / "spool"), sleep=sleeps)
    pts = points(50)
    sink.write(pts)
    assert landed(server, db) == expected(pts)
    assert front.requests == 3
    assert len(sleeps) == 2 and all(s >= 1.0 for s in sleeps)  # honoured, not guessed
    sink.close()


def test_413_from_front_splits_until_all_land(server: Influxd, db: str, front: Front,
                                              tmp_path: Path,
                                              caplog: pytest.LogCaptureFixture) -> None:
    front.max_body_bytes = 3000
    huge = Point(MEAS, {"device": "huge", "agency": "x"}, {"up": 1, "status": "x" * 5000},
                 BASE + timedelta(seconds=9))
    pts = points(300)
    sink = InfluxSink(v2(front.url, db), Spool(tmp_path / "spool"))
    sink.write([*pts[:150], huge, *pts[150:]])
    report = sink.flush()
    sink.close()
    assert report.pending == 0
    assert landed(server, db) == expected(pts)  # all but the one too-large point
    assert sink.dropped == 1
    assert front.requests > 2 * 300 * 80 // 3000  # it really split
    too_large = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(too_large) == 1 and "too large" in too_large[0].getMessage()


def test_413_from_real_influxd_max_body_size(tmp_path: Path) -> None:
    small = start_influxd(tmp_path / "small", max_body_size=4000)
    try:
        pts = points(400)
        sink = InfluxSink(v1(small.url, small.database), Spool(tmp_path / "spool"))
        sink.write(pts)
        sink.close()
        assert landed(small, small.database) == expected(pts)
    finally:
        small.stop()


def test_500_is_retried_with_growing_backoff(server: Influxd, db: str, front: Front,
                                             tmp_path: Path) -> None:
    front.fail_next(500, 3)
    sleeps = Sleeps()
    sink = InfluxSink(v2(front.url, db, backoff_base_s=0.01, backoff_max_s=1.0),
                      Spool(tmp_path / "spool"), sleep=sleeps)
    pts = points(40)
    sink.write(pts)
    sink.close()
    assert landed(server, db) == expected(pts)
    assert len(sleeps) == 3 and front.requests == 4
    assert sleeps[2] > sleeps[0]  # 0.01*2^k with equal jitter: [0.005,0.01] vs [0.02,0.04]


def test_500_past_max_retries_waits_on_disk_then_lands(server: Influxd, db: str,
                                                       front: Front, tmp_path: Path) -> None:
    front.fail_next(500, 4)  # max_retries=1: two tries per write or flush
    sink = InfluxSink(v2(front.url, db, max_retries=1), Spool(tmp_path / "spool"))
    pts = points(60)
    sink.write(pts)  # does not raise
    assert sink.spool.pending() == 60 and landed(server, db) == []
    report = sink.flush()  # third and fourth 500: give up again
    assert report.pending == 60 and report.error is not None and "500" in report.error
    report = sink.flush()
    assert (report.sent, report.pending, report.error) == (60, 0, None)
    assert landed(server, db) == expected(pts)
    assert front.requests == 5
    sink.close()


def test_400_drops_loudly_without_blocking_later_points(
        server: Influxd, db: str, front: Front, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    front.fail_next(400, 1, message="unable to parse 'netmon_reachability': bad timestamp")
    sink = InfluxSink(v2(front.url, db), Spool(tmp_path / "spool"))
    rejected, later = points(25), points(30, start=100)
    sink.write(rejected)
    sink.write(later)
    sink.close()
    assert landed(server, db) == expected(later)
    assert sink.dropped == 25 and sink.spool.pending() == 0
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert "25" in errors[0] and "bad timestamp" in errors[0]


def test_real_partial_write_drops_only_the_rejected_point(
        server: Influxd, db: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    sink = InfluxSink(v1(server.url, db), Spool(tmp_path / "spool"))
    first = points(10)
    sink.write(first)  # "up" is now an integer field
    wrong = Point(MEAS, {"device": "hk-r1"}, {"up": "yes"}, BASE + timedelta(seconds=5))
    good = points(10, start=10)
    sink.write([*good[:5], wrong, *good[5:]])
    later = points(10, start=20)
    sink.write(later)
    sink.close()
    assert landed(server, db) == expected(first + good + later)
    assert sink.dropped == 1
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "rejected 1 of 11" in errors[0]
    assert "field type conflict" in errors[0]


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_outage_real_influxd_stopped_mid_run_loses_nothing(api: str, tmp_path: Path) -> None:
    srv = start_influxd(tmp_path / "influxd", username=USER, password=PASSWORD)
    front = start_front(srv)
    try:
        settings = (v1(srv.url, srv.database, max_retries=2) if api == "v1"
                    else v2(front.url, srv.database, max_retries=2))
        sink = InfluxSink(settings, Spool(tmp_path / "spool"))
        sent: list[Point] = []
        for k in range(30):  # one poll round = one write of 40 points
            if k == 10:
                assert srv.count(MEAS, "up") == 400
                srv.stop()
            if k == 20:
                assert sink.spool.pending() == 400  # rounds 10..19 wait on disk
                srv.start()
            batch = points(40, start=k * 40)
            sink.write(batch)
            sent += batch
        report = sink.flush()
        sink.close()
        assert (report.pending, report.error) == (0, None)
        assert landed(srv, srv.database) == expected(sent)  # every point, once
        assert srv.count(MEAS, "up") == 1200
    finally:
        front.stop()
        srv.stop()


def test_points_spooled_by_a_killed_process_are_sent_by_the_next(
        server: Influxd, db: str, tmp_path: Path) -> None:
    spool_dir = tmp_path / "spool"
    script = textwrap.dedent(f"""
        import os, signal
        from pydantic import SecretStr
        from tests.test_influx_sink import points
        from netmon.monitor.sinks.influx import InfluxSettings, InfluxSink
        from netmon.monitor.sinks.spool import Spool
        s = InfluxSettings(url="http://127.0.0.1:{free_port()}", api="v1", max_retries=0,
                           password=SecretStr("x"))
        sink = InfluxSink(s, Spool({str(spool_dir)!r}))
        for k in range(3):
            sink.write(points(100, start=k * 100))
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).parents[1],
                          capture_output=True, timeout=60)
    assert proc.returncode == -9, proc.stderr.decode()[-2000:]
    spool = Spool(spool_dir)
    assert spool.pending() == 300
    sink = InfluxSink(v1(server.url, db), spool)
    report = sink.flush()
    sink.close()
    assert (report.sent, report.pending) == (300, 0)
    assert landed(server, db) == expected(points(300))


def test_torn_last_line_is_not_sent(server: Influxd, db: str, tmp_path: Path,
                                    caplog: pytest.LogCaptureFixture) -> None:
    with Spool(tmp_path / "spool") as spool:
        spool.append([p.line() for p in points(20)])
    segment = sorted((tmp_path / "spool").glob("*.seg"))[-1]
    torn = Point(MEAS, {"device": "torn"}, {"up": 1}, BASE).line()
    with segment.open("ab") as f:  # as if killed in the middle of this record
        f.write(f"{0:08x} {torn}".encode()[: 9 + len(torn) - 3])
    sink = InfluxSink(v1(server.url, db), Spool(tmp_path / "spool"))
    report = sink.flush()
    sink.close()
    assert (report.sent, report.pending) == (20, 0)
    assert landed(server, db) == expected(points(20))
    assert "torn" in caplog.text


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_wrong_password_keeps_points_and_leaks_nothing(
        api: str, server: Influxd, db: str, front: Front, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    bad = PASSWORD[::-1]  # also secret: must not show either
    if api == "v1":
        settings = InfluxSettings(url=server.url, api="v1", database=db, username=USER,
                                  password=SecretStr(bad), max_retries=1)
    else:
        settings = InfluxSettings(url=front.url, bucket=db, max_retries=1,
                                  token=SecretStr(f"{USER}:{bad}"))
    sink = InfluxSink(settings, Spool(tmp_path / "spool"))
    sink.write(points(10))
    report = sink.flush()
    assert report.pending == 10 and report.error is not None and "401" in report.error
    sink.close()
    shown = " ".join([caplog.text, report.error, repr(settings), repr(sink)])
    assert bad not in shown and PASSWORD not in shown and "authorization failed" in shown
    assert landed(server, db) == []


def test_v2_debug_log_masks_the_token(server: Influxd, db: str, front: Front,
                                      tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    sink = InfluxSink(v2(front.url, db, debug_http=True), Spool(tmp_path / "spool"))
    sink.write(points(5))
    sink.close()
    assert landed(server, db) == expected(points(5))
    assert "Authorization: ***" in caplog.text  # influxdb-client did log its headers
    assert PASSWORD not in caplog.text
