"""The SSH concurrency bound holds (issue 8 section 4), against real SSH test servers.

More devices than workers, some of them slow (their `show` commands answer after
30 s): every fast device still connects and answers, the slow ones end before the
deadline they were given, and the servers, which count the SSH connections open at
once across all of them, never see more than ``max_workers``. The same holds for a
caller that gives up early, as the runner's ``wait_for`` did: a cancelled
``collect()`` never leaves a session running behind the bound.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from netmon.collectors.observation import Observation, Status
from netmon.collectors.ssh import HostKeyStore, SshCollector, session_margin
from netmon.target import SshCredentials, Target
from tests.peers.sshd import DeviceHandle, SessionCounter, start_device_server

pytestmark = [pytest.mark.integration]

USER, PASSWORD = "netmon", "Zq7-secret-Vb"
WORKERS = 2
SLOW_S = 30.0  # far beyond any deadline below: a slow device never answers in time
TIMEOUT_S = 10.0  # netmiko's own read timeout: without the session bound it would wait this


@pytest.fixture
def servers() -> Iterator[list[DeviceHandle]]:
    started: list[DeviceHandle] = []
    yield started
    for h in started:
        h.stop()


def fleet(servers: list[DeviceHandle], counter: SessionCounter, slow: int,
          fast: int) -> tuple[list[Target], list[Target]]:
    """Slow devices first, so that they hold every worker when the fast ones arrive."""
    def one(i: int, delay_s: float) -> Target:
        h = start_device_server("cisco_ios", None, USER, PASSWORD, hostname=f"r{i}",
                                delay_s=delay_s, sessions=counter)
        servers.append(h)
        creds = SshCredentials(platform="cisco_ios", username=USER,
                               password=SecretStr(PASSWORD), port=h.port, timeout_s=TIMEOUT_S)
        return Target(f"d{i}", "127.0.0.1", ssh=creds)

    slow_t = [one(i, SLOW_S) for i in range(slow)]
    fast_t = [one(slow + i, 0.0) for i in range(fast)]
    return slow_t, fast_t


def settle(counter: SessionCounter, limit_s: float = 5.0) -> None:
    """Until the servers have seen every connection close (bounded)."""
    end = time.monotonic() + limit_s
    while counter.current and time.monotonic() < end:
        time.sleep(0.05)


def test_slow_devices_never_push_the_bound_nor_starve_fast_ones(
        tmp_path: Path, servers: list[DeviceHandle]) -> None:
    counter = SessionCounter()
    slow, fast = fleet(servers, counter, slow=3, fast=6)
    deadline = 2.0
    netmiko_filters = len(logging.getLogger("netmiko").filters)
    c = SshCollector(HostKeyStore(tmp_path / "kh"), max_workers=WORKERS)
    try:
        async def run() -> list[Observation]:
            return list(await asyncio.gather(*(c.collect(t, deadline_s=deadline)
                                               for t in [*slow, *fast])))
        results = asyncio.run(run())
    finally:
        c.close()
    settle(counter)
    by_id = {o.target_id: o for o in results}
    for t in fast:
        assert by_id[t.id].status is Status.OK, by_id[t.id].error
    for h in servers[3:]:
        assert h.auth_attempts == 1 and "show inventory" in h.commands_seen
    for t in slow:
        o = by_id[t.id]
        assert o.status is Status.TIMEOUT, o.error
        assert "deadline" in (o.error or "")
        # The session's clock starts when a worker takes it, and it ends before it runs
        # out: the margin is left for closing and parsing.
        assert o.duration_s < deadline, o.duration_s
        assert o.duration_s > deadline - session_margin(deadline) - 0.5
    for h in servers[:3]:
        assert "show version" in h.commands_seen  # they did log in and ask
    assert counter.total == len(servers) * 2  # the host-key fetch, then the session
    assert counter.peak == WORKERS
    assert counter.current == 0
    # netmiko adds a log filter per connection; a daemon must not pile them up.
    assert len(logging.getLogger("netmiko").filters) == netmiko_filters


def test_a_caller_that_gives_up_frees_the_slot(tmp_path: Path,
                                               servers: list[DeviceHandle]) -> None:
    """As today's runner does: wait_for() around collect(), shorter than the session."""
    counter = SessionCounter()
    slow, fast = fleet(servers, counter, slow=4, fast=4)
    c = SshCollector(HostKeyStore(tmp_path / "kh"), max_workers=WORKERS)
    try:
        async def impatient() -> list[BaseException | Observation]:
            return list(await asyncio.gather(
                *(asyncio.wait_for(c.collect(t, deadline_s=60.0), 1.5) for t in slow),
                return_exceptions=True))

        t0 = time.monotonic()
        first = asyncio.run(impatient())
        assert all(isinstance(r, TimeoutError) for r in first), first
        settle(counter)
        freed_after = time.monotonic() - t0
        # Cancelled: the two running sessions were aborted, the two queued never began.
        assert counter.current == 0 and freed_after < 5.0, freed_after
        assert sum(bool(h.auth_attempts) for h in servers[:4]) == WORKERS

        async def patient() -> list[Observation]:
            return list(await asyncio.gather(*(c.collect(t, deadline_s=5.0) for t in fast)))

        second = asyncio.run(patient())
    finally:
        c.close()
    assert [o.status for o in second] == [Status.OK] * len(fast), [o.error for o in second]
    assert counter.peak == WORKERS
