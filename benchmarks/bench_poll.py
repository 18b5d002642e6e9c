"""The SNMP poller benchmark: netmon against snmp_exporter and snmpbulkwalk, one table.

    sudo .venv/bin/python benchmarks/bench_poll.py [--devices 60] [--rounds 3]
        [--snmpsim-devices 12] [--profile benchmarks/profiles]

Agents (every figure says which it used):
- ``snmpd``: Debian's net-snmp agent, one per network namespace with 53 interfaces
  (fast_agents.py), on 127.91.0.N:161. Fast enough that the poller is the bottleneck.
- ``snmpsim``: one snmpsim process replaying this repository's recorded walks
  (tests/fixtures/snmp), one community per device. Slow: it is the bottleneck there.

Pollers, each in its own process, its CPU and peak RSS from its own accounting:
- netmon with pysnmp (the code before the fast path), netmon's fast path doing full
  polls, and the fast path with the inventory cached (status and counter columns only,
  what the daemon does between inventory reads);
- prometheus-snmp-exporter (Debian 0.21, Go), scraped over HTTP on loopback, module
  written for the same OIDs and max-repetitions (exporter.py);
- net-snmp's snmpbulkwalk, one process per device and table (system, ifTable, ifXTable,
  entPhysicalTable), CPU of those processes.
A first, uncounted round warms each poller up; the counted rounds follow. The ratio
columns divide netmon's CPU per varbind by the reference's on the same agent. Last, the
wall time of `netmon scan district` over the snmpd agents (process start to exit).
Needs root (namespaces, port 161). Traffic goes to 127.0.0.0/8 only.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
# snmpsim's responder sits beside this interpreter in a venv: found without activating it.
os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
sys.path.insert(0, str(REPO / "benchmarks"))

from exporter import Exporter, write_config  # noqa: E402
from fast_agents import start_fast_agents  # noqa: E402

from tests.peers.snmpsim import own_walks, start_snmpsim  # noqa: E402

TABLES = ("1.3.6.1.2.1.1", "1.3.6.1.2.1.2.2", "1.3.6.1.2.1.31.1.1", "1.3.6.1.2.1.47.1.1.1")


@dataclass
class Row:
    agent: str
    poller: str
    devices: int
    varbinds: int  # per round
    wall_s: float  # per round
    cpu_s: float   # per round
    rss_mb: float
    note: str = ""

    @property
    def us_per_varbind(self) -> float:
        return self.cpu_s / self.varbinds * 1e6 if self.varbinds else float("nan")

    @property
    def ms_per_device(self) -> float:
        return self.cpu_s / self.devices * 1e3


def netmon(agent: str, label: str, targets: list[dict[str, object]], tmp: Path, rounds: int,
           client: str, every: float | None, profile: Path | None = None) -> Row:
    spec = tmp / "targets.json"
    spec.write_text(json.dumps(targets))
    cmd = [sys.executable, str(REPO / "benchmarks" / "poll_child.py"), str(spec),
           "--client", client, "--rounds", str(rounds)]
    if every is not None:
        cmd += ["--inventory-every-s", str(every)]
    if profile is not None:
        cmd += ["--profile", str(profile)]
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        raise SystemExit(f"{label} failed: {res.stderr[-2000:]}")
    out = json.loads(res.stdout.strip().splitlines()[-1])
    bad = {k: v for k, v in out["statuses"].items() if k != "ok"}
    return Row(agent, label, out["devices"], out["varbinds"] // rounds, out["wall_s"] / rounds,
               out["cpu_s"] / rounds, out["maxrss_mb"], f"not ok: {bad}" if bad else "")


def exporter(agent: str, devices: list[tuple[str, str]], tmp: Path, rounds: int,
             reps: int) -> Row:
    config = tmp / "snmp.yml"
    write_config(config, sorted({c for _t, c in devices}), reps)
    exp = Exporter(config)
    try:
        exp.scrape(devices)  # warm-up
        cpu0, t0, varbinds, failed = exp.cpu_s(), time.perf_counter(), 0, 0
        for _ in range(rounds):
            r = exp.scrape(devices)
            varbinds, failed = varbinds + r.varbinds, failed + r.failed
        wall, cpu = time.perf_counter() - t0, exp.cpu_s() - cpu0
        rss = exp.peak_rss_mb()
    finally:
        exp.stop()
    return Row(agent, "snmp_exporter 0.21 (Go)", len(devices), varbinds // rounds,
               wall / rounds, cpu / rounds, rss, f"{failed} failed scrapes" if failed else "")


def bulkwalk(agent: str, devices: list[tuple[str, str]], reps: int) -> Row:
    env = dict(os.environ, MIBS="", MIBDIRS="/nonexistent")

    def one(job: tuple[str, str, str]) -> int:
        target, community, table = job
        res = subprocess.run(["snmpbulkwalk", "-v2c", "-c", community, f"-Cr{reps}", "-On",
                              "-Oq", "-t", "5", "-r", "1", target, table],
                             capture_output=True, text=True, env=env, check=False)
        return len(res.stdout.splitlines())
    jobs = [(t, c, table) for t, c in devices for table in TABLES]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        varbinds = sum(pool.map(one, jobs))
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return Row(agent, "snmpbulkwalk (net-snmp 5.9)", len(devices), varbinds, wall, cpu,
               after.ru_maxrss / 1024, f"{len(jobs)} processes")


def scan_district(addresses: list[str], community: str, tmp: Path, runs: int = 3) -> Row:
    lines = ["snmp_profiles:",
             f"  fast: {{version: 2c, community: 'plain:{community}', timeout_s: 5, "
             "retries: 1}", "agencies:",
             "  - {id: hoan-kiem, name: Quận Hoàn Kiếm, level: district, code: '002'}"]
    lines += [f"  - {{id: hk.c{c}, name: Phường Số {c}, level: commune, parent: hoan-kiem}}"
              for c in range(len(addresses) // 2)]
    lines.append("devices:")
    for i, address in enumerate(addresses):
        role = "wan_router" if i % 2 == 0 else "lan_switch"
        lines.append(f"  - {{id: dev{i:03d}, agency: hk.c{i // 2}, role: {role}, "
                     f"address: '{address}', snmp: {{profile: fast}}}}")
    inv = tmp / "inventory.yaml"
    inv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    walls, cpus, rss = [], [], 0.0
    for run in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        res = subprocess.run([sys.executable, "-m", "netmon", "--inventory", str(inv),
                              "--data-dir", str(tmp / f"data{run}"), "scan", "district",
                              "Hoàn Kiếm", "--json", "--no-write"], capture_output=True,
                             text=True, env=dict(os.environ, NETMON_INFLUX_URL=""),
                             check=False)
        walls.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        rss = max(rss, after.ru_maxrss / 1024)
        if res.returncode not in (0, 1):
            raise SystemExit(f"scan district failed: {res.stderr[-2000:]}")
    out = json.loads(res.stdout)
    bad = [d["id"] for d in out["devices"] if d["status"] != "ok"]
    return Row("snmpd", "netmon scan district (whole CLI)", len(addresses), 0,
               statistics.median(walls), statistics.median(cpus), rss,
               f"median of {runs}; not ok: {bad[:3]}" if bad else f"median of {runs}")


def progress(row: Row) -> Row:
    """Say each figure as it comes (stderr): a long run that fails keeps what it measured."""
    print(f"  {row.agent}: {row.poller}: {row.varbinds} values, {row.cpu_s:.3f} s CPU, "
          f"{row.wall_s:.3f} s wall per round", file=sys.stderr, flush=True)
    return row


def print_table(rows: list[Row]) -> None:
    head = (f"{'agent':8} {'poller':44} {'dev':>4} {'varbinds':>8} {'wall s':>7} "
            f"{'CPU s':>7} {'µs/vb':>7} {'ms/dev':>7} {'RSS MB':>7} {'÷exp':>6} "
            f"{'÷walk':>6}  note")
    print(head)
    print("-" * len(head))
    refs = {}
    for r in rows:
        if r.poller.startswith("snmp_exporter"):
            refs[(r.agent, "exp")] = r.us_per_varbind
        if r.poller.startswith("snmpbulkwalk"):
            refs[(r.agent, "walk")] = r.us_per_varbind
    for r in rows:
        mine = r.poller.startswith("netmon") and r.varbinds
        exp = f"{r.us_per_varbind / refs[(r.agent, 'exp')]:.2f}" \
            if mine and (r.agent, "exp") in refs else ""
        walk = f"{r.us_per_varbind / refs[(r.agent, 'walk')]:.2f}" \
            if mine and (r.agent, "walk") in refs else ""
        vb = f"{r.us_per_varbind:.1f}" if r.varbinds else ""
        print(f"{r.agent:8} {r.poller:44} {r.devices:>4} {r.varbinds or '':>8} "
              f"{r.wall_s:>7.3f} {r.cpu_s:>7.3f} {vb:>7} {r.ms_per_device:>7.2f} "
              f"{r.rss_mb:>7.1f} {exp:>6} {walk:>6}  {r.note}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--devices", type=int, default=60)
    ap.add_argument("--pairs", type=int, default=26, help="veth pairs per agent (2n+1 ifs)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--reps", type=int, default=25)
    ap.add_argument("--snmpsim-devices", type=int, default=12)
    ap.add_argument("--profile", type=Path, default=None, help="folder for the profiles")
    args = ap.parse_args()
    rows: list[Row] = []
    tmp = Path(tempfile.mkdtemp(prefix="netmon-bench-"))
    agents = start_fast_agents(args.devices, args.pairs)
    try:
        devices = [(f"{a}:161", agents.community) for a in agents.addresses]
        targets = [{"id": f"d{i}", "address": a, "port": 161, "community": agents.community,
                    "reps": args.reps} for i, a in enumerate(agents.addresses)]
        for label, client, every in (("netmon + pysnmp, full poll (before)", "pysnmp", None),
                                     ("netmon fast path, full poll", "fast", None),
                                     ("netmon fast path, status poll (cached inv.)", "fast",
                                      21600.0)):
            rows.append(progress(netmon("snmpd", label, targets, tmp, args.rounds, client,
                                        every)))
        rows.append(progress(exporter("snmpd", devices, tmp, args.rounds, args.reps)))
        rows.append(progress(bulkwalk("snmpd", devices, args.reps)))
        rows.append(progress(scan_district(agents.addresses, agents.community, tmp)))
        if args.profile is not None:  # apart: a profiler slows what it watches
            args.profile.mkdir(parents=True, exist_ok=True)
            for name, client in (("before-pysnmp", "pysnmp"), ("after-fast", "fast")):
                netmon("snmpd", name, targets[:12], tmp, 1, client, None,
                       args.profile / f"{name}.txt")
    finally:
        agents.stop()
    if args.snmpsim_devices:
        walks = list(own_walks().items())
        files = {f"{name}-{i}": path for i in range(args.snmpsim_devices)
                 for name, path in [walks[i % len(walks)]]}
        sim = start_snmpsim(files)
        try:
            targets = [{"id": c, "address": sim.address, "port": sim.port, "community": c,
                        "reps": args.reps, "timeout_s": 20} for c in files]
            sim_devices = [(f"{sim.address}:{sim.port}", c) for c in files]
            rows.append(progress(netmon("snmpsim", "netmon + pysnmp, full poll (before)",
                                        targets, tmp, args.rounds, "pysnmp", None)))
            rows.append(progress(netmon("snmpsim", "netmon fast path, full poll", targets, tmp,
                                        args.rounds, "fast", None)))
            rows.append(progress(exporter("snmpsim", sim_devices, tmp, args.rounds,
                                          args.reps)))
            rows.append(progress(bulkwalk("snmpsim", sim_devices, args.reps)))
        finally:
            sim.stop()
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}; rounds={args.rounds}, max-repetitions={args.reps}; "
          "per-round figures")
    print_table(rows)


if __name__ == "__main__":
    main()
