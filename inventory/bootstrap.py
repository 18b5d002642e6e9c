"""Generating the sample Hanoi inventory from the ``vietnam-provinces`` package.

vietnam-provinces 0.6.0 carries the pre-2025 hierarchy: Hanoi's 30 district-level
units (quận, huyện, thị xã) and their communes (phường, xã, thị trấn). Its
``division_type`` fields say "huyện"/"xã" for every unit, so the level is taken
from the name's prefix instead. Ids come from the package's ASCII short codenames
(``quan_hoan_kiem`` -> ``hoan-kiem``; communes ``hoan-kiem.phuc-tan``); official
codes are zero-padded as the General Statistics Office writes them ("002", "00037").
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from netmon.errors import UsageError

HANOI_CODE = 1

DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("so-tttt", "Sở Thông tin và Truyền thông"),
    ("so-tc", "Sở Tài chính"),
    ("so-yt", "Sở Y tế"),
    ("so-gddt", "Sở Giáo dục và Đào tạo"),
    ("so-khdt", "Sở Kế hoạch và Đầu tư"),
    ("so-nv", "Sở Nội vụ"),
    ("so-tnmt", "Sở Tài nguyên và Môi trường"),
    ("so-xd", "Sở Xây dựng"),
    ("vp-ubnd", "Văn phòng Ủy ban nhân dân Thành phố"),
)


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    level: str
    code: str
    parent: str | None


def _q(s: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(s, ensure_ascii=False)


def hanoi_units() -> list[Unit]:
    """Districts, each followed by its communes, in the package's order."""
    try:
        from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH, __version__
    except ImportError as exc:
        raise UsageError("bootstrap needs the package vietnam-provinces==0.6.0 "
                         "(pip install 'netmon[bootstrap]')") from exc
    if __version__ != "0.6.0":
        raise UsageError(f"bootstrap expects vietnam-provinces 0.6.0 (the pre-2025 "
                         f"hierarchy), found {__version__}")
    provinces: list[dict[str, Any]] = json.loads(
        NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    hanoi = next(p for p in provinces if p["code"] == HANOI_CODE)
    units: list[Unit] = []
    for district in hanoi["districts"]:
        did = district["short_codename"].replace("_", "-")
        units.append(Unit(did, district["name"], "district", f"{district['code']:03d}", None))
        seen: set[str] = set()
        for ward in district["wards"]:
            wid = f"{did}.{ward['short_codename'].replace('_', '-')}"
            if wid in seen:  # e.g. a xã and a thị trấn of one name
                wid = f"{wid}-{ward['code']}"
            seen.add(wid)
            units.append(Unit(wid, ward["name"], "commune", f"{ward['code']:05d}", did))
    return units


# The sample's headcounts (civil servants): departments as a Sở's office has them; districts
# and communes are drawn per id below (a phường has 19-23 by Decree 33/2023/NĐ-CP).
DEPARTMENT_STAFF: dict[str, int] = {
    "so-tttt": 86, "so-tc": 214, "so-yt": 168, "so-gddt": 195, "so-khdt": 152, "so-nv": 138,
    "so-tnmt": 247, "so-xd": 183, "vp-ubnd": 262}
STAFFED_COMMUNES_OF = ("hoan-kiem", "ba-dinh")  # "some communes": those of two districts
CITY_SERVICES = "https://127.20.202.1:8443"  # the city's online public services portal


def _draw(ident: str, n: int) -> int:
    return int.from_bytes(hashlib.sha256(ident.encode()).digest()[:4], "big") % n


def hanoi_sample_details(units: list[Unit]) -> dict[str, str]:
    """Per agency id, the sample's indicator keys as YAML flow text: ``staff`` for the
    departments, the districts and the communes of two districts; a ``portal`` and one or
    two online ``services`` for every department and district, on the loopback addresses
    ``netmon lab up`` serves (127.20.200.N departments, 127.20.201.N districts,
    127.20.202.1 the city's online services; port 8443, so the lab needs no root)."""
    out: dict[str, str] = {}
    for n, (dep, _) in enumerate(DEPARTMENTS, start=1):
        host = f"https://127.20.200.{n}:8443"
        out[dep] = (f"staff: {DEPARTMENT_STAFF[dep]}, portal: {_q(host + '/')}, services: "
                    f"[{_q(host + '/dich-vu-cong/')}, {_q(f'{CITY_SERVICES}/thu-tuc/{dep}/')}]")
    districts = [u for u in units if u.level == "district"]
    for n, d in enumerate(districts, start=1):
        urban = d.name.startswith(("Quận", "Thị xã"))
        staff = 165 + _draw(d.id, 90) if urban else 130 + _draw(d.id, 70)
        out[d.id] = (f"staff: {staff}, portal: {_q(f'https://127.20.201.{n}:8443/')}, "
                     f"services: [{_q(f'{CITY_SERVICES}/thu-tuc/{d.id}/')}]")
    for u in units:
        if u.level == "commune" and u.parent in STAFFED_COMMUNES_OF:
            out[u.id] = f"staff: {19 + _draw(u.id, 5)}"
    return out


def bootstrap_hanoi(departments: bool = True, sample: bool = False) -> str:
    """The sample agencies file: city departments, then districts and communes; with
    ``sample`` the keys of the programme's other indicators too (``hanoi_sample_details``:
    examples/hanoi is generated that way)."""
    units = hanoi_units()
    details = hanoi_sample_details(units) if sample else {}

    def more(ident: str) -> str:
        return f", {details[ident]}" if ident in details else ""

    n_districts = sum(u.level == "district" for u in units)
    out = [
        "# Hanoi's agencies: generated by netmon.inventory.bootstrap_hanoi() from the PyPI",
        "# package vietnam-provinces 0.6.0 (pre-2025 hierarchy: "
        f"{n_districts} district-level units,",
        f"# {len(units) - n_districts} communes), plus a handful of city departments.",
        *(["# Headcounts, portals and online services: the sample's own (the lab serves the",
            "# portals on loopback), from netmon.inventory.bootstrap.hanoi_sample_details()."]
          if sample else []),
        "# Regenerate: python -c 'import netmon.inventory as i; "
        f"print(i.bootstrap_hanoi({'sample=True' if sample else ''}), end=\"\")' "
        "> agencies.yaml",
        "targets:",
        "  department: 1.0",
        "  district: 1.0",
        "  commune: 0.8",
        "agencies:",
    ]
    if departments:
        out.append("  # city departments (sở, ngành)")
        out += [f"  - {{id: {i}, name: {_q(n)}, level: department{more(i)}}}"
                for i, n in DEPARTMENTS]
    for u in units:
        if u.level == "district":
            out.append(f"  # {u.name}")
            out.append(f"  - {{id: {u.id}, name: {_q(u.name)}, level: district, "
                       f"code: {_q(u.code)}{more(u.id)}}}")
        else:
            out.append(f"  - {{id: {u.id}, name: {_q(u.name)}, level: commune, "
                       f"parent: {u.parent}, code: {_q(u.code)}{more(u.id)}}}")
    return "\n".join(out) + "\n"


# Districts given lab devices, and how many of their communes get none.
LAB_DISTRICTS: tuple[tuple[str, int], ...] = (("hoan-kiem", 2), ("ba-dinh", 3), ("ba-vi", 24))


def hanoi_lab_devices() -> str:
    """The sample devices file: loopback addresses for the lab (snmpsim on
    127.0.0.1:16100 picks each device's data by community = device id)."""
    units = hanoi_units()
    out = [
        "# Lab devices for the Hanoi sample: generated by",
        "# netmon.inventory.bootstrap.hanoi_lab_devices(). Every address is on loopback;",
        "# the lab profile sends each device's id as its community, which is how the",
        "# simulator picks that device's data (plain: marks it as deliberately not secret).",
        "# Some communes have no device, or no LAN switch, so coverage shows shortfalls.",
        "devices:",
    ]
    hosts: dict[int, int] = {}

    def add(agency: str, role: str, net: int, platform: str) -> None:
        hosts[net] = hosts.get(net, 0) + 1
        dev = f"{agency}-{'rtr' if role == 'wan_router' else 'sw'}"
        out.append(f"  - {{id: {dev}, agency: {agency}, role: {role}, "
                   f"address: 127.20.{net}.{hosts[net]}, platform: {platform}, "
                   f"snmp: {{profile: lab, community: \"plain:{dev}\"}}}}")

    out.append("  # departments")
    for i, (dep, _) in enumerate(DEPARTMENTS):
        add(dep, "wan_router", 0, "cisco_ios")
        if i == 0:
            add(dep, "lan_switch", 0, "hp_procurve")
    for net, (district, skipped) in enumerate(LAB_DISTRICTS, start=1):
        communes = [u for u in units if u.parent == district]
        out.append(f"  # {district}: {len(communes) - skipped} of {len(communes)} communes "
                   "equipped, the first of them without a LAN switch")
        add(district, "wan_router", net, "cisco_ios")
        add(district, "lan_switch", net, "hp_procurve")
        for j, commune in enumerate(communes[: len(communes) - skipped]):
            add(commune.id, "wan_router", net, "cisco_ios")
            if j > 0:
                add(commune.id, "lan_switch", net, "hp_procurve")
    return "\n".join(out) + "\n"
