"""The on-disk spool: order, acknowledgement, restarts, torn lines, the size cap."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from netmon.monitor.sinks.spool import Spool


def lines(start: int, n: int) -> list[str]:
    return [f"m,agency=Quận\\ Hoàn\\ Kiếm v={i}i {1_700_000_000_000_000_000 + i}"
            for i in range(start, start + n)]


def drain(spool: Spool, max_lines: int = 1000) -> list[str]:
    out: list[str] = []
    while (batch := spool.read_batch(max_lines)) is not None:
        out += batch.lines
        spool.ack(batch)
    return out


def segments(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.seg"))


def test_replays_in_order_in_batches_and_deletes_acked_segments(tmp_path: Path) -> None:
    with Spool(tmp_path, segment_bytes=4096) as spool:
        for k in range(10):
            spool.append(lines(k * 50, 50))
        assert spool.pending() == 500
        assert len(segments(tmp_path)) > 1  # rolled over
        batch = spool.read_batch(120)
        assert batch is not None and len(batch.lines) <= 120
        assert batch.lines == lines(0, len(batch.lines))
        assert drain(spool, 120) == lines(0, 500)  # the unacked first batch is read again
        assert spool.pending() == 0
        assert segments(tmp_path) == []
        spool.append(lines(500, 3))  # appending after a full drain works
        assert drain(spool) == lines(500, 3)


def test_unacked_lines_survive_a_restart_and_acked_do_not(tmp_path: Path) -> None:
    spool = Spool(tmp_path, segment_bytes=2048)
    spool.append(lines(0, 100))
    first = spool.read_batch(30)
    assert first is not None
    spool.ack(first)
    spool.read_batch(30)  # read, not acknowledged: must come back
    spool.close()

    again = Spool(tmp_path)
    assert again.pending() == 70
    again.append(lines(100, 5))  # goes to a new segment, after the old ones
    assert drain(again, 7) == lines(30, 75)
    again.close()
    assert Spool(tmp_path).pending() == 0


def test_torn_last_line_is_skipped_not_returned(tmp_path: Path, caplog: pytest.LogCaptureFixture
                                                ) -> None:
    with Spool(tmp_path) as spool:
        spool.append(lines(0, 10))
    seg = segments(tmp_path)[-1]
    whole = seg.read_bytes()
    record = whole.splitlines(keepends=True)[3]
    with seg.open("ab") as f:
        f.write(record[: len(record) // 2])  # killed mid-write: no newline
    with caplog.at_level(logging.WARNING), Spool(tmp_path) as spool:
        assert spool.pending() == 11
        assert drain(spool) == lines(0, 10)
        assert spool.pending() == 0
    assert "torn" in caplog.text


def test_corrupt_record_is_skipped_by_checksum(tmp_path: Path, caplog: pytest.LogCaptureFixture
                                               ) -> None:
    with Spool(tmp_path) as spool:
        spool.append(lines(0, 5))
    seg = segments(tmp_path)[0]
    data = bytearray(seg.read_bytes())
    third = data.index(b"v=2i")
    data[third + 2] = ord("9")  # v=2i -> v=9i: a flipped byte on disk
    seg.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING), Spool(tmp_path) as spool:
        got = drain(spool)
    assert got == [line for line in lines(0, 5) if " v=2i " not in line]
    assert "corrupt" in caplog.text


def test_cap_drops_oldest_loudly_and_counts(tmp_path: Path, caplog: pytest.LogCaptureFixture
                                            ) -> None:
    with caplog.at_level(logging.ERROR), Spool(tmp_path, max_bytes=20_000,
                                               segment_bytes=4_000) as spool:
        peak = 0
        for k in range(40):
            spool.append(lines(k * 10, 10))
            # checked while the data is on disk: after drain() every segment is gone
            on_disk = sum(p.stat().st_size for p in segments(tmp_path))
            assert on_disk <= 20_000, f"{on_disk} bytes after append {k}"
            peak = max(peak, on_disk)
        assert peak > 20_000 - 4_000  # the cap was really reached, not just never approached
        kept = drain(spool)
        assert spool.dropped > 0
        assert len(kept) + spool.dropped == 400
        assert kept == lines(400 - len(kept), len(kept))  # the newest, in order
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert errors and "full" in errors[0].getMessage()
    assert str(spool.dropped) in errors[-1].getMessage()


def test_a_second_spool_on_the_same_directory_opens_and_shares(tmp_path: Path) -> None:
    # the daemon keeps its Spool open for days; `netmon scan` must open the same one
    with Spool(tmp_path) as daemon, Spool(tmp_path) as cli:
        daemon.append(lines(0, 3))
        cli.append(lines(3, 2))
        assert daemon.pending() == cli.pending() == 5
        assert drain(cli) == lines(0, 5)
        assert daemon.pending() == 0


def test_newline_inside_a_line_is_refused(tmp_path: Path) -> None:
    with Spool(tmp_path) as spool, pytest.raises(ValueError):
        spool.append(["m v=1i 1\nm v=2i 2"])
