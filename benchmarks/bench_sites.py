"""A national deployment on one machine: 30,000 devices across 34 sites, one centre.

    python benchmarks/bench_sites.py [--devices 30000] [--sites 34] [--rounds 3]
                                     [--skip failover,drain]

A private RabbitMQ (Debian's rabbitmq-server) and Debian's influxd on loopback; the sites'
polls are synthetic (made by the codec as a site's poller makes them, published directly:
no device is asked), except for the failover figures, which run two real
``netmon daemon --site`` processes. The centre is one real ``netmon ingest`` process with
the default broker timings. Prints, asserts nothing:

1. the device polls per second one ingest process absorbs (state, points to InfluxDB) from
   a backlog, and its CPU;
2. the time from publishing a site's poll to the coverage point that reflects it;
3. the failover time: kill -9 of the active poller, and a poller frozen (SIGSTOP: its
   socket stays open, the broker notices by the AMQP heartbeat);
4. the drain time of a one-hour outbox (one site: 60 reachability and 12 inventory polls),
   at the site (publish with confirms) and at the centre (absorbed).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.peers

from sites_synthetic import national, site_poll

from netmon.monitor.broker import codec, topology
from netmon.monitor.broker.config import BrokerConfig
from netmon.monitor.broker.link import connect
from netmon.monitor.broker.outbox import Outbox
from tests.peers.influxd import Influxd, start_influxd
from tests.peers.rabbitmq import Rabbit, User, start_rabbitmq

PASSWORD = "bench-Pw-0"
HZ = os.sysconf("SC_CLK_TCK")


def cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / HZ


# --- the broker from here -------------------------------------------------------------------

def cfg(rabbit: Rabbit, user: str) -> BrokerConfig:
    return BrokerConfig.model_validate({"url": f"amqp://127.0.0.1:{rabbit.port}/netmon",
                                        "username": user, "password": f"plain:{PASSWORD}"})


async def publish_all(rabbit: Rabbit, messages: list[tuple[str, str]]) -> None:
    """(routing key, line) as the centre's user; published 200 at a time with confirms."""
    import aio_pika

    conn = await connect(cfg(rabbit, "netmon-centre"), "bench")
    try:
        ch = await conn.channel(publisher_confirms=True)
        ex = await ch.get_exchange(topology.EXCHANGE, ensure=False)
        for i in range(0, len(messages), 200):
            batch = []
            for key, line in messages[i:i + 200]:
                body, enc = codec.to_body(line)
                batch.append(ex.publish(aio_pika.Message(
                    body, content_encoding=enc, delivery_mode=2,
                    user_id="netmon-centre"), key))
            await asyncio.gather(*batch)
    finally:
        await conn.close()


async def declare(rabbit: Rabbit, sites: list[str]) -> None:
    conn = await connect(cfg(rabbit, "netmon-centre"), "bench")
    try:
        await topology.declare(await conn.channel(), sites, cfg(rabbit, "netmon-centre"))
    finally:
        await conn.close()


def numbered(envs: list[codec.Envelope], outbox: str, first: int) -> list[str]:
    return [codec.encode(e.__class__(**{**e.__dict__, "outbox": outbox, "seq": first + i}))
            for i, e in enumerate(envs)]


def marks(state: Path) -> dict[str, int]:
    if not state.exists():
        return {}
    db = sqlite3.connect(f"file:{state}?mode=ro", uri=True, timeout=30)
    try:
        return dict(db.execute("SELECT source, seq FROM marks").fetchall())
    except sqlite3.OperationalError:
        return {}
    finally:
        db.close()


def wait(what: str, check: Any, timeout_s: float, every_s: float = 0.2,
         logs: tuple[Path, ...] = ()) -> float:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout_s:
        if check():
            return time.monotonic() - t0
        time.sleep(every_s)
    for log in logs:
        print(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}")
    raise SystemExit(f"gave up waiting for {what} after {timeout_s:g} s")


def config(root: Path, name: str, inv: Path, rabbit: Rabbit, user: str,
           influx: Influxd | None, extra: str = "") -> Path:
    path = root / f"{name}.yaml"
    db = (f'influxdb: {{url: "{influx.url}", api: v1, database: netmon, timeout_s: 10}}\n'
          if influx else "")
    path.write_text(f"""inventory: {inv}
data_dir: {root / name}
{db}poll: {{interval_s: 300, reachability_interval_s: 5}}
ping: {{count: 1, timeout_s: 1}}
broker:
  url: amqp://127.0.0.1:{rabbit.port}/netmon
  username: {user}
  password: env:NETMON_BROKER_PASSWORD
{extra}""", encoding="utf-8")
    return path


def netmon(log: Path, *args: str, profile: str | None = None) -> subprocess.Popen[bytes]:
    prof = ["-m", "cProfile", "-o", profile] if profile else []
    with log.open("ab") as f:
        return subprocess.Popen([sys.executable, *prof, "-m", "netmon", *args], stdout=f,
                                stderr=subprocess.STDOUT,
                                env={**os.environ, "NETMON_BROKER_PASSWORD": PASSWORD})


# --- the figures ----------------------------------------------------------------------------

def bench_ingest(root: Path, rabbit: Rabbit, state: Path,
                 sites: dict[str, list[tuple[str, str]]], rounds: int,
                 ingest: subprocess.Popen[bytes]) -> None:
    t0 = datetime.now(UTC) - timedelta(minutes=rounds + 5)
    messages: list[tuple[str, str]] = []
    expected: dict[str, int] = {}
    t_build = time.perf_counter()
    for site, devices in sites.items():
        lines: list[str] = []
        for r in range(rounds):
            silent = {d for i, (d, _) in enumerate(devices) if (i + r) % 10 == 0}
            envs = site_poll(site, devices, t0 + timedelta(minutes=r), "reachability", silent)
            lines += numbered(envs, f"bench-{site}", len(lines) + 1)
        messages += [(topology.obs_key(site), line) for line in lines]
        expected[f"{site}/bench-{site}"] = len(lines)
    polls = rounds * sum(len(d) for d in sites.values())
    print(f"backlog: {len(messages)} messages, {polls} device polls "
          f"(built in {time.perf_counter() - t_build:.1f} s)")
    asyncio.run(publish_all(rabbit, messages))
    cpu0, t_first = None, None
    deadline = time.monotonic() + 3600
    while time.monotonic() < deadline:
        m = marks(state)
        done = sum(min(m.get(k, 0), v) for k, v in expected.items())
        if done and t_first is None:
            t_first, cpu0, done0 = time.monotonic(), cpu_s(ingest.pid), done
        if done == len(messages):
            break
        time.sleep(0.2)
    assert t_first is not None and cpu0 is not None
    wall = time.monotonic() - t_first
    cpu = cpu_s(ingest.pid) - cpu0
    rate = polls * (len(messages) - done0) / len(messages) / wall
    print(f"1. one ingest absorbed {polls} device polls: {rate:,.0f} device polls/s "
          f"({len(messages) / wall:.1f} messages/s of 200), CPU {cpu:.1f} s in {wall:.1f} s "
          f"({100 * cpu / wall:.0f} % of one core)")


def bench_coverage(rabbit: Rabbit, influx: Influxd, state: Path,
                   sites: dict[str, list[tuple[str, str]]], n: int = 5) -> None:
    site = next(iter(sites))
    latencies = []
    seq = marks(state).get(f"{site}/bench-cov", 0)
    for _ in range(n):
        time.sleep(2)
        at = datetime.now(UTC)
        envs = site_poll(site, sites[site], at, "reachability")
        lines = numbered(envs, "bench-cov", seq + 1)
        seq += len(lines)
        t_pub = datetime.now(UTC)
        asyncio.run(publish_all(rabbit, [(topology.obs_key(site), line) for line in lines]))
        since = t_pub.strftime("%Y-%m-%dT%H:%M:%S.%fZ")

        def covered(seq: int = seq, since: str = since) -> bool:
            return marks(state).get(f"{site}/bench-cov", 0) >= seq and bool(influx.query(
                f"SELECT first(\"total\") FROM \"netmon_coverage\" WHERE time > '{since}'"))

        seen = wait("coverage", covered, 300, 0.1)
        first = influx.query(f"SELECT first(\"total\") FROM \"netmon_coverage\" "
                             f"WHERE time > '{since}'")[0]["time"] / 1e9
        latencies.append((first - t_pub.timestamp(), seen))
    pts = sorted(x for x, _ in latencies)
    vis = sorted(y for _, y in latencies)
    print(f"2. poll published -> coverage computed from it: median {statistics.median(pts):.1f}"
          f" s, max {pts[-1]:.1f} s; -> visible in InfluxDB: median {statistics.median(vis):.1f}"
          f" s, max {vis[-1]:.1f} s (coverage_every_s 10, over {n} polls of {len(sites[site])} "
          "devices)")


def bench_failover(root: Path, inv: Path, rabbit: Rabbit, state: Path, runs: int = 3) -> None:
    pollers = {}
    for name in ("fo-a", "fo-b"):
        c = config(root, name, inv, rabbit, "netmon-site-fo", None)
        pollers[name] = (c, root / f"{name}.log")

    def start(name: str) -> subprocess.Popen[bytes]:
        c, log = pollers[name]
        return netmon(log, "--config", str(c), "-v", "daemon", "--site", "fo", "--poller", name)

    def lines(name: str, pattern: str) -> int:
        return len(re.findall(pattern, pollers[name][1].read_text(errors="replace")))

    procs = {"fo-a": start("fo-a")}
    wait("fo-a active", lambda: lines("fo-a", "holds the lease") >= 1, 120)
    procs["fo-b"] = start("fo-b")
    wait("fo-b standby", lambda: lines("fo-b", "is standby") >= 1, 120)
    active, standby = "fo-a", "fo-b"
    results = []
    for run in range(runs + 1):
        frozen = run == runs  # the last run: SIGSTOP (no FIN; the heartbeat must notice)
        before = lines(standby, "takes over the lease")
        applied_before = sum(v for k, v in marks(state).items() if k.startswith("fo/"))
        t0 = time.monotonic()
        procs[active].send_signal(signal.SIGSTOP if frozen else signal.SIGKILL)
        took = wait("takeover", lambda s=standby, b=before: lines(s, "takes over the lease") > b,
                    300, 0.05)
        wait("its poll at the centre", lambda a=applied_before: sum(
            v for k, v in marks(state).items() if k.startswith("fo/")) > a, 120, 0.05)
        applied = time.monotonic() - t0
        results.append((("SIGSTOP" if frozen else "kill -9"), took, applied))
        old = procs[active]
        if frozen:
            old.kill()
            old.wait()
        else:
            old.wait()
            was = lines(active, "is standby")
            procs[active] = start(active)  # back, as the standby
            wait("back as standby", lambda a=active, w=was: lines(a, "is standby") > w, 120,
                 logs=(pollers["fo-a"][1], pollers["fo-b"][1]))
        active, standby = standby, active
    for p in procs.values():
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            p.wait(60)
    for how, took, applied in results:
        print(f"3. failover after {how}: standby took the lease in {took:.1f} s, its first "
              f"poll absorbed by the centre {applied:.1f} s after (heartbeat_s 15, "
              "lease_ping_s 5: bound 55 s)")


def bench_drain(root: Path, rabbit: Rabbit, state: Path, site: str,
                devices: list[tuple[str, str]]) -> None:
    outbox = Outbox(root / "drain-outbox", site, f"netmon-site-{site}", 4 << 30, 64)
    start = datetime.now(UTC) - timedelta(hours=1)
    t_build = time.perf_counter()
    for minute in range(60):
        at = start + timedelta(minutes=minute)
        outbox.put(site_poll(site, devices, at, "reachability"))
        if minute % 5 == 0:
            outbox.put(site_poll(site, devices, at, "inventory"))
    pending = outbox.pending()
    size = sum(p.stat().st_size for p in (root / "drain-outbox").glob("*.seg"))
    print(f"   one-hour outbox of site {site}: {pending} messages, {size / 1e6:.0f} MB, "
          f"{72 * len(devices)} device polls (built in {time.perf_counter() - t_build:.0f} s)")
    key = f"{site}/{outbox.id}"

    async def drain() -> float:
        conn = await connect(cfg(rabbit, f"netmon-site-{site}"), "bench drain")
        t0 = time.monotonic()
        task = asyncio.create_task(outbox.drain(conn))
        while await asyncio.to_thread(outbox.pending):
            await asyncio.sleep(0.1)
        took = time.monotonic() - t0
        task.cancel()
        await conn.close()
        return took

    t0 = time.monotonic()
    sent = asyncio.run(drain())
    absorbed = wait("the centre absorbs it", lambda: marks(state).get(key, 0) >= pending, 7200)
    print(f"4. drain of a one-hour outbox: published with confirms in {sent:.1f} s "
          f"({pending / sent:.0f} messages/s); absorbed by the centre "
          f"{time.monotonic() - t0:.1f} s after the drain began ({absorbed:.1f} s after "
          "the site had sent it)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--devices", type=int, default=30_000)
    ap.add_argument("--sites", type=int, default=34)
    ap.add_argument("--rounds", type=int, default=3, help="site polls each in the backlog")
    ap.add_argument("--skip", default="", help="comma list: failover, drain, coverage")
    ap.add_argument("--profile", help="write cProfile stats of the ingest process here")
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    # under build/ (ignored by git), not /tmp: other jobs on a shared machine tidy /tmp/netmon-*
    build = Path(__file__).resolve().parents[1] / "build"
    build.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-sites-", dir=build) as tmp:
        root = Path(tmp)
        inv = root / "inventory.yaml"
        sites = national(inv, args.devices, args.sites)
        total = sum(len(d) for d in sites.values())
        print(f"{total} devices in {len(sites)} sites (+3 in site fo)")
        names = [*sites, "fo"]
        users = [User("netmon-centre", PASSWORD, "^netmon\\.", "^netmon\\.", "^netmon\\.")]
        for s in names:
            g = topology.site_grants(s)
            users.append(User(f"netmon-site-{s}", PASSWORD, g.configure, g.write, g.read,
                              g.topic_write, g.topic_read, topology.EXCHANGE))
        influx = start_influxd(root / "influx")
        rabbit = start_rabbitmq(root / "rabbit", users)
        ingest = None
        try:
            asyncio.run(declare(rabbit, names))
            c = config(root, "centre", inv, rabbit, "netmon-centre", influx)
            t0 = time.monotonic()
            ingest = netmon(root / "ingest.log", "--config", str(c), "ingest",
                            profile=args.profile)
            log = root / "ingest.log"
            wait("ingest ready", lambda: log.exists() and "consuming the queues" in
                 log.read_text(errors="replace"), 600)
            print(f"   ingest ready in {time.monotonic() - t0:.1f} s (loads {total} devices)")
            state = root / "centre" / "state.sqlite3"
            bench_ingest(root, rabbit, state, sites, args.rounds, ingest)
            if "coverage" not in skip:
                bench_coverage(rabbit, influx, state, sites)
            if "failover" not in skip:
                bench_failover(root, inv, rabbit, state)
            if "drain" not in skip:
                site = next(iter(sites))
                bench_drain(root, rabbit, state, site, sites[site])
            print(f"   ingest CPU in all: {cpu_s(ingest.pid):.0f} s; errors in its log: "
                  f"{log.read_text(errors='replace').count('ERROR')}")
        finally:
            if ingest is not None and ingest.poll() is None:
                ingest.send_signal(signal.SIGTERM)
                try:
                    ingest.wait(60)
                except subprocess.TimeoutExpired:
                    ingest.kill()
            rabbit.close()
            influx.stop()


if __name__ == "__main__":
    main()
