"""Reachability against the real kernel: ICMP to loopback, made silent by iptables for real."""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from netmon.collectors.observation import ReachabilityResult, Status
from netmon.collectors.reachability import Pinger, PingSettings, ReachabilityCollector, tcp_probe
from netmon.monitor.device_state import Evidence, evidence
from netmon.target import Target
from tests.peers.silence import silenced

SILENT = "127.77.0.3"


def heard(r: ReachabilityResult) -> Evidence:
    """What the one place that decides makes of a probe's result."""
    return evidence(r.status, r.method)


def _can_open_icmp() -> bool:
    for kind in (socket.SOCK_RAW, socket.SOCK_DGRAM):
        try:
            socket.socket(socket.AF_INET, kind, socket.IPPROTO_ICMP).close()
            return True
        except OSError:
            continue
    return False


needs_icmp = pytest.mark.skipif(not _can_open_icmp(), reason="no ICMP socket allowed here "
                                "(not root, and net.ipv4.ping_group_range excludes us)")


@pytest.fixture
def silent_address() -> Iterator[str]:
    """An iptables DROP rule on one 127.x address, removed after the test."""
    with silenced(SILENT) as address:
        yield address


@needs_icmp
def test_ping_loopback_up_and_dropped_address_down(silent_address: str) -> None:
    async def main() -> list:  # type: ignore[type-arg]
        pinger = Pinger(PingSettings(count=3, interval_s=0.01, timeout_s=0.5))
        try:
            return await asyncio.gather(
                pinger.ping("a", "127.0.0.1"), pinger.ping("b", "127.12.34.56"),
                pinger.ping("c", silent_address))
        finally:
            pinger.close()

    up1, up2, down = asyncio.run(main())
    assert heard(up1) is Evidence.ANSWERED and up1.status is Status.OK and up1.loss_pct == 0.0
    assert up1.rtt_ms is not None and up1.rtt_ms >= 0
    assert heard(up2) is Evidence.ANSWERED
    assert heard(down) is Evidence.SILENT and down.status is Status.TIMEOUT
    assert down.loss_pct == 100.0 and down.rtt_ms is None


@needs_icmp
def test_ping_ipv6_loopback() -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6")

    async def main():  # type: ignore[no-untyped-def]
        pinger = Pinger(PingSettings(count=2, interval_s=0.01, timeout_s=0.5))
        try:
            return await pinger.ping("v6", "::1")
        finally:
            pinger.close()

    r = asyncio.run(main())
    assert heard(r) is Evidence.ANSWERED, r


def test_many_hosts_at_once() -> None:
    if not _can_open_icmp():
        pytest.skip("no ICMP socket")

    async def main():  # type: ignore[no-untyped-def]
        pinger = Pinger(PingSettings(count=2, interval_s=0.0, timeout_s=1.0))
        try:
            return await asyncio.gather(*(pinger.ping(str(i), f"127.0.{i // 200}.{i % 200 + 1}")
                                          for i in range(400)))
        finally:
            pinger.close()

    results = asyncio.run(main())
    assert [r.target_id for r in results] == [str(i) for i in range(400)]
    assert all(heard(r) is Evidence.ANSWERED for r in results)


def test_tcp_probe_open_refused_and_silent(silent_address: str) -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    try:
        up = asyncio.run(tcp_probe("t", "127.0.0.1", port, 1.0))
        refused = asyncio.run(tcp_probe("t", "127.0.0.1", closed_port, 1.0))
        silent = asyncio.run(tcp_probe("t", silent_address, 22, 0.5))
    finally:
        server.close()
    assert heard(up) is Evidence.ANSWERED and up.method == "tcp"
    # A refused connection is an answer from the host: it is up.
    assert heard(refused) is Evidence.ANSWERED and "refused" in (refused.error or "")
    assert heard(silent) is Evidence.SILENT and silent.status is Status.TIMEOUT


def test_collector_chooses_method_and_never_raises() -> None:
    c = ReachabilityCollector(Pinger(PingSettings(count=1, timeout_s=0.3)))
    none = asyncio.run(c.check(Target("n", "127.0.0.1", reach_method="none")))
    assert heard(none) is Evidence.NOT_ASKED
    no_snmp = asyncio.run(c.check(Target("s", "127.0.0.1", reach_method="snmp")))
    assert heard(no_snmp) is Evidence.NOT_ASKED and no_snmp.status is Status.UNSUPPORTED
    bad = asyncio.run(c.check(Target("b", "not-an-address")))
    assert heard(bad) is Evidence.NOT_ASKED, "a poller fault is unknown, never down"


GROUP_RANGE = Path("/proc/sys/net/ipv4/ping_group_range")


@pytest.fixture
def ping_group_allowed() -> Iterator[None]:
    """Let our group use the kernel's unprivileged ICMP sockets, and put the setting back."""
    if os.geteuid() != 0 or not GROUP_RANGE.exists():
        pytest.skip("needs root to widen net.ipv4.ping_group_range")
    before = GROUP_RANGE.read_text()
    low, high = (int(x) for x in before.split())
    if not low <= os.getegid() <= high:
        try:
            GROUP_RANGE.write_text(f"{os.getegid()} {os.getegid()}\n")
        except OSError as exc:  # a read-only /proc/sys (some containers)
            pytest.skip(f"cannot set net.ipv4.ping_group_range: {exc.strerror}")
    try:
        yield
    finally:
        GROUP_RANGE.write_text(before)


def test_unprivileged_datagram_socket(ping_group_allowed: None, silent_address: str) -> None:
    """The path used without root or CAP_NET_RAW: SOCK_DGRAM ICMP, identifier set by the kernel."""

    async def main():  # type: ignore[no-untyped-def]
        pinger = Pinger(PingSettings(count=2, interval_s=0.01, timeout_s=0.5,
                                     socket_kind="datagram"))
        try:
            results = await asyncio.gather(pinger.ping("a", "127.0.0.1"),
                                           pinger.ping("b", silent_address))
            return results, [s.raw for s in pinger._sockets.values()]
        finally:
            pinger.close()

    (up, down), raw = asyncio.run(main())
    assert raw == [False], "the datagram socket was used, not a raw one"
    assert heard(up) is Evidence.ANSWERED and up.rtt_ms is not None
    assert heard(down) is Evidence.SILENT and down.status is Status.TIMEOUT
