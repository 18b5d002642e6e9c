"""One UDP socket per event loop and address family, many outstanding requests on it.

Why one socket: a socket and a task per device cost a file descriptor and a wake-up each;
a shared socket with a table of pending requests keyed by request-id does the same work
with one reader callback (benchmarks/README.md). Every datagram is checked before it is
believed:

- its request-id must be pending (a late, duplicated or forged answer is counted and
  dropped);
- it must come from the address and port the request went to (a response from anyone
  else is dropped: request-ids are guessable, source checks make spoofing harder);
- it must decode (``ber.decode``); a malformed datagram that matches a request is
  remembered, so that a request that only ever got garbage fails as ``parse_error``
  rather than ``timeout``.

Retries reuse the request-id, so a slow first answer still counts. Each attempt waits
``min(timeout, time left before the caller's deadline)``.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from netmon.collectors.snmp.ber import (
    MAX_MESSAGE,
    RESPONSE,
    BerError,
    Response,
    decode,
    peek_request_id,
)

RCVBUF_BYTES = 4 * 1024 * 1024
MAX_REQUEST_ID = 2**31 - 1


class RequestTimeout(Exception):
    """No valid answer within the attempts (``malformed`` counts garbage that matched)."""

    def __init__(self, malformed: int, cut: bool) -> None:
        super().__init__("no answer")
        self.malformed = malformed
        self.cut = cut  # the caller's deadline ended it, not the retries


@dataclass(slots=True)
class _Pending:
    future: asyncio.Future[Response]
    peer: tuple[str, int]
    payload: bytes
    attempts_left: int
    timeout_s: float
    deadline: float | None
    malformed: int = 0
    handle: asyncio.TimerHandle | None = field(default=None)


@dataclass
class Counters:
    """What the socket threw away, for benchmarks and tests."""

    sent: int = 0
    received: int = 0
    stray: int = 0       # request-id not pending (late, duplicate, forged)
    wrong_source: int = 0
    malformed: int = 0


class Dispatcher(asyncio.DatagramProtocol):
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.transport: asyncio.DatagramTransport | None = None
        self.pending: dict[int, _Pending] = {}
        self.counters = Counters()
        self._random = random.Random()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)
        sock = transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RCVBUF_BYTES)
        # asyncio's selector transport reads each datagram into a 256 KiB buffer
        # (``max_size``, CPython 3.11): an allocation that size is an mmap and munmap per
        # datagram, ~50 µs, five times the read itself (benchmarks/README.md, scan
        # district). No UDP payload is larger than MAX_MESSAGE, so nothing is cut.
        if isinstance(getattr(transport, "max_size", None), int):
            setattr(transport, "max_size", MAX_MESSAGE)  # noqa: B010 (not in the stubs)

    def new_request_id(self) -> int:
        """Random, not sequential: an agent that answers with a request-id off by one
        must not hit another request in flight to the same device."""
        rid = self._random.randint(1, MAX_REQUEST_ID)
        while rid in self.pending:
            rid = self._random.randint(1, MAX_REQUEST_ID)
        return rid

    def datagram_received(self, data: bytes, addr: Any) -> None:
        self.counters.received += 1
        try:
            rid = peek_request_id(data)
        except BerError:
            self.counters.malformed += 1
            return
        pending = self.pending.get(rid)
        if pending is None or pending.future.done():
            self.counters.stray += 1
            return
        if (addr[0], addr[1]) != pending.peer:
            self.counters.wrong_source += 1
            return
        try:
            response = decode(data)
        except BerError:
            self.counters.malformed += 1
            pending.malformed += 1
            return
        if response.pdu_type != RESPONSE:
            pending.malformed += 1
            return
        pending.future.set_result(response)

    def error_received(self, exc: Exception) -> None:
        """ICMP errors on an unconnected socket cannot be tied to a request: ignore."""

    def connection_lost(self, exc: Exception | None) -> None:
        for pending in list(self.pending.values()):
            if not pending.future.done():
                pending.future.set_exception(ConnectionError("SNMP socket closed"))

    async def request(self, peer: tuple[str, int], build: Callable[[int], bytes],
                      timeout_s: float, retries: int, deadline: float | None) -> Response:
        """Send ``build(request_id)`` to ``peer`` and wait for its matching response."""
        if self.transport is None or self.transport.is_closing():
            raise ConnectionError("SNMP socket closed")
        rid = self.new_request_id()
        future: asyncio.Future[Response] = self.loop.create_future()
        pending = _Pending(future, peer, build(rid), retries + 1, timeout_s, deadline)
        self.pending[rid] = pending
        try:
            self._attempt(rid, pending)
            return await future
        finally:
            del self.pending[rid]
            if pending.handle is not None:
                pending.handle.cancel()

    def _attempt(self, rid: int, pending: _Pending) -> None:
        if pending.future.done():
            return
        wait = pending.timeout_s
        if pending.deadline is not None:
            wait = min(wait, pending.deadline - time.monotonic())
        if pending.attempts_left <= 0 or wait <= 0:
            cut = pending.attempts_left > 0
            pending.future.set_exception(RequestTimeout(pending.malformed, cut))
            return
        pending.attempts_left -= 1
        assert self.transport is not None
        try:
            self.transport.sendto(pending.payload, pending.peer)
        except OSError as exc:
            pending.future.set_exception(exc)
            return
        self.counters.sent += 1
        pending.handle = self.loop.call_later(wait, self._attempt, rid, pending)


class _Dispatchers:
    """A dispatcher per (event loop, address family); a loop's sockets die with it."""

    def __init__(self) -> None:
        self._by_loop: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, dict[int, asyncio.Future[Dispatcher]]
        ] = weakref.WeakKeyDictionary()

    async def get(self, family: int) -> Dispatcher:
        loop = asyncio.get_running_loop()
        mine = self._by_loop.setdefault(loop, {})
        opening = mine.get(family)
        if opening is not None and opening.done() and (
                opening.exception() is not None or _closed(opening.result())):
            opening = None
        if opening is None:  # one opener; concurrent first requests wait for it
            opening = mine[family] = loop.create_future()
            bind = ("::", 0) if family == socket.AF_INET6 else ("0.0.0.0", 0)
            try:
                _t, dispatcher = await loop.create_datagram_endpoint(
                    lambda: Dispatcher(loop), local_addr=bind, family=family)
            except OSError as exc:
                opening.set_exception(exc)
                opening.exception()  # retrieved: the next caller retries
                raise
            opening.set_result(dispatcher)
        if opening.done():  # open (checked above): every request but the first few
            return opening.result()
        return await asyncio.shield(opening)

    def close_all(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        for opening in self._by_loop.pop(loop, {}).values():
            if opening.done() and opening.exception() is None \
                    and opening.result().transport is not None:
                transport = opening.result().transport
                assert transport is not None
                transport.close()

    def counters(self) -> Counters:
        """The running loop's counters added up (benchmarks print them)."""
        total = Counters()
        with contextlib.suppress(RuntimeError):
            for opening in self._by_loop.get(asyncio.get_running_loop(), {}).values():
                if not opening.done() or opening.exception() is not None:
                    continue
                d = opening.result()
                for name in ("sent", "received", "stray", "wrong_source", "malformed"):
                    setattr(total, name, getattr(total, name) + getattr(d.counters, name))
        return total


def _closed(dispatcher: Dispatcher) -> bool:
    return dispatcher.transport is None or dispatcher.transport.is_closing()


DISPATCHERS = _Dispatchers()
