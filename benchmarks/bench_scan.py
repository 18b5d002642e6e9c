"""Benchmark: `netmon scan district` over ~60 simulated devices on snmpsim (loopback only).

Prints, per scenario, the wall time of the whole command (process start to exit), the
poller's own CPU time (user+sys of the netmon process) and its peak RSS, as the median
of a few runs. Scenarios:

- ``commune``: each device replays a recorded walk trimmed to what a commune router
  has (system group, 8 interfaces, its ENTITY rows), served by several snmpsim
  processes so that the simulator is not the bottleneck;
- ``full``: each device replays a whole recorded walk (a 52-port switch, stacks),
  four snmpsim processes: here the simulator is the bottleneck (PITFALLS.md).

Run from the repository root:  python benchmarks/bench_scan.py [--devices 60] [--runs 3]
Needs snmpsim (pip); replays the walks shipped with the lab. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.peers.snmpsim import SnmpSim, recorded_walks, start_snmpsim  # noqa: E402

IF_COLUMNS = ("1.3.6.1.2.1.2.2.1.", "1.3.6.1.2.1.31.1.1.1.")
ENT_COLUMNS = "1.3.6.1.2.1.47.1.1.1.1."


def trim_walk(src: Path, dest: Path, interfaces: int = 8, entities: int = 6) -> int:
    """A recorded walk cut down to a small router's size; returns its number of varbinds."""
    lines = src.read_text(encoding="latin-1").splitlines()
    if_index = sorted({int(line.split("|")[0].rsplit(".", 1)[1]) for line in lines
                       if line.startswith("1.3.6.1.2.1.2.2.1.1.")})[:interfaces]
    ent_index = sorted({int(line.split("|")[0].rsplit(".", 1)[1]) for line in lines
                        if line.startswith(ENT_COLUMNS + "2.")})[:entities]
    keep = []
    for line in lines:
        oid = line.split("|", 1)[0]
        row = int(oid.rsplit(".", 1)[1]) if oid[-1].isdigit() else -1
        system = oid.startswith("1.3.6.1.2.1.1.")
        interface = oid.startswith(IF_COLUMNS) and row in if_index
        entity = oid.startswith(ENT_COLUMNS) and row in ent_index
        if system or interface or entity:
            keep.append(line)
    dest.write_text("\n".join(keep) + "\n", encoding="latin-1")
    return len(keep)


def inventory(path: Path, devices: list[tuple[str, int, str]]) -> None:
    lines = [
        "snmp_profiles:",
        "  sim: {version: 2c, community: plain:x, timeout_s: 10, retries: 0}",
        "agencies:",
        "  - {id: hoan-kiem, name: Quận Hoàn Kiếm, level: district, code: '002'}",
    ]
    communes = max(1, len(devices) // 2)
    for c in range(communes):
        lines.append(f"  - {{id: hk.c{c}, name: Phường Số {c}, level: commune, "
                     f"parent: hoan-kiem}}")
    lines.append("devices:")
    for i, (community, port, _walk) in enumerate(devices):
        agency = f"hk.c{i // 2}" if i // 2 < communes else "hoan-kiem"
        role = "wan_router" if i % 2 == 0 else "lan_switch"
        lines.append(f"  - {{id: dev{i:03d}, agency: {agency}, role: {role}, "
                     f"address: 127.0.0.1, snmp: {{profile: sim, port: {port}, "
                     f'community: "plain:{community}"}}}}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_scan(inv: Path, data_dir: Path) -> tuple[float, float, float, float]:
    """(wall s, cpu s, peak RSS MiB, poll s) of one `netmon scan district` process; poll s
    is the runner's own time (every device polled), without process start and output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    res = subprocess.run(
        [sys.executable, "-m", "netmon", "--inventory", str(inv), "--data-dir", str(data_dir),
         "scan", "district", "Hoàn Kiếm", "--json", "--no-write"],
        capture_output=True, text=True, env=dict(os.environ, NETMON_INFLUX_URL=""),
        check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if res.returncode != 0:
        raise SystemExit(f"scan failed ({res.returncode}): {res.stderr[-2000:]}")
    import json

    out = json.loads(res.stdout)
    failed = [d["id"] for d in out["devices"] if d["status"] != "ok"]
    if failed:
        print(f"    note: {len(failed)} devices did not answer: {failed[:5]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024, float(out["poll"]["duration_s"])


def startup() -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "netmon", "--version"], capture_output=True,
                   check=True)
    return time.perf_counter() - t0


def scenario(name: str, n: int, runs: int, processes: int, trim: bool, tmp: Path) -> None:
    walks = sorted(recorded_walks().values())
    files: dict[str, Path] = {}
    varbinds = 0
    for i in range(n):
        src = walks[i % len(walks)]
        if trim:
            dest = tmp / name / "walks" / f"dev{i:03d}.snmprec"
            dest.parent.mkdir(parents=True, exist_ok=True)
            varbinds += trim_walk(src, dest)
            files[f"dev{i:03d}"] = dest
        else:
            files[f"dev{i:03d}"] = src
            varbinds += sum(1 for _ in src.open(encoding="latin-1"))
    sims: list[SnmpSim] = []
    try:
        shards: list[dict[str, Path]] = [{} for _ in range(processes)]
        for i, (community, path) in enumerate(files.items()):
            shards[i % processes][community] = path
        for k, shard in enumerate(shards):
            sims.append(start_snmpsim(shard, directory=tmp / name / f"sim{k}"))
        port_of = {c: sim.port for sim in sims for c in sim.communities}
        inv = tmp / name / "inventory.yaml"
        inventory(inv, [(c, port_of[c], str(p)) for c, p in files.items()])
        run_scan(inv, tmp / name / "warm")  # warm the simulators' indexes
        results = [run_scan(inv, tmp / name / f"data{r}") for r in range(runs)]
    finally:
        for sim in sims:
            sim.stop()
    wall = statistics.median(r[0] for r in results)
    cpu = statistics.median(r[1] for r in results)
    rss = max(r[2] for r in results)
    poll = statistics.median(r[3] for r in results)
    print(f"{name:8s} {n} devices, ~{varbinds // n} recorded OIDs each, {processes} snmpsim: "
          f"wall {wall:.2f} s (of which polling {poll:.2f} s), netmon CPU {cpu:.2f} s, "
          f"peak RSS {rss:.0f} MiB (median of {runs})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--devices", type=int, default=60)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip-full", action="store_true")
    args = ap.parse_args()
    os.environ.setdefault("SNMPSIM_ALLOW_ROOT", "true")
    print(f"python start + import (netmon --version): {startup():.2f} s")
    with tempfile.TemporaryDirectory(prefix="netmon-bench-") as d:
        tmp = Path(d)
        scenario("commune", args.devices, args.runs, processes=4, trim=True, tmp=tmp)
        if not args.skip_full:
            scenario("full", args.devices, args.runs, processes=4, trim=False, tmp=tmp)


if __name__ == "__main__":
    main()
