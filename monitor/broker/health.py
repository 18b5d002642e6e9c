"""How the sites are doing: heartbeats in, ``netmon sites`` and ``netmon_site`` points out.

Each site poller sends a heartbeat every ``site_heartbeat_s`` (routing key ``beat.<site>``:
its user may send no other site's): its role in the lease, its outbox depth, its last poll.
The centre keeps the last heartbeat of each poller in ``<data_dir>/sites.sqlite3`` and
combines them with what only the centre knows (the depth of each site's queue, the age of
the freshest observation it absorbed from the site) into one ``SiteHealth`` per site, which
``netmon sites`` prints and ``netmon ingest`` writes as ``netmon_site`` points.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from netmon.errors import BadMessage, ConfigError, NetmonError
from netmon.inventory import Inventory
from netmon.monitor.config import Settings
from netmon.monitor.sinks.point import FieldValue, Point
from netmon.monitor.state import DeviceState, StateStore


@dataclass(frozen=True)
class Beat:
    site: str
    poller: str
    role: str  # active, standby, exiled, starting
    sent: datetime
    outbox: int  # messages waiting in the poller's outbox
    devices: int
    published: int  # messages the broker confirmed since the poller started
    takeovers: int
    standbys: tuple[str, ...] = ()
    last_poll: str | None = None  # ISO time of the last poll it made
    lag_s: float = 0.0  # age of the oldest poll in the last batch it sent

    def to_json(self) -> str:
        d = asdict(self)
        d["sent"] = self.sent.isoformat()
        d["standbys"] = list(self.standbys)
        return json.dumps(d)

    @classmethod
    def from_json(cls, text: str | bytes) -> Beat:
        try:
            d = json.loads(text)
            return cls(str(d["site"]), str(d["poller"]), str(d["role"]),
                       datetime.fromisoformat(d["sent"]), int(d["outbox"]), int(d["devices"]),
                       int(d["published"]), int(d["takeovers"]),
                       tuple(str(s) for s in d.get("standbys", ())), d.get("last_poll"),
                       float(d.get("lag_s", 0.0)))
        except (ValueError, KeyError, TypeError) as exc:
            raise BadMessage(f"not a heartbeat: {type(exc).__name__}") from exc


class Registry:
    """The last heartbeat of each poller, shared by every ``netmon ingest`` and read by
    ``netmon sites`` (SQLite in WAL mode, like the state store)."""

    def __init__(self, path: Path) -> None:
        try:
            self._db = sqlite3.connect(path, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS beats (site TEXT NOT NULL, "
                             "poller TEXT NOT NULL, sent TEXT NOT NULL, received TEXT NOT NULL,"
                             " beat TEXT NOT NULL, PRIMARY KEY (site, poller))")
        except sqlite3.Error as exc:
            raise ConfigError(f"site registry {path}: {exc}") from exc

    def record(self, beat: Beat, received: datetime) -> None:
        """Keep ``beat`` unless a newer one of that poller is there (two ingesters may take
        a poller's heartbeats out of order)."""
        with self._db:
            self._db.execute(
                "INSERT INTO beats (site, poller, sent, received, beat) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(site, poller) DO UPDATE SET sent=excluded.sent, "
                "received=excluded.received, beat=excluded.beat "
                "WHERE excluded.sent >= beats.sent", (
                    beat.site, beat.poller, beat.sent.astimezone(UTC).isoformat(),
                    received.isoformat(), beat.to_json()))

    def beats(self) -> list[tuple[Beat, datetime]]:
        return [(Beat.from_json(b), datetime.fromisoformat(r)) for r, b in self._db.execute(
            "SELECT received, beat FROM beats ORDER BY site, poller")]

    def close(self) -> None:
        self._db.close()


@dataclass(frozen=True)
class SiteHealth:
    site: str
    active: str | None  # the poller whose last heartbeat says it polls
    pollers: int  # pollers heard from lately
    beat_age_s: float | None  # the newest heartbeat from the site
    queue: int | None  # messages waiting at the centre (None: the broker was not asked)
    outbox: int | None  # messages waiting at the site (the pollers' last heartbeats)
    devices: int
    observed: int  # devices the centre has an observation of
    freshest_age_s: float | None  # the newest observation the centre absorbed from it
    takeovers: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def figures(inv: Inventory, beats: list[tuple[Beat, datetime]],
            states: Mapping[str, DeviceState], depths: Mapping[str, int | None],
            now: datetime, beat_every_s: float) -> list[SiteHealth]:
    out = []
    for site, devices in inv.sites().items():
        mine = [(b, r) for b, r in beats if b.site == site]
        recent = [(b, r) for b, r in mine if (now - r).total_seconds() < 3 * beat_every_s]
        polling = sorted((b for b, _ in recent if b.role in ("active", "exiled")),
                         key=lambda b: (b.role != "active", -b.sent.timestamp()))
        seen = [states[d].at for d in devices if d in states]
        newest = max((r for _, r in mine), default=None)
        out.append(SiteHealth(
            site=site, active=polling[0].poller if polling else None, pollers=len(recent),
            beat_age_s=(now - newest).total_seconds() if newest else None,
            queue=depths.get(site), outbox=sum(b.outbox for b, _ in recent) if recent else None,
            devices=len(devices), observed=len(seen),
            freshest_age_s=(now - max(seen)).total_seconds() if seen else None,
            takeovers=sum(b.takeovers for b, _ in mine)))
    return out


def site_points(health: list[SiteHealth], at: datetime) -> list[Point]:
    out = []
    for h in health:
        fields: dict[str, FieldValue] = {
            "active_poller": h.active or "", "pollers": h.pollers, "devices": h.devices,
            "observed": h.observed, "takeovers": h.takeovers}
        for key, value in (("heartbeat_age_s", h.beat_age_s), ("queue_depth", h.queue),
                           ("outbox_depth", h.outbox), ("freshest_age_s", h.freshest_age_s)):
            if value is not None:
                fields[key] = float(value) if isinstance(value, float) else value
        out.append(Point("netmon_site", {"site": h.site}, fields, at))
    return out


@dataclass(frozen=True)
class Snapshot:
    sites: list[SiteHealth]
    dead_letters: int | None  # messages in netmon.dead
    broker_error: str | None  # why the queue depths are unknown


async def snapshot(settings: Settings, inv: Inventory) -> Snapshot:
    """Everything ``netmon sites`` shows, read at the centre: heartbeats and state from the
    data directory, queue depths from the broker (with the centre's credentials)."""
    from netmon.monitor.broker.link import brief, connect
    from netmon.monitor.broker.topology import DEAD_QUEUE, obs_queue

    assert settings.broker is not None
    cfg = settings.broker
    sites = list(inv.sites())
    depths: dict[str, int | None] = {}
    dead = error = None
    try:
        conn = await connect(cfg, "netmon sites")
    except NetmonError as exc:
        error = str(exc)
    else:
        try:
            found = await queue_depths(conn, [obs_queue(s) for s in sites] + [DEAD_QUEUE])
            depths = {s: found[obs_queue(s)] for s in sites}
            dead = found[DEAD_QUEUE]
        except Exception as exc:
            error = brief(exc)
        finally:
            await conn.close()
    registry = Registry(settings.data_dir / "sites.sqlite3") \
        if (settings.data_dir / "sites.sqlite3").exists() else None
    states = StateStore(settings.state_path) if settings.state_path.exists() else None
    try:
        beats = registry.beats() if registry else []
        latest = states.latest() if states else {}
    finally:
        if registry:
            registry.close()
        if states:
            states.close()
    return Snapshot(figures(inv, beats, latest, depths, datetime.now(UTC),
                            cfg.site_heartbeat_s), dead, error)


async def queue_depths(connection: Any, queues: list[str]) -> dict[str, int | None]:
    """Messages ready in each queue (passive declares, on a channel of their own: a missing
    queue closes the channel that asked), None where the broker would not say."""
    out: dict[str, int | None] = {}
    channel = None
    for name in queues:
        out[name] = None
        try:
            if channel is None or channel.is_closed:
                channel = await connection.channel(publisher_confirms=False)
            q = await channel.declare_queue(name, passive=True)
            out[name] = int(q.declaration_result.message_count)
        except Exception:
            continue
    if channel is not None and not channel.is_closed:
        with contextlib.suppress(Exception):
            await channel.close()
    return out
