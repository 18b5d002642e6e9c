"""The loaded inventory: agencies, devices, profiles, and the lookups over them.

Built once by ``load()`` from records already checked; it never holds a secret,
only references, which ``target()`` resolves at the moment a collector needs them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from netmon.errors import LookupFailed, Problem
from netmon.inventory.models import (
    Agency,
    Device,
    SnmpOverride,
    SnmpProfile,
    SshOverride,
    SshProfile,
)
from netmon.inventory.names import fold, name_keys
from netmon.inventory.refs import SecretRef, resolve
from netmon.target import SnmpCredentials, SshCredentials, Target


@dataclass(frozen=True)
class Inventory:
    path: Path
    targets: dict[str, float]
    agencies: dict[str, Agency]
    devices: dict[str, Device]
    snmp_profiles: dict[str, SnmpProfile]
    ssh_profiles: dict[str, SshProfile]
    warnings: list[Problem] = field(default_factory=list)
    levels: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    _children: dict[str | None, list[Agency]] = field(default_factory=dict, repr=False)
    _devices_of: dict[str, list[Device]] = field(default_factory=dict, repr=False)
    _keys: dict[str, list[Agency]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for agency in self.agencies.values():
            self._children.setdefault(agency.parent, []).append(agency)
            for key in name_keys(agency.name) | {fold(agency.id)}:
                self._keys.setdefault(key, []).append(agency)
        for device in self.devices.values():
            self._devices_of.setdefault(device.agency, []).append(device)

    # -- hierarchy -----------------------------------------------------------
    def ancestors(self, agency_id: str) -> Iterator[Agency]:
        """The agency itself, then its parent, and so on up (a cycle ends the walk)."""
        seen: set[str] = set()
        current: str | None = agency_id
        while current is not None and current not in seen:
            seen.add(current)
            agency = self.agencies.get(current)
            if agency is None:
                return
            yield agency
            current = agency.parent

    def district_of(self, agency_id: str) -> str | None:
        """The district-level ancestor (itself if a district); None above districts."""
        return next((a.id for a in self.ancestors(agency_id) if a.level == "district"), None)

    def children(self, agency_id: str) -> list[Agency]:
        return list(self._children.get(agency_id, []))

    def roots(self) -> list[Agency]:
        return list(self._children.get(None, []))

    def agencies_in_district(self, district_id: str) -> list[Agency]:
        """The district and all its descendants, depth first in file order."""
        out: list[Agency] = []
        stack = [self.agencies[district_id]] if district_id in self.agencies else []
        while stack:
            agency = stack.pop()
            out.append(agency)
            stack.extend(reversed(self._children.get(agency.id, [])))
        return out

    def devices_of(self, agency_id: str) -> list[Device]:
        return list(self._devices_of.get(agency_id, []))

    # -- lookups -------------------------------------------------------------
    def resolve_agency(self, name: str, level: str | None = None) -> Agency:
        """By id, official code, or name with or without diacritics and prefix.

        Tiers, first hit wins: id; code; the full folded name ("quan hoan kiem");
        any folded form. Several hits in one tier is ambiguous.
        """
        def ok(a: Agency) -> bool:
            return level is None or a.level == level

        query = name.strip()
        folded = fold(query)
        keys = name_keys(query)
        tiers: list[Iterable[Agency]] = [
            [a for a in (self.agencies.get(query),) if a is not None],
            [a for a in self.agencies.values() if a.code is not None and a.code == query],
            [a for a in self.agencies.values()
             if query.isdigit() and a.code is not None and a.code.isdigit()
             and int(a.code) == int(query)],
            [a for a in self._keys.get(folded, []) if folded in (fold(a.name), fold(a.id))],
            [a for k in keys for a in self._keys.get(k, [])],
        ]
        for tier in tiers:
            hits = list({a.id: a for a in tier if ok(a)}.values())
            if len(hits) == 1:
                return hits[0]
            if len(hits) > 1:
                listed = ", ".join(self._label(a) for a in hits[:8])
                raise LookupFailed(f"{name!r} is ambiguous: it names {listed}; "
                                   "use the id or the official code")
        what = f"{level} " if level else "agency "
        close = self._closest(folded, ok)
        hint = f"; closest: {', '.join(close)}" if close else ""
        raise LookupFailed(f"no {what}named {name!r}{hint}")

    def _label(self, a: Agency) -> str:
        parent = self.agencies.get(a.parent) if a.parent else None
        where = f", in {parent.name}" if parent else ""
        return f"{a.name} ({a.id}, {a.level}{where})"

    def _closest(self, folded: str, ok: Any) -> list[str]:
        pool = [k for k, agencies in self._keys.items() if any(ok(a) for a in agencies)]
        found: list[str] = []
        for key in difflib.get_close_matches(folded, pool, n=5, cutoff=0.6):
            for a in self._keys[key]:
                label = self._label(a)
                if ok(a) and label not in found:
                    found.append(label)
        return found[:5]

    def select(self, scope: str | None) -> list[Device]:
        """Every device (None or "all"), or those of one district's agencies."""
        if scope is None or scope.strip().lower() == "all":
            return list(self.devices.values())
        district = self.resolve_agency(scope, level="district")
        return [d for a in self.agencies_in_district(district.id) for d in self.devices_of(a.id)]

    # -- sites ---------------------------------------------------------------
    def agency_site(self, agency_id: str) -> str | None:
        """The site of an agency: its own ``site:``, else its nearest ancestor's."""
        return next((a.site for a in self.ancestors(agency_id) if a.site is not None), None)

    def site_of(self, device_id: str) -> str | None:
        """The site that polls a device: its own ``site:``, else its agency's."""
        device = self.devices[device_id]
        return device.site if device.site is not None else self.agency_site(device.agency)

    def sites(self) -> dict[str, list[str]]:
        """Each site's device ids, sites in name order (devices without a site left out)."""
        out: dict[str, list[str]] = {}
        for device_id in self.devices:
            site = self.site_of(device_id)
            if site is not None:
                out.setdefault(site, []).append(device_id)
        return dict(sorted(out.items()))

    def select_site(self, site: str) -> list[Device]:
        """The devices one site polls; LookupFailed naming the known sites otherwise."""
        ids = self.sites().get(site)
        if not ids:
            known = ", ".join(self.sites()) or "none: no agency or device has site:"
            raise LookupFailed(f"no device belongs to site {site!r}; sites: {known}")
        return [self.devices[i] for i in ids]

    # -- credentials ---------------------------------------------------------
    def effective_snmp(self, device: Device) -> SnmpProfile | None:
        profile: SnmpProfile | None = effective(device.snmp, self.snmp_profiles, SnmpProfile)
        return profile

    def effective_ssh(self, device: Device) -> SshProfile | None:
        profile: SshProfile | None = effective(device.ssh, self.ssh_profiles, SshProfile)
        return profile

    def target(self, device_id: str) -> Target:
        """The device as a collector sees it, secrets resolved into SecretStr.

        Raises SecretError (naming the reference, never a value) when a secret
        cannot be read now, LookupFailed for an unknown id.
        """
        device = self.devices.get(device_id)
        if device is None:
            raise LookupFailed(f"no device with id {device_id!r}")
        snmp = self.effective_snmp(device)
        ssh = self.effective_ssh(device)
        agency = self.agencies.get(device.agency)
        labels = {"device": device.id, "agency": device.agency, "role": device.role}
        if agency is not None:
            labels["agency_level"] = agency.level
        district = self.district_of(device.agency)
        if district is not None:
            labels["district"] = district
        return Target(
            id=device.id, address=device.address,
            snmp=snmp_credentials(snmp) if snmp else None,
            ssh=ssh_credentials(ssh, device.platform) if ssh else None,
            reach_method=device.reach, tcp_port=device.tcp_port, labels=labels)


def effective(ref: str | SnmpOverride | SshOverride | None, profiles: dict[str, Any],
              model: type[Any]) -> Any:
    """A profile by name, or a profile with a device's override laid over it."""
    if ref is None:
        return None
    if isinstance(ref, str):
        return profiles.get(ref)
    base = profiles.get(ref.profile) if ref.profile else None
    fields: dict[str, Any] = {}
    if base is not None:
        fields.update({k: getattr(base, k) for k in base.model_fields_set})
    fields.update({k: getattr(ref, k) for k in ref.model_fields_set if k != "profile"})
    merged = model.model_validate(fields)
    return merged.at(ref.file, ref.line)


def _secret(ref: SecretRef | None) -> SecretStr | None:
    return resolve(ref) if ref is not None else None


def snmp_credentials(p: SnmpProfile) -> SnmpCredentials:
    return SnmpCredentials(
        version=p.version, community=_secret(p.community), user=p.user,
        auth_protocol=p.auth_protocol, auth_key=_secret(p.auth_key),
        priv_protocol=p.priv_protocol, priv_key=_secret(p.priv_key), context=p.context,
        port=p.port, timeout_s=p.timeout_s, retries=p.retries,
        max_repetitions=p.max_repetitions)


def ssh_credentials(p: SshProfile, platform: str | None) -> SshCredentials:
    return SshCredentials(
        platform=platform or p.platform or "autodetect", username=p.username or "",
        password=_secret(p.password), key_file=p.key_file, port=p.port, timeout_s=p.timeout_s)
