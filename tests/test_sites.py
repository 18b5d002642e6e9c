"""Two sites and a centre on a real RabbitMQ, every part a real process, proven with counts.

Debian's rabbitmq-server (private, on loopback, plain and TLS listeners), snmpsim for the
devices, Debian's influxd for the points. Site ``north`` has two pollers, ``south`` one
(over TLS); the centre runs two ingesters. ``tests/sites_lab.py`` says where the counts
come from: what the pollers put in their outboxes, what the ingesters applied, the centre's
state database, InfluxDB.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from netmon.monitor.broker import topology
from netmon.monitor.sinks.spool import Spool
from netmon.monitor.state import StateStore
from tests.peers.influxd import Influxd, requires_influxd, start_influxd
from tests.peers.rabbitmq import Rabbit, requires_rabbitmq
from tests.peers.silence import silenced
from tests.peers.snmpsim import SnmpSim, requires_snmpsim
from tests.sites_lab import (
    DEVICES,
    NET,
    PASSWORDS,
    SILENT,
    Absorbed,
    SitesLab,
    absorbed,
    amqp,
    depth,
    new_lab,
    own_tracebacks,
    publish,
    published,
    reset_broker,
    silent_polls,
    site_user,
    start_world,
    wait_for,
)

pytestmark = [pytest.mark.integration, requires_rabbitmq, requires_snmpsim, requires_influxd]

TAKEOVER_BOUND_S = 3 * 4 + 2 * 1  # BrokerConfig.takeover_bound_s with the lab's timings
NORTH = [d for d, v in DEVICES.items() if v[1] in ("so-north", "dist-n", "dist-n.c1",
                                                    "dist-n.c2")]


@dataclass
class World:
    rabbit: Rabbit
    sim: SnmpSim
    influx: Influxd


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("sites")
    influx = start_influxd(root / "influx")
    try:
        rabbit, sim = start_world(root)
    except BaseException:
        influx.stop()
        raise
    try:
        yield World(rabbit, sim, influx)
    finally:
        sim.stop()
        rabbit.close()
        influx.stop()


@pytest.fixture
def lab(world: World, tmp_path: Path) -> Iterator[SitesLab]:
    if not world.rabbit.running:
        world.rabbit.start()
    reset_broker(world.rabbit)
    world.influx._http("/query", {"q": 'DROP DATABASE "netmon"'})
    world.influx.create_database("netmon")
    lab = new_lab(tmp_path, world.rabbit, world.sim, world.influx)
    try:
        yield lab
    finally:
        lab.stop_all()
        for p in lab.procs:
            assert own_tracebacks(p.text()) == [], p.name
            for password in PASSWORDS.values():
                assert password not in p.text(), f"{p.name} logged a password"


def points_of(influx: Influxd, device: str) -> int:
    rows = influx.query(f"SELECT count(\"up\") FROM \"netmon_reachability\" "
                        f"WHERE \"device\" = '{device}'")
    return int(rows[0]["count"]) if rows else 0


def polls_of(lab: SitesLab, site: str) -> dict[str, int]:
    """poll id -> devices, for the polls of one site's pollers."""
    return published([p for p in lab.procs if p.name.startswith(site)])


def cut_by_kill(pub: dict[str, int], ab: Absorbed) -> dict[str, int]:
    """Polls applied that no poller's log names: a poll a poller put in its outbox (fsync'd)
    in the instant before a ``kill -9`` that came before its log line. Kept and applied,
    as it should be; only the log line is missing."""
    return {pid: n for pid, n in ab.applied.items() if pid not in pub}


def all_applied(lab: SitesLab, killed: str | None = None) -> bool:
    """Every poll the pollers made is applied, each device once: true at the end, once they
    have stopped. ``killed``: the site whose poller was killed; one poll of it may be one
    whose log line the kill cut, applied whole (its site's six devices) like the others."""
    pub, ab = published(lab.sites_procs()), absorbed(lab.ingesters())
    cut = cut_by_kill(pub, ab)
    whole_cut = all(ab.site[pid] == killed and n == 6 for pid, n in cut.items())
    return (bool(pub) and all(ab.applied[pid] == n for pid, n in pub.items())
            and len(cut) <= (killed is not None) and whole_cut)


def applied_polls(lab: SitesLab, site: str) -> int:
    """Polls of ``site`` wholly applied (while pollers run, the newest is on its way)."""
    applied = absorbed(lab.ingesters()).applied
    return sum(applied[pid] == n for pid, n in polls_of(lab, site).items())


def outbox_left(lab: SitesLab, poller: str, site: str) -> int:
    return Spool(lab.root / poller / "outbox" / site).pending()


def stop_sites(lab: SitesLab, killed: str | None = None) -> None:
    """Stop the pollers first (each sends what its outbox holds), then let the ingesters
    take the last of it."""
    lab.stop(lab.sites_procs())
    for p in lab.sites_procs():
        site = p.name.split("-")[0]
        assert outbox_left(lab, p.name, site) == 0, p.name
    wait_for("the last polls applied", lambda: all_applied(lab, killed), 60)


def started(lab: SitesLab, name: str, text: str, timeout_s: float = 90.0) -> None:
    p = next(p for p in lab.procs if p.name == name)
    wait_for(f"{name}: {text}", lambda: text in p.text(), timeout_s)


def test_failover_loses_nothing_and_applies_nothing_twice(lab: SitesLab) -> None:
    lab.ingest("ingest-1")
    started(lab, "ingest-1", "consuming the queues")
    lab.ingest("ingest-2")
    n1 = lab.site("north", "north-1")
    started(lab, "north-1", "poller north-1 holds the lease")
    n2 = lab.site("north", "north-2")
    lab.site("south", "south-1", tls=True)
    started(lab, "north-2", "poller north-2 is standby")
    started(lab, "south-1", "poller south-1 holds the lease")
    wait_for("three polls of each site applied", lambda: applied_polls(lab, "north") >= 3
             and applied_polls(lab, "south") >= 3, 90)

    # kill -9 the active poller in the middle of an inventory poll (SNMP walks: seconds)
    begun = n1.text().count("inventory poll of 6 devices begins")
    wait_for("north-1's next inventory poll", lambda: n1.text().count(
        "inventory poll of 6 devices begins") > begun, 60, every_s=0.05)
    lab.kill(n1)
    killed = time.monotonic()
    first_run = n1.text()
    done = len(re.findall(r"inventory poll [0-9a-f]{32}: ", first_run))
    assert first_run.count("inventory poll of 6 devices begins") == done + 1, "mid-poll"
    took = wait_for("north-2 takes over", lambda: "north-2 takes over the lease (takeover 1)"
                    in n2.text(), TAKEOVER_BOUND_S, every_s=0.05)
    polled = len(published([n2]))
    wait_for("north-2 polls", lambda: len(published([n2])) >= polled + 2, 30)
    print(f"takeover {took:.1f} s after kill -9 (bound {TAKEOVER_BOUND_S} s); first poll "
          f"by north-2 {time.monotonic() - killed:.1f} s after")

    # north-1 comes back: standby now, it sends what its outbox kept at the kill
    lab.site("north", "north-1")
    wait_for("north-1 back as standby", lambda: n1.log.read_text().count(
        "poller north-1 is standby") >= 1, 30)
    wait_for("north-1's outbox sent", lambda: outbox_left(lab, "north-1", "north") == 0, 60)

    def north_1_applied() -> bool:  # every poll north-1 made, before the kill and after
        applied = absorbed(lab.ingesters()).applied
        return all(applied[pid] == n for pid, n in published([n1]).items())

    wait_for("north-1's polls applied", north_1_applied, 60)
    report = json.loads(lab.netmon("centre", "sites", "--json").stdout)
    north = next(s for s in report["sites"] if s["site"] == "north")
    assert (north["active"], north["pollers"], north["takeovers"]) == ("north-2", 2, 1)
    assert north["devices"] == north["observed"] == 6 and north["queue"] is not None

    stop_sites(lab, killed="north")
    pub, ab = published(lab.sites_procs()), absorbed(lab.ingesters())
    cut = cut_by_kill(pub, ab)
    assert ab.applied == Counter(pub) + Counter(cut)  # every poll, every device, exactly once
    if cut:
        print(f"one poll of north-1 was put in its outbox just before the kill cut its log "
              f"line: {cut}, applied once")
    north_polls = len(polls_of(lab, "north")) + len(cut)
    assert [points_of(lab.db, d) for d in NORTH] == [north_polls] * len(NORTH)
    assert lab.db.query("SELECT * FROM \"netmon_site\" WHERE \"site\" = 'north'")
    assert "TLS" in next(p for p in lab.procs if p.name == "south-1").text()


def seqs(lab: SitesLab, site: str) -> list[int]:
    """The numbers of the messages of ``site`` the ingesters applied, in the order applied."""
    pattern = re.compile(rf"site {site}: \w+ poll \w+ part \d+/\d+ seq (\d+)(?: \(redeliv"
                         r"ered\))?: \d+ applied(, a duplicate)?")
    return [int(m.group(1)) for p in lab.ingesters() for m in pattern.finditer(p.text())
            if not m.group(2)]


OUTAGE_S = 30.0  # the issue asks for a minute; half of it keeps the suite shorter


def test_broker_outage_spools_then_drains_in_order(lab: SitesLab) -> None:
    lab.ingest("ingest-1")
    started(lab, "ingest-1", "consuming the queues")
    north = lab.site("north", "north-1")
    lab.site("south", "south-1", tls=True)
    started(lab, "north-1", "holds the lease")
    started(lab, "south-1", "holds the lease")
    wait_for("polls applied", lambda: applied_polls(lab, "north") >= 2
             and applied_polls(lab, "south") >= 2, 90)

    lab.rabbit.stop()
    before = len(published([north]))
    time.sleep(OUTAGE_S)
    during = len(published([north])) - before
    waiting = {s: outbox_left(lab, f"{s}-1", s) for s in ("north", "south")}
    assert during >= OUTAGE_S / 2 / 2, "polling went on without the broker"
    assert waiting["north"] >= during and waiting["south"] > 0, waiting
    assert "lost the broker; it keeps polling into its outbox" in north.text()

    lab.rabbit.start()
    drained = wait_for("the outboxes drained", lambda: all(
        outbox_left(lab, f"{s}-1", s) == 0 for s in ("north", "south")), 120)
    print(f"outage {OUTAGE_S:g} s: {waiting} messages waited; drained {drained:.1f} s "
          "after the broker came back")
    stop_sites(lab)
    for site in ("north", "south"):
        applied = seqs(lab, site)
        assert applied == list(range(1, len(applied) + 1)), f"{site}: in order, no gap"
    assert absorbed(lab.ingesters()).applied == Counter(published(lab.sites_procs()))


def test_an_ingester_killed_mid_write_is_redelivered_and_applied_once(lab: SitesLab) -> None:
    i1 = lab.ingest("ingest-1")
    started(lab, "ingest-1", "consuming the queues")
    lab.ingest("ingest-2")
    started(lab, "ingest-2", "consuming the queues")
    n = 400
    device, address = "n-c2-sw", SILENT["n-c2-sw"]
    bodies = silent_polls(device, address, datetime(2026, 1, 5, 8, 0, tzinfo=UTC), n, "ob-x")
    amqp(lab.rabbit, site_user("north"), PASSWORDS["north"],
         lambda ch: publish(ch, topology.obs_key("north"), bodies, site_user("north")))
    wait_for("ingest-1 under way", lambda: sum(absorbed([i1]).applied.values()) >= 60, 120,
             every_s=0.02)
    lab.kill(i1)
    at_kill = sum(absorbed([i1]).applied.values())
    assert 0 < at_kill < n
    wait_for("all polls applied", lambda: sum(absorbed(lab.ingesters()).applied.values())
             >= n, 120)
    ab = absorbed(lab.ingesters())
    assert set(ab.applied.values()) == {1} and len(ab.applied) == n  # each poll once
    assert ab.redelivered >= 1  # ingest-1's unacknowledged messages went to ingest-2
    state = StateStore(lab.root / "centre" / "state.sqlite3")
    try:
        tracked = state.get(device)
        assert tracked is not None and tracked.tracked.silent_cycles == n  # folded once each
        assert state.mark("north/ob-x") == n
    finally:
        state.close()
    wait_for("points written", lambda: points_of(lab.db, device) == n, 30)
    print(f"ingest-1 killed after {at_kill} of {n}; {ab.redelivered} redelivered, "
          f"{ab.duplicates} recognised as applied already")


def test_a_poison_message_is_dead_lettered_and_the_queue_goes_on(lab: SitesLab) -> None:
    i1 = lab.ingest("ingest-1")
    started(lab, "ingest-1", "consuming the queues")
    good = silent_polls("n-dist-rtr", NET + "2", datetime(2026, 1, 5, tzinfo=UTC), 5, "ob-p")

    async def send(ch: Any) -> None:
        await publish(ch, topology.obs_key("north"), ['{"v": 1, "garbage": true}'],
                      site_user("north"))
        await publish(ch, topology.obs_key("north"), good, site_user("north"))

    amqp(lab.rabbit, site_user("north"), PASSWORDS["north"], send)
    wait_for("the poison dead-lettered",
             lambda: depth(lab.rabbit, topology.DEAD_QUEUE) == 1, 60)
    wait_for("the good polls applied", lambda: sum(absorbed([i1]).applied.values()) == 5, 60)
    assert i1.text().count("unreadable message") == 3 + 1  # delivery_limit 3: 4 tries
    assert depth(lab.rabbit, topology.obs_queue("north")) == 0

    # and goes on with a site's one-off poll (`daemon --site --once`: poll, send, exit)
    lab.config("south-once", site_user("south"))
    res = lab.netmon("south-once", "daemon", "--site", "south", "--once",
                     password=PASSWORDS["south"], timeout=180)
    assert res.returncode == 0, res.stderr
    wait_for("the one-off poll applied", lambda: re.search(
        r"site south: inventory poll \w+ part 2/2 seq 2: 1 applied", i1.text()) is not None, 60)


def test_a_site_cannot_publish_for_another_site(lab: SitesLab) -> None:
    i1 = lab.ingest("ingest-1")
    started(lab, "ingest-1", "consuming the queues")
    south_polls = silent_polls("s-dist-rtr", NET + "7", datetime(2026, 1, 5, tzinfo=UTC), 1,
                               "ob-f", site="south")
    user = site_user("north")
    # 1. north's user may not use south's routing key: the broker refuses the publish
    with pytest.raises(Exception, match="ACCESS_REFUSED"):
        amqp(lab.rabbit, user, PASSWORDS["north"],
             lambda ch: publish(ch, topology.obs_key("south"), south_polls, user))
    # 2. nor slip south's devices into its own queue: the centre refuses the message
    forged = [b.replace('"site":"south"', '"site":"north"') for b in south_polls]
    amqp(lab.rabbit, user, PASSWORDS["north"],
         lambda ch: publish(ch, topology.obs_key("north"), forged, user))
    wait_for("the forgery dead-lettered", lambda: depth(lab.rabbit, topology.DEAD_QUEUE) == 1,
             60)
    assert "it holds devices of site(s) south" in i1.text()
    assert sum(absorbed([i1]).applied.values()) == 0
    assert depth(lab.rabbit, topology.obs_queue("south")) == 0
    state = StateStore(lab.root / "centre" / "state.sqlite3")
    try:
        assert state.get("s-dist-rtr") is None
    finally:
        state.close()


def coverage_rows(lab: SitesLab, config: str) -> list[dict[str, Any]]:
    res = lab.netmon(config, "coverage", "--json", "--no-write")
    assert res.returncode == 0, res.stderr
    return list(json.loads(res.stdout)["rows"])


def test_the_centre_computes_the_coverage_one_machine_computes(lab: SitesLab) -> None:
    with silenced(SILENT["n-c2-sw"]):
        lab.ingest("ingest-1")
        started(lab, "ingest-1", "consuming the queues")
        lab.site("north", "north-1")
        lab.site("south", "south-1", tls=True)
        lab.single("single")
        wait_for("both see the silent switch down", lambda: all(
            any("dist-n.c2" in r["short"] and r["scope"] == "district" and not r["unknown"]
                for r in coverage_rows(lab, c)) for c in ("centre", "single")), 120, 1.0)
        wait_for("the same coverage", lambda: coverage_rows(lab, "centre") ==
                 coverage_rows(lab, "single"), 60, 1.0)
        for _ in range(3):  # and it stays so
            time.sleep(1)
            assert coverage_rows(lab, "centre") == coverage_rows(lab, "single")
        rows = coverage_rows(lab, "centre")
    commune = next(r for r in rows if r["scope"] == "city" and r["level"] == "commune")
    assert (commune["connected"], commune["total"], commune["short"]) == (
        2, 4, ["dist-n.c2", "dist-n.c3"])
    department = next(r for r in rows if r["scope"] == "city" and r["level"] == "department")
    assert (department["connected"], department["unknown"]) == (1, 1)  # s-none is unknown
    site_rows = lab.db.query("SELECT * FROM \"netmon_coverage\" WHERE \"scope\" = 'site'")
    assert {r["site"] for r in site_rows} == {"north", "south"}
