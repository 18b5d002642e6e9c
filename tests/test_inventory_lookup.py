"""Names with and without diacritics, ids, codes; ambiguity; selection; the tree."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from netmon.errors import LookupFailed
from netmon.inventory import Inventory, load, normalize_name, tree
from netmon.inventory.refs import resolve
from netmon.monitor.render import inventory_tree

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "hanoi"
COMMUNITY = "lab-community"  # the secret the sample's profiles read from the environment


@pytest.fixture(scope="module")
def hanoi() -> Inventory:
    mp = pytest.MonkeyPatch()
    mp.setenv("NETMON_COMMUNITY", COMMUNITY)
    try:
        return load(SAMPLE)
    finally:
        mp.undo()


@pytest.mark.parametrize(("raw", "folded"), [
    ("Quận Hoàn Kiếm", "hoan kiem"), ("hoan-kiem", "hoan kiem"), ("HOÀN KIẾM", "hoan kiem"),
    ("Huyện Đông Anh", "dong anh"), ("Thị xã Sơn Tây", "son tay"), ("Xã Đa Tốn", "da ton"),
    ("Thị trấn Đông Anh", "dong anh"), ("Phường Phúc Tân", "phuc tan"),
    ("Sở Y tế", "y te"), ("Ứng Hòa", "ung hoa"), ("  Hai  Bà_Trưng ", "hai ba trung"),
    ("Phường Xã Đàn", "xa dan"),
])
def test_normalize_name(raw: str, folded: str) -> None:
    assert normalize_name(raw) == folded


@pytest.mark.parametrize("query", [
    "Hoàn Kiếm", "hoan kiem", "hoan-kiem", "Quận Hoàn Kiếm", "quan hoan kiem", "002", "HOAN KIEM",
])
def test_one_district_many_spellings(hanoi: Inventory, query: str) -> None:
    assert hanoi.resolve_agency(query).id == "hoan-kiem"
    assert hanoi.resolve_agency(query, level="district").id == "hoan-kiem"


def test_prefix_chooses_between_district_and_town(hanoi: Inventory) -> None:
    assert hanoi.resolve_agency("Thị trấn Đông Anh").id == "dong-anh.dong-anh"
    assert hanoi.resolve_agency("Huyện Đông Anh").id == "dong-anh"
    assert hanoi.resolve_agency("Đông Anh", level="commune").id == "dong-anh.dong-anh"
    assert hanoi.resolve_agency("00454").id == "dong-anh.dong-anh"


def test_commune_and_department_by_name(hanoi: Inventory) -> None:
    assert hanoi.resolve_agency("phuc tan").id == "hoan-kiem.phuc-tan"
    assert hanoi.resolve_agency("Sở Thông tin và Truyền thông").id == "so-tttt"
    assert hanoi.resolve_agency("so thong tin va truyen thong").id == "so-tttt"


def test_ambiguous_names_list_every_candidate(hanoi: Inventory) -> None:
    same = [a for a in hanoi.agencies.values() if normalize_name(a.name) == "tan dan"]
    assert len(same) >= 2
    with pytest.raises(LookupFailed) as err:
        hanoi.resolve_agency("Tân Dân")
    message = str(err.value)
    assert "ambiguous" in message
    for agency in same:
        assert agency.id in message


def test_unknown_name_suggests_closest(hanoi: Inventory) -> None:
    with pytest.raises(LookupFailed) as err:
        hanoi.resolve_agency("Hoan Kiem Lake", level="district")
    assert "no district named 'Hoan Kiem Lake'" in str(err.value)
    with pytest.raises(LookupFailed) as err:
        hanoi.resolve_agency("hoan kim", level="district")
    assert "closest: Quận Hoàn Kiếm (hoan-kiem, district)" in str(err.value)
    with pytest.raises(LookupFailed, match="no district named 'Phúc Tân'"):
        hanoi.resolve_agency("Phúc Tân", level="district")


def test_hierarchy(hanoi: Inventory) -> None:
    assert hanoi.district_of("hoan-kiem.phuc-tan") == "hoan-kiem"
    assert hanoi.district_of("hoan-kiem") == "hoan-kiem"
    assert hanoi.district_of("so-tttt") is None
    kids = hanoi.children("hoan-kiem")
    assert kids and all(a.parent == "hoan-kiem" and a.level == "commune" for a in kids)
    members = hanoi.agencies_in_district("hoan-kiem")
    assert members[0].id == "hoan-kiem" and len(members) == len(kids) + 1


def test_select(hanoi: Inventory) -> None:
    everything = hanoi.select(None)
    assert everything == hanoi.select("all") == list(hanoi.devices.values())
    hk = hanoi.select("hoan kiem")
    assert hk and {hanoi.district_of(d.agency) for d in hk} == {"hoan-kiem"}
    assert len(hk) == sum(len(hanoi.devices_of(a.id)) for a in hanoi.agencies_in_district(
        "hoan-kiem"))
    with pytest.raises(LookupFailed):
        hanoi.select("Sở Y tế")  # a department is not a district


def test_tree_of_one_district(hanoi: Inventory) -> None:
    [root] = tree(hanoi, "Hoàn Kiếm")
    assert (root["id"], root["level"], root["code"]) == ("hoan-kiem", "district", "002")
    assert {d["role"] for d in root["devices"]} == {"wan_router", "lan_switch"}
    assert [c["id"] for c in root["children"]] == [a.id for a in hanoi.children("hoan-kiem")]
    bare = [c for c in root["children"] if not c["devices"]]
    assert bare, "the sample leaves some communes without devices"
    whole = tree(hanoi, None)
    assert sum(1 for n in whole if n["level"] == "district") == 30


def test_tree_and_its_printed_forms_never_show_the_community(
        hanoi: Inventory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETMON_COMMUNITY", COMMUNITY)
    # the value is really reachable from this inventory, so its absence below means something
    # (the sample's lab devices override it with plain:<device id>, which selects snmpsim data)
    for profile in hanoi.snmp_profiles.values():
        assert profile.community is not None
        assert resolve(profile.community).get_secret_value() == COMMUNITY
    whole = tree(hanoi, None)
    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(inventory_tree(whole, "hanoi"))  # what `netmon inventory tree` prints
    printed = {
        "repr": repr(whole),
        "json": json.dumps(whole, ensure_ascii=False, default=str),  # `... tree --json`
        "rich": console.file.getvalue(),  # type: ignore[attr-defined]
    }
    assert "hoan-kiem" in printed["rich"]  # the rendering really happened
    for form, text in printed.items():
        assert COMMUNITY not in text, form
