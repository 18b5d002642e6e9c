"""``netmon daemon --site NAME``: the daemon of one site, publishing instead of writing.

The same daemon, scheduler and session as on a single machine (``monitor/daemon.py``),
with three differences:

- it polls only the site's devices (``Inventory.select_site``), and only while it holds the
  site's lease (``lease.py``); when it takes the lease over it polls at once;
- each poll is collected, put in the outbox (``outbox.py``: fsync'd, then published in
  order with confirms), and folded into the site's own state store, which only chooses how
  to probe each device (a router known to drop ICMP is probed by SNMP) and answers
  ``netmon device history`` at the site; nothing is written to InfluxDB here;
- a heartbeat goes to the centre every ``broker.site_heartbeat_s``.

Polling never waits for the broker: the link (``link.py``) reconnects on its own while
polls pile up in the outbox. ``--once`` polls once (whatever the lease says: an operator
asked), waits up to a minute for the outbox to empty and exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from netmon.collectors.observation import utcnow
from netmon.errors import UsageError
from netmon.inventory import Inventory
from netmon.monitor.broker import codec, topology
from netmon.monitor.broker.config import BrokerConfig
from netmon.monitor.broker.health import Beat
from netmon.monitor.broker.lease import ACTIVE, EXILED, STANDBY, STARTING, Lease
from netmon.monitor.broker.link import Link
from netmon.monitor.broker.outbox import Outbox
from netmon.monitor.config import Settings
from netmon.monitor.daemon import Daemon
from netmon.monitor.runner import summarize
from netmon.monitor.session import ScanResult
from netmon.target import Target

log = logging.getLogger("netmon.daemon")


class SiteDaemon(Daemon):
    def __init__(self, settings: Settings, inventory: Inventory, site: str,
                 poller: str) -> None:
        if settings.broker is None:
            raise UsageError("--site needs a broker: section in the config file (the "
                             "RabbitMQ the site publishes to)")
        inventory.select_site(site)  # LookupFailed, naming the known sites, before any poll
        super().__init__(settings, inventory, write=False)
        self.cfg: BrokerConfig = settings.broker
        self.site = site
        self.poller = poller
        data = settings.data_dir
        self.outbox = Outbox(data / "outbox" / site, site, self.cfg.username,
                             self.cfg.outbox_max_mb << 20, self.cfg.publish_batch)
        self.lease = Lease(site, poller, self.cfg.lease_ping_s, data / f"lease-{site}",
                           self._role_changed)
        self.link = Link(self.cfg, f"netmon site {site} {poller}")
        self.last_poll: datetime | None = None
        self._beat_now = asyncio.Event()
        self._once = False

    def device_ids(self) -> list[str]:
        return [d.id for d in self.inventory.select_site(self.site)]

    async def poll(self, facts: bool) -> None:
        if not (self._once or self.lease.polling):
            log.debug("site %s: %s, not polling", self.site, self.lease.role)
            return
        await super().poll(facts)

    async def run_poll(self, targets: list[Target], facts: bool) -> ScanResult:
        kind = "inventory" if facts else "reachability"
        at, t0 = utcnow(), time.perf_counter()
        log.info("site %s: %s poll of %d devices begins", self.site, kind, len(targets))
        polls = await self.session.collect(targets, facts=facts)
        poll_id = uuid.uuid4().hex
        polls = [dataclasses.replace(p, poll_id=poll_id) for p in polls]
        summary = summarize(polls, time.perf_counter() - t0)
        parts = list(codec.split(self.site, self.poller, poll_id, kind, at, summary, polls,
                                 self.cfg.part_max_polls))
        await asyncio.to_thread(self.outbox.put, parts)
        self.outbox.wake.set()
        self.last_poll = at
        log.info("site %s: %s poll %s: %d devices in %d part(s) to the outbox", self.site,
                 kind, poll_id, len(polls), len(parts))
        return await self.session.absorb(polls, f"site:{self.site}", facts=facts,
                                         coverage=False, summary=summary, at=at)

    async def run(self, once: bool = False) -> None:
        self._once = once
        stop = asyncio.Event()
        link = asyncio.create_task(self.link.run(self._serve, stop, self._broker_down))
        try:
            await super().run(once=once)
            await self._drain(60.0 if once else 10.0)
        finally:
            stop.set()
            await asyncio.gather(link, return_exceptions=True)

    async def _drain(self, within_s: float) -> None:
        """Give the outbox a bounded time to empty before exiting."""
        deadline = time.monotonic() + within_s
        while time.monotonic() < deadline:
            left = await asyncio.to_thread(self.outbox.pending)
            if not left:
                return
            await asyncio.sleep(0.2)
        log.warning("site %s: %d messages stay in the outbox %s; they go out at the next "
                    "start", self.site, left, self.outbox.spool.directory)

    async def _serve(self, connection: Any) -> None:
        async with asyncio.TaskGroup() as tasks:
            tasks.create_task(self.lease.serve(connection))
            tasks.create_task(self.outbox.drain(connection))
            tasks.create_task(self._beats(connection))

    def _broker_down(self) -> None:
        if not self.stopped.is_set():  # not our own shutdown closing the link
            self.lease.decide(connected=False)

    async def _beats(self, connection: Any) -> None:
        import aio_pika

        channel = await connection.channel(publisher_confirms=False)
        exchange = await channel.get_exchange(topology.EXCHANGE, ensure=False)
        while True:
            beat = Beat(self.site, self.poller, self.lease.role, datetime.now(UTC),
                        await asyncio.to_thread(self.outbox.pending), len(self.device_ids()),
                        self.outbox.published, self.lease.takeovers,
                        tuple(self.lease.standbys()),
                        self.last_poll.isoformat() if self.last_poll else None,
                        self.outbox.lag_s)
            await exchange.publish(aio_pika.Message(
                beat.to_json().encode(), content_type="application/json",
                type="netmon.beat", user_id=self.cfg.username,
                expiration=3 * self.cfg.site_heartbeat_s),
                topology.beat_key(self.site), mandatory=False)
            self._beat_now.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._beat_now.wait(), self.cfg.site_heartbeat_s)

    def _role_changed(self, old: str, new: str) -> None:
        self._beat_now.set()
        polling_now = new in (ACTIVE, EXILED) and old in (STANDBY, STARTING)
        if polling_now and self.scheduler is not None:
            now = datetime.now(UTC)
            for job in ("reachability", "inventory"):  # poll now, not at the next period
                with contextlib.suppress(KeyError):  # APScheduler's JobLookupError
                    self.scheduler.modify_job(job, next_run_time=now)
