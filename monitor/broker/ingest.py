"""``netmon ingest``: the centre. Consume the sites' polls, absorb them, ack after the write.

For every site of the inventory the ingester consumes ``netmon.obs.<site>`` (quorum,
single active consumer: one ingester at a time takes a site's polls, in order; the others
stand by and take over at once when it dies, its unacknowledged messages redelivered to
them). Several ingesters share the sites, each active on some. Each message:

1. decodes (``codec``); an unreadable one is returned to the queue, whose delivery limit
   dead-letters it after ``broker.delivery_limit`` tries, and the queue goes on;
2. is checked: its site is the queue's (a site's user may publish only its own routing
   key; see ``topology.site_grants``) and its devices are that site's in the centre's
   inventory; a message that is not its sender's to send is refused at once, dead-lettered
   and said loudly; devices the centre does not know are skipped and said;
3. is absorbed through ``Session.absorb`` (device state, facts, events, InfluxDB points
   through the spool) in one state transaction that also moves the mark of the poller's
   outbox to the message's number; a message at or below the mark was applied already (a
   redelivery, a batch sent twice) and changes nothing. Points are idempotent on their
   own (device, poll time): written twice, they are the same point;
4. is acknowledged, only then.

Coverage (the country, each district, each agency, each site) is computed from the state
at most every ``broker.coverage_every_s`` when something new was applied; the sites'
health (``health.py``) is written every ``broker.health_every_s``. Heartbeats are taken
from ``netmon.beat`` by every ingester into ``sites.sqlite3``.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from netmon.errors import BadMessage
from netmon.inventory import Inventory
from netmon.monitor import points
from netmon.monitor.broker import codec, topology
from netmon.monitor.broker.config import BrokerConfig
from netmon.monitor.broker.health import Beat, Registry, figures, queue_depths, site_points
from netmon.monitor.broker.link import Link, brief, channel_failed
from netmon.monitor.broker.sitecov import site_coverage_points
from netmon.monitor.config import Settings
from netmon.monitor.session import Session
from netmon.monitor.sinks.point import Point

log = logging.getLogger("netmon.ingest")


class Ingest:
    def __init__(self, settings: Settings, inventory: Inventory, name: str) -> None:
        assert settings.broker is not None
        self.cfg: BrokerConfig = settings.broker
        self.name = name
        self.session = Session.open(settings, inventory)
        if self.session.sink is None:
            log.warning("InfluxDB is not configured: absorbing into the state only")
        self.registry = Registry(settings.data_dir / "sites.sqlite3")
        self._site_of = {d: s for s, ds in inventory.sites().items() for d in ds}
        self.link = Link(self.cfg, f"netmon ingest {name}")
        self.stop = asyncio.Event()
        self.counts: Counter[str] = Counter()
        self._dirty = False  # applied something the coverage does not show yet
        self.last_coverage: datetime | None = None

    @property
    def inventory(self) -> Inventory:
        assert self.session.inventory is not None
        return self.session.inventory

    async def run(self) -> None:
        sites = list(self.inventory.sites())
        log.info("netmon ingest %s: %d sites, %d devices", self.name, len(sites),
                 sum(len(d) for d in self.inventory.sites().values()))
        try:
            await self.link.run(self._serve, self.stop)
        finally:
            await self._coverage(force=False)
            self.close()
            log.info("netmon ingest stopped: %s", dict(self.counts))

    def close(self) -> None:
        self.session.close()
        self.registry.close()

    async def _serve(self, connection: Any) -> None:
        channel = await connection.channel(publisher_confirms=False)
        try:
            await topology.declare(channel, list(self.inventory.sites()), self.cfg)
        except Exception as exc:
            log.error("cannot declare the queues (a queue declared before with other "
                      "arguments? see README, 'Sites'): %s", brief(exc))
            raise
        await channel.set_qos(prefetch_count=self.cfg.prefetch)
        work: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()  # one worker: in order
        for site in self.inventory.sites():
            queue = await channel.get_queue(topology.obs_queue(site), ensure=False)
            await queue.consume(functools.partial(self._deliver, work, site))
        beats = await channel.get_queue(topology.BEAT_QUEUE, ensure=False)
        await beats.consume(self._beat)
        log.info("consuming the queues of %d sites", len(self.inventory.sites()))
        async with asyncio.TaskGroup() as tasks:
            tasks.create_task(channel_failed(channel))
            tasks.create_task(self._work(work))
            tasks.create_task(self._every(self.cfg.coverage_every_s, self._coverage))
            tasks.create_task(self._every(self.cfg.health_every_s,
                                          functools.partial(self._health, connection)))

    @staticmethod
    async def _deliver(work: asyncio.Queue[tuple[str, Any]], site: str, message: Any) -> None:
        await work.put((site, message))

    async def _work(self, work: asyncio.Queue[tuple[str, Any]]) -> None:
        while True:
            site, message = await work.get()
            await self.handle(site, message)

    async def handle(self, site: str, message: Any) -> None:
        tries = int((message.headers or {}).get("x-delivery-count") or 0) + 1
        try:
            env = codec.decode(codec.from_body(message.body, message.content_encoding))
        except BadMessage as exc:
            self.counts["unreadable"] += 1
            log.error("site %s: unreadable message %s (try %d of %d, then dead-lettered): %s",
                      site, message.message_id, tries, self.cfg.delivery_limit + 1, exc)
            await message.nack(requeue=True)
            return
        refused = self._foreign(site, env, message.user_id)
        if refused:
            self.counts["refused"] += 1
            log.error("site %s: message %s refused and dead-lettered: %s", site,
                      env.message_id, refused)
            await message.reject(requeue=False)
            return
        known = [p for p in env.polls if p.target.id in self.inventory.devices]
        if len(known) < len(env.polls):
            self.counts["unknown_devices"] += len(env.polls) - len(known)
            log.warning("site %s: %d devices of poll %s are not in the centre's inventory: "
                        "skipped", site, len(env.polls) - len(known), env.poll_id)
        state = self.session.state
        assert state is not None
        source = f"{site}/{env.outbox}"
        try:
            # One transaction: the folds, the points in the spool, then the mark. A crash
            # before its commit leaves nothing applied (the redelivery folds the same state
            # again, so its points are the same); after it, the mark says "applied".
            with state.batch():
                mark = state.mark(source)
                duplicate = env.seq <= mark
                if not duplicate:
                    await self.session.absorb(known, f"site:{site}",
                                              facts=env.kind == "inventory", coverage=False,
                                              summary=env.summary, at=env.at)
                    state.set_mark(source, env.seq)
        except Exception:
            self.counts["failed"] += 1
            log.exception("site %s: message %s not absorbed (try %d); returned to the queue",
                          site, env.message_id, tries)
            await message.nack(requeue=True)
            return
        applied = 0 if duplicate else len(known)
        self.counts["applied"] += applied
        self.counts["duplicates"] += duplicate
        self.counts["messages"] += 1
        self.counts["redelivered"] += bool(message.redelivered)
        self._dirty = self._dirty or bool(applied)
        log.info("site %s: %s poll %s part %d/%d seq %d%s: %d applied%s", site, env.kind,
                 env.poll_id, env.part, env.parts, env.seq,
                 " (redelivered)" if message.redelivered else "", applied,
                 f", a duplicate (applied up to {mark})" if duplicate else "")
        await message.ack()

    def _foreign(self, site: str, env: codec.Envelope, user: str | None) -> str | None:
        """Why a message is not its sender's to send, or None."""
        if env.site != site:
            return f"it says site {env.site!r} (user {user!r})"
        theirs = sorted({self._site_of.get(p.target.id) or "(none)" for p in env.polls
                         if p.target.id in self.inventory.devices
                         and self._site_of.get(p.target.id) != site})
        if theirs:
            return f"it holds devices of site(s) {', '.join(theirs)} (user {user!r})"
        return None

    async def _beat(self, message: Any) -> None:
        site = message.routing_key.partition(".")[2]
        try:
            beat = Beat.from_json(message.body)
            if beat.site != site:
                raise BadMessage(f"a heartbeat of {beat.site!r} sent as {site!r}")
            self.registry.record(beat, datetime.now(UTC))
        except BadMessage as exc:
            log.error("heartbeat refused: %s", exc)
            await message.reject(requeue=False)
            return
        await message.ack()

    async def _every(self, period_s: float, job: Any) -> None:
        while True:
            await asyncio.sleep(period_s)
            await job()

    async def _coverage(self, force: bool = False) -> None:
        """Coverage from the state, when something new was applied since the last one."""
        if not (self._dirty or force) or self.session.state is None:
            return
        self._dirty = False
        t0 = time.perf_counter()
        report = self.session.coverage(write=False)
        out = points.coverage_points(report, self.inventory)
        out += site_coverage_points(report, self.inventory)
        await self._write(out)
        self.last_coverage = report.at
        self.counts["coverage"] += 1
        log.debug("coverage in %.2f s", time.perf_counter() - t0)

    async def _health(self, connection: Any) -> None:
        sites = list(self.inventory.sites())
        found = await queue_depths(connection, [topology.obs_queue(s) for s in sites])
        depths = {s: found[topology.obs_queue(s)] for s in sites}
        assert self.session.state is not None
        now = datetime.now(UTC)
        health = figures(self.inventory, self.registry.beats(), self.session.state.latest(),
                         depths, now, self.cfg.site_heartbeat_s)
        await self._write(site_points(health, now))

    async def _write(self, out: list[Point]) -> None:
        if self.session.sink is not None and out:
            report = await asyncio.to_thread(self.session.sink.write, out)
            if report.error:  # (points another ingester just spooled are no trouble)
                log.warning("%s (%s)", report.message, report.error)
