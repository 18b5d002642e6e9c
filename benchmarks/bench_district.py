"""`netmon scan district "Hoàn Kiếm"` over 60 snmpd agents: wall time and netmon's own CPU.

Issue 9's last target: the scan of a district's ~60 devices under 2 s of wall "when the
agents are not the bottleneck". Two agent setups (``--agents``), both Debian snmpd with
53 ifTable rows (26 veth pairs + lo) per device, both on loopback (127.0.0.0/8):

- ``per-device``: one snmpd per device, each in its own network namespace
  (``fast_agents.start_fast_agents``): 60 agent processes on the same cores as netmon;
- ``shared``: ``--shared`` snmpd processes (``fast_agents.start_shared_agents``), each
  serving every loopback address on its own UDP port; the 60 devices (127.92.0.N) are
  spread over them. Fewer processes, the same answers: the agents cost the machine less.

``--pin`` puts the agents on the last core (taskset) and netmon on the others. Each run
is a fresh process: wall from ``fork`` to exit, CPU = the child's user+sys (getrusage);
the agents' own CPU during the run is read from /proc. Printed per run, then the median
and range; never asserted.

    sudo .venv/bin/python benchmarks/bench_district.py --agents per-device --runs 7
    sudo .venv/bin/python benchmarks/bench_district.py --agents shared --runs 7
    sudo .venv/bin/python benchmarks/bench_district.py --agents shared --baseline main
    sudo .venv/bin/python benchmarks/bench_district.py --agents shared --hold  # prints DIR

``--baseline REV`` runs the code of git revision REV too (exported to a temporary tree,
imported through PYTHONPATH ahead of the installed netmon), alternating runs with the
working tree's, so that both see the same load on a shared machine.

``--hold`` starts the agents, writes DIR/inventory.yaml, prints DIR and waits (Ctrl-C
stops the agents, as does SIGTERM): for profiling the command by hand.

Needs root (namespaces, port 161) and Debian's snmpd.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fast_agents import FastAgents, start_fast_agents, start_shared_agents

SHARED_BASE_PORT = 16200
COMMAND = ["scan", "district", "Hoàn Kiếm", "--json", "--no-write"]


def inventory(devices: list[tuple[str, int]], community: str) -> str:
    """A district (Hoàn Kiếm), one commune per two devices, routers and switches."""
    ports = sorted({port for _, port in devices})
    lines = ["snmp_profiles:"]
    lines += [f"  p{port}: {{version: 2c, community: 'plain:{community}', port: {port}, "
              "timeout_s: 5, retries: 1}" for port in ports]
    lines += ["agencies:",
              "  - {id: hoan-kiem, name: Quận Hoàn Kiếm, level: district, code: '002'}"]
    lines += [f"  - {{id: hk.c{c}, name: Phường Số {c}, level: commune, parent: hoan-kiem}}"
              for c in range((len(devices) + 1) // 2)]
    lines.append("devices:")
    for i, (address, port) in enumerate(devices):
        role = "wan_router" if i % 2 == 0 else "lan_switch"
        lines.append(f"  - {{id: dev{i:03d}, agency: hk.c{i // 2}, role: {role}, "
                     f"address: '{address}', snmp: {{profile: p{port}}}}}")
    return "\n".join(lines) + "\n"


def start(kind: str, count: int, shared: int) -> tuple[FastAgents, list[tuple[str, int]]]:
    if kind == "per-device":
        agents = start_fast_agents(count)
        return agents, [(a, 161) for a in agents.addresses]
    ports = [SHARED_BASE_PORT + k for k in range(shared)]
    agents = start_shared_agents(dict.fromkeys(ports, 26))
    return agents, [(f"127.92.0.{i + 1}", ports[i % shared]) for i in range(count)]


def pin(pids: list[int], cpus: str) -> None:
    for pid in pids:  # the bash -c wrapper execs into ip netns exec, then into snmpd
        subprocess.run(["taskset", "-a", "-p", "-c", cpus, str(pid)], check=False,
                       capture_output=True)


def export_tree(rev: str, into: Path) -> Path:
    """``rev``'s code, laid out the way setuptools installs it (netmon/inventory, ...)."""
    repo = Path(__file__).resolve().parents[1]
    src = into / "src"
    src.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(repo), "archive", rev], capture_output=True,
                             check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
    tree = into / "path"
    (tree / "netmon").mkdir(parents=True)
    for f in (src / "netmon").iterdir():
        (tree / "netmon" / f.name).symlink_to(f)
    for layer in ("inventory", "collectors", "monitor"):
        (tree / "netmon" / layer).symlink_to(src / layer)
    return tree


TICK = os.sysconf("SC_CLK_TCK")


def agents_cpu(pids: list[int]) -> float:
    """The agents' own user+sys CPU so far (/proc/PID/stat), in seconds."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICK


def run_once(tmp: Path, run: str, netmon_cpus: str | None, path: Path | None = None
             ) -> tuple[float, float, dict]:
    env = dict(os.environ, NETMON_INFLUX_URL="")
    if path is not None:
        env["PYTHONPATH"] = str(path)
    cmd = [sys.executable, "-m", "netmon", "--inventory", str(tmp / "inventory.yaml"),
           "--data-dir", str(tmp / f"data{run}"), *COMMAND]
    if netmon_cpus is not None:
        cmd = ["taskset", "-c", netmon_cpus, *cmd]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    # cwd: not the checkout, whose netmon/ would shadow the PYTHONPATH tree (python -m
    # puts the working directory first on sys.path)
    res = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if res.returncode not in (0, 1):
        raise SystemExit(f"scan district failed ({res.returncode}): {res.stderr[-2000:]}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, json.loads(res.stdout)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--agents", choices=("per-device", "shared"), default="per-device")
    ap.add_argument("--devices", type=int, default=60)
    ap.add_argument("--shared", type=int, default=3, help="snmpd processes when shared")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--pin", action="store_true", help="agents on the last core")
    ap.add_argument("--hold", action="store_true", help="print DIR and wait")
    ap.add_argument("--baseline", metavar="REV", help="also run git revision REV, alternating")
    args = ap.parse_args()
    agents, devices = start(args.agents, args.devices, args.shared)
    tmp = Path(tempfile.mkdtemp(prefix="netmon-district-"))
    try:
        (tmp / "inventory.yaml").write_text(inventory(devices, agents.community),
                                            encoding="utf-8")
        cores = os.cpu_count() or 1
        netmon_cpus = None
        if args.pin and cores > 1:
            pin(agents.pids(), str(cores - 1))
            netmon_cpus = f"0-{cores - 2}"
        if args.hold:  # until SIGINT or SIGTERM; either way the agents are stopped
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
            print(tmp, flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                signal.pause()
            return
        kinds: dict[str, Path | None] = {"this tree": None}
        if args.baseline:
            kinds = {args.baseline: export_tree(args.baseline, tmp / "baseline"), **kinds}
        for path in kinds.values():  # warm-up: page cache, bytecode, the agents
            run_once(tmp, "warm-up", netmon_cpus, path)
        walls: dict[str, list[float]] = {k: [] for k in kinds}
        cpus: dict[str, list[float]] = {k: [] for k in kinds}
        agent_cpus: dict[str, list[float]] = {k: [] for k in kinds}
        for run in range(args.runs):
            for k, (label, path) in enumerate(kinds.items()):
                before = agents_cpu(agents.pids())
                wall, cpu, out = run_once(tmp, f"{k}-{run}", netmon_cpus, path)
                agent_cpus[label].append(agents_cpu(agents.pids()) - before)
                bad = [d["id"] for d in out["devices"] if d["status"] != "ok"]
                walls[label].append(wall)
                cpus[label].append(cpu)
                print(f"run {run + 1} ({label}): wall {wall:.2f} s, netmon CPU {cpu:.2f} s, "
                      f"agents CPU {agent_cpus[label][-1]:.2f} s, {len(out['devices'])} "
                      "devices" + (f", not ok: {bad[:3]}" if bad else ""), flush=True)
        print(f"{time.strftime('%Y-%m-%d %H:%M')}, {cores} cores, load average "
              f"{os.getloadavg()[0]:.1f}; agents: {args.agents}"
              + (f" ({args.shared} snmpd)" if args.agents == "shared" else
                 f" ({args.devices} snmpd)") + (", pinned to the last core" if netmon_cpus
                                               else "")
              + ("; bytecode not cached (PYTHONDONTWRITEBYTECODE)"
                 if os.environ.get("PYTHONDONTWRITEBYTECODE") else ""))
        for label in kinds:
            w, c, a = walls[label], cpus[label], agent_cpus[label]
            print(f"{label}: wall median {statistics.median(w):.2f} s, range "
                  f"{min(w):.2f}-{max(w):.2f} s; netmon CPU median {statistics.median(c):.2f} s, "
                  f"range {min(c):.2f}-{max(c):.2f} s; agents CPU median "
                  f"{statistics.median(a):.2f} s ({args.runs} runs)")
    finally:
        agents.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
