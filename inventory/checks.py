"""Checks across records (ids, parents, profiles, secrets) and the final build.

Every message names the record it is about; lines point at the offending key.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from netmon.errors import Problem
from netmon.inventory.checks_indicators import check_indicator_fields, is_indicator_target
from netmon.inventory.inventory import Inventory, effective
from netmon.inventory.loader import SECRET_FIELDS, Collected, Pos, collect
from netmon.inventory.models import (
    BUILTIN_LEVELS,
    BUILTIN_ROLES,
    DEFAULT_TARGETS,
    Device,
    SnmpOverride,
    SnmpProfile,
    SnmpSettings,
    SshOverride,
    SshProfile,
    SshSettings,
)
from netmon.inventory.refs import SecretRef, problem_with, resolve
from netmon.inventory.services import INDICATOR_TARGETS

V3_MIN_KEY = 8  # characters, RFC 3414 section 11.2
EXPOSED = "every user can read it"  # the words of a permission warning (logged by load())

_SECRET_FIELDS = SECRET_FIELDS


def _near(name: str, pool: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(pool), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def analyse(root: Path) -> tuple[Inventory | None, list[Problem], list[Problem]]:
    """(inventory or None, problems, warnings) — never raises for bad input."""
    c = collect(root)
    levels = {*BUILTIN_LEVELS, *c.levels}
    roles = {*BUILTIN_ROLES, *c.roles}
    targets = dict(DEFAULT_TARGETS)  # indicator targets only when given (defaults: services.py)
    for level, (value, pos) in c.targets.items():
        if level not in levels and not is_indicator_target(level):
            c.add(pos, pos.line, f"target for unknown level '{level}'"
                  f"{_near(level, levels | set(INDICATOR_TARGETS))}; declare it under levels:"
                  f" (indicators: {', '.join(INDICATOR_TARGETS)})")
        elif isinstance(value, bool) or not isinstance(value, int | float):
            c.add(pos, pos.line, f"target for {level} must be a number between 0 and 1")
        elif not 0 <= value <= 1:
            c.add(pos, pos.line, f"target for {level} is {value}, outside 0..1 "
                                 "(write 80% as 0.8)")
        else:
            targets[level] = float(value)
    _check_agencies(c, levels)
    _check_profiles(c)
    _check_devices(c, roles)
    _check_broken(c, roles)
    _check_sites(c)
    if not c.problems and not c.agencies and not c.devices:
        # An empty file, or a folder of them, is a mistake (a wrong path, a file truncated
        # by an editor): polling nothing and reporting "0 agencies, 100 %" would hide it.
        c.problems.append(Problem(str(root), None, "the inventory is empty"))
    check_indicator_fields(c)
    _check_exposed_files(c)
    c.problems.sort(key=lambda p: (p.file, p.line or 0))
    c.warnings.sort(key=lambda p: (p.file, p.line or 0))
    inv = None
    if not c.problems:
        inv = Inventory(path=root, targets=targets, agencies=c.agencies, devices=c.devices,
                        snmp_profiles=c.snmp_profiles, ssh_profiles=c.ssh_profiles,
                        warnings=c.warnings, levels=tuple(sorted(levels)),
                        roles=tuple(sorted(roles)))
    return inv, c.problems, c.warnings


def _check_agencies(c: Collected, levels: set[str]) -> None:
    known = set(c.agencies) | {i for k, i in c.broken if k == "agency"}
    for a in c.agencies.values():
        pos = c.pos[("agency", a.id)]
        if a.level not in levels:
            c.add(pos, pos.of("level"), f"agency {a.id}: unknown level '{a.level}'"
                  f"{_near(a.level, levels)}; declare it under levels:")
        if a.parent is not None and a.parent not in known:
            c.add(pos, pos.of("parent"), f"agency {a.id}: unknown parent '{a.parent}'"
                  f"{_near(a.parent, known)}")
        elif a.parent is None and a.level == "commune":
            c.add(pos, pos.line, f"agency {a.id}: a commune needs a parent (its district)")
    reported: set[str] = set()
    for a in c.agencies.values():
        chain = [a.id]
        current = c.agencies.get(a.parent) if a.parent else None
        while current is not None and current.id not in chain:
            chain.append(current.id)
            current = c.agencies.get(current.parent) if current.parent else None
        if current is not None and current.id == a.id and not reported & set(chain):
            reported.update(chain)
            pos = c.pos[("agency", a.id)]
            c.add(pos, pos.of("parent"), "parent cycle: " + " -> ".join([*chain, a.id]))


def snmp_rules(p: SnmpSettings) -> list[tuple[str, str]]:
    """(key, message) for settings that cannot work together."""
    out: list[tuple[str, str]] = []
    if p.version in ("1", "2c") and p.community is None:
        out.append(("version", f"SNMP v{p.version} needs a community"))
    if p.version == "3":
        if not p.user:
            out.append(("version", "SNMPv3 needs a user"))
        if (p.auth_protocol is None) != (p.auth_key is None):
            key = "auth_protocol" if p.auth_protocol else "auth_key"
            out.append((key, "auth_protocol and auth_key go together"))
        if (p.priv_protocol is None) != (p.priv_key is None):
            key = "priv_protocol" if p.priv_protocol else "priv_key"
            out.append((key, "priv_protocol and priv_key go together"))
        if p.priv_protocol is not None and p.auth_protocol is None:
            out.append(("priv_protocol", "authPriv needs auth_protocol and auth_key too"))
    return out


def ssh_rules(p: SshSettings) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if not p.username:
        out.append(("username", "SSH needs a username"))
    if p.password is None and p.key_file is None:
        out.append(("password", "SSH needs a password or a key_file"))
    if p.key_file is not None and not Path(p.key_file).is_file():
        out.append(("key_file", f"key file {p.key_file} does not exist"))
    return out


def secret_problems(rec: SnmpSettings | SshSettings) -> list[tuple[str, str, bool]]:
    """(field, message, is_warning) for each secret of a profile that cannot be used now,
    or that is written as a literal (a warning)."""
    out: list[tuple[str, str, bool]] = []
    for name in _SECRET_FIELDS:
        ref = getattr(rec, name, None)
        if not isinstance(ref, SecretRef):
            continue
        why = problem_with(ref)
        if why is None and name in ("auth_key", "priv_key") and len(
                resolve(ref).get_secret_value()) < V3_MIN_KEY:
            # USM derives keys from at least 8 characters (RFC 3414 11.2): a shorter one is
            # refused by every agent, so it is an inventory error, not a device failure.
            why = f"an SNMPv3 key needs at least {V3_MIN_KEY} characters"
        if why is not None:
            out.append((name, why, False))
        elif ref.kind == "literal":
            out.append((name, "is written in the file; use env:NAME or file:/path", True))
        elif ref.kind == "file" and (mode := _world_readable(Path(ref.where))) is not None:
            out.append((name, f"secret file {ref.where}: {EXPOSED} (mode {mode:04o}); "
                              f"chmod o-r {ref.where}", True))
    return out


def _check_secrets(c: Collected, rec: SnmpSettings | SshSettings, pos: Pos, label: str,
                   *sub: str | int) -> None:
    for name, why, warning in secret_problems(rec):
        line = pos.of(*sub, name)
        if warning:
            c.warnings.append(Problem(pos.file, line, f"warning: {label}: {name} {why}"))
            if why.startswith("is written"):
                c.literal_secrets.setdefault(pos.file, []).append(line)
        else:
            c.add(pos, line, f"{label}: {name}: {why}")


def _world_readable(path: Path) -> int | None:
    """The permission bits when users outside the file's owner and group can read it.
    Group-readable is fine: the service's own group (netmon) reads its config that way."""
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        return None
    return mode if mode & 0o004 else None


def _check_exposed_files(c: Collected) -> None:
    for file, lines in c.literal_secrets.items():
        mode = _world_readable(Path(file))
        if mode is None:
            continue
        where = ", ".join(str(n) for n in sorted({n for n in lines if n is not None}))
        c.warnings.append(Problem(file, None, f"warning: holds {len(lines)} literal "
                                  f"secret{'s' if len(lines) != 1 else ''} (line"
                                  f"{'s' if ',' in where else ''} {where}) and {EXPOSED} "
                                  f"(mode {mode:04o}); chmod o-r {file}, or use env:NAME "
                                  "or file:/path"))


def _check_profiles(c: Collected) -> None:
    for kind, profiles in (("snmp_profile", c.snmp_profiles), ("ssh_profile", c.ssh_profiles)):
        for name, p in profiles.items():
            pos = c.pos[(kind, name)]
            label = f"{kind.replace('_', ' ')} {name}"
            rules = snmp_rules(p) if isinstance(p, SnmpProfile) else ssh_rules(p)
            for key, message in rules:
                c.add(pos, pos.of(key), f"{label}: {message}")
            _check_secrets(c, p, pos, label)


def _check_devices(c: Collected, roles: set[str]) -> None:
    agencies = set(c.agencies) | {i for k, i in c.broken if k == "agency"}
    for d in c.devices.values():
        pos = c.pos[("device", d.id)]
        label = f"device {d.id}"
        if d.agency not in agencies:
            c.add(pos, pos.of("agency"), f"{label}: unknown agency '{d.agency}'"
                  f"{_near(d.agency, agencies)}")
        if d.role not in roles:
            c.add(pos, pos.of("role"), f"{label}: unknown role '{d.role}'{_near(d.role, roles)}"
                  f"; known: {', '.join(sorted(roles))}; declare more under roles:")
        if d.reach == "snmp" and d.snmp is None:
            c.add(pos, pos.of("reach"), f"{label}: reach: snmp needs snmp settings")
        _check_access(c, d, pos, label, "snmp")
        _check_access(c, d, pos, label, "ssh")


def _check_access(c: Collected, d: Device, pos: Pos, label: str, kind: str) -> None:
    ref = d.snmp if kind == "snmp" else d.ssh
    profiles: dict[str, SnmpProfile] | dict[str, SshProfile]
    profiles = c.snmp_profiles if kind == "snmp" else c.ssh_profiles
    if ref is None:
        return
    name = ref if isinstance(ref, str) else ref.profile
    where: tuple[str, ...] = (kind,) if isinstance(ref, str) else (kind, "profile")
    if name is not None and name not in profiles:
        if (f"{kind}_profile", name) not in c.pos:  # a broken profile is reported already
            c.add(pos, pos.of(*where), f"{label}: unknown {kind} profile '{name}'"
                  f"{_near(name, profiles)}")
        return
    if not isinstance(ref, SnmpOverride | SshOverride):
        return
    _check_secrets(c, ref, pos, label, kind)
    rules = snmp_rules if kind == "snmp" else ssh_rules
    if name is not None and rules(profiles[name]):  # type: ignore[arg-type]
        return  # the profile's own problems are reported at the profile
    merged = effective(ref, profiles, SnmpProfile if kind == "snmp" else SshProfile)
    for _key, message in rules(merged):
        c.add(pos, pos.of(kind), f"{label}: {kind}: {message}")


def _check_broken(c: Collected, roles: set[str]) -> None:
    """References of records that failed validation are still checked, so that
    one run reports everything."""
    agencies = set(c.agencies) | {i for k, i in c.broken if k == "agency"}
    for kind, raw, pos in c.broken_raw:
        who = f"{kind} {raw.get('id')}"
        refs: list[tuple[str, Any, Iterable[str], str]] = (
            [("parent", raw.get("parent"), agencies, "parent")] if kind == "agency" else
            [("agency", raw.get("agency"), agencies, "agency"),
             ("role", raw.get("role"), roles, "role"),
             ("snmp", raw.get("snmp"), c.snmp_profiles, "snmp profile"),
             ("ssh", raw.get("ssh"), c.ssh_profiles, "ssh profile")])
        for key, value, pool, what in refs:
            if isinstance(value, str) and value not in pool and (
                    key not in ("snmp", "ssh") or (f"{key}_profile", value) not in c.pos):
                c.add(pos, pos.of(key), f"{who}: unknown {what} '{value}'{_near(value, pool)}")


def _check_sites(c: Collected) -> None:
    """Once any agency or device names a site, every device needs one: a device without a
    site would be polled by no site daemon, silently."""
    if not any(a.site for a in c.agencies.values()) and not any(
            d.site for d in c.devices.values()):
        return
    for d in c.devices.values():
        site: str | None = d.site
        up: str | None = d.agency
        seen: set[str] = set()
        while site is None and up is not None and up in c.agencies and up not in seen:
            seen.add(up)
            site, up = c.agencies[up].site, c.agencies[up].parent
        # up not None: an unknown or broken agency on the way, reported already
        if site is None and up is None:
            pos = c.pos[("device", d.id)]
            c.add(pos, pos.line, f"device {d.id}: no site (neither it nor its agency and "
                                 "its parents have site:), so no site daemon would poll it")
