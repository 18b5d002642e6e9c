"""Pure parsing of CLI outputs into DeviceFacts, driven by the PLATFORMS table."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ntc_templates.parse import parse_output

from netmon.collectors.observation import (
    DeviceFacts,
    HardwareComponent,
    model_description,
    same_model,
)
from netmon.collectors.ssh.errors import CliUnsupported, ParseFailed
from netmon.collectors.ssh.platforms import PLATFORMS, InventorySpec, PlatformSpec

# First lines by which a device says it did not run a command: not understood (an
# old release, a missing feature), or not allowed (privilege level, AAA command
# authorisation, a login class or role). Each platform's own words:
#   IOS, IOS-XE, IOS-XR  % Invalid input detected at '^' marker. | Command authorization
#                        failed. | % Authorization failed. | % This command is not authorized
#   NX-OS                % Invalid command at '^' marker. | % Permission denied for the role
#                        | Syntax error while parsing 'show ...'
#   EOS                  % Invalid input | % Authorization denied for command 'show ...'
#   Junos                unknown command. | syntax error, expecting <command>. |
#                        error: permission denied | error: command is not valid on the ...
#   VRP                  Error: Unrecognized command / Wrong parameter / Incomplete command
#                        found at '^' position. | Error: No permission to run the command.
#                        | Error: Failed to pass the authorization.
#   ProCurve, ArubaOS    Invalid input: show ...
#   ASA                  ERROR: % Invalid input detected at '^' marker.
_REJECTED = re.compile(
    r"^\s*(?:ERROR: )?(% ?Invalid (?:input|command)|% ?Unknown command|% ?Incomplete command"
    r"|% ?Ambiguous command|% ?Permission denied|% ?Authorization (?:failed|denied)"
    r"|% ?This command is not authorized|Command authorization failed"
    r"|Error: ?(?:Unrecognized command|Wrong parameter|Incomplete command|Too many parameters"
    r"|No permission|Failed to pass the authorization|You do not have permission)"
    r"|error: (?:permission denied|unknown command|syntax error|command is not valid)"
    r"|unknown command\.?$|syntax error|Syntax error while parsing|Invalid input:)",
    re.IGNORECASE | re.MULTILINE,
)
_UPTIME_UNITS = {
    "y": 365 * 86400, "w": 7 * 86400, "d": 86400, "h": 3600, "m": 60, "s": 1,
}
_UPTIME_PART = re.compile(
    r"(\d+)\s*(year|yr|week|wk|day|hour|hr|minute|min|second|sec)", re.IGNORECASE
)


def platform_spec(platform: str) -> PlatformSpec:
    try:
        return PLATFORMS[platform]
    except KeyError:
        known = ", ".join(sorted(PLATFORMS))
        raise CliUnsupported(f"unknown platform {platform!r} (known: {known})") from None


def parse_uptime(text: str | None) -> float | None:
    """'2 years, 31 weeks, 6 days, 9 hours' / '123 day(s), 5 hour(s)' -> seconds."""
    if not text:
        return None
    parts = _UPTIME_PART.findall(text)
    if not parts:
        return None
    total = 0
    for number, unit in parts:
        u = unit.lower()
        key = "m" if u.startswith("min") else u[0]
        total += int(number) * _UPTIME_UNITS[key]
    return float(total)


def rejection(output: str) -> str | None:
    """The device's refusal line when its answer is an error message instead of output."""
    head = "\n".join(output.strip().splitlines()[:3])
    found = _REJECTED.search(head)
    if found is None:
        return None
    line_end = head.find("\n", found.start())
    return head[found.start(): None if line_end < 0 else line_end].strip()


def rejected(output: str) -> bool:
    """True when the device's answer is an error message instead of output."""
    return rejection(output) is not None


# A template ending in `^. -> Error` rejects a whole output for one line it did not
# foresee (an empty `System Contact :`, a wrapped contact line). Up to this many
# such lines are left out and the parse retried; more means it is not this output.
_MAX_REJECTED_LINES = 3
_STATE_ERROR = re.compile(r"State Error raised\. Rule Line: \d+\. Input Line: (.*)$", re.DOTALL)


def parse_command(platform: str, command: str, output: str) -> list[dict[str, Any]]:
    """One command's output through its ntc-template; no record means ParseFailed."""
    return _parse_lenient(platform, command, output)[0]


def _parse_lenient(
    platform: str, command: str, output: str
) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    """Records, and the lines the template rejected and that were left out."""
    spec = platform_spec(platform)
    lines = output.splitlines()
    ignored: list[str] = []
    while True:
        try:
            records = parse_output(
                platform=spec.template_platform or platform, command=command,
                data="\n".join(lines) + "\n",
            )
            break
        except Exception as exc:  # textfsm raises several unrelated types
            bad = _STATE_ERROR.search(str(exc))
            at = _line_index(lines, bad.group(1)) if bad else None
            if at is None or len(ignored) >= _MAX_REJECTED_LINES:
                raise ParseFailed(
                    f"{command!r}: template could not parse the output ({exc})"
                ) from exc
            ignored.append(lines.pop(at))
    if not isinstance(records, list) or not records:
        raise ParseFailed(f"{command!r}: template found nothing in the output")
    return [dict(r) for r in records], tuple(ignored)


def _line_index(lines: list[str], rejected_line: str) -> int | None:
    want = rejected_line.rstrip()
    for i, line in enumerate(lines):
        if line.rstrip() == want:
            return i
    return None


REJECTED = "rejected by the device"


@dataclass(frozen=True)
class ParseReport:
    """What each command gave. ``failed``/``skipped`` say why a required/optional
    command gave nothing; ``read`` lists those that parsed, ``rejected`` those the
    device refused (a subset of failed and skipped)."""

    facts: DeviceFacts
    failed: dict[str, str] = field(default_factory=dict)  # command -> why, required ones
    skipped: dict[str, str] = field(default_factory=dict)  # command -> why, optional ones
    read: tuple[str, ...] = ()
    rejected: frozenset[str] = frozenset()
    # command -> lines its template rejected and that were left out of the parse
    ignored_lines: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _first(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _field(rec: Mapping[str, Any], spec: str) -> str | None:
    """A record's value for a field spec: a key, or keys joined by '+' ('slot+card' -> '1/3')."""
    if "+" not in spec:
        return _first(rec.get(spec))
    parts = [_first(rec.get(k)) for k in spec.split("+")]
    return "/".join(p for p in parts if p and p != "-") or None


def _components(inv: InventorySpec, records: list[dict[str, Any]]) -> list[HardwareComponent]:
    rows: list[dict[str, str | None]] = []
    if inv.layout == "rows":
        for rec in records:
            rows.append({f: _field(rec, k) for f, k in inv.fields.items()})
    else:
        seen: set[tuple[str | None, ...]] = set()
        for rec in records:
            for prefix in inv.prefixes:
                row = {f: _first(rec.get(f"{prefix}_{k}")) for f, k in inv.fields.items()}
                if not any(row.values()):
                    continue
                number = _first(rec.get(f"{prefix}_{inv.name_from}")) if inv.name_from else None
                row["name"] = f"{prefix.upper()} {number}" if number else prefix.upper()
                key = tuple(row.values())
                # Filldown repeats a parent (FPC 1) on every child's record: keep one.
                if key not in seen:
                    seen.add(key)
                    rows.append(row)
    return [
        HardwareComponent(
            index=i + 1, name=r.get("name"), descr=r.get("descr"), model=r.get("model"),
            serial=r.get("serial"), hardware_rev=r.get("hardware_rev"),
        )
        for i, r in enumerate(rows)
    ]


def parse_report(platform: str, outputs: Mapping[str, str]) -> ParseReport:
    """Every command of the platform through its template; never raises for bad output."""
    spec = platform_spec(platform)
    values: dict[str, str] = {}
    hardware: list[HardwareComponent] = []
    failed: dict[str, str] = {}
    skipped: dict[str, str] = {}
    ignored: dict[str, tuple[str, ...]] = {}
    fallback: dict[str, str] = {}
    read: list[str] = []
    refused: set[str] = set()
    os_name = spec.os
    version_read = False  # the OS is named only with the command that states its version
    for cmd in spec.commands:
        bucket = failed if cmd.required else skipped
        output = outputs.get(cmd.command)
        if output is None:
            bucket[cmd.command] = "not run"
            continue
        if (line := rejection(output)) is not None:
            bucket[cmd.command] = f"{REJECTED} ({line})"
            refused.add(cmd.command)
            continue
        try:
            records, left_out = _parse_lenient(platform, cmd.command, output)
        except ParseFailed as exc:
            bucket[cmd.command] = str(exc)
            continue
        read.append(cmd.command)
        version_read = version_read or "os_version" in cmd.facts
        if left_out:
            ignored[cmd.command] = left_out
        for fact, key in cmd.facts.items():
            if fact not in values and (v := _first(records[0].get(key))) is not None:
                values[fact] = v
        for fact, key in cmd.fallback.items():
            if fact not in fallback and (v := _first(records[0].get(key))) is not None:
                fallback[fact] = v
        for key, pattern, name in spec.os_when:
            if any(re.search(pattern, _first(r.get(key)) or "") for r in records[:1]):
                os_name = name
        if cmd.inventory is not None and not hardware:
            hardware = _components(cmd.inventory, records)
    values = {**fallback, **values}
    facts = DeviceFacts(
        sys_name=values.get("sys_name"),
        sys_location=values.get("sys_location"),
        sys_contact=values.get("sys_contact"),
        uptime_s=parse_uptime(values.get("uptime")),
        model=values.get("model"),
        model_descr=_model_descr(values.get("model"), hardware),
        serial=values.get("serial"),
        os=os_name if version_read else None,
        os_version=values.get("os_version"),
        hardware=tuple(hardware),
    )
    return ParseReport(
        facts=_with_sources(facts), failed=failed, skipped=skipped, ignored_lines=ignored,
        read=tuple(read), rejected=frozenset(refused),
    )


def _model_descr(model: str | None, hardware: list[HardwareComponent]) -> str | None:
    """The description of the first inventory row whose product number is the model, or
    holds it: ``show inventory``'s DESCR "Nexus9000 C9396PX Chassis" (PID N9K-C9396PX) for
    the model C9396PX that ``show version`` states."""
    if not model:
        return None
    row = next((h for h in hardware if h.model and same_model(h.model, model)), None)
    return model_description(row.descr, model) if row else None


def _with_sources(facts: DeviceFacts) -> DeviceFacts:
    sources = {k: "ssh" for k in DeviceFacts.SCALARS if getattr(facts, k) is not None}
    if facts.hardware:
        sources["hardware"] = "ssh"
    return DeviceFacts(**{**_fields(facts), "sources": sources})


def _fields(facts: DeviceFacts) -> dict[str, Any]:
    return {k: getattr(facts, k) for k in facts.__dataclass_fields__}


def hostname_from_prompt(prompt: str) -> str | None:
    """The hostname in a base prompt: 'R1', '<HUAWEI>' -> 'HUAWEI', 'user@router' -> 'router'."""
    name = prompt.strip().strip("<>[]#$%").strip()
    name = name.rsplit("@", 1)[-1]
    name = name.rsplit(":", 1)[-1]  # IOS-XR: RP/0/RSP0/CPU0:router
    return name or None
