"""Is the device there? ICMP echo (rtt, loss), with SNMP or TCP as the fallback.

One ``Pinger`` owns one ICMP socket per address family and matches replies to
requests by (address, identifier, sequence), so hundreds of devices are probed
concurrently over a handful of file descriptors. The socket is a raw socket
when we may open one (root, CAP_NET_RAW), else the unprivileged ICMP datagram
socket where ``net.ipv4.ping_group_range`` allows it. When neither is allowed,
devices whose reach method is ``icmp`` get status ``unsupported`` (reach
unknown), never ``down``: we cannot tell.

A probe reports what happened (a status per method), never a verdict: whether the
device is up, down or unknown is decided in one place, ``netmon.monitor.device_state``.
When ICMP is lost and the device has SNMP, the check confirms with an SNMP GET in the
same cycle (``confirmed_by``), so that a router behind a firewall that drops ICMP is
never taken for a dead one.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import ipaddress
import itertools
import os
import socket
import struct
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

from netmon.collectors.observation import ReachabilityResult, Status
from netmon.target import Target

ICMP_ECHO_REQUEST = 8
ICMP_ECHO_REPLY = 0
ICMP6_ECHO_REQUEST = 128
ICMP6_ECHO_REPLY = 129


@dataclass(frozen=True)
class PingSettings:
    count: int = 3
    interval_s: float = 0.05
    timeout_s: float = 1.0
    # "auto": a raw socket where allowed, else the unprivileged datagram socket;
    # "datagram" skips the raw socket (the kernel's ping sockets even as root).
    socket_kind: Literal["auto", "datagram"] = "auto"


def _checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total: int = sum(struct.unpack(f"!{len(data) // 2}H", data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF


def _echo_packet(v6: bool, ident: int, seq: int, payload: bytes) -> bytes:
    kind = ICMP6_ECHO_REQUEST if v6 else ICMP_ECHO_REQUEST
    header = struct.pack("!BBHHH", kind, 0, 0, ident, seq)
    if v6:  # the kernel fills in the ICMPv6 checksum (it needs the pseudo-header)
        return header + payload
    csum = _checksum(header + payload)
    return struct.pack("!BBHHH", kind, 0, csum, ident, seq) + payload


class _Socket:
    """One ICMP socket (one family), dispatching echo replies to waiting futures."""

    def __init__(self, family: socket.AddressFamily, loop: asyncio.AbstractEventLoop,
                 raw_allowed: bool = True) -> None:
        self.family = family
        self.v6 = family == socket.AF_INET6
        proto = socket.IPPROTO_ICMPV6 if self.v6 else socket.IPPROTO_ICMP
        try:
            if not raw_allowed:
                raise PermissionError("raw sockets not wanted")
            self.sock = socket.socket(family, socket.SOCK_RAW, proto)
            self.raw = True
        except PermissionError:
            # Unprivileged ICMP: the kernel sets the identifier to the socket's port.
            self.sock = socket.socket(family, socket.SOCK_DGRAM, proto)
            self.raw = False
        self.sock.setblocking(False)
        with contextlib.suppress(OSError):
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        self.ident = (os.getpid() ^ id(self)) & 0xFFFF
        if not self.raw:
            self.sock.bind(("::", 0) if self.v6 else ("0.0.0.0", 0))
            self.ident = self.sock.getsockname()[1]
        self.waiting: dict[tuple[str, int], asyncio.Future[float]] = {}
        self.loop = loop
        loop.add_reader(self.sock.fileno(), self._on_readable)

    def _on_readable(self) -> None:
        while True:
            try:
                data, addr = self.sock.recvfrom(2048)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                return
            now = time.perf_counter()
            if self.raw and not self.v6:
                data = data[(data[0] & 0x0F) * 4 :]  # strip the IPv4 header
            if len(data) < 8:
                continue
            kind, _code, _csum, ident, seq = struct.unpack("!BBHHH", data[:8])
            if kind != (ICMP6_ECHO_REPLY if self.v6 else ICMP_ECHO_REPLY):
                continue
            if self.raw and ident != self.ident:
                continue  # another process's ping
            host = str(ipaddress.ip_address(addr[0].split("%")[0]))
            fut = self.waiting.pop((host, seq), None)
            if fut is not None and not fut.done():
                fut.set_result(now)

    def send(self, host: str, seq: int) -> asyncio.Future[float]:
        fut: asyncio.Future[float] = self.loop.create_future()
        self.waiting[(host, seq)] = fut
        packet = _echo_packet(self.v6, self.ident, seq, struct.pack("!d", time.time()) + b"netmon")
        try:
            self.sock.sendto(packet, (host, 0))
        except OSError as exc:
            self.waiting.pop((host, seq), None)
            fut.set_exception(exc)
        return fut

    def forget(self, host: str, seq: int) -> None:
        self.waiting.pop((host, seq), None)

    def close(self) -> None:
        self.loop.remove_reader(self.sock.fileno())
        self.sock.close()


class Pinger:
    """ICMP echo for many hosts at once. Use inside one event loop; ``close()`` after."""

    def __init__(self, settings: PingSettings | None = None) -> None:
        self.settings = settings or PingSettings()
        self._sockets: dict[socket.AddressFamily, _Socket] = {}
        self._seq = itertools.count(1)

    def _socket(self, family: socket.AddressFamily) -> _Socket:
        if family not in self._sockets:
            self._sockets[family] = _Socket(family, asyncio.get_running_loop(),
                                            raw_allowed=self.settings.socket_kind == "auto")
        return self._sockets[family]

    async def ping(self, target_id: str, address: str) -> ReachabilityResult:
        s = self.settings
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return ReachabilityResult(target_id, address, "icmp", Status.INTERNAL,
                                      error=f"not an IP address: {address!r}")
        family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
        try:
            sock = self._socket(family)
        except OSError as exc:
            return ReachabilityResult(target_id, address, "icmp", Status.UNSUPPORTED,
                                      error=f"no ICMP socket: {exc}")
        host = str(ip)
        sent: list[tuple[int, float, asyncio.Future[float]]] = []
        for i in range(s.count):
            if i:
                await asyncio.sleep(s.interval_s)
            seq = next(self._seq) & 0xFFFF
            sent.append((seq, time.perf_counter(), sock.send(host, seq)))
        rtts: list[float] = []
        errors: list[str] = []
        deadline = sent[-1][1] + s.timeout_s
        for seq, t0, fut in sent:
            try:
                t1 = await asyncio.wait_for(fut, max(0.0, deadline - time.perf_counter()))
                rtts.append((t1 - t0) * 1000.0)
            except TimeoutError:
                sock.forget(host, seq)
            except OSError as exc:
                errors.append(exc.strerror or str(exc))
        loss = 100.0 * (s.count - len(rtts)) / s.count
        if rtts:
            return ReachabilityResult(target_id, address, "icmp", Status.OK,
                                      rtt_ms=round(sum(rtts) / len(rtts), 3), loss_pct=loss)
        if errors and len(errors) == s.count:
            # The kernel refused to send (no route, network unreachable): the device is
            # not reachable from here, which is a fact about the network.
            return ReachabilityResult(target_id, address, "icmp", Status.UNREACHABLE,
                                      loss_pct=100.0, error=errors[0])
        return ReachabilityResult(target_id, address, "icmp", Status.TIMEOUT,
                                  loss_pct=100.0)

    def close(self) -> None:
        for sock in self._sockets.values():
            sock.close()
        self._sockets.clear()


async def tcp_probe(target_id: str, address: str, port: int,
                    timeout_s: float = 2.0) -> ReachabilityResult:
    """A TCP connect: refused means the host answered (up); silence means down."""
    t0 = time.perf_counter()
    try:
        _r, w = await asyncio.wait_for(asyncio.open_connection(address, port), timeout_s)
    except TimeoutError:
        return ReachabilityResult(target_id, address, "tcp", Status.TIMEOUT,
                                  loss_pct=100.0)
    except ConnectionRefusedError:
        rtt = (time.perf_counter() - t0) * 1000.0
        return ReachabilityResult(target_id, address, "tcp", Status.OK,
                                  rtt_ms=round(rtt, 3), loss_pct=0.0,
                                  error=f"port {port} refused (host answered)")
    except socket.gaierror as exc:  # a name that does not resolve: our fault, not the device's
        return ReachabilityResult(target_id, address, "tcp", Status.INTERNAL,
                                  error=f"cannot resolve {address!r}: {exc.strerror}")
    except OSError as exc:
        return ReachabilityResult(target_id, address, "tcp", Status.UNREACHABLE,
                                  loss_pct=100.0, error=exc.strerror or str(exc))
    rtt = (time.perf_counter() - t0) * 1000.0
    w.close()
    with contextlib.suppress(OSError):
        await w.wait_closed()
    return ReachabilityResult(target_id, address, "tcp", Status.OK,
                              rtt_ms=round(rtt, 3), loss_pct=0.0)


SnmpProbe = Callable[[Target], Awaitable[tuple[Status, float | None]]]


class ReachabilityCollector:
    """Chooses the probe per target (``Target.reach_method``) and never raises."""

    name = "reachability"

    def __init__(self, pinger: Pinger | None = None, snmp_probe: SnmpProbe | None = None,
                 tcp_timeout_s: float = 2.0) -> None:
        self.pinger = pinger or Pinger()
        self.snmp_probe = snmp_probe
        self.tcp_timeout_s = tcp_timeout_s

    async def check(self, target: Target) -> ReachabilityResult:
        try:
            return await self._check(target)
        except Exception as exc:  # a poller fault is unknown, never down
            return ReachabilityResult(target.id, target.address, target.reach_method,
                                      Status.INTERNAL,
                                      error=f"{type(exc).__name__}: {exc}")

    async def _check(self, target: Target) -> ReachabilityResult:
        method = target.reach_method
        if method == "none":
            return ReachabilityResult(target.id, target.address, "none", Status.UNSUPPORTED,
                                      error="reachability not checked (reach: none)")
        if method == "tcp":
            return await tcp_probe(target.id, target.address, target.tcp_port,
                                   self.tcp_timeout_s)
        if method == "snmp":
            return await self._snmp(target)
        result = await self.pinger.ping(target.id, target.address)
        if result.status in (Status.TIMEOUT, Status.UNREACHABLE) and target.snmp is not None \
                and self.snmp_probe is not None:
            confirm = await self._snmp(target)
            return dataclasses.replace(result, confirmed_by="snmp",
                                       confirm_status=confirm.status)
        return result

    async def _snmp(self, target: Target) -> ReachabilityResult:
        if self.snmp_probe is None or target.snmp is None:  # nothing was asked
            return ReachabilityResult(target.id, target.address, "none", Status.UNSUPPORTED,
                                      error="reach: snmp, but no SNMP profile")
        status, rtt = await self.snmp_probe(target)
        silent = status in (Status.TIMEOUT, Status.UNREACHABLE)
        return ReachabilityResult(target.id, target.address, "snmp", status,
                                  rtt_ms=rtt if status is Status.OK else None,
                                  loss_pct=100.0 if silent else 0.0)
