"""The sink's pure policy: error classes, Retry-After, bounded retries, pauses, splitting.

A scripted transport stands in for the server here (pure logic only); the same behaviour is
tested against the real influxd in test_influx_sink.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from pydantic import SecretStr

from netmon.errors import (
    SinkError,
    SinkRefused,
    SinkRejected,
    SinkRetry,
    SinkThrottled,
    SinkTooLarge,
)
from netmon.monitor.sinks.influx import InfluxSettings, InfluxSink
from netmon.monitor.sinks.influx_http import (
    V2Transport,
    _Redactor,
    classify,
    parse_retry_after,
    server_message,
)
from netmon.monitor.sinks.point import Point
from netmon.monitor.sinks.spool import Spool
from tests.peers.influxd import free_port

NO = _Redactor([])


@pytest.mark.parametrize(("status", "cls"), [
    (500, SinkRetry), (502, SinkRetry), (503, SinkRetry), (429, SinkThrottled),
    (413, SinkTooLarge), (400, SinkRejected), (422, SinkRejected), (401, SinkRefused),
    (403, SinkRefused), (404, SinkRefused),
])
def test_classify_by_status(status: int, cls: type[SinkError]) -> None:
    err = classify(status, b'{"error":"x"}', {}, NO)
    assert type(err) is cls and f"HTTP {status}: x" in str(err)


def test_retry_after_seconds_date_and_503() -> None:
    assert parse_retry_after("7") == 7.0
    # parse_retry_after reads the wall clock: an hour ahead leaves ten minutes of slack for
    # a slow machine, so the bounds test the arithmetic, not the speed.
    later = format_datetime(datetime.now(UTC) + timedelta(hours=1), usegmt=True)
    when = parse_retry_after(later)
    assert when is not None and 3000 < when <= 3600
    assert parse_retry_after("soon") is None
    err = classify(503, b"", {"retry-after": "4"}, NO)  # header name in any case
    assert isinstance(err, SinkThrottled) and err.retry_after == 4.0


def test_server_message_v1_v2_and_redaction() -> None:
    assert server_message(b'{"error":"partial write: dropped=2"}') == "partial write: dropped=2"
    assert server_message(b'{"code":"invalid","message":"bad line"}') == "bad line"
    assert server_message(b"plain\ntext") == "plain text"
    err = classify(400, b'{"error":"token t0k-SECRET is odd"}', {}, _Redactor(["t0k-SECRET"]))
    assert "t0k-SECRET" not in str(err) and "***" in str(err)


class Script:
    """Answers send() from a list of errors (None = accepted); records bodies."""

    def __init__(self, answers: list[SinkError | None], max_lines: int | None = None) -> None:
        self.answers = answers
        self.max_lines = max_lines
        self.bodies: list[bytes] = []

    def send(self, body: bytes) -> None:
        self.bodies.append(body)
        if self.max_lines is not None and body.count(b"\n") + 1 > self.max_lines:
            raise SinkTooLarge("HTTP 413")
        answer = self.answers.pop(0) if self.answers else None
        if answer is not None:
            raise answer

    def close(self) -> None:
        pass


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, s: float) -> None:
        self.sleeps.append(s)
        self.now += s


def pts(n: int) -> list[Point]:
    t = datetime(2024, 1, 1, tzinfo=UTC)
    return [Point("m", {"d": "x"}, {"v": i}, t + timedelta(seconds=i)) for i in range(n)]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def spool(tmp_path: Path) -> Iterator[Spool]:
    s = Spool(tmp_path / "spool")
    yield s
    s.close()


def sink(script: Script, spool: Spool, clock: Clock, **kw: object) -> InfluxSink:
    settings = InfluxSettings(url="http://127.0.0.1:1", api="v1", **kw)  # type: ignore[arg-type]
    return InfluxSink(settings, spool, transport=script, sleep=clock.sleep, clock=clock,
                      jitter=lambda: 0.5)


def test_retries_are_bounded_then_points_wait_and_write_pauses(spool: Spool,
                                                               clock: Clock) -> None:
    script = Script([SinkRetry("HTTP 500")] * 10)
    s = sink(script, spool, clock, max_retries=3, backoff_base_s=1.0, backoff_max_s=8.0,
             write_budget_s=100.0)
    s.write(pts(5))
    assert len(script.bodies) == 4 and spool.pending() == 5
    assert clock.sleeps == [0.75, 1.5, 3.0]  # base*2^k, equal jitter at 0.5
    s.write(pts(1))  # inside the pause: spooled, not sent
    assert len(script.bodies) == 4 and spool.pending() == 6
    clock.now += 60
    s.write([])  # nothing to do
    report = s.flush()  # 6 more 500s used up: 4 tries; then the script is empty
    assert report.pending == 6 and report.error == "HTTP 500"
    report = s.flush()
    assert (report.sent, report.pending, report.error) == (6, 0, None)


def test_throttle_longer_than_the_deadline_gives_up_and_pauses_that_long(
        spool: Spool, clock: Clock) -> None:
    script = Script([SinkThrottled("HTTP 429", retry_after=120.0)])
    s = sink(script, spool, clock, write_budget_s=5.0)
    s.write(pts(3))
    assert clock.sleeps == [] and spool.pending() == 3
    clock.now += 100
    s.write(pts(1))
    assert len(script.bodies) == 1  # Retry-After not yet over
    clock.now += 21
    s.write(pts(1))
    assert spool.pending() == 0 and len(script.bodies) == 2


def test_refused_credentials_are_not_retried_in_a_loop(spool: Spool, clock: Clock) -> None:
    script = Script([SinkRefused("HTTP 401: authorization failed")])
    s = sink(script, spool, clock)
    s.write(pts(2))
    assert len(script.bodies) == 1 and clock.sleeps == [] and spool.pending() == 2
    report = s.flush()  # the config was fixed meanwhile: the points were kept for this
    assert (report.sent, report.pending) == (2, 0)


def test_split_recursively_down_to_one_point(spool: Spool, clock: Clock) -> None:
    script = Script([], max_lines=3)
    s = sink(script, spool, clock)
    s.write(pts(10))
    accepted = [b for b in script.bodies if b.count(b"\n") + 1 <= 3]
    assert sum(b.count(b"\n") + 1 for b in accepted) == 10
    assert spool.pending() == 0 and s.sent == 10


def test_single_point_too_large_is_dropped(spool: Spool, clock: Clock) -> None:
    script = Script([SinkTooLarge("HTTP 413")] * 2)
    s = sink(script, spool, clock)
    s.write(pts(2))
    assert (s.sent, s.dropped) == (1, 1)  # whole batch 413, first point 413, second ok


def test_partial_write_counts_what_the_server_dropped(spool: Spool, clock: Clock) -> None:
    script = Script([SinkRejected("HTTP 400: partial write: field type conflict dropped=2")])
    s = sink(script, spool, clock)
    s.write(pts(7))
    assert (s.sent, s.dropped, spool.pending()) == (5, 2, 0)


def test_v2_transport_connection_refused_is_retry(tmp_path: Path) -> None:
    settings = InfluxSettings(url=f"http://127.0.0.1:{free_port()}", token=SecretStr("a:b"),
                              timeout_s=2)
    transport = V2Transport(settings)
    with pytest.raises(SinkRetry) as raised:
        transport.send(b"m v=1i 1")
    transport.close()
    assert "unreachable" in str(raised.value) and type(raised.value) is SinkRetry


def test_write_spends_no_more_than_its_budget_retrying(spool: Spool, clock: Clock) -> None:
    script = Script([SinkRetry("HTTP 503")] * 10)
    s = sink(script, spool, clock, max_retries=5, backoff_base_s=1.0, write_budget_s=5.0)
    s.write(pts(2))
    assert clock.sleeps == [0.75, 1.5]  # the next wait (3.0) would pass the 5 s budget
    assert len(script.bodies) == 3 and spool.pending() == 2
