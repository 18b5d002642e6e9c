"""One indicator poll of the small lab city (tests/peers/indicator_lab.py), timed.

    python benchmarks/bench_indicators.py [--polls 5]

Prints, per poll, the wall time and the poller's CPU time, then the mean; and the time to
build and render a month's report from the state those polls left. Everything runs on
loopback: snmpsim (4 switches, a server, 2 UPS), 4 HTTPS servers, aiosmtpd, a DNS server.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.peers

from netmon.inventory import load
from netmon.monitor.indicator_poll import IndicatorPoller
from netmon.monitor.report import build
from netmon.monitor.report_html import render
from tests.peers.indicator_lab import IndicatorLab


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--polls", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="netmon-bench-") as tmp:
        lab = IndicatorLab.start(Path(tmp) / "lab")
        try:
            inv = load(lab.inventory)
            state = Path(tmp) / "state.sqlite3"
            poller = IndicatorPoller(inv, state, stale_after=timedelta(hours=1),
                                     probe_interval_s=0)
            walls, cpus = [], []
            start = datetime.now(UTC) - timedelta(hours=args.polls)
            for i in range(args.polls):
                w0, c0 = time.perf_counter(), time.process_time()
                result = asyncio.run(poller.poll(at=start + timedelta(hours=i)))
                walls.append(time.perf_counter() - w0)
                cpus.append(time.process_time() - c0)
                print(f"poll {i + 1}: {walls[-1]:.2f} s wall, {cpus[-1]:.2f} s CPU, "
                      f"{len(result.probes)} probes, {len(result.access)} LAN reads, "
                      f"{len(result.points)} points")
            poller.close()
            print(f"mean: {sum(walls) / len(walls):.2f} s wall, "
                  f"{sum(cpus) / len(cpus):.2f} s CPU per poll")
            now = datetime.now(UTC)
            t0 = time.perf_counter()
            html = render(build(inv, state, now.year, now.month, now, timedelta(hours=1)))
            print(f"report: built and rendered in {time.perf_counter() - t0:.3f} s "
                  f"({len(html) // 1024} KiB of HTML)")
        finally:
            lab.stop()


if __name__ == "__main__":
    main()
