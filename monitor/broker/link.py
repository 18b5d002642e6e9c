"""One connection to RabbitMQ, kept open: connect, serve, and reconnect when it drops.

``Link.run(serve, stop)`` connects, calls ``serve(connection)`` (which declares, consumes
and publishes until it returns or raises) and, when the connection closes, a channel fails
or ``serve`` raises, closes what is left, waits (1 s, doubling to 30 s, with jitter so that
34 sites do not come back in step) and starts again, until ``stop`` is set. ``up`` is set
while a connection serves. Errors are said in one line, never with the password, which is
resolved at each connect from its reference and goes nowhere else.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable, Coroutine
from typing import Any

from netmon.errors import BrokerError
from netmon.inventory import resolve_secret
from netmon.monitor.broker.config import BrokerConfig, ssl_context

log = logging.getLogger("netmon.broker")

Serve = Callable[[Any], Coroutine[Any, Any, None]]


async def connect(cfg: BrokerConfig, name: str) -> Any:
    """An aio-pika connection; BrokerError (without the password) when it cannot be made."""
    import aio_pika

    password = resolve_secret(cfg.password.get_secret_value()) if cfg.password else None
    try:
        return await aio_pika.connect(
            host=cfg.host, port=cfg.port, login=cfg.username,
            password=password.get_secret_value() if password else "",
            virtualhost=cfg.vhost, ssl=cfg.tls_on,
            ssl_context=ssl_context(cfg.tls) if cfg.tls_on else None,
            timeout=cfg.connect_timeout_s, heartbeat=cfg.heartbeat_s,
            client_properties={"connection_name": name})
    except Exception as exc:
        why = brief(exc, password)
        if "Connection.Close" in why:  # refused at Connection.Open: the vhost
            why = (f"the broker closed the connection when asked for vhost {cfg.vhost!r} "
                   "(no such vhost, or the user may not use it; a vhost named /x is "
                   "written %2Fx in the url)")
        raise BrokerError(f"broker {cfg.host}:{cfg.port}: {why}") from None


def brief(exc: BaseException, password: Any = None) -> str:
    """One line about an AMQP or socket error, with any secret taken out."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:  # a TaskGroup's: the cause
        exc = exc.exceptions[0]
    text = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    secret = password.get_secret_value() if password is not None else ""
    return text.replace(secret, "***") if secret else text


class Link:
    def __init__(self, cfg: BrokerConfig, name: str) -> None:
        self.cfg = cfg
        self.name = name
        self.up = asyncio.Event()
        self.connection: Any = None
        self.connects = 0  # successful connections, the first included

    async def run(self, serve: Serve, stop: asyncio.Event,
                  on_down: Callable[[], None] | None = None) -> None:
        """``on_down`` is called when a connection cannot be made or has ended (not when
        ``stop`` ended it)."""
        delay = 1.0
        while not stop.is_set():
            try:
                conn = await connect(self.cfg, self.name)
            except BrokerError as exc:
                if on_down is not None:
                    on_down()
                log.warning("%s; retrying in %.0f s", exc, delay)
                await _sleep(stop, delay * random.uniform(0.8, 1.2))
                delay = min(delay * 2, 30.0)
                continue
            self.connects += 1
            if self.cfg.tls_on and not self.cfg.tls.verify:
                log.warning("broker TLS without certificate checks (broker.tls.verify: false)")
            log.info("connected to the broker %s:%d%s", self.cfg.host, self.cfg.port,
                     " (TLS)" if self.cfg.tls_on else "")
            served = await self._serve(conn, serve, stop)
            if on_down is not None and not stop.is_set():
                on_down()
            if served:
                delay = 1.0  # it worked for a while: come back quickly
            if not stop.is_set():
                await _sleep(stop, delay * random.uniform(0.8, 1.2))
                delay = min(delay * 2, 30.0)

    async def _serve(self, conn: Any, serve: Serve, stop: asyncio.Event) -> bool:
        """Serve one connection until it closes or ``stop``; True if it served at all."""
        closed = asyncio.Event()
        conn.close_callbacks.add(lambda *_: closed.set())
        self.connection = conn
        task = asyncio.create_task(serve(conn))
        self.up.set()
        ended = [asyncio.create_task(closed.wait()), asyncio.create_task(stop.wait())]
        try:
            await asyncio.wait([task, *ended], return_when=asyncio.FIRST_COMPLETED)
            if task.done() and not task.cancelled() and task.exception() is not None:
                exc = task.exception()
                assert exc is not None
                log.warning("broker session ended: %s", brief(exc))
            elif closed.is_set() and not stop.is_set():
                log.warning("lost the broker connection")
            return True
        finally:
            self.up.clear()
            self.connection = None
            for t in (task, *ended):
                t.cancel()
            await asyncio.gather(task, *ended, return_exceptions=True)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.close(), 5)


async def _sleep(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def channel_failed(channel: Any) -> None:
    """Wait until ``channel`` closes, then raise: a closed channel ends the session (a
    refused publish, a queue deleted under us) and the link starts afresh."""
    gone = asyncio.Event()
    channel.close_callbacks.add(lambda _ch, exc=None: gone.set())
    await gone.wait()
    raise BrokerError("a broker channel was closed")
