"""``site:`` on agencies (inherited down the tree) and devices, checked like every field."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from netmon.errors import LookupFailed
from netmon.inventory import check, load

CITY = """\
agencies:
  - {id: hn, name: Quận Hoàn Kiếm, level: district, site: hanoi}
  - {id: hn.pt, name: Phường Phúc Tân, level: commune, parent: hn}
  - {id: hp, name: Quận Hồng Bàng, level: district, site: hai-phong}
  - {id: so, name: Sở Tài chính, level: department, site: hanoi}
devices:
  - {id: hn-rtr, agency: hn, role: wan_router, address: 127.0.0.1}
  - {id: pt-rtr, agency: hn.pt, role: wan_router, address: 127.0.0.2}
  - {id: pt-sw, agency: hn.pt, role: lan_switch, address: 127.0.0.3, site: hai-phong}
  - {id: hp-rtr, agency: hp, role: wan_router, address: 127.0.0.4}
  - {id: so-rtr, agency: so, role: wan_router, address: 127.0.0.5}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "inv.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_sites_are_inherited_and_overridden(tmp_path: Path) -> None:
    inv = load(write(tmp_path, CITY))
    assert inv.site_of("pt-rtr") == "hanoi"  # from the commune's parent district
    assert inv.site_of("pt-sw") == "hai-phong"  # its own
    assert inv.sites() == {"hai-phong": ["pt-sw", "hp-rtr"],
                           "hanoi": ["hn-rtr", "pt-rtr", "so-rtr"]}
    assert [d.id for d in inv.select_site("hanoi")] == ["hn-rtr", "pt-rtr", "so-rtr"]
    with pytest.raises(LookupFailed, match="sites: hai-phong, hanoi"):
        inv.select_site("da-nang")


def test_without_sites_nothing_changes(tmp_path: Path) -> None:
    text = CITY.replace(", site: hanoi", "").replace(", site: hai-phong", "")
    inv = load(write(tmp_path, text))
    assert inv.sites() == {}
    assert inv.site_of("pt-rtr") is None


@pytest.mark.parametrize(("old", "new", "line", "fragment"), [
    ("site: hanoi}\n  - {id: hn.pt", "site: Ha.Noi}\n  - {id: hn.pt", 2,
     "agency hn: site: a site is lower-case ASCII letters"),
    ("address: 127.0.0.3, site: hai-phong", "address: 127.0.0.3, site: 'hai phong'", 9,
     "device pt-sw: site: a site is lower-case"),
    ("{id: so, name: Sở Tài chính, level: department, site: hanoi}",
     "{id: so, name: Sở Tài chính, level: department}", 11,
     "device so-rtr: no site (neither it nor its agency"),
    ("site: hanoi}\n  - {id: hn.pt", "sites: hanoi}\n  - {id: hn.pt", 2,
     "unknown key 'sites' (did you mean 'site'?)"),
])
def test_bad_sites_are_refused_with_their_line(tmp_path: Path, old: str, new: str,
                                               line: int, fragment: str) -> None:
    assert old in CITY
    problems = check(write(tmp_path, CITY.replace(old, new)))
    assert [p.line for p in problems] == [line], problems
    assert fragment in problems[0].message


def test_site_column_in_csv(tmp_path: Path) -> None:
    (tmp_path / "more.csv").write_text("id,agency,role,address,site\n"
                                       "hp-sw,hp,lan_switch,127.0.0.9,hanoi\n",
                                       encoding="utf-8")
    inv = load(write(tmp_path, CITY + "csv: [more.csv]\n"))
    assert inv.site_of("hp-sw") == "hanoi"
