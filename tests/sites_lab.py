"""A two-site deployment on loopback, for the broker tests: a private RabbitMQ, snmpsim
answering for every device (one community each), Debian's influxd, an inventory whose
agencies belong to site ``north`` or ``south``, and configs for site pollers and
ingesters, each started as a real ``netmon`` process with its own data folder and log.

Counts come from what the processes say (their INFO lines), from the centre's state
database and from InfluxDB:

- a site poller logs ``site S: KIND poll ID: N devices in P part(s) to the outbox`` once per
  poll it made (``published()``);
- an ingester logs ``site S: KIND poll ID part i/n seq N: A applied`` once per message it
  acknowledged, ``, a duplicate ...`` when it had applied that message already
  (``absorbed()``).
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from netmon.monitor.broker.topology import EXCHANGE, site_grants
from tests.peers.influxd import Influxd
from tests.peers.rabbitmq import Rabbit, User, start_rabbitmq
from tests.peers.snmpsim import SnmpSim, free_udp_port, own_walks, start_snmpsim

T = TypeVar("T")
NET = "127.62.0."
SITES = ("north", "south")
# device -> (address suffix, agency, role, reach); agencies below
DEVICES = {
    "n-dept-rtr": (1, "so-north", "wan_router", "icmp"),
    "n-dist-rtr": (2, "dist-n", "wan_router", "icmp"),
    "n-c1-rtr": (3, "dist-n.c1", "wan_router", "icmp"),
    "n-c1-sw": (4, "dist-n.c1", "lan_switch", "icmp"),
    "n-c2-rtr": (5, "dist-n.c2", "wan_router", "icmp"),  # its switch is silent
    "n-c2-sw": (6, "dist-n.c2", "lan_switch", "icmp"),
    "s-dist-rtr": (7, "dist-s", "wan_router", "icmp"),
    "s-c1-rtr": (8, "dist-s.c1", "wan_router", "icmp"),
    "s-c1-sw": (9, "dist-s.c1", "lan_switch", "icmp"),
    "s-none": (10, "so-south", "wan_router", "none"),  # never asked (no SNMP): unknown
}
SILENT = {"n-c2-sw": NET + "6"}
AGENCIES = """\
  - {id: so-north, name: Sở Bắc, level: department, site: north}
  - {id: so-south, name: Sở Nam, level: department, site: south}
  - {id: dist-n, name: Quận Bắc, level: district, site: north}
  - {id: dist-n.c1, name: Phường Một, level: commune, parent: dist-n}
  - {id: dist-n.c2, name: Phường Hai, level: commune, parent: dist-n}
  - {id: dist-n.c3, name: Phường Ba, level: commune, parent: dist-n}
  - {id: dist-s, name: Quận Nam, level: district, site: south}
  - {id: dist-s.c1, name: Xã Một, level: commune, parent: dist-s}
"""
PASSWORDS = {"centre": "centre-Pw-9f2", "north": "north-Pw-31a", "south": "south-Pw-77c"}


def site_user(site: str) -> str:
    return f"netmon-site-{site}"


def users() -> list[User]:
    out = [User("netmon-centre", PASSWORDS["centre"], "^netmon\\.", "^netmon\\.",
                "^netmon\\.")]
    for site in SITES:
        g = site_grants(site)
        out.append(User(site_user(site), PASSWORDS[site], g.configure, g.write, g.read,
                        g.topic_write, g.topic_read, EXCHANGE))
    return out


def start_sim(directory: Path, devices: dict[str, tuple[int, str, str, str]]) -> SnmpSim:
    walk = own_walks()["juniper-ex2200"]
    port = free_udp_port(NET + "1")
    endpoints = [f"--agent-udpv4-endpoint={NET}{n}:{port}" for n, *_ in devices.values()
                 if n != 1]
    return start_snmpsim({d: walk for d in devices}, port, address=NET + "1",
                         directory=directory, extra_args=endpoints)


def inventory(sim: SnmpSim, devices: dict[str, tuple[int, str, str, str]] = DEVICES) -> str:
    lines = ["snmp_profiles:",
             f"  sim: {{version: 2c, community: plain:x, port: {sim.port}, timeout_s: 1, "
             "retries: 1}", "agencies:", AGENCIES.rstrip(), "devices:"]
    for d, (n, agency, role, reach) in devices.items():
        # reach: none, and no SNMP either: a device netmon cannot ask (unknown, always)
        snmp = f", snmp: {{profile: sim, community: 'plain:{d}'}}" if reach != "none" else ""
        lines.append(f"  - {{id: {d}, agency: {agency}, role: {role}, address: {NET}{n}, "
                     f"reach: {reach}{snmp}}}")
    return "\n".join(lines) + "\n"


TIMING = """\
poll: {interval_s: 8, reachability_interval_s: 2, deadline_s: 6, stale_after_s: 3600,
       down_after: 2}
ping: {count: 1, timeout_s: 1.0}
"""


@dataclass
class Proc:
    name: str
    args: list[str]
    log: Path
    proc: subprocess.Popen[bytes] | None = None

    def text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


@dataclass
class SitesLab:
    root: Path
    rabbit: Rabbit
    sim: SnmpSim
    influx: Influxd | None
    inventory: Path
    procs: list[Proc] = field(default_factory=list)
    broker_extra: str = ""

    def config(self, name: str, user: str | None, *, influx: bool = False,
               tls: bool = False) -> Path:
        """A process's config; ``user`` None: no broker (a single machine)."""
        path = self.root / f"{name}.yaml"
        influx_line = (f'influxdb: {{url: "{self.influx.url}", api: v1, database: netmon, '
                       "timeout_s: 3}\n") if influx and self.influx else ""
        if tls:
            assert self.rabbit.tls_port is not None
            url = f"amqps://127.0.0.1:{self.rabbit.tls_port}/{self.rabbit.vhost}"
            url += f"\n  tls: {{ca_file: {self.rabbit.ca_file}}}"
        else:
            url = f"amqp://127.0.0.1:{self.rabbit.port}/{self.rabbit.vhost}"
        text = f"inventory: {self.inventory}\ndata_dir: {self.root / name}\n{influx_line}{TIMING}"
        if user is None:
            path.write_text(text, encoding="utf-8")
            return path
        path.write_text(text + f"""\
broker:
  url: {url}
  username: {user}
  password: env:NETMON_BROKER_PASSWORD
  heartbeat_s: 4
  lease_ping_s: 1
  site_heartbeat_s: 1
  coverage_every_s: 1
  health_every_s: 1
  part_max_polls: 3
  delivery_limit: 3
{self.broker_extra}""", encoding="utf-8")
        return path

    def start(self, name: str, *args: str, password: str) -> Proc:
        log = self.root / f"{name}.log"
        p = Proc(name, [sys.executable, "-m", "netmon", *args], log)
        with log.open("ab") as f:
            p.proc = subprocess.Popen(p.args, stdout=f, stderr=subprocess.STDOUT,
                                      env={**os.environ, "NETMON_BROKER_PASSWORD": password})
        self.procs.append(p)
        return p

    def site(self, site: str, poller: str, *, tls: bool = False) -> Proc:
        cfg = self.config(poller, site_user(site), tls=tls)
        return self.start(poller, "--config", str(cfg), "-v", "daemon", "--site", site,
                          "--poller", poller, password=PASSWORDS[site])

    def single(self, name: str) -> Proc:
        """A single machine polling every device, as netmon always did."""
        cfg = self.config(name, None)
        return self.start(name, "--config", str(cfg), "-v", "daemon", password="")

    def ingest(self, name: str) -> Proc:
        cfg = self.config("centre", "netmon-centre", influx=True)
        return self.start(name, "--config", str(cfg), "-v", "ingest", "--name", name,
                          password=PASSWORDS["centre"])

    def netmon(self, config: str, *args: str, password: str = PASSWORDS["centre"],
               timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "netmon", "--config",
                               str(self.root / f"{config}.yaml"), *args],
                              capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "NETMON_BROKER_PASSWORD": password})

    def sites_procs(self) -> list[Proc]:
        return [p for p in self.procs if p.name.split("-")[0] in SITES]

    def ingesters(self) -> list[Proc]:
        return [p for p in self.procs if p.name.startswith("ingest")]

    @property
    def db(self) -> Influxd:
        assert self.influx is not None
        return self.influx

    def stop_all(self) -> None:
        self.stop(self.procs)

    def stop(self, procs: list[Proc]) -> None:
        """SIGTERM, and wait for them to exit (a site poller gives its outbox 10 s)."""
        for p in procs:
            if p.alive:
                assert p.proc is not None
                p.proc.send_signal(signal.SIGTERM)
        for p in procs:
            if p.proc is not None:
                try:
                    p.proc.wait(30)
                except subprocess.TimeoutExpired:
                    p.proc.kill()
                    p.proc.wait(10)

    def kill(self, p: Proc) -> None:
        assert p.proc is not None
        p.proc.send_signal(signal.SIGKILL)
        p.proc.wait(10)


PUBLISHED = re.compile(r"site (\S+): (\w+) poll (\w+): (\d+) devices in (\d+) part")
ABSORBED = re.compile(r"site (\S+): (\w+) poll (\w+) part (\d+)/(\d+) seq (\d+)"
                      r"( \(redelivered\))?: (\d+) applied(, a duplicate)?")


def own_tracebacks(text: str) -> list[str]:
    """Tracebacks in a log, but for pysnmp's "Unregistered transport" (a late reply to a
    request already answered, logged by asyncio inside pysnmp under heavy load; the poll is
    not affected)."""
    blocks = text.split("Traceback (most recent call last):")[1:]
    return [b[:2000] for b in blocks if "Unregistered transport" not in b.split("\n\n")[0]]


def published(procs: list[Proc]) -> dict[str, int]:
    """poll id -> devices, for every poll the site pollers put in their outboxes."""
    out: dict[str, int] = {}
    for p in procs:
        for m in PUBLISHED.finditer(p.text()):
            out[m.group(3)] = int(m.group(4))
    return out


@dataclass
class Absorbed:
    applied: Counter[str]  # poll id -> device polls applied, over every ingester
    site: dict[str, str]  # poll id -> its site
    duplicates: int  # messages recognised as applied already
    redelivered: int  # messages the broker delivered again


def absorbed(procs: list[Proc]) -> Absorbed:
    applied: Counter[str] = Counter()
    site: dict[str, str] = {}
    duplicates = redelivered = 0
    for p in procs:
        for m in ABSORBED.finditer(p.text()):
            applied[m.group(3)] += int(m.group(8))
            site[m.group(3)] = m.group(1)
            duplicates += bool(m.group(9))
            redelivered += bool(m.group(7))
    return Absorbed(applied, site, duplicates, redelivered)


def wait_for(what: str, check: Callable[[], bool], timeout_s: float = 60.0,
             every_s: float = 0.25) -> float:
    """Seconds it took; AssertionError after ``timeout_s`` (bounded)."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout_s:
        if check():
            return time.monotonic() - t0
        time.sleep(every_s)
    raise AssertionError(f"timed out after {timeout_s:g} s waiting for {what}")


def start_world(root: Path) -> tuple[Rabbit, SnmpSim]:
    """The broker (with a TLS listener too) and the simulated devices."""
    root.mkdir(parents=True, exist_ok=True)
    rabbit = start_rabbitmq(root / "rabbit", users(), tls=True)
    try:
        return rabbit, start_sim(root / "sim", DEVICES)
    except BaseException:
        rabbit.close()
        raise


def new_lab(root: Path, rabbit: Rabbit, sim: SnmpSim, influx: Influxd | None) -> SitesLab:
    root.mkdir(parents=True, exist_ok=True)
    inv = root / "inventory.yaml"
    inv.write_text(inventory(sim), encoding="utf-8")
    return SitesLab(root, rabbit, sim, influx, inv)


# --- talking to the broker from the test --------------------------------------------------

def amqp(rabbit: Rabbit, user: str, password: str,
         work: Callable[[Any], Coroutine[Any, Any, T]]) -> T:
    """Run ``work(channel)`` on a fresh connection as ``user``."""
    import aio_pika

    async def main() -> T:
        conn = await aio_pika.connect(host="127.0.0.1", port=rabbit.port, login=user,
                                      password=password, virtualhost=rabbit.vhost, timeout=20)
        try:
            channel = await conn.channel(publisher_confirms=True, on_return_raises=True)
            return await work(channel)
        finally:
            await conn.close()

    return asyncio.run(main())


def centre(rabbit: Rabbit, work: Callable[[Any], Coroutine[Any, Any, T]]) -> T:
    return amqp(rabbit, "netmon-centre", PASSWORDS["centre"], work)


def depth(rabbit: Rabbit, queue: str) -> int:
    async def work(channel: Any) -> int:
        q = await channel.declare_queue(queue, passive=True)
        return int(q.declaration_result.message_count)

    return centre(rabbit, work)


def reset_broker(rabbit: Rabbit) -> None:
    """Delete netmon's queues: each test starts from an empty broker (ingest declares)."""
    from netmon.monitor.broker import topology

    async def work(channel: Any) -> None:
        names = [topology.DEAD_QUEUE, topology.BEAT_QUEUE]
        names += [f(s) for s in SITES for f in (topology.obs_queue, topology.lease_queue)]
        for name in names:
            await channel.queue_delete(name)

    centre(rabbit, work)


def silent_polls(device: str, address: str, start: datetime, n: int, outbox: str,
                 site: str = "north") -> list[str]:
    """``n`` one-poll messages saying ``device`` was silent, numbered 1..n in ``outbox``:
    what a site's poller would send for a device that stopped answering."""
    from netmon.collectors.observation import ReachabilityResult, Status
    from netmon.monitor.broker import codec
    from netmon.monitor.runner import DevicePoll, summarize
    from netmon.target import Target

    out = []
    for i in range(n):
        at = start + timedelta(seconds=i)
        reach = ReachabilityResult(device, address, "icmp", Status.TIMEOUT, None, 100.0, at)
        poll = DevicePoll(Target(device, address), reach, None, None, None, Status.TIMEOUT,
                          at, 0.01)
        (env,) = codec.split(site, "test-poller", f"synthetic{i:05d}", "reachability", at,
                             summarize([poll], 0.01), [poll], 10)
        out.append(codec.encode(dataclasses.replace(env, outbox=outbox, seq=i + 1)))
    return out


async def publish(channel: Any, key: str, bodies: list[str], user: str) -> None:
    import aio_pika

    from netmon.monitor.broker import topology

    exchange = await channel.get_exchange(topology.EXCHANGE, ensure=False)
    for chunk in range(0, len(bodies), 100):
        await asyncio.gather(*(exchange.publish(aio_pika.Message(
            b.encode(), delivery_mode=aio_pika.DeliveryMode.PERSISTENT, user_id=user,
            content_type="application/json"), key, mandatory=True)
            for b in bodies[chunk:chunk + 100]))
