"""Mail servers on loopback for the mail probes.

SMTP is aiosmtpd (a real SMTP server library) with STARTTLS; IMAP is a minimal server
written here (no IMAP server library is packaged for tests) that speaks the part of
RFC 9051 a probe uses: the ``* OK`` banner, CAPABILITY, STARTTLS, LOGOUT.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
from dataclasses import dataclass
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Sink:
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return "250 OK"


def start_smtp(ctx: ssl.SSLContext | None) -> Controller:
    """aiosmtpd on 127.0.0.1 at a free port; STARTTLS offered when ``ctx`` is given."""
    controller = Controller(_Sink(), hostname="127.0.0.1", port=free_port(),
                            tls_context=ctx, require_starttls=False,
                            ident="Hanoi city mail test ESMTP")
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


def start_imap(ctx: ssl.SSLContext | None) -> ImapServer:
    async def client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        caps = "IMAP4rev1" + (" STARTTLS LOGINDISABLED" if ctx else "")
        writer.write(f"* OK [CAPABILITY {caps}] test IMAP ready\r\n".encode())
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
    port = free_port()
    server = loop.run_until_complete(asyncio.start_server(client, "127.0.0.1", port))
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    return ImapServer(port, loop, thread, server)
