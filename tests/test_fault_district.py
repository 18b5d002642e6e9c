"""A district where 30 % of the devices are silent (iptables DROP on their 127.60.x addresses)
and 10 % answer very slowly (a relay that delays every SNMP reply by 1 s, before a chassis
with 300 entities).

- `netmon daemon` against it: each inventory cycle ends within its interval, and the slow
  devices are named in netmon_poll's ``slowest`` and in the log.
- 200 fast cycles in-process through the poll API (``Session.poll``, the call the daemon and
  ``netmon scan`` make): no asyncio task, thread, socket or file descriptor leaks. Counted
  after a warm-up and after the 200 cycles.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.fault_kit import Daemon, wait_for
from tests.peers.influxd import Influxd, requires_influxd, start_influxd
from tests.peers.process import terminate
from tests.peers.silence import silenced
from tests.peers.snmpd import Snmpd, requires_snmpd, start_snmpd
from tests.peers.snmpsim import free_udp_port

pytestmark = [pytest.mark.integration, requires_influxd, requires_snmpd]

FAST = [f"127.60.3.{i}" for i in range(1, 13)]  # 12 answer at once
SILENT = [f"127.60.3.{i}" for i in range(13, 19)]  # 6 dropped: 30 %
SLOW = ["127.60.4.1", "127.60.4.2"]  # 2 behind the delaying relay: 10 %
DELAY_S = 1.0  # half the SNMP timeout: every request is answered, late
CHASSIS = "127.60.4.10"
ENT_DESCR = "1.3.6.1.2.1.47.1.1.1.1.2"
INTERVAL_S = 20.0
DEADLINE_S = 8.0


@dataclass
class District:
    agent: Snmpd
    devices: dict[str, str]  # id -> address

    def kind(self, device: str) -> str:
        address = self.devices[device]
        return "slow" if address in SLOW else "silent" if address in SILENT else "fast"


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Iterator[District]:
    """Debian's snmpd answers on the 18 fast and silent addresses (one C process keeps up on
    a loaded machine, where snmpsim would make fast devices slow); the relay process stands
    for the 2 slow ones, in front of a second snmpd playing a big chassis."""
    with ExitStack() as stack:
        for address in SILENT:
            stack.enter_context(silenced(address))  # removed again whatever happens
        port = free_udp_port(FAST[0])
        others = ",".join(f"udp:{a}:{port}" for a in FAST[1:] + SILENT)
        agent = start_snmpd(tmp_path_factory.mktemp("district-snmpd"), port=port,
                            address=FAST[0], extra_config=[f"agentAddress {others}"])
        stack.callback(agent.stop)
        # The slow ones are big chassis too: 300 ENTITY-MIB rows take a dozen GETBULK round
        # trips, each answered DELAY_S late, so their walk runs into the device deadline.
        chassis = start_snmpd(tmp_path_factory.mktemp("district-chassis"), address=CHASSIS,
                              community=agent.community, extra_config=[
                                  f'override {ENT_DESCR}.{i} octet_str "line card {i}"'
                                  for i in range(1, 301)])
        stack.callback(chassis.stop)
        relay = subprocess.Popen(
            [sys.executable, "-m", "tests.fault_relay", *(f"--listen={a}:{port}" for a in SLOW),
             f"--upstream={CHASSIS}:{chassis.port}", f"--delay={DELAY_S}"],
            stdout=subprocess.PIPE, cwd=Path(__file__).resolve().parents[1])
        stack.callback(terminate, relay)
        assert relay.stdout is not None and relay.stdout.readline() == b"relay ready\n"
        addresses = FAST + SILENT + SLOW
        yield District(agent, {f"d{i + 1:02d}": a for i, a in enumerate(addresses)})


def inventory(path: Path, d: District) -> Path:
    lines = [f"snmp_profiles:\n  sim: {{version: 2c, community: 'plain:{d.agent.community}', "
             f"port: {d.agent.port}, timeout_s: 2, retries: 0}}",
             "agencies:\n  - {id: hk, name: Quận Hoàn Kiếm, level: district}",
             "devices:"]
    for device, address in d.devices.items():
        lines.append(f"  - {{id: {device}, agency: hk, role: wan_router, address: {address}, "
                     "snmp: sim}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def config(tmp_path: Path, d: District, influx_url: str, interval_s: float = INTERVAL_S,
           deadline_s: float = DEADLINE_S) -> Path:
    inv = inventory(tmp_path / "inventory.yaml", d)
    path = tmp_path / "netmon.yaml"
    path.write_text(
        f"inventory: {inv}\ndata_dir: {tmp_path / 'data'}\n"
        f"influxdb: {{url: '{influx_url}', api: v1, database: netmon, timeout_s: 3}}\n"
        f"poll: {{interval_s: {interval_s}, reachability_interval_s: {interval_s}, "
        f"deadline_s: {deadline_s}, concurrency: 64}}\n"
        "ping: {count: 1, timeout_s: 0.5}\n", encoding="utf-8")
    return path


@pytest.fixture
def influxd(tmp_path: Path) -> Iterator[Influxd]:
    server = start_influxd(tmp_path / "influxd")
    try:
        yield server
    finally:
        server.stop()


def test_cycle_ends_within_its_interval_and_names_the_slow(tmp_path: Path, district: District,
                                                           influxd: Influxd) -> None:
    daemon = Daemon(config(tmp_path, district, influxd.url), tmp_path / "daemon.log")
    query = 'SELECT * FROM "netmon_poll" WHERE "collector" = \'inventory\''
    try:
        wait_for("three inventory cycles", lambda: len(influxd.query(query)) >= 3,
                 timeout_s=4 * INTERVAL_S + 30)
    finally:
        assert daemon.stop() == 0, daemon.text()
    polls = influxd.query(query)
    slow = {d for d in district.devices if district.kind(d) == "slow"}
    for k, poll in enumerate(polls):
        print(f"\ninventory cycle {k} of 20 devices (6 silent, 2 slow): "
              f"{poll['duration_s']:.2f} s (interval {INTERVAL_S:g} s, deadline "
              f"{DEADLINE_S:g} s); {poll['ok']} ok; slowest: {poll['slowest']}")
        assert poll["targets"] == 20 and poll["failed"] >= len(SILENT)
        assert poll["duration_s"] < INTERVAL_S, poll
        if k == 0:
            continue  # the first cycle also pays pysnmp's per-target warm-up
        named = re.findall(r"(d\d\d) [\d.]+s", poll["slowest"])
        assert set(named[:2]) == slow, poll["slowest"]
    text = daemon.text()
    logged = re.findall(r"inventory poll: .*; slowest (d\d\d) ", text)
    assert len(logged) == len(polls) and set(logged[1:]) <= slow, text[-3000:]
    assert "Traceback" not in text


# --- leaks -------------------------------------------------------------------------------------

def census(old: frozenset[int] = frozenset()) -> dict[str, int]:
    """What this process holds: asyncio tasks, threads, file descriptors, sockets. Threads
    of asyncio.to_thread's default executor (a pool that grows on demand up to a fixed
    bound) are counted apart: "pool threads" are those not among ``old``, i.e. this loop's."""
    fds = os.listdir("/proc/self/fd")
    sockets = 0
    for fd in fds:
        try:
            sockets += os.readlink(f"/proc/self/fd/{fd}").startswith("socket:")
        except OSError:
            continue  # the listing's own descriptor, closed meanwhile
    threads = [t for t in threading.enumerate() if t.ident not in old]
    pool = sum(t.name.startswith("asyncio_") for t in threads)
    return {"tasks": len(asyncio.all_tasks()), "threads": len(threads) - pool,
            "pool threads": pool, "fds": len(fds), "sockets": sockets}


def thread_ids() -> frozenset[int]:
    return frozenset(t.ident for t in threading.enumerate() if t.ident is not None)


CYCLES = 200
WARMUP = 20


def test_200_fast_cycles_leak_nothing(tmp_path: Path, district: District,
                                      influxd: Influxd) -> None:
    # The poll API the daemon and `netmon scan` share: the session.
    from netmon.inventory import load
    from netmon.monitor.config import load_settings
    from netmon.monitor.session import Session

    settings = load_settings(config(tmp_path, district, influxd.url, interval_s=1,
                                    deadline_s=1.0))
    inv = load(settings.inventory or "")
    targets = [inv.target(d) for d in inv.devices]
    figures: dict[str, dict[str, int]] = {}
    lingering: list[str] = []

    async def run() -> None:
        old = thread_ids()  # threads of earlier tests and fixtures are not ours to count
        figures["before"] = census(old)
        session = Session.open(settings, inv)
        for i in range(WARMUP + CYCLES):
            if i == WARMUP:
                figures["after warm-up"] = census(old)
            # one full inventory cycle in ten, reachability in the others, as the daemon does
            await session.poll(targets, scope="all", facts=i % 10 == 0)
        figures[f"after {CYCLES} more"] = census(old)
        await session.aclose()
        session.close()
        figures["after close"] = census(old)
        lingering.extend(repr(t.get_coro()) for t in asyncio.all_tasks()
                         if t is not asyncio.current_task())

    asyncio.run(run())
    print(f"\n{CYCLES} cycles, 20 devices (6 silent, 2 slow): {figures}; tasks left after "
          f"close: {lingering}")
    after, warm = dict(figures[f"after {CYCLES} more"]), dict(figures["after warm-up"])
    assert after.pop("pool threads") <= min(32, (os.cpu_count() or 1) + 4)  # its bound
    warm.pop("pool threads")
    assert after == warm, figures
    points = influxd.query('SELECT count("targets") FROM "netmon_poll"')
    assert points and points[0]["count"] == WARMUP + CYCLES


def test_close_gives_back_every_socket_and_task(tmp_path: Path, district: District) -> None:
    from netmon.inventory import load
    from netmon.monitor.config import load_settings
    from netmon.monitor.session import Session

    settings = load_settings(config(tmp_path, district, "", interval_s=1, deadline_s=1.0))
    inv = load(settings.inventory or "")
    targets = [inv.target(d) for d in inv.devices]
    figures: dict[str, dict[str, int]] = {}

    async def run() -> None:
        figures["before"] = census()
        session = Session(settings, inv)
        for i in range(3):
            await session.poll(targets, scope="all", facts=i == 0)
        await session.aclose()
        figures["after close"] = census()

    asyncio.run(run())
    before, closed = figures["before"], figures["after close"]
    assert (closed["tasks"], closed["sockets"], closed["fds"]) == \
        (before["tasks"], before["sockets"], before["fds"]), figures
