"""Is this device up? The one place that decides.

Every probe and poll leaves evidence; this module folds it, over time, into ``up``,
``down`` or ``unknown``. Nothing else in netmon answers the question: the collectors
report what happened (a status per probe), coverage and the points read the verdict.

Evidence, per probe or collector, from its status:

- **answered**: the device said anything at all. An ICMP echo reply, a TCP connect or
  a refused connection (the host sent the RST), any SNMP response (a complete or partial
  walk, a v3 authentication report, an unsupported or unparsable reply), an SSH banner,
  an authentication failure, a changed host key.
- **silent**: a probe meant for it got nothing back (timeout, no route).
- **not asked**: netmon could not ask (no ICMP socket, ``reach: none``, a poller fault).

Silence only counts from a probe the device is known to answer: an SNMP agent that has
never answered may have a wrong community (v2c agents drop those without a word), and a
device that drops ICMP but answers SNMP or SSH is recognised as such after
``filtered_after`` cycles, said once (an ``icmp_filtered`` event), and probed by SNMP or
TCP from then on.

The verdict:

- **up** when anything answered in this cycle;
- **down** when probes meant for it were silent, with no answer of any kind, in
  ``down_after`` consecutive cycles (default 2: one lost cycle is not an outage);
  between the first silent cycle and the confirmation the previous verdict holds;
- **unknown** when netmon never learned anything, or the last evidence is older than
  ``stale_after``.

Each change of verdict between up and down is an event (``down``, ``up``), said once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from netmon.collectors.observation import Reach, Status

ANSWERED_STATUSES = frozenset({
    Status.OK, Status.PARTIAL, Status.UNSUPPORTED, Status.PARSE_ERROR, Status.AUTH_FAILED,
    Status.HOST_KEY_CHANGED,
})
SILENT_STATUSES = frozenset({Status.TIMEOUT, Status.UNREACHABLE})


class Evidence(StrEnum):
    ANSWERED = "answered"
    SILENT = "silent"
    NOT_ASKED = "not_asked"


def evidence(status: Status, method: str = "") -> Evidence:
    """What one probe's status says about the device's presence."""
    if method == "none":
        return Evidence.NOT_ASKED
    if method == "icmp" and status is Status.UNSUPPORTED:  # no ICMP socket here
        return Evidence.NOT_ASKED
    if status in ANSWERED_STATUSES:
        return Evidence.ANSWERED
    if status in SILENT_STATUSES:
        return Evidence.SILENT
    return Evidence.NOT_ASKED


@dataclass(frozen=True)
class Probe:
    """One piece of evidence: which probe (icmp, tcp, snmp, ssh) and what it said."""

    method: str
    status: Status

    @property
    def evidence(self) -> Evidence:
        return evidence(self.status, self.method)


@dataclass(frozen=True)
class Rules:
    down_after: int = 2  # consecutive silent cycles before down
    filtered_after: int = 3  # cycles of lost ICMP while another probe answered
    stale_after: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class Tracked:
    """What netmon remembers of one device between polls (kept in the state database)."""

    verdict: Reach = Reach.UNKNOWN
    since: datetime | None = None  # when the verdict began
    last_evidence: datetime | None = None  # the last cycle that asked and heard or not
    last_answer: datetime | None = None
    silent_cycles: int = 0
    icmp_misses: int = 0  # consecutive cycles of lost ICMP while something else answered
    icmp_filtered: bool = False
    snmp_answers: bool = False  # SNMP has answered it: its silence means something

    def to_json(self) -> dict[str, Any]:
        # Shallow (every field is a scalar or a datetime): asdict's deep copies were half
        # the cost of recording a poll at a centre absorbing 30,000 devices.
        d = {name: getattr(self, name) for name in _TRACKED_FIELDS}
        for key in ("since", "last_evidence", "last_answer"):
            d[key] = d[key].isoformat() if d[key] is not None else None
        d["verdict"] = str(self.verdict)
        return d

    @classmethod
    def from_json(cls, d: Mapping[str, Any] | None) -> Tracked:
        if not d:
            return cls()
        kw = {k: v for k, v in d.items() if k in _TRACKED_NAMES}
        for key in ("since", "last_evidence", "last_answer"):
            kw[key] = datetime.fromisoformat(kw[key]) if kw.get(key) else None
        kw["verdict"] = Reach(kw.get("verdict", "unknown"))
        return cls(**kw)


# dataclasses.fields() walks the class each call: read once (a daemon decodes every
# device's state several times a minute).
_TRACKED_FIELDS = tuple(f.name for f in dataclasses.fields(Tracked))
_TRACKED_NAMES = frozenset(_TRACKED_FIELDS)


@dataclass(frozen=True)
class Change:
    kind: str  # down, up, icmp_filtered
    old: str | None
    new: str | None
    message: str


def advance(prev: Tracked, probes: Sequence[Probe], at: datetime,
            rules: Rules) -> tuple[Tracked, list[Change]]:
    """Fold one cycle's evidence into the device's state; the changes to announce."""
    answered = [p for p in probes if p.evidence is Evidence.ANSWERED]
    snmp_answers = prev.snmp_answers or any(p.method == "snmp" for p in answered)
    counted = [p for p in probes if p.evidence is Evidence.SILENT
               and not (p.method == "icmp" and prev.icmp_filtered)
               and not (p.method == "snmp" and not snmp_answers)]
    changes: list[Change] = []
    icmp_lost = any(p.method == "icmp" and p.evidence is Evidence.SILENT for p in probes)
    icmp_misses, filtered = prev.icmp_misses, prev.icmp_filtered
    if answered:
        icmp_misses = icmp_misses + 1 if icmp_lost else 0
        if not filtered and icmp_misses >= rules.filtered_after:
            filtered = True
            by = "SNMP" if snmp_answers else answered[0].method.upper()
            changes.append(Change("icmp_filtered", None, by.lower(),
                                  f"drops ICMP but answers {by}: probed by "
                                  f"{'SNMP' if snmp_answers else 'TCP'} from now on"))
        state = dataclasses.replace(prev, silent_cycles=0, last_answer=at, last_evidence=at,
                                    icmp_misses=icmp_misses, icmp_filtered=filtered,
                                    snmp_answers=snmp_answers)
        return _verdict(state, Reach.UP, at, changes)
    if counted:
        silent = prev.silent_cycles + 1
        state = dataclasses.replace(prev, silent_cycles=silent, last_evidence=at,
                                    snmp_answers=snmp_answers)
        if silent >= rules.down_after:
            return _verdict(state, Reach.DOWN, at, changes)
        return state, changes  # not confirmed yet: the previous verdict holds
    return dataclasses.replace(prev, snmp_answers=snmp_answers), changes  # learned nothing


def _verdict(state: Tracked, verdict: Reach, at: datetime,
             changes: list[Change]) -> tuple[Tracked, list[Change]]:
    if verdict is state.verdict:
        return state, changes
    old = state.verdict
    if verdict is Reach.DOWN:
        changes.append(Change("down", str(old), "down",
                              f"went down: no answer in {state.silent_cycles} cycles"))
    elif old is Reach.DOWN:
        changes.append(Change("up", "down", "up", "came back"))
    return dataclasses.replace(state, verdict=verdict, since=at), changes


def current(state: Tracked | None, now: datetime, rules: Rules) -> Reach:
    """The verdict as of ``now``: unknown when never learned or stale."""
    if state is None or state.last_evidence is None:
        return Reach.UNKNOWN
    if now - state.last_evidence > rules.stale_after:
        return Reach.UNKNOWN
    return state.verdict


def reach_method(configured: str, state: Tracked | None, has_snmp: bool) -> str:
    """The probe to use now: a device known to drop ICMP is probed by SNMP (or TCP)."""
    if configured == "icmp" and state is not None and state.icmp_filtered:
        return "snmp" if has_snmp and state.snmp_answers else "tcp"
    return configured
