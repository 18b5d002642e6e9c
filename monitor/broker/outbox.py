"""The site's outbox: every part of every poll goes to disk first, then to the broker.

The on-disk spool (``sinks/spool.py``, the one InfluxDB's points wait in) holds one record
per message, ``<message id> <json>``, fsync'd before ``put`` returns: a poll is kept from
the moment it is made, across a broker outage, a WAN cut or a restart of the poller. One
drainer sends the records in order, a batch at a time, on a channel with publisher confirms
and ``mandatory`` (a message no queue takes, because the centre has not declared the site's
queue yet, comes back as an error instead of vanishing), and acknowledges the batch in the
spool only when the broker confirmed every message of it. A batch cut by a failure is sent
again whole: the centre recognises what it already has (state.record's poll ids).

Order: live polls never overtake waiting ones, since everything goes through the spool.
Each message is numbered (``outbox-id``, ``seq``): the centre applies each number once.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import os
import secrets
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from netmon.monitor.broker import codec, topology
from netmon.monitor.sinks.spool import Spool

log = logging.getLogger("netmon.broker")


class Outbox:
    def __init__(self, directory: Path, site: str, username: str, max_bytes: int,
                 batch: int) -> None:
        self.spool = Spool(directory, max_bytes=max_bytes)
        # This outbox's name at the centre; a new outbox (a new machine, a wiped data folder)
        # numbers its messages afresh under a new name.
        id_file = directory / "outbox-id"
        if not id_file.exists():
            id_file.write_text(secrets.token_hex(8) + "\n")
        self.id = id_file.read_text().strip()
        self._seq_file = directory / "seq"
        self._lock = threading.Lock()
        self._seq = int(self._seq_file.read_text()) if self._seq_file.exists() else 0
        self.site = site
        self.username = username
        self.batch = batch
        self.wake = asyncio.Event()
        self.published = 0  # messages the broker confirmed (this process)
        self.lag_s = 0.0  # how old the first poll of the last batch sent was

    def put(self, envelopes: Sequence[codec.Envelope]) -> None:
        """Number the parts of one poll and write them (fsync'd); the drainer sends them.
        Blocking: call it in a thread."""
        # One at a time: numbers must be in the spool in their order (a reachability and an
        # inventory poll may end together), or the centre would skip the lower ones.
        with self._lock:
            first = self._reserve(len(envelopes))
            self.spool.append([
                f"{e.message_id} {codec.encode(dataclasses.replace(e, outbox=self.id, seq=n))}"
                for n, e in enumerate(envelopes, first)])

    def _reserve(self, n: int) -> int:
        """Numbers for ``n`` messages, on disk before any of them is: a crash leaves a gap
        in the numbering (harmless), never a number used twice (a message the centre would
        take for one it already applied)."""
        first = self._seq + 1
        self._seq += n
        tmp = self._seq_file.with_suffix(".tmp")
        with tmp.open("w") as f:
            f.write(f"{self._seq}\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self._seq_file)
        return first

    def pending(self) -> int:
        return self.spool.pending()

    async def drain(self, connection: Any) -> None:
        """Send what waits, in order, until the connection fails (then raise)."""
        import aio_pika

        channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
        exchange = await channel.get_exchange(topology.EXCHANGE, ensure=False)
        key = topology.obs_key(self.site)
        while True:
            batch = await asyncio.to_thread(self.spool.read_batch, self.batch)
            if batch is None or not batch.lines:
                if batch is not None:  # torn records only: skip them
                    await asyncio.to_thread(self.spool.ack, batch)
                    continue
                self.wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), 1.0)
                continue
            messages = [_message(line, self.username, aio_pika) for line in batch.lines]
            # One confirm round trip for the batch: published together, awaited together.
            await asyncio.gather(*(exchange.publish(m, key, mandatory=True) for m in messages))
            await asyncio.to_thread(self.spool.ack, batch)
            self.published += len(messages)
            first = messages[0].timestamp
            if first is not None:
                self.lag_s = max(0.0, time.time() - first.timestamp())


def _message(line: str, username: str, aio_pika: Any) -> Any:
    message_id, _, text = line.partition(" ")
    body, encoding = codec.to_body(text)
    return aio_pika.Message(
        body, content_type="application/json", content_encoding=encoding,
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT, message_id=message_id,
        type="netmon.poll", app_id="netmon", user_id=username,
        timestamp=_poll_time(text))


def _poll_time(text: str) -> datetime:
    """The poll's time, read from the start of the record without decoding all of it."""
    i = text.find('"at":"')
    if i >= 0:
        try:
            return datetime.fromisoformat(text[i + 6:text.index('"', i + 6)])
        except ValueError:
            pass
    return datetime.now(UTC)
