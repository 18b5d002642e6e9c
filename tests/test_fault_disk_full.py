"""The spool's disk fills up: a real tmpfs of a few hundred KiB under the spool, a real influxd.

The policy under test (monitor/sinks/influx.py): when the spool cannot be written the points
are held in memory, in order, and sent straight to InfluxDB; the oldest held points beyond
``held_max`` are dropped and counted; the spool is never left with half an append; as soon as
space returns the held points go to disk before the new ones. So the points lost are zero
while InfluxDB answers, and exactly the overflow past ``held_max`` while both are away.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest

from netmon.monitor.sinks.influx import InfluxSettings, InfluxSink
from netmon.monitor.sinks.point import Point
from netmon.monitor.sinks.spool import Spool
from tests.fault_kit import fill, free_bytes, read_spool, tmpfs
from tests.peers.influxd import Influxd, requires_influxd, start_influxd

pytestmark = [pytest.mark.integration, requires_influxd]

BATCH = 100
HELD_MAX = 300
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def batch(name: str, k: int) -> list[Point]:
    """BATCH points of one series each second; ``k`` keeps timestamps apart between batches."""
    return [Point("fault_disk", {"batch": name, "agency": "Phường Tràng Tiền"},
                  {"i": i, "pad": "x" * 60}, T0 + timedelta(seconds=k * BATCH + i))
            for i in range(BATCH)]


def landed(server: Influxd) -> dict[str, int]:
    rows = server.query('SELECT count("i") FROM "fault_disk" GROUP BY "batch"')
    return {r["batch"]: int(r["count"]) for r in rows}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Influxd]:
    s = start_influxd(tmp_path / "influxd")
    try:
        yield s
    finally:
        s.stop()


def test_disk_full_holds_sends_directly_drops_exactly_the_overflow_and_recovers(
        tmp_path: Path, server: Influxd, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="netmon")
    settings = InfluxSettings(server.url, api="v1", database="netmon", timeout_s=2,
                              max_retries=0, backoff_base_s=0.01, backoff_max_s=0.05,
                              write_budget_s=5, batch_size=BATCH, held_max=HELD_MAX)
    with tmpfs(tmp_path / "disk", 256) as disk:
        spool_dir = disk / "spool"
        sink = InfluxSink(settings, Spool(spool_dir, segment_bytes=64 * 1024))

        # P0: InfluxDB away, disk fine: Z waits in the spool.
        server.stop()
        sink.write(batch("Z", 0))
        assert sink.spool.pending() == BATCH and sink.held == 0

        # P1: the disk fills; InfluxDB is back. A goes straight to InfluxDB (held, then sent
        # after the spool's Z, whose drained segment frees space).
        filler = fill(disk)
        assert free_bytes(disk) < 4096
        server.start()
        sink.write(batch("A", 1))
        assert "cannot write the spool" in caplog.text and "No space left" in caplog.text
        assert sink.held == 0 and sink.spool.pending() == 0 and sink.lost == 0
        assert landed(server) == {"Z": BATCH, "A": BATCH}

        # P2: both away. Leave 8 KiB free, so that B's append (~13 KiB) is written in part
        # before ENOSPC: the spool must come out of it unchanged.
        server.stop()
        filler.unlink()
        filler = fill(disk, leave=8192)
        assert 4096 <= free_bytes(disk) < len(batch("B", 2)) * 120
        sizes = {p.name: p.stat().st_size for p in spool_dir.glob("*.seg")}
        for k, name in enumerate("BCDE", start=2):
            sink.write(batch(name, k))  # never raises
        assert {p.name: p.stat().st_size for p in spool_dir.glob("*.seg")} == sizes
        view = read_spool(spool_dir)
        assert view.pending == [] and view.torn == 0
        assert sink.held == HELD_MAX
        assert sink.lost == 4 * BATCH - HELD_MAX == BATCH  # exactly the overflow: B
        assert f"dropped the oldest {BATCH} points" in caplog.text

        # P3: space comes back, InfluxDB still away: the held C, D, E go to disk, before F.
        filler.unlink()
        sink.write(batch("F", 6))
        assert sink.held == 0
        view = read_spool(spool_dir)
        assert view.torn == 0 and len(view.pending) == 4 * BATCH
        assert [re.findall(r",batch=(\w)", line) for line in view.pending[::BATCH]] == \
            [["C"], ["D"], ["E"], ["F"]]
        assert "writable again: 300 held points written to it" in caplog.text

        # P4: InfluxDB back: everything but B lands; the spool is empty and sound.
        server.start()
        report = sink.flush(60)
        assert report.pending == 0 and report.held == 0 and report.error is None
        sink.close()
        assert landed(server) == {n: BATCH for n in "ZACDEF"}
        assert sink.lost == BATCH
        assert read_spool(spool_dir).torn == 0
    assert "skipped a torn" not in caplog.text
    assert "Traceback" not in caplog.text


def test_an_ack_that_cannot_save_the_cursor_keeps_it_in_memory(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The drain must go on while the disk is full (it is what frees space): the cursor is
    kept in memory and saved by the next operation that can."""
    with tmpfs(tmp_path / "disk", 128) as disk:
        spool = Spool(disk / "spool", segment_bytes=1 << 20)
        spool.append([p.line() for p in batch("H", 0)])
        filler = fill(disk)
        first = spool.read_batch(30)
        assert first is not None
        spool.ack(first)  # a partial segment: only the cursor moves, and it cannot be saved
        assert "cannot save the cursor" in caplog.text
        assert spool.pending() == BATCH - 30  # this process knows
        assert len(read_spool(disk / "spool").pending) == BATCH  # the disk does not, yet
        filler.unlink()
        assert spool.pending() == BATCH - 30  # the next operation saves it
        assert len(read_spool(disk / "spool").pending) == BATCH - 30
        assert Spool(disk / "spool").pending() == BATCH - 30  # and a restart sees it


def test_points_held_at_exit_are_counted_as_lost(tmp_path: Path, server: Influxd,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    settings = InfluxSettings(server.url, api="v1", database="netmon", timeout_s=1,
                              max_retries=0, backoff_base_s=0.01, backoff_max_s=0.05,
                              batch_size=BATCH)
    with tmpfs(tmp_path / "disk", 128) as disk:
        sink = InfluxSink(settings, Spool(disk / "spool"))
        fill(disk)
        server.stop()
        sink.write(batch("G", 0))
        assert sink.held == BATCH
        sink.close()
    assert sink.lost == BATCH
    assert f"{BATCH} points lost at exit" in caplog.text


# --- the same through `netmon daemon` ----------------------------------------------------------

def test_daemon_with_its_spool_disk_full_keeps_polling_and_loses_nothing(
        tmp_path: Path) -> None:
    from tests.fault_kit import Daemon, netmon_env, points_in_influx, wait_for
    from tests.peers.snmpd import SNMPD, start_snmpd

    if SNMPD is None:
        pytest.skip("Debian snmpd is not installed")
    agent = start_snmpd(tmp_path / "snmpd", address="127.60.6.1")
    server = start_influxd(tmp_path / "influxd")
    inv = tmp_path / "inventory.yaml"
    inv.write_text(
        f"snmp_profiles:\n  p: {{version: 2c, community: 'plain:{agent.community}', "
        f"port: {agent.port}, timeout_s: 1, retries: 0}}\n"
        "agencies:\n  - {id: hk, name: Quận Hoàn Kiếm, level: district}\n"
        "devices:\n  - {id: r1, agency: hk, role: wan_router, address: 127.60.6.1, snmp: p}\n"
        "  - {id: r2, agency: hk, role: lan_switch, address: 127.60.6.1, snmp: p}\n",
        encoding="utf-8")
    config = tmp_path / "netmon.yaml"
    config.write_text(
        f"inventory: {inv}\ndata_dir: {tmp_path / 'data'}\n"
        f"influxdb: {{url: '{server.url}', api: v1, database: netmon, timeout_s: 2}}\n"
        "poll: {interval_s: 1, reachability_interval_s: 1, deadline_s: 5}\n"
        "ping: {count: 1, timeout_s: 0.3}\n", encoding="utf-8")

    def polls(d: Daemon) -> int:
        return d.text().count(" poll: ")

    def more_polls(d: Daemon, n: int) -> bool:
        return polls(d) >= n

    try:
        with tmpfs(tmp_path / "data" / "spool", 256) as disk:
            filler = fill(disk)
            server.stop()
            daemon = Daemon(config, tmp_path / "daemon.log", env=netmon_env(), verbose=2)
            try:
                for step in ("both away", "InfluxDB back", "InfluxDB away again",
                             "space back", "InfluxDB back for good"):
                    if step == "InfluxDB back" or step == "InfluxDB back for good":
                        server.start()
                    elif step == "InfluxDB away again":
                        server.stop()
                        fill(disk, "filler-2")  # the drain freed space: full again
                    elif step == "space back":
                        filler.unlink()
                        (disk / "filler-2").unlink()
                    wait_for(f"3 polls ({step})", partial(more_polls, daemon, polls(daemon) + 3),
                             timeout_s=90)
                    assert daemon.alive(), daemon.text()[-3000:]
            finally:
                rc = daemon.stop()
            text = daemon.text()
            assert rc == 0, text[-3000:]
            view = read_spool(disk)
        assert "cannot write the spool" in text and "No space left on device" in text
        assert "writable again" in text
        assert "Traceback" not in text
        assert "dropped the oldest" not in text and "lost at exit" not in text
        assert view.pending == [] and view.torn == 0
        produced = sum(int(n) for n in re.findall(r"write: (\d+) points", text))
        stored = sum(points_in_influx(server).values())
        print(f"\ndaemon, spool disk full then back, InfluxDB away twice: {polls(daemon)} "
              f"polls, {produced} points produced, {stored} stored, "
              f"{produced - stored} lost")
        assert stored == produced
    finally:
        server.stop()
        agent.stop()


def test_daemon_with_its_whole_data_dir_full_still_writes_its_points(tmp_path: Path) -> None:
    from tests.fault_kit import Daemon, netmon_env, wait_for
    from tests.peers.snmpd import SNMPD, start_snmpd

    if SNMPD is None:
        pytest.skip("Debian snmpd is not installed")
    agent = start_snmpd(tmp_path / "snmpd", address="127.60.6.3")
    server = start_influxd(tmp_path / "influxd")
    inv = tmp_path / "inventory.yaml"
    inv.write_text(
        f"snmp_profiles:\n  p: {{version: 2c, community: 'plain:{agent.community}', "
        f"port: {agent.port}, timeout_s: 1, retries: 0}}\n"
        "agencies:\n  - {id: hk, name: Quận Hoàn Kiếm, level: district}\n"
        "devices:\n  - {id: r1, agency: hk, role: wan_router, address: 127.60.6.3, snmp: p}\n",
        encoding="utf-8")
    config = tmp_path / "netmon.yaml"
    config.write_text(
        f"inventory: {inv}\ndata_dir: {tmp_path / 'data'}\n"
        f"influxdb: {{url: '{server.url}', api: v1, database: netmon, timeout_s: 2}}\n"
        "poll: {interval_s: 1, reachability_interval_s: 1, deadline_s: 5}\n"
        "ping: {count: 1, timeout_s: 0.3}\n", encoding="utf-8")

    def polls_stored() -> int:
        return server.count("netmon_poll", "targets")

    try:
        with tmpfs(tmp_path / "data", 512):
            daemon = Daemon(config, tmp_path / "daemon.log", env=netmon_env())
            try:
                wait_for("a first poll", lambda: polls_stored() >= 2, timeout_s=60)
                fill(tmp_path / "data")
                before = polls_stored()
                wait_for("polls stored with the disk full", lambda: polls_stored() >= before + 3,
                         timeout_s=30)
            finally:
                daemon.stop()
            assert "Traceback" not in daemon.text()
    finally:
        server.stop()
        agent.stop()
