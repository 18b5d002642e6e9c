"""Which of a site's pollers polls: RabbitMQ's single active consumer is the lease.

Every poller of a site consumes ``netmon.lease.<site>``, a queue with
``x-single-active-consumer``: RabbitMQ delivers its messages to one consumer only, and when
that consumer's connection dies (the process killed, the machine gone: noticed at once on a
closed socket, after the AMQP heartbeat otherwise) it hands the queue to the next one. No
lock of ours, no clock compared between machines.

A poller learns whether it is the one by pinging through the queue: every ``lease_ping_s``
each poller publishes a ping naming itself (routing key ``lease.<site>``); only the active
consumer receives pings. A poller whose own pings come back is **active** and polls. One
whose last three pings did not come back is **standby**: another holds the queue (and
receives its pings, so the active one knows its standbys).

When the active poller loses the broker it cannot tell a WAN outage of the whole site (the
common case: nobody else can reach the broker either) from its own isolation, so it keeps
polling, **exiled**, into its outbox; when it is back and another poller holds the queue,
its pings stop coming back and it steps down. During such a partition both poll: the centre
gets each device twice as often, never not at all. The role is kept on disk, so an active
poller restarted while the broker is unreachable goes on polling (with the broker there,
it waits for the pings to say, like any poller starting).

Takeover after the active poller vanishes: the broker's detection (at once on a closed
socket, else two to three heartbeat periods) plus at most two ping periods. Each takeover is
logged and counted.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from netmon.monitor.broker import topology

log = logging.getLogger("netmon.broker")

ACTIVE, STANDBY, EXILED, STARTING = "active", "standby", "exiled", "starting"


class Lease:
    def __init__(self, site: str, poller: str, ping_s: float, role_file: Path,
                 on_change: Callable[[str, str], None] | None = None) -> None:
        self.site = site
        self.poller = poller
        self.ping_s = ping_s
        self.role_file = role_file
        self.on_change = on_change
        self.nonce = secrets.token_hex(6)  # this process's pings, not a namesake's
        # Active when it stopped: if the broker cannot be reached now, go on polling.
        self.was_active = role_file.exists() and role_file.read_text().strip() == ACTIVE
        self.role = STARTING
        self.since = time.time()
        self.takeovers = 0  # times this poller went from standby to active
        self.others: dict[str, float] = {}  # standby poller -> when its ping came (monotonic)
        self._sent: list[tuple[int, float]] = []  # pings sent on this connection: (seq, when)
        self._back = 0  # the highest seq of our own pings that came back on this connection

    @property
    def polling(self) -> bool:
        return self.role in (ACTIVE, EXILED)

    def standbys(self, now: float | None = None) -> list[str]:
        now = time.monotonic() if now is None else now
        return sorted(p for p, t in self.others.items() if now - t < 3 * self.ping_s)

    async def serve(self, connection: Any) -> None:
        """Consume the lease queue and ping, until the connection fails (then raise)."""
        import aio_pika

        channel = await connection.channel(publisher_confirms=False)
        await channel.set_qos(prefetch_count=64)
        exchange = await channel.get_exchange(topology.EXCHANGE, ensure=False)
        queue = await channel.get_queue(topology.lease_queue(self.site), ensure=False)
        self._sent, self._back = [], 0
        await queue.consume(self._on_ping, no_ack=True)
        seq = 0
        while True:
            seq += 1
            body = json.dumps({"poller": self.poller, "nonce": self.nonce, "seq": seq})
            self._sent = [*self._sent[-15:], (seq, time.monotonic())]
            await exchange.publish(aio_pika.Message(
                body.encode(), expiration=3 * self.ping_s), topology.lease_key(self.site),
                mandatory=False)
            # a few looks per period, so that a takeover is seen soon after the ping
            for _ in range(4):
                await asyncio.sleep(self.ping_s / 4)
                self.decide(connected=True)

    async def _on_ping(self, message: Any) -> None:
        try:
            ping = json.loads(message.body)
            poller, nonce, seq = str(ping["poller"]), str(ping["nonce"]), int(ping["seq"])
        except (ValueError, KeyError, TypeError):
            return  # not ours to judge; it expires
        if nonce == self.nonce:
            self._back = max(self._back, seq)
        else:
            self.others[poller] = time.monotonic()
        self.decide(connected=True)

    def decide(self, connected: bool) -> None:
        """The role from what the pings said (or the connection's loss).

        Active: our latest ping that has had time to come back (two periods) came back.
        Standby: our last three such pings did not (only the active consumer gets pings).
        Counting pings, not seconds, keeps a poller whose event loop stalled for a while
        (a large poll) from stepping down: it sent no ping while stalled.
        """
        if not connected:
            self._sent, self._back = [], 0
            if self.role in (ACTIVE, EXILED) or (self.role == STARTING and self.was_active):
                self._set(EXILED)
            return
        now = time.monotonic()
        due = [seq for seq, when in self._sent if now - when >= 2 * self.ping_s]
        lost = [seq for seq in due if seq > self._back]
        if self._back and not lost:
            self._set(ACTIVE)
        elif len(lost) >= 3:
            self._set(STANDBY)

    def _set(self, role: str) -> None:
        if role == self.role:
            return
        old, self.role, self.since = self.role, role, time.time()
        if role == ACTIVE and old == STANDBY:
            self.takeovers += 1
            log.warning("site %s: poller %s takes over the lease (takeover %d)",
                        self.site, self.poller, self.takeovers)
        elif role == ACTIVE and old == STARTING:
            log.warning("site %s: poller %s holds the lease", self.site, self.poller)
        elif role == ACTIVE:
            log.warning("site %s: poller %s is back and still holds the lease",
                        self.site, self.poller)
        elif role == STANDBY and old in (ACTIVE, EXILED):
            log.warning("site %s: poller %s steps down: another poller holds the lease",
                        self.site, self.poller)
        elif role == EXILED:
            log.warning("site %s: poller %s lost the broker; it keeps polling into its "
                        "outbox", self.site, self.poller)
        else:
            log.info("site %s: poller %s is %s", self.site, self.poller, role)
        if role in (ACTIVE, STANDBY):
            self.role_file.write_text(role + "\n")
        if self.on_change is not None:
            self.on_change(old, role)
