"""Time and CPU for collecting N simulated devices concurrently (snmpsim on loopback).

    python benchmarks/bench_snmp.py [N] [max_repetitions]

Each device is its own community, a link to one of the walks (recorded + made for the tests).
Prints wall time, this process's CPU time, varbinds/s, and per-status counts. snmpsim
itself is slow (PITFALLS: ~6.5k varbinds/s per process), so it saturates first.
"""

from __future__ import annotations

import asyncio
import resource
import sys
import time
from collections import Counter
from pathlib import Path

from pydantic import SecretStr

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from netmon.collectors.snmp import SnmpCollector
from netmon.target import SnmpCredentials, Target
from tests.peers.snmpsim import own_walks, recorded_walks, start_snmpsim


def cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


async def poll(targets: list[Target]) -> tuple[float, float, Counter[str], int]:
    collector = SnmpCollector()
    wall0, cpu0 = time.perf_counter(), cpu_s()
    results = await asyncio.gather(*(collector.collect(t) for t in targets))
    wall, cpu = time.perf_counter() - wall0, cpu_s() - cpu0
    rows = sum(len(r.facts.interfaces) * 16 + len(r.facts.hardware) * 9
               for r in results if r.facts)
    return wall, cpu, Counter(str(r.status) for r in results), rows


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    walks = list({**recorded_walks(), **own_walks()}.values())
    devices = {f"dev{i:04d}": walks[i % len(walks)] for i in range(n)}
    sim = start_snmpsim(devices)
    try:
        targets = [Target(id=c, address=sim.address, snmp=SnmpCredentials(
            community=SecretStr(c), port=sim.port, timeout_s=10, retries=1,
            max_repetitions=reps)) for c in devices]

        async def run() -> None:
            for label in ("cold (first poll, engine warm-up)", "warm"):
                wall, cpu, statuses, vbs = await poll(targets)
                print(f"{label}: {n} devices, max_repetitions={reps}: wall {wall:.2f} s, "
                      f"poller CPU {cpu:.2f} s, ~{vbs / wall:.0f} varbinds/s, "
                      f"{dict(statuses)}")
        asyncio.run(run())
    finally:
        sim.stop()


if __name__ == "__main__":
    main()
