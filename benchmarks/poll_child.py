"""One netmon poller process for bench_poll.py: poll the given devices, report as JSON.

    python benchmarks/poll_child.py TARGETS.json --client fast|pysnmp [--rounds 3]
        [--inventory-every-s 21600] [--profile OUT.txt]

A first round warms up (pysnmp's first request to each target is costly; the fast path
opens its socket) and is not counted. The figures are this process's own accounting
(getrusage: user+sys CPU; peak RSS) over the counted rounds, and the values the walks
and GETs returned.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pydantic import SecretStr

from netmon.collectors.snmp import PollPolicy, SnmpCollector
from netmon.collectors.snmp.collector import default_factory, pysnmp_factory
from netmon.target import SnmpCredentials, Target


def cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


class Counting:
    """Wraps a client factory; counts the values the walks and GETs returned: varbinds
    inside the asked subtrees, as snmp_exporter's snmp_scrape_pdus_returned and
    snmpbulkwalk's output lines count them (not the answers past a column's end)."""

    def __init__(self, factory: Any) -> None:
        self.factory = factory
        self.varbinds = 0

    def __call__(self, target: Target) -> Any:
        client = self.factory(target)
        walk, get = client.walk, client.get

        async def walked(*args: Any) -> Any:
            columns = await walk(*args)
            self.varbinds += sum(len(rows) for rows in columns.values())
            return columns

        async def got(*args: Any) -> Any:
            values = await get(*args)
            self.varbinds += len(values)
            return values
        client.walk, client.get = walked, got
        return client


PACKAGES = ("collectors/snmp/ber.py", "collectors/snmp/transport.py",
            "collectors/snmp/client.py", "collectors/snmp/parse.py",
            "collectors/snmp/vendors.py", "collectors/snmp", "pysnmp", "pyasn1", "asyncio",
            "benchmarks")


def by_package(root: Any) -> str:
    """Where the time went, by package (self time of every frame, added up): the summary
    the tree hides when it folds library frames."""
    totals: Counter[str] = Counter()
    others: Counter[str] = Counter()
    stack = [root]
    while stack:
        frame = stack.pop()
        stack.extend(frame.children)
        if frame.is_synthetic:
            continue
        path = frame.file_path or ""
        key = "idle: waiting in select()" if "selectors.py" in path else next(
            (p for p in PACKAGES if p in path), "other (builtins, stdlib)")
        totals[key] += frame.total_self_time
        if key.startswith("other"):
            others[f"{frame.function} ({frame.file_path_short})"] += frame.total_self_time
    whole = sum(totals.values()) or 1.0
    lines = ["self time by package:"]
    lines += [f"  {share / whole:6.1%}  {name}" for name, share in totals.most_common()]
    lines += ["the largest of 'other':"]
    lines += [f"  {share / whole:6.1%}  {name}" for name, share in others.most_common(6)]
    return "\n".join(lines) + "\n"


async def rounds(targets: Sequence[Target], collector: SnmpCollector, n: int
                 ) -> Counter[str]:
    statuses: Counter[str] = Counter()
    for _ in range(n):
        results = await asyncio.gather(*(collector.collect(t) for t in targets))
        statuses.update(str(r.status) for r in results)
    return statuses


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("targets", type=Path)
    ap.add_argument("--client", choices=["fast", "pysnmp"], default="fast")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--inventory-every-s", type=float, default=None)
    ap.add_argument("--profile", type=Path, default=None)
    args = ap.parse_args()
    spec = json.loads(args.targets.read_text())
    targets = [Target(id=d["id"], address=d["address"], snmp=SnmpCredentials(
        community=SecretStr(d["community"]), port=d["port"], timeout_s=d.get("timeout_s", 5),
        retries=1, max_repetitions=d.get("reps", 25))) for d in spec]
    counting = Counting(default_factory if args.client == "fast" else pysnmp_factory)
    collector = SnmpCollector(counting, policy=PollPolicy(args.inventory_every_s))

    async def run() -> dict[str, Any]:
        await rounds(targets, collector, 1)  # warm-up, full poll: fills the cache too
        counting.varbinds = 0
        profiler = None
        if args.profile is not None:
            from pyinstrument import Profiler

            profiler = Profiler(async_mode="disabled")
            profiler.start()
        wall0, cpu0 = time.perf_counter(), cpu_s()
        statuses = await rounds(targets, collector, args.rounds)
        wall, cpu = time.perf_counter() - wall0, cpu_s() - cpu0
        if profiler is not None:
            profiler.stop()
            root = profiler.last_session.root_frame() if profiler.last_session else None
            summary = by_package(root) if root is not None else ""
            args.profile.write_text(summary + "\n" +
                                    profiler.output_text(unicode=True, show_all=False))
        return {"devices": len(targets), "rounds": args.rounds, "varbinds": counting.varbinds,
                "wall_s": wall, "cpu_s": cpu, "statuses": dict(statuses),
                "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    print(json.dumps(asyncio.run(run())))


if __name__ == "__main__":
    main()
