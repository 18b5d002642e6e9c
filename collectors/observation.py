"""Typed results of a poll: the contract between collectors, state, sinks and dashboards.

A failed device is data: every ``collect()`` returns an Observation with a
``Status``. ``facts`` is present when the device answered; any field of the
facts may be ``None`` (unknown), never a made-up value.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from netmon.target import Target


class Status(StrEnum):
    """How a collector's poll of one device ended.

    ``partial``: the device answered, but part of what was asked could not be read (a
    command the CLI rejected, a walk cut by the deadline or by a bad reply). The facts
    that were read are kept; ``Observation.missing`` names what is not there.
    """

    OK = "ok"
    PARTIAL = "partial"
    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"
    AUTH_FAILED = "auth_failed"
    HOST_KEY_CHANGED = "host_key_changed"
    UNSUPPORTED = "unsupported"
    PARSE_ERROR = "parse_error"
    INTERNAL = "internal"


class Reach(StrEnum):
    """A device's verdict, decided only by ``netmon.monitor.device_state``."""

    UP = "up"
    DOWN = "down"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)  # slots: a city's status poll makes 100,000 of them
class Interface:
    index: int
    name: str | None = None
    descr: str | None = None
    alias: str | None = None
    type: str | None = None
    admin_up: bool | None = None
    oper_up: bool | None = None
    speed_bps: int | None = None
    mac: str | None = None
    in_octets: int | None = None
    out_octets: int | None = None
    in_errors: int | None = None
    out_errors: int | None = None

    def to_json(self) -> dict[str, Any]:
        # Every field is a scalar: no need for dataclasses.asdict's deep copy (a tenth of
        # a district scan's CPU went there).
        return {f: getattr(self, f) for f in _INTERFACE_FIELDS}


_INTERFACE_FIELDS = tuple(f.name for f in dataclasses.fields(Interface))


@dataclass(frozen=True, slots=True)
class HardwareComponent:
    index: int
    class_: str | None = None
    name: str | None = None
    descr: str | None = None
    model: str | None = None
    serial: str | None = None
    hardware_rev: str | None = None
    firmware: str | None = None
    software: str | None = None
    parent: int | None = None

    def to_json(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["class"] = d.pop("class_")
        return d


@dataclass(frozen=True)
class DeviceFacts:
    """What a device says about itself. ``sources`` maps a field name to 'snmp' or 'ssh'."""

    sys_name: str | None = None
    sys_descr: str | None = None
    sys_object_id: str | None = None
    uptime_s: float | None = None
    sys_location: str | None = None
    sys_contact: str | None = None
    vendor: str | None = None
    model: str | None = None
    model_descr: str | None = None
    serial: str | None = None
    os: str | None = None
    os_version: str | None = None
    interfaces: tuple[Interface, ...] = ()
    hardware: tuple[HardwareComponent, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)
    conflicts: dict[str, dict[str, str]] = field(default_factory=dict)

    SCALARS = (
        "sys_name", "sys_descr", "sys_object_id", "uptime_s", "sys_location",
        "sys_contact", "vendor", "model", "model_descr", "serial", "os", "os_version",
    )

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {k: getattr(self, k) for k in self.SCALARS}
        d["interfaces"] = [i.to_json() for i in self.interfaces]
        d["hardware"] = [h.to_json() for h in self.hardware]
        d["sources"] = dict(self.sources)
        if self.conflicts:
            d["conflicts"] = {k: dict(v) for k, v in self.conflicts.items()}
        return d


_HEX_DUMP = re.compile(r"^(?:0x)?[0-9A-Fa-f]{32,}$")


def model_description(text: str | None, model: str | None) -> str | None:
    """``text`` as the model's description ("Aruba 8325 1-slot Chassis" for JL635A), or
    None where it says nothing more: empty, the model itself, no letters, one word without
    a digit (a class's name: "Stack", "Chassis"), a hex dump, a line of over 128
    characters, or control characters."""
    if text is None:
        return None
    text = " ".join(text.split())
    if (not text or len(text) > 128 or _HEX_DUMP.match(text) or not any(c.isalpha() for c in text)
            or (" " not in text and not any(c.isdigit() for c in text))
            or not text.isprintable()
            or (model is not None and text.casefold() == model.strip().casefold())):
        return None
    return text


def same_model(a: str, b: str) -> bool:
    """Two product numbers of the same box: one holds the other ("C9396PX" in
    "N9K-C9396PX"), case aside. Empty names nothing."""
    a, b = a.strip().casefold(), b.strip().casefold()
    return bool(a and b) and (a in b or b in a)


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Observation:
    """One collector's answer about one device at one time."""

    target_id: str
    address: str
    collector: str  # "snmp", "ssh", "reachability"
    status: Status
    at: datetime = field(default_factory=utcnow)
    duration_s: float = 0.0
    facts: DeviceFacts | None = None
    error: str | None = None  # a human message, never holding a secret
    raw: dict[str, str] = field(default_factory=dict)  # e.g. unparsed CLI output
    missing: tuple[str, ...] = ()  # with PARTIAL: the commands or tables not read

    @property
    def ok(self) -> bool:
        return self.status is Status.OK

    @property
    def usable(self) -> bool:
        """Its facts can be used: complete, or partial with what was read kept."""
        return self.status in (Status.OK, Status.PARTIAL) and self.facts is not None


@dataclass(frozen=True)
class ReachabilityResult:
    """What a reachability probe saw; the verdict (up/down/unknown) is not its to make."""

    target_id: str
    address: str
    method: str  # icmp, snmp, tcp, none
    status: Status
    rtt_ms: float | None = None
    loss_pct: float | None = None
    at: datetime = field(default_factory=utcnow)
    error: str | None = None
    confirmed_by: str | None = None  # ICMP lost: the probe that was asked next (snmp)
    confirm_status: Status | None = None  # and what it said


class Collector(Protocol):
    """An extension point: one protocol's way to ask one device. Never raises for it.

    ``deadline_s``: the collector returns within it (what it read so far, ``partial``, or
    ``timeout``); the runner only cancels as a last resort."""

    name: str

    async def collect(self, target: Target, deadline_s: float | None = None) -> Observation: ...


def facts_json(address: str, status: Status, facts: DeviceFacts | None) -> dict[str, Any]:
    """The JSON object of ``netmon scan host``; every key present, unknowns are null."""
    out: dict[str, Any] = {"address": address, "status": str(status)}
    out.update((facts or DeviceFacts()).to_json())
    return out
