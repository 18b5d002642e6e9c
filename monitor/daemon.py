"""``netmon daemon``: the scheduled polls network operations runs as a service.

Three jobs under APScheduler 3 (max_instances=1, coalesce=True: a run never
overlaps itself, and missed runs collapse into one):

- reachability of every device every ``poll.reachability_interval_s``;
- inventory (reachability + SNMP + SSH) every ``poll.interval_s``;
- spool replay every 30 s, so points kept during an InfluxDB outage go out
  as soon as it is back;
- the programme's other indicators (portals and services probed, data-centre servers
  and UPS, MAC addresses on access ports) every ``poll.interval_s``;
- the monthly report to the leadership (HTML and PDF, Vietnamese) on the 1st of each
  month at 01:00 UTC, into ``DATA_DIR/reports``.

Each poll records state, writes coverage and writes ``netmon_poll`` with its
duration and its slowest devices. SIGHUP reloads the inventory (a bad one is
refused and the old one kept); SIGTERM/SIGINT stop after flushing the sink.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sqlite3
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from netmon.errors import NetmonError
from netmon.inventory import Inventory
from netmon.monitor.config import Settings
from netmon.monitor.resources import load_inventory
from netmon.monitor.session import ScanResult, Session
from netmon.target import Target

log = logging.getLogger("netmon.daemon")


class Daemon:
    def __init__(self, settings: Settings, inventory: Inventory, *, write: bool = True) -> None:
        self.settings = settings
        self.session = Session.open(settings, inventory, write=write, cache_inventory=True)
        if write and self.session.sink is None:
            log.warning("InfluxDB is not configured: polling without writing")
        self.indicators = self.session.indicator_poller()
        self.stopped = asyncio.Event()
        self.running: set[asyncio.Task[object]] = set()
        self.scheduler: AsyncIOScheduler | None = None

    @property
    def inventory(self) -> Inventory:
        assert self.session.inventory is not None
        return self.session.inventory

    async def poll(self, facts: bool) -> None:
        """One scheduled poll: ``facts`` asks SNMP/SSH for the inventory too."""
        kind = "inventory" if facts else "reachability"
        task = asyncio.current_task()
        if task is not None:
            self.running.add(task)
        try:
            await self._poll(kind, facts)
        except asyncio.CancelledError:
            log.warning("%s poll interrupted by shutdown", kind)
        finally:
            if task is not None:
                self.running.discard(task)

    def device_ids(self) -> list[str]:
        """The devices this daemon polls (a site's daemon: that site's)."""
        return list(self.inventory.devices)

    async def run_poll(self, targets: list[Target], facts: bool) -> ScanResult:
        """One poll of ``targets``: here collected and absorbed (a site's daemon publishes)."""
        return await self.session.poll(targets, scope="all", facts=facts)

    async def _poll(self, kind: str, facts: bool) -> None:
        try:
            targets = self.session.targets(self.device_ids())
        except Exception as exc:  # e.g. a secret's file vanished: say so, try next time
            log.error("%s poll skipped: %s", kind, exc)
            return
        result = await self.run_poll(targets, facts)
        if result.coverage is not None:  # the day's snapshot, for the monthly report
            self.indicators.record_coverage(result.coverage)
        s = result.summary
        log.info("%s poll: %d devices, %d answered, %d silent, %d not asked in %.2f s%s",
                 kind, s.targets, s.ok, s.failed, s.not_asked, s.duration_s,
                 f"; slowest {s.slowest[0][0]} {s.slowest[0][1]:.2f} s" if s.slowest else "")
        for e in result.events:
            log.warning("event %s: %s", e.kind, e.message)
        if result.write_error:
            log.warning("%s", result.write_error)

    async def indicator_poll(self) -> None:
        """Probe portals and services, read data-centre servers, UPS and access switches."""
        task = asyncio.current_task()
        if task is not None:
            self.running.add(task)
        try:
            state = self.session.state
            result = await self.indicators.poll(state.latest() if state is not None else {})
            if self.session.sink is not None and result.points:
                written = await asyncio.to_thread(self.session.sink.write, result.points)
                if written.message:
                    log.warning("%s", written.message)
            for incident in result.incidents:
                if incident.at >= result.at:
                    log.warning("data centre: %s", incident.message)
        except asyncio.CancelledError:
            log.warning("indicator poll interrupted by shutdown")
        except sqlite3.Error as exc:  # a full disk: said, and tried next time
            log.error("indicator poll: state database %s: %s", self.settings.state_path, exc)
        except Exception:  # a bug must not stop the daemon: said, and tried next time
            log.exception("indicator poll failed")
        finally:
            if task is not None:
                self.running.discard(task)

    async def monthly_report(self) -> None:
        """Last month's report, in the data directory (the leadership's copy goes from
        there by the city's own mail or file share)."""
        from netmon.monitor.cli_report import write_report

        first = datetime.now(UTC).replace(day=1)
        last = first - timedelta(days=1)
        out = self.settings.data_dir / "reports"
        try:
            html, pdf = await asyncio.to_thread(write_report, self.settings, last.year,
                                                last.month, "vi", out, True)
        except Exception as exc:  # Chromium missing or failing: the HTML may still be there
            log.error("monthly report for %04d-%02d failed: %s", last.year, last.month, exc)
            return
        log.info("monthly report written: %s%s", html, f" and {pdf}" if pdf else "")

    async def flush(self) -> None:
        waiting = await self.session.flush(self.settings.influx.timeout_s)
        if waiting:
            log.info("%s", waiting)

    def reload(self) -> None:
        try:
            self.session.inventory = self.indicators.inv = load_inventory(self.settings)
            self.session.snmp.cache.retain(set(self.inventory.devices))
        except NetmonError as exc:  # a bad inventory, an unset secret, a vanished file
            log.error("inventory reload refused, keeping the previous one:\n%s", exc)
            return
        log.info("inventory reloaded: %d devices", len(self.inventory.devices))

    async def run(self, once: bool = False) -> None:
        if once:
            try:
                await self.poll(facts=True)
                await self.indicator_poll()
                await self.flush()
            finally:
                await self.session.aclose()
            return
        sched = self.scheduler = AsyncIOScheduler(timezone=UTC)
        p = self.settings.poll
        now = datetime.now(UTC)
        common = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 30}
        sched.add_job(self.poll, "interval", kwargs={"facts": True}, seconds=p.interval_s,
                      next_run_time=now, id="inventory", **common)
        # Staggered so the first reachability poll does not land on the inventory poll.
        sched.add_job(self.poll, "interval", kwargs={"facts": False},
                      seconds=p.reachability_interval_s,
                      next_run_time=now + timedelta(seconds=min(5.0, p.reachability_interval_s)),
                      id="reachability", **common)
        sched.add_job(self.flush, "interval", seconds=30, id="spool", **common)
        sched.add_job(self.indicator_poll, "interval", seconds=p.interval_s,
                      next_run_time=now + timedelta(seconds=min(10.0, p.interval_s / 2)),
                      id="indicators", **common)
        sched.add_job(self.monthly_report, "cron", day=1, hour=1, minute=0, id="report",
                      max_instances=1, coalesce=True, misfire_grace_time=6 * 3600)
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGHUP, self.reload)
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.stopped.set)
        sched.start()
        log.info("netmon daemon started: %d devices, inventory every %g s, reachability "
                 "every %g s", len(self.device_ids()), p.interval_s,
                 p.reachability_interval_s)
        await self.stopped.wait()
        sched.pause()  # no new runs; shutting the scheduler down would cancel the current one
        if self.running:  # let a poll under way finish, within its devices' deadline
            log.info("waiting for %d poll(s) under way", len(self.running))
            _done, late = await asyncio.wait(set(self.running), timeout=p.deadline_s + 5)
            for task in late:
                task.cancel()
            if late:
                await asyncio.wait(late, timeout=5)
        sched.shutdown(wait=False)
        await self.flush()
        await self.session.aclose()
        self.close()
        log.info("netmon daemon stopped")

    def close(self) -> None:
        self.indicators.close()
        self.session.close()
