"""Throughput of the InfluxDB sink and its spool, against Debian's real influxd 1.6.7.

    python benchmarks/bench_sink.py [--points 100000] [--batch 5000]

Prints points/s for: v1 /write direct; v2 (influxdb-client) through the test front that maps
/api/v2/write to /write as InfluxDB 1.8 does; spool append (fsync per append) and replay.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.peers

from netmon.monitor.sinks.influx import InfluxSettings, InfluxSink
from netmon.monitor.sinks.point import Point
from netmon.monitor.sinks.spool import Spool
from tests.peers.influxd import start_front, start_influxd

BASE = datetime(2024, 5, 1, tzinfo=UTC)


def points(n: int) -> list[Point]:
    return [
        Point("netmon_interface",
              {"device": f"hk-sw{i % 60}", "agency": "Quận Hoàn Kiếm", "district": "Hoàn Kiếm",
               "ifname": f"GigabitEthernet0/{i % 48}"},
              {"oper_up": 1, "admin_up": 1, "speed_bps": 1_000_000_000, "in_octets": i * 1500,
               "out_octets": i * 900, "in_errors": 0, "out_errors": 0},
              BASE + timedelta(microseconds=i))
        for i in range(n)
    ]


def bench_sink(name: str, settings: InfluxSettings, pts: list[Point], spool_dir: Path,
               chunk: int) -> None:
    sink = InfluxSink(settings, Spool(spool_dir))
    t0 = time.perf_counter()
    for i in range(0, len(pts), chunk):  # one write() per poll round of `chunk` points
        sink.write(pts[i:i + chunk])
    report = sink.flush()
    dt = time.perf_counter() - t0
    sink.close()
    print(f"{name:<34} {len(pts):>8} points in {dt:6.2f} s = {len(pts) / dt:>9,.0f} points/s"
          f"  (pending {report.pending}, error {report.error})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=5000)
    ap.add_argument("--chunk", type=int, default=5000, help="points per write() call")
    args = ap.parse_args()
    pts = points(args.points)
    lines = [p.line() for p in pts]
    print(f"{len(pts)} points, ~{sum(map(len, lines)) / len(lines):.0f} bytes each, "
          f"batch_size {args.batch}, {args.chunk} points per write()")
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        srv = start_influxd(d / "influxd")
        front = start_front(srv)
        try:
            srv.create_database("v1")
            srv.create_database("v2")
            bench_sink("v1 POST /write (urllib)",
                       InfluxSettings(url=srv.url, api="v1", database="v1",
                                      batch_size=args.batch), pts, d / "s1", args.chunk)
            bench_sink("v2 influxdb-client via front",
                       InfluxSettings(url=front.url, api="v2", bucket="v2",
                                      batch_size=args.batch), pts, d / "s2", args.chunk)
            print(f"  landed: v1 {srv.count('netmon_interface', 'oper_up', 'v1')}, "
                  f"v2 {srv.count('netmon_interface', 'oper_up', 'v2')}")
        finally:
            front.stop()
            srv.stop()

        for per_append in (100, 1000, 5000):
            with Spool(d / f"spool{per_append}") as spool:
                t0 = time.perf_counter()
                for i in range(0, len(lines), per_append):
                    spool.append(lines[i:i + per_append])
                dt = time.perf_counter() - t0
                print(f"spool append, {per_append:>5} lines/fsync  {len(lines) / dt:>11,.0f} "
                      f"lines/s ({dt * 1000 / (len(lines) / per_append):.2f} ms per append)")
                t0 = time.perf_counter()
                n = 0
                while (batch := spool.read_batch(args.batch)) is not None:
                    n += len(batch.lines)
                    spool.ack(batch)
                dt = time.perf_counter() - t0
                assert n == len(lines), n
                print(f"spool replay (read+ack), batch {args.batch}  {n / dt:>11,.0f} lines/s")


if __name__ == "__main__":
    main()
