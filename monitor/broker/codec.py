"""The wire form of a site's poll: JSON, one line, versioned.

A site polls its devices and sends the result to the centre as one or more *parts*
(``Envelope``), each a JSON object on one line (it waits in the site's outbox spool as that
line)::

    {"v": 1, "site": "hanoi", "poller": "hn-poller-1", "poll_id": "9f0c...",
     "kind": "reachability" | "inventory", "at": "2025-...+00:00", "part": 1, "parts": 3,
     "outbox": "5e1d...", "seq": 1042,
     "summary": {"targets", "ok", "failed", "not_asked", "duration_s", "slowest"},
     "polls": [{"device", "address", "reach_method", "at", "duration_s", "status",
                "reach": {...}, "observations": [{...}], "facts": {...} | null}, ...]}

Each device poll carries its device id, its poll time and the site poll's id; InfluxDB
points are idempotent on them (a point's series and time). ``outbox`` and ``seq`` number
the messages of one poller's outbox in the order it sent them: the centre applies a message
only when its number is past the last one applied from that outbox (``state.mark``), in the
transaction that folds it, so a message delivered twice is applied once.

What never travels: credentials (the centre rebuilds a ``Target`` without them), the
verdict (the centre decides it, in ``device_state``), and ``Observation.raw`` (unparsed CLI
output, kept for ``scan host`` only). Anything that does not decode is ``BadMessage``: the
centre lets the broker dead-letter it.
"""

from __future__ import annotations

import dataclasses
import json
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from netmon.collectors.observation import (
    DeviceFacts,
    HardwareComponent,
    Interface,
    Observation,
    ReachabilityResult,
    Status,
)
from netmon.errors import BadMessage
from netmon.monitor.runner import DevicePoll, PollSummary
from netmon.target import Target

VERSION = 1
KINDS = ("inventory", "reachability")
DEFLATE_ABOVE = 32 * 1024  # bytes of JSON; below this, compression costs more than it saves


@dataclass(frozen=True)
class Envelope:
    """One part of one site poll."""

    site: str
    poller: str
    poll_id: str
    kind: str  # inventory | reachability
    at: datetime  # when the site poll began
    part: int  # 1-based
    parts: int
    summary: PollSummary  # of the whole site poll, repeated in each part
    polls: tuple[DevicePoll, ...]
    outbox: str = ""  # the poller's outbox, set when it takes the message
    seq: int = 0  # the message's number in that outbox (1, 2, ...)

    @property
    def message_id(self) -> str:
        return f"{self.poll_id}/{self.part}"


def split(site: str, poller: str, poll_id: str, kind: str, at: datetime,
          summary: PollSummary, polls: Sequence[DevicePoll],
          max_polls: int) -> Iterator[Envelope]:
    """A site poll as parts of at most ``max_polls`` device polls (one part if none)."""
    chunks = [polls[i:i + max_polls] for i in range(0, len(polls), max_polls)] or [[]]
    for n, chunk in enumerate(chunks, 1):
        yield Envelope(site, poller, poll_id, kind, at, n, len(chunks), summary, tuple(
            dataclasses.replace(p, poll_id=poll_id) for p in chunk))


# --- encoding -------------------------------------------------------------------------------

def encode(env: Envelope) -> str:
    """One line of JSON (no newline inside: json escapes them in strings)."""
    return json.dumps({
        "v": VERSION, "site": env.site, "poller": env.poller, "poll_id": env.poll_id,
        "kind": env.kind, "at": env.at.isoformat(), "part": env.part, "parts": env.parts,
        "outbox": env.outbox, "seq": env.seq,
        "summary": _summary(env.summary), "polls": [_poll(p) for p in env.polls],
    }, ensure_ascii=False, separators=(",", ":"))


def to_body(line: str) -> tuple[bytes, str | None]:
    """The message body and its content encoding (deflate above ``DEFLATE_ABOVE``)."""
    raw = line.encode("utf-8")
    if len(raw) > DEFLATE_ABOVE:
        return zlib.compress(raw, 6), "deflate"
    return raw, None


def from_body(body: bytes, encoding: str | None) -> str:
    try:
        if encoding == "deflate":
            body = zlib.decompress(body)
        elif encoding not in (None, ""):
            raise BadMessage(f"unknown content encoding {encoding!r}")
        return body.decode("utf-8")
    except (zlib.error, UnicodeDecodeError) as exc:
        raise BadMessage(f"unreadable body: {exc}") from exc


def _summary(s: PollSummary) -> dict[str, Any]:
    return {"targets": s.targets, "ok": s.ok, "failed": s.failed, "not_asked": s.not_asked,
            "duration_s": s.duration_s, "slowest": [list(x) for x in s.slowest]}


def _poll(p: DevicePoll) -> dict[str, Any]:
    return {"device": p.target.id, "address": p.target.address,
            "reach_method": p.target.reach_method, "at": p.at.isoformat(),
            "duration_s": p.duration_s, "status": str(p.status), "reach": _reach(p.reach),
            "observations": [_observation(o) for o in p.observations],
            "facts": p.facts.to_json() if p.facts is not None else None}


def _reach(r: ReachabilityResult) -> dict[str, Any]:
    return {"method": r.method, "status": str(r.status), "rtt_ms": r.rtt_ms,
            "loss_pct": r.loss_pct, "at": r.at.isoformat(), "error": r.error,
            "confirmed_by": r.confirmed_by,
            "confirm_status": str(r.confirm_status) if r.confirm_status is not None else None}


def _observation(o: Observation) -> dict[str, Any]:
    return {"collector": o.collector, "status": str(o.status), "at": o.at.isoformat(),
            "duration_s": o.duration_s, "error": o.error, "missing": list(o.missing),
            "facts": o.facts.to_json() if o.facts is not None else None}


# --- decoding -------------------------------------------------------------------------------

def decode(line: str) -> Envelope:
    """The envelope, or BadMessage saying what is wrong (never a KeyError or TypeError)."""
    try:
        d = json.loads(line)
        if not isinstance(d, dict):
            raise BadMessage("not a JSON object")
        if d.get("v") != VERSION:
            raise BadMessage(f"unknown version {d.get('v')!r} (this netmon reads {VERSION})")
        if d["kind"] not in KINDS:
            raise BadMessage(f"unknown kind {d['kind']!r}")
        poll_id = _text(d["poll_id"])
        polls = tuple(_device_poll(p, poll_id) for p in d["polls"])
        s = d["summary"]
        summary = PollSummary(int(s["targets"]), int(s["ok"]), int(s["failed"]),
                              float(s["duration_s"]),
                              tuple((str(a), float(b)) for a, b in s["slowest"]),
                              int(s["not_asked"]))
        env = Envelope(_text(d["site"]), _text(d["poller"]), poll_id, d["kind"],
                       _time(d["at"]), int(d["part"]), int(d["parts"]), summary, polls,
                       _text(d["outbox"]), int(d["seq"]))
    except BadMessage:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BadMessage(f"not a netmon site poll: {type(exc).__name__}: {exc}") from exc
    if not 1 <= env.part <= env.parts:
        raise BadMessage(f"part {env.part} of {env.parts}")
    if env.seq < 1:
        raise BadMessage(f"message number {env.seq}")
    return env


def _text(v: Any) -> str:
    if not isinstance(v, str) or not v:
        raise BadMessage(f"expected a non-empty string, got {v!r}")
    return v


def _time(v: Any) -> datetime:
    t = datetime.fromisoformat(_text(v))
    if t.tzinfo is None:
        raise BadMessage(f"time without a zone: {v!r}")
    return t


def _status(v: Any) -> Status:
    return Status(v)


def _device_poll(d: dict[str, Any], poll_id: str) -> DevicePoll:
    device, address = _text(d["device"]), _text(d["address"])
    r = d["reach"]
    reach = ReachabilityResult(
        device, address, _text(r["method"]), _status(r["status"]), _num(r["rtt_ms"]),
        _num(r["loss_pct"]), _time(r["at"]), r["error"], r["confirmed_by"],
        _status(r["confirm_status"]) if r["confirm_status"] is not None else None)
    observations = tuple(
        Observation(device, address, _text(o["collector"]), _status(o["status"]),
                    _time(o["at"]), float(o["duration_s"]), _facts(o["facts"]), o["error"],
                    {}, tuple(str(m) for m in o["missing"]))
        for o in d["observations"])
    method = d["reach_method"]
    if method not in ("icmp", "snmp", "tcp", "none"):
        raise BadMessage(f"unknown reach method {method!r}")
    return DevicePoll(
        target=Target(id=device, address=address, reach_method=method), reach=reach,
        snmp=next((o for o in observations if o.collector == "snmp"), None),
        ssh=next((o for o in observations if o.collector == "ssh"), None),
        facts=_facts(d["facts"]), status=_status(d["status"]), at=_time(d["at"]),
        duration_s=float(d["duration_s"]), observations=observations, poll_id=poll_id)


def _num(v: Any) -> float | None:
    return None if v is None else float(v)


def _facts(d: dict[str, Any] | None) -> DeviceFacts | None:
    if d is None:
        return None
    scalars = {k: d.get(k) for k in DeviceFacts.SCALARS}
    if scalars["uptime_s"] is not None:
        scalars["uptime_s"] = float(scalars["uptime_s"])
    interfaces = tuple(Interface(**i) for i in d.get("interfaces", []))
    hardware = tuple(HardwareComponent(**{("class_" if k == "class" else k): v
                                          for k, v in h.items()})
                     for h in d.get("hardware", []))
    return DeviceFacts(**scalars, interfaces=interfaces, hardware=hardware,
                       sources=dict(d.get("sources", {})),
                       conflicts={k: dict(v) for k, v in d.get("conflicts", {}).items()})
