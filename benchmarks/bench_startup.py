"""How long the CLI takes to start: `netmon --version` and `netmon --help`, wall time,
the median and the best of N runs (printed, never asserted).

    .venv/bin/python benchmarks/bench_startup.py [-n 15]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time


def timed(cmd: list[str], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=15)
    args = ap.parse_args()
    exe = shutil.which("netmon") or sys.exit("netmon is not on PATH")
    rows = [("python -c pass", [sys.executable, "-c", "pass"]),
            ("netmon --version", [exe, "--version"]),
            ("netmon --help", [exe, "--help"]),
            ("netmon scan --help", [exe, "scan", "--help"])]
    print(f"{'command':<22}{'median s':>10}{'best s':>10}")
    for name, cmd in rows:
        t = timed(cmd, args.n)
        print(f"{name:<22}{statistics.median(t):>10.3f}{min(t):>10.3f}")


if __name__ == "__main__":
    main()
