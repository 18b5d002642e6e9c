"""A very slow SNMP agent: a UDP relay that answers as the real agent behind it, late.

    python -m tests.fault_relay --listen 127.60.4.1:16161 --upstream 127.60.3.1:16161 \\
        --delay 1.5

Every request is passed to the upstream agent (snmpsim) at once and its reply is sent back
``--delay`` seconds later. Its own process, so that a test counting its own threads, sockets
and file descriptors does not count the relay's. One thread, bounded: a request whose upstream
reply does not come within 10 s is forgotten. Loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import sys
from typing import cast


def _endpoint(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not ipaddress.ip_address(host).is_loopback:
        raise SystemExit("the relay serves loopback addresses only")
    return host, int(port)


class _Client(asyncio.DatagramProtocol):
    """One upstream socket per request: the reply is matched to its requester by socket."""

    def __init__(self, reply: asyncio.Future[bytes]) -> None:
        self.reply = reply

    def datagram_received(self, data: bytes, addr: tuple[str | object, int]) -> None:
        if not self.reply.done():
            self.reply.set_result(data)


class _Relay(asyncio.DatagramProtocol):
    def __init__(self, upstream: tuple[str, int], delay: float) -> None:
        self.upstream, self.delay = upstream, delay
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)  # not a subclass at run time

    def datagram_received(self, data: bytes, addr: tuple[str | object, int]) -> None:
        asyncio.get_running_loop().create_task(self._relay(data, addr))

    async def _relay(self, data: bytes, addr: tuple[str | object, int]) -> None:
        loop = asyncio.get_running_loop()
        reply: asyncio.Future[bytes] = loop.create_future()
        t0 = loop.time()
        transport, _ = await loop.create_datagram_endpoint(lambda: _Client(reply),
                                                           remote_addr=self.upstream)
        try:
            transport.sendto(data)
            answer = await asyncio.wait_for(reply, 10)
        except TimeoutError:
            return
        finally:
            transport.close()
        await asyncio.sleep(max(0.0, self.delay - (loop.time() - t0)))
        if self.transport is not None:
            self.transport.sendto(answer, addr)


async def _main(listen: list[tuple[str, int]], upstream: tuple[str, int], delay: float) -> None:
    loop = asyncio.get_running_loop()
    for endpoint in listen:
        await loop.create_datagram_endpoint(lambda: _Relay(upstream, delay),
                                            local_addr=endpoint)
    print("relay ready", flush=True)
    await asyncio.Event().wait()  # until the test terminates the process


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--listen", action="append", required=True)
    p.add_argument("--upstream", required=True)
    p.add_argument("--delay", type=float, required=True)
    a = p.parse_args(argv)
    asyncio.run(_main([_endpoint(x) for x in a.listen], _endpoint(a.upstream), a.delay))


if __name__ == "__main__":
    main(sys.argv[1:])
