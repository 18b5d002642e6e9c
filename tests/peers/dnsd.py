"""A small authoritative DNS server on loopback (dnspython messages over asyncio UDP).

It answers SOA queries for the zones it is given, REFUSED for any other name; with
``silent=True`` it reads queries and never answers (a dead name server).
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass

import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset


@dataclass
class DnsServer:
    port: int
    loop: asyncio.AbstractEventLoop
    thread: threading.Thread
    transport: asyncio.DatagramTransport
    queries: int = 0

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.transport.close)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)


def start_dns(zones: dict[str, int], silent: bool = False) -> DnsServer:
    """``zones``: {zone name: SOA serial}."""
    holder: dict[str, DnsServer] = {}

    class Protocol(asyncio.DatagramProtocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            self.transport = transport

        def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
            holder["s"].queries += 1
            if silent:
                return
            query = dns.message.from_wire(data)
            response = dns.message.make_response(query)
            question = query.question[0]
            name = question.name.to_text().rstrip(".")
            if name in zones and question.rdtype == dns.rdatatype.SOA:
                response.answer.append(dns.rrset.from_text(
                    question.name, 3600, "IN", "SOA",
                    f"ns1.{name}. hostmaster.{name}. {zones[name]} 3600 600 86400 300"))
            else:
                response.set_rcode(dns.rcode.REFUSED)
            self.transport.sendto(response.to_wire(), addr)  # type: ignore[attr-defined]

    loop = asyncio.new_event_loop()
    transport, _ = loop.run_until_complete(
        loop.create_datagram_endpoint(Protocol, local_addr=("127.0.0.1", 0)))
    port = transport.get_extra_info("sockname")[1]
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    server = DnsServer(port, loop, thread, transport)  # type: ignore[arg-type]
    holder["s"] = server
    return server
