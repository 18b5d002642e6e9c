"""A simulated Hanoi under `netmon daemon` for N minutes: the daemon's own CPU and memory.

The city: the 565 agencies of ``bootstrap_hanoi()`` (9 departments, 30 districts, 526
communes) and ``--devices`` devices (3,000 by default): every agency gets a WAN router
(departments and districts two), the rest are LAN switches spread over the agencies.
Each device has its own loopback address (127.100.x.y: ICMP answered by the kernel) and
is served by one of three Debian ``snmpd`` agents, each in a network namespace of its own
with veth pairs (``fast_agents.start_shared_agents``): routers 13 interfaces, switches
29 or 53 (with ``lo``). InfluxDB is a private ``influxd`` on loopback, as in the lab.

The daemon runs with the issue's schedule: reachability every 60 s, status and counters
every 300 s, the full inventory every 6 h (``poll.inventory_every_s``); the first runs
are staggered by the daemon (inventory at once, reachability 5 s later, indicators 10 s).
Every ``--sample-s`` seconds the script reads the daemon's user+sys CPU and RSS from
/proc (the daemon's own accounting: not the agents', not InfluxDB's) and prints, per
minute, the CPU share of one core and the RSS; then the averages, the RSS from the
5th minute to the end (first, last, least-squares slope), and what the daemon logged
about each poll. Printed, never asserted.

    sudo .venv/bin/python benchmarks/bench_daemon.py --minutes 30          # the issue's run
    sudo .venv/bin/python benchmarks/bench_daemon.py --minutes 3 --devices 600   # a quick look

Needs root (namespaces, ICMP) and Debian's snmpd and influxdb. Traffic stays on 127/8.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import contextlib

from fast_agents import start_shared_agents

from netmon.inventory.bootstrap import bootstrap_hanoi
from netmon.monitor.lab import start_influxd

# udp port -> veth pairs (ifTable rows = 2 x pairs + 1 with lo)
ROUTER_PORT, SWITCH28_PORT, SWITCH52_PORT = 16112, 16128, 16152
PROFILES = {ROUTER_PORT: 6, SWITCH28_PORT: 14, SWITCH52_PORT: 26}
COMMUNITY = "bench-city"
TICK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def address(i: int) -> str:
    return f"127.100.{i // 200}.{i % 200 + 1}"


def city(devices: int) -> tuple[str, dict[str, int]]:
    """The inventory's YAML (agencies + devices) and the count of each kind of device."""
    agencies = bootstrap_hanoi()
    ids = re.findall(r"^  - \{id: ([^,]+), name: .*level: (\w+)", agencies, re.M)
    slots: list[tuple[str, str]] = []
    for ident, level in ids:
        slots += [(ident, "wan_router")] * (1 if level == "commune" else 2)
    k = 0
    while len(slots) < devices:
        slots.append((ids[k % len(ids)][0], "lan_switch"))
        k += 1
    slots = slots[:devices]
    lines = ["snmp_profiles:"]
    for name, port in (("router", ROUTER_PORT), ("sw28", SWITCH28_PORT),
                       ("sw52", SWITCH52_PORT)):
        lines.append(f"  {name}: {{version: 2c, community: 'env:NETMON_BENCH_COMMUNITY', "
                     f"port: {port}, timeout_s: 2, retries: 1}}")
    lines.append("devices:")
    kinds = {"router": 0, "sw28": 0, "sw52": 0}
    seen: dict[str, int] = {}
    for i, (agency, role) in enumerate(slots):
        profile = "router" if role == "wan_router" else "sw28" if i % 2 else "sw52"
        kinds[profile] += 1
        seen[agency] = seen.get(agency, 0) + 1
        lines.append(f"  - {{id: {agency}-{seen[agency]}, agency: {agency}, role: {role}, "
                     f"address: '{address(i)}', snmp: {{profile: {profile}}}}}")
    return agencies + "\n".join(lines) + "\n", kinds


def config(tmp: Path, inventory: Path, influx_url: str) -> Path:
    path = tmp / "netmon.yaml"
    path.write_text(
        f"inventory: {inventory}\ndata_dir: {tmp / 'data'}\n"
        f"influxdb: {{url: '{influx_url}', api: v1, database: netmon}}\n"
        "poll: {interval_s: 300, reachability_interval_s: 60, inventory_every_s: 21600,\n"
        "       deadline_s: 20, concurrency: 64}\n", encoding="utf-8")
    return path


@dataclass
class Sample:
    t: float
    cpu_s: float
    rss_mb: float


def sample(pid: int, t0: float) -> Sample:
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / TICK  # utime, stime
    rss = 0.0
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
    return Sample(time.monotonic() - t0, cpu, rss)


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope (y per x)."""
    n = len(points)
    if n < 2:
        return 0.0
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    den = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / den if den else 0.0


def report(samples: list[Sample], minutes: float, log_text: str, kinds: dict[str, int],
           devices: int) -> None:
    print(f"\n{'minute':>6} {'CPU % of one core':>18} {'RSS MB':>8}")
    per_min: list[tuple[int, float, float]] = []
    for m in range(1, int(minutes) + 1):
        inside = [s for s in samples if s.t <= m * 60]
        before = [s for s in samples if s.t <= (m - 1) * 60] or samples[:1]
        if not inside:
            break
        a, b = before[-1], inside[-1]
        share = 100 * (b.cpu_s - a.cpu_s) / (b.t - a.t) if b.t > a.t else 0.0
        per_min.append((m, share, b.rss_mb))
        print(f"{m:>6} {share:>18.1f} {b.rss_mb:>8.1f}")
    first, last = samples[0], samples[-1]
    total = 100 * (last.cpu_s - first.cpu_s) / (last.t - first.t)
    steady = [s for s in samples if s.t >= 5 * 60]
    print(f"\ndevices {devices} (routers {kinds['router']}, 28-port {kinds['sw28']}, "
          f"52-port {kinds['sw52']}); run {last.t / 60:.1f} min; samples {len(samples)}")
    print(f"CPU, whole run:        {total:5.1f} % of one core "
          f"({last.cpu_s - first.cpu_s:.1f} s user+sys)")
    if len(steady) >= 2:
        s0, s1 = steady[0], steady[-1]
        print(f"CPU, minute 5 to end:  {100 * (s1.cpu_s - s0.cpu_s) / (s1.t - s0.t):5.1f} % "
              "of one core")
        mb_per_min = slope([(s.t / 60, s.rss_mb) for s in steady])
        print(f"RSS, minute 5 to end:  {s0.rss_mb:.1f} MB -> {s1.rss_mb:.1f} MB, "
              f"slope {mb_per_min:+.3f} MB/min")
    print(f"RSS peak:              {max(s.rss_mb for s in samples):.1f} MB")
    polls = re.findall(r"(inventory|reachability) poll: (\d+) devices, (\d+) answered, "
                       r"(\d+) silent, (\d+) not asked in ([\d.]+) s", log_text)
    for kind in ("inventory", "reachability"):
        mine = [p for p in polls if p[0] == kind]
        if mine:
            durations = [float(p[5]) for p in mine]
            answered = [int(p[2]) for p in mine]
            print(f"{kind:12} polls {len(mine):3}: answered min {min(answered)} / "
                  f"{mine[0][1]}, duration first {durations[0]:.1f} s, "
                  f"later max {max(durations[1:] or [0]):.1f} s, "
                  f"median {sorted(durations)[len(durations) // 2]:.1f} s")
    warnings = [line for line in log_text.splitlines() if " WARNING " in line
                or " ERROR " in line]
    print(f"warnings and errors logged: {len(warnings)}")
    for line in warnings[:10]:
        print("  " + line[:160])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--devices", type=int, default=3000)
    ap.add_argument("--minutes", type=float, default=30.0)
    ap.add_argument("--sample-s", type=float, default=5.0)
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("needs root (network namespaces, ICMP)")
    for exe in ("snmpd", "influxd"):
        if shutil.which(exe) is None and not Path(f"/usr/sbin/{exe}").exists():
            raise SystemExit(f"{exe} not found: apt-get install snmpd influxdb")
    # Started in the background by a script, SIGINT is ignored: SIGTERM and SIGINT both
    # end the run through the cleanup below.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: sys.exit(130))
    tmp = Path(tempfile.mkdtemp(prefix="netmon-bench-daemon-"))
    text, kinds = city(args.devices)
    inventory = tmp / "inventory.yaml"
    inventory.write_text(text, encoding="utf-8")
    agents = start_shared_agents(PROFILES, COMMUNITY)
    influx_pid = None
    daemon: subprocess.Popen[bytes] | None = None
    try:
        url = start_influxd(tmp, free_port(), free_port())
        influx_pid = int((tmp / "influxd.pid").read_text())
        cfg = config(tmp, inventory, url)
        env = dict(os.environ, NETMON_BENCH_COMMUNITY=COMMUNITY)
        env = {k: v for k, v in env.items() if not k.startswith("NETMON_") or
               k == "NETMON_BENCH_COMMUNITY"}
        log_path = tmp / "daemon.log"
        print(f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.1f}; folder {tmp}", flush=True)
        with log_path.open("wb") as log:
            daemon = subprocess.Popen([sys.executable, "-m", "netmon", "--config", str(cfg),
                                       "daemon"], env=env, stdout=log,
                                      stderr=subprocess.STDOUT)
        t0 = time.monotonic()
        samples: list[Sample] = []
        end = t0 + args.minutes * 60
        while time.monotonic() < end:  # bounded by --minutes
            if daemon.poll() is not None:
                raise SystemExit(f"the daemon exited: {log_path.read_text()[-2000:]}")
            samples.append(sample(daemon.pid, t0))
            if len(samples) % max(1, int(60 / args.sample_s)) == 0:
                s = samples[-1]
                print(f"  {s.t / 60:5.1f} min: CPU {s.cpu_s:7.1f} s, RSS {s.rss_mb:6.1f} MB",
                      flush=True)
            time.sleep(args.sample_s)
        samples.append(sample(daemon.pid, t0))
        report(samples, args.minutes, log_path.read_text(errors="replace"), kinds,
               args.devices)
    finally:
        if daemon is not None and daemon.poll() is None:
            daemon.send_signal(signal.SIGTERM)
            try:
                daemon.wait(timeout=60)
            except subprocess.TimeoutExpired:
                daemon.kill()
        if influx_pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(influx_pid, signal.SIGTERM)
        agents.stop()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
