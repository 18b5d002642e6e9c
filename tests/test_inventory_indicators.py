"""Inventory fields of the other indicators: staff, portals, services, data-centre checks,
critical, user ports. Each bad value is refused at its own FILE:LINE."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from netmon.inventory import check, check_report, load

GOOD = """\
targets: {computers: 0.9, data_centre_uptime: 0.995}
agencies:
  - id: ttdl
    name: Trung tâm Dữ liệu Thành phố
    level: data_centre
    checks:
      - {id: portal-https, kind: https, url: "https://localhost:8443/", expect: Cổng, critical: true}
      - {id: mail-smtp, kind: smtp, address: 127.0.0.1, port: 2525, host: mail.hanoi.test}
      - {id: dns, kind: dns, address: 127.0.0.1, zones: [hanoi.gov.vn]}
  - id: hoan-kiem
    name: Quận Hoàn Kiếm
    level: district
    staff: 120
    portal: https://hoankiem.hanoi.gov.vn/
    services:
      - https://dichvucong.hanoi.gov.vn/hk
      - {url: "http://127.0.0.1:8080/", expect: "Dịch vụ công"}
devices:
  - {id: hk-sw, agency: hoan-kiem, role: lan_switch, address: 127.0.0.2, user_ports: ["1-24", Gi1/0/48, 26]}
  - {id: dc-ups, agency: ttdl, role: ups, address: 127.0.0.3, critical: true}
  - {id: dc-srv, agency: ttdl, role: server, address: 127.0.0.4, critical: true}
"""  # noqa: E501  (one line per record, as operations teams write them)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "inv.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_the_good_file_loads_with_every_field(tmp_path: Path) -> None:
    inv = load(write(tmp_path, GOOD))
    dc, hk = inv.agencies["ttdl"], inv.agencies["hoan-kiem"]
    assert dc.level == "data_centre"
    assert [c.kind for c in dc.checks] == ["https", "smtp", "dns"]
    assert dc.checks[0].critical and dc.checks[0].expect == "Cổng"
    assert dc.checks[1].effective_port == 2525 and dc.checks[2].effective_port == 53
    assert dc.checks[0].effective_port == 8443
    assert hk.staff == 120
    assert hk.portal is not None and hk.portal.url == "https://hoankiem.hanoi.gov.vn/"
    assert [s.url for s in hk.services] == ["https://dichvucong.hanoi.gov.vn/hk",
                                            "http://127.0.0.1:8080/"]
    assert hk.services[1].expect == "Dịch vụ công"
    assert inv.devices["hk-sw"].user_ports == ["1-24", "Gi1/0/48", "26"]
    assert inv.devices["dc-ups"].critical and not inv.devices["hk-sw"].critical
    assert inv.targets["computers"] == 0.9 and inv.targets["data_centre_uptime"] == 0.995
    assert "portals" not in inv.targets  # the default applies (services.INDICATOR_TARGETS)
    problems, warnings = check_report(write(tmp_path, GOOD))
    assert problems == [] and warnings == []


# (text replaced in GOOD, replacement, expected line, message fragment)
CASES = [
    ("staff: 120", "staff: -3", 13, "staff: -3 is wrong: it should be greater than or equal to 0"),
    ("staff: 120", "staff: many", 13, "staff: 'many' is wrong: it should be a valid integer"),
    ("portal: https://hoankiem.hanoi.gov.vn/", "portal: hoankiem.hanoi.gov.vn", 14,
     "is not an http:// or https:// URL with a host"),
    ("      - https://dichvucong.hanoi.gov.vn/hk", "      - ftp://x/hk", 16,
     "'ftp://x/hk' is not an http:// or https:// URL"),
    ('{url: "http://127.0.0.1:8080/", expect: "Dịch vụ công"}',
     '{url: "http://127.0.0.1:8080/", expct: "x"}', 17, "unknown key 'services.1.expct'"),
    ("kind: smtp,", "kind: pop3,", 8, "checks.1.kind: 'pop3' is wrong"),
    ("zones: [hanoi.gov.vn]", "zones: []", 9, "a dns check needs zones"),
    ("zones: [hanoi.gov.vn]", "zones: [bad zone!]", 9, "'bad zone!' is not a DNS name"),
    ("address: 127.0.0.1, port: 2525", "address: mail, port: 2525", 8,
     "'mail' is not an IPv4 or IPv6 address"),
    ("address: 127.0.0.1, port: 2525", "address: 127.0.0.1, port: 99999", 8,
     "port: 99999 is wrong: it should be less than or equal to 65535"),
    ('url: "https://localhost:8443/"', 'url: "http://localhost:8443/"', 7,
     "kind https needs a https:// url"),
    ("id: dns, kind: dns", "id: mail-smtp, kind: dns", 9, "duplicate check id 'mail-smtp'"),
    ("critical: true}\n  - {id: dc-srv", "critical: maybe}\n  - {id: dc-srv", 20,
     "critical: 'maybe' is wrong"),
    ('user_ports: ["1-24"', 'user_ports: ["24-1"', 19, "range '24-1' runs backwards"),
    ("targets: {computers: 0.9,", "targets: {computers: 90,", 1,
     "target for computers is 90, outside 0..1"),
    ("targets: {computers: 0.9,", "targets: {computer: 0.9,", 1,
     "target for unknown level 'computer' (did you mean 'computers'?)"),
    ("level: data_centre", "level: data_center", 5,
     "unknown level 'data_center' (did you mean 'data_centre'?)"),
    ("role: ups", "role: upss", 20, "unknown role 'upss' (did you mean 'ups'?)"),
]


@pytest.mark.parametrize(("old", "new", "line", "fragment"), CASES,
                         ids=[c[3][:40] for c in CASES])
def test_each_bad_value_is_one_problem_at_its_line(tmp_path: Path, old: str, new: str,
                                                   line: int, fragment: str) -> None:
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    problems = check(path)
    assert len(problems) == 1, "\n".join(map(str, problems))
    assert problems[0].file == str(path)
    assert problems[0].line == line, str(problems[0])
    assert fragment in problems[0].message, str(problems[0])


def test_missing_ca_file_is_reported_and_a_present_one_is_not(tmp_path: Path) -> None:
    text = GOOD.replace('expect: "Dịch vụ công"}', 'expect: "x", ca_file: ca/root.pem}')
    problems = check(write(tmp_path, text))
    assert [(p.line, p.message) for p in problems] == [
        (17, "agency hoan-kiem: CA file ca/root.pem does not exist")]
    (tmp_path / "ca").mkdir()
    (tmp_path / "ca" / "root.pem").write_text("-----BEGIN CERTIFICATE-----\n")
    assert check(write(tmp_path, text)) == []


def test_fields_that_would_count_for_nothing_are_warned_about(tmp_path: Path) -> None:
    text = GOOD.replace("role: ups, address: 127.0.0.3", "role: ups, address: 127.0.0.3, "
                        "user_ports: [1]").replace(
        "role: lan_switch, address: 127.0.0.2,", "role: lan_switch, address: 127.0.0.2, "
        "critical: true,")
    problems, warnings = check_report(write(tmp_path, text))
    assert problems == []
    messages = sorted((w.line, w.message) for w in warnings)
    assert messages == [
        (19, "warning: device hk-sw: critical counts only for devices of a data_centre agency"),
        (20, "warning: device dc-ups: user_ports is read on lan_switch devices only "
             "(this one is a ups)")]


def test_user_ports_and_critical_from_csv(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(textwrap.dedent("""\
        agencies: [{id: hk, name: Quận Hoàn Kiếm, level: district, staff: 10}]
        csv: [d.csv]
        """), encoding="utf-8")
    (tmp_path / "d.csv").write_text("id,agency,role,address,user_ports,critical\n"
                                    "sw,hk,lan_switch,127.0.0.9,1-24;Gi0/48,false\n"
                                    "sw2,hk,lan_switch,127.0.0.10,7-3,yes\n", encoding="utf-8")
    problems = check(tmp_path)
    assert [(Path(p.file).name, p.line, p.message) for p in problems] == [
        ("d.csv", 3, "device sw2: user_ports range '7-3' runs backwards")]
