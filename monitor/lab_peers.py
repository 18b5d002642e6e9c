"""Real servers on loopback for the service probes: HTTP(S), SMTP, IMAP and DNS.

Why here, in the package: ``netmon lab up`` serves the sample city's portals and its data
centre's mail and DNS with them, and the tests probe the very same servers (tests/peers
re-exports them), so there is one copy of each. Every server binds the address it is
given (127.0.0.1 by default) and runs in a thread of its own; ``stop()`` ends it.

- ``start_web(mode, ctx)``: ``http.server`` answering ``ok`` (200 and a Vietnamese portal
  page), ``error`` (500), ``slow`` (headers after ``delay_s``), ``redirect`` (301 to
  ``location``). It counts requests and remembers their User-Agent, so tests can check
  the prober's manners.
- ``start_smtp(ctx)``: aiosmtpd (a real SMTP server library) offering STARTTLS.
- ``start_imap(ctx)``: a minimal server written here (no IMAP server library is packaged)
  speaking the part of RFC 9051 a probe uses: the ``* OK`` banner, CAPABILITY, STARTTLS,
  LOGOUT.
- ``start_dns(zones)``: an authoritative server (dnspython messages over asyncio UDP)
  answering SOA queries for its zones and REFUSED for any other name; with ``silent=True``
  it reads queries and never answers (a dead name server).
"""

from __future__ import annotations

import asyncio
import http.server
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset

PAGE = ("<html><head><meta charset='utf-8'><title>Cổng thông tin điện tử</title></head>"
        "<body><h1>Cổng thông tin điện tử Quận Hoàn Kiếm</h1>"
        "<p>Dịch vụ công trực tuyến</p></body></html>").encode()
HOST = "127.0.0.1"


def free_port(host: str = HOST) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


# ------------------------------------------------------------------ web

@dataclass
class WebServer:
    mode: str
    port: int
    scheme: str
    server: http.server.ThreadingHTTPServer
    thread: threading.Thread
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, User-Agent)
    host: str = HOST

    def url(self, host: str = "localhost", path: str = "/") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def start_web(mode: str, ctx: ssl.SSLContext | None = None, *, delay_s: float = 3.0,
              location: str = "", page: bytes = PAGE, host: str = HOST, port: int = 0,
              poll_interval: float = 0.1) -> WebServer:
    holder: dict[str, WebServer] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "nginx"
        sys_version = ""

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            server = holder["s"]
            server.requests.append((self.path, self.headers.get("User-Agent", "")))
            del server.requests[:-1000]  # a long-running lab keeps only the latest
            mode = server.mode  # a test may change it between probes
            if mode == "slow":
                time.sleep(delay_s)
            if mode == "redirect":
                self.send_response(301)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = b"internal error" if mode == "error" else page
            self.send_response(500 if mode == "error" else 200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    if ctx is not None:
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever,
                              kwargs={"poll_interval": poll_interval}, daemon=True)
    ws = WebServer(mode, server.server_address[1], "https" if ctx else "http", server, thread,
                   host=host)
    holder["s"] = ws
    thread.start()
    return ws


# ------------------------------------------------------------------ mail

class _Sink:
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return "250 OK"


def start_smtp(ctx: ssl.SSLContext | None, host: str = HOST, port: int | None = None,
               ident: str = "Hanoi city mail test ESMTP") -> Any:
    """aiosmtpd on ``host`` (a free port by default); STARTTLS offered when ``ctx`` is given.
    Returns the started ``aiosmtpd.controller.Controller`` (``.port``, ``.stop()``)."""
    try:
        from aiosmtpd.controller import Controller
    except ImportError as exc:  # the lab's extra, like snmpsim
        from netmon.errors import UsageError
        raise UsageError("the lab's mail server needs aiosmtpd (pip install "
                         "'netmon[test]')") from exc
    controller = Controller(_Sink(), hostname=host, port=port or free_port(host),
                            tls_context=ctx, require_starttls=False, ident=ident)
    controller.start()
    return controller


@dataclass
class ImapServer:
    port: int
    loop: asyncio.AbstractEventLoop
    thread: threading.Thread
    server: asyncio.base_events.Server

    def stop(self) -> None:
        async def close() -> None:
            self.server.close()
            await self.server.wait_closed()

        asyncio.run_coroutine_threadsafe(close(), self.loop).result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)


def start_imap(ctx: ssl.SSLContext | None, host: str = HOST, port: int | None = None,
               greeting: str = "test IMAP ready") -> ImapServer:
    async def client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        caps = "IMAP4rev1" + (" STARTTLS LOGINDISABLED" if ctx else "")
        writer.write(f"* OK [CAPABILITY {caps}] {greeting}\r\n".encode())
        try:
            for _ in range(20):
                line = (await reader.readline()).decode().strip()
                if not line:
                    break
                tag, _, cmd = line.partition(" ")
                cmd = cmd.upper()
                if cmd == "CAPABILITY":
                    writer.write(f"* CAPABILITY {caps}\r\n{tag} OK done\r\n".encode())
                elif cmd == "STARTTLS" and ctx is not None:
                    writer.write(f"{tag} OK begin TLS\r\n".encode())
                    await writer.drain()
                    await writer.start_tls(ctx)
                elif cmd == "LOGOUT":
                    writer.write(f"* BYE\r\n{tag} OK bye\r\n".encode())
                    await writer.drain()
                    break
                else:
                    writer.write(f"{tag} BAD unknown\r\n".encode())
                await writer.drain()
        except (OSError, ssl.SSLError):
            pass
        finally:
            writer.close()

    loop = asyncio.new_event_loop()
    port = port or free_port(host)
    server = loop.run_until_complete(asyncio.start_server(client, host, port))
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    return ImapServer(port, loop, thread, server)


# ------------------------------------------------------------------ dns

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


def start_dns(zones: dict[str, int], silent: bool = False, host: str = HOST,
              port: int = 0) -> DnsServer:
    """``zones``: {zone name: SOA serial}."""
    holder: dict[str, DnsServer] = {}

    class Protocol(asyncio.DatagramProtocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            self.transport = transport

        def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
            holder["s"].queries += 1
            if silent:
                return
            try:
                query = dns.message.from_wire(data)
            except Exception:  # not a DNS message: a real server drops it too
                return
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
        loop.create_datagram_endpoint(Protocol, local_addr=(host, port)))
    bound = transport.get_extra_info("sockname")[1]
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    server = DnsServer(bound, loop, thread, transport)
    holder["s"] = server
    return server
