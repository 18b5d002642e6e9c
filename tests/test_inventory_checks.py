"""Every inventory check: each bad input yields FILE:LINE and a clear message."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from netmon.errors import InventoryError, Problem
from netmon.inventory import check, check_report, load

FIXTURES = Path(__file__).parent / "fixtures" / "inventory"

GOOD = """\
snmp_profiles:
  default: {version: 2c, community: env:NETMON_TEST_COMMUNITY}
agencies:
  - id: hoan-kiem
    name: Quận Hoàn Kiếm
    level: district
  - id: hoan-kiem.phuc-tan
    name: Phường Phúc Tân
    level: commune
    parent: hoan-kiem
devices:
  - id: hk-rtr-01
    agency: hoan-kiem
    role: wan_router
    address: 127.0.0.1
    snmp: default
"""


@pytest.fixture(autouse=True)
def _community(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETMON_TEST_COMMUNITY", "s3cret-community")
    monkeypatch.delenv("NETMON_UNSET_VAR", raising=False)


def write(tmp_path: Path, text: str, name: str = "inv.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def test_the_good_file_has_no_problem(tmp_path: Path) -> None:
    assert check(write(tmp_path, GOOD)) == []


# (text replaced in GOOD, replacement, expected line, message fragment)
CASES = [
    ("    level: district\n", "    level: district\n    parnt: x\n", 7,
     "unknown key 'parnt' (did you mean 'parent'?)"),
    ("agencies:", "agencys: []\nagencies:", 3, "unknown key 'agencys' (did you mean 'agencies'?)"),
    ("    snmp: default\n", "    snmp: {profile: default, prot: 1}\n", 16,
     "unknown key 'snmp.prot' (did you mean 'port'?)"),
    ("  - id: hoan-kiem.phuc-tan", "  - id: hoan-kiem", 7, "duplicate agency id 'hoan-kiem'"),
    ("    parent: hoan-kiem", "    parent: hoan-kem", 10,
     "unknown parent 'hoan-kem' (did you mean 'hoan-kiem'?)"),
    ("    agency: hoan-kiem\n", "    agency: ba-dinh\n", 13, "unknown agency 'ba-dinh'"),
    ("    snmp: default", "    snmp: defualt", 16, "unknown snmp profile 'defualt'"),
    ("    snmp: default", "    snmp: {profile: nope, port: 16100}", 16,
     "unknown snmp profile 'nope'"),
    ("    address: 127.0.0.1", "    address: 127.0.0.300", 15,
     "'127.0.0.300' is not an IPv4 or IPv6 address"),
    ("    address: 127.0.0.1", "    address: rtr.example", 15, "is not an IPv4 or IPv6"),
    ("    snmp: default", "    snmp: {profile: default, port: 70000}", 16,
     "snmp.port: 70000 is wrong: it should be less than or equal to 65535"),
    ("    snmp: default", "    snmp: default\n    tcp_port: 0", 17, "tcp_port: 0 is wrong"),
    ("version: 2c,", "version: 4,", 2, "version: 4 is wrong: it should be '1', '2c' or '3'"),
    ("version: 2c,", "version: 2c, retries: many,", 2, "retries: 'many' is wrong"),
    ("    role: wan_router", "    role: router", 14, "unknown role 'router'"),
    ("    level: district\n", "    level: provnce\n", 6, "unknown level 'provnce'"),
    ("    level: commune\n    parent: hoan-kiem\n", "    level: commune\n", 7,
     "a commune needs a parent"),
    ("    snmp: default\n", "    snmp: default\n    reach: ping\n", 17,
     "reach: 'ping' is wrong"),
    ("  - id: hk-rtr-01", "  - id: hk rtr 01", 12, "ids are ASCII letters"),
    ("    name: Phường Phúc Tân", "    name: Phường Phúc Tân\n    code: 00037", 9,
     'quote the code, e.g. code: "002"'),
    ("env:NETMON_TEST_COMMUNITY", "env:NETMON_UNSET_VAR", 2,
     "community: environment variable NETMON_UNSET_VAR is not set"),
    ("env:NETMON_TEST_COMMUNITY", "file:no-such-file", 2, "no-such-file does not exist"),
    ("env:NETMON_TEST_COMMUNITY", '"env:"', 2, "env: needs a variable name"),
    ("snmp_profiles:", "targets: {commune: 1.2}\nsnmp_profiles:", 1,
     "target for commune is 1.2, outside 0..1"),
    ("snmp_profiles:", "targets: {commune: -0.1}\nsnmp_profiles:", 1, "outside 0..1"),
    ("snmp_profiles:", "targets:\n  comune: 0.8\nsnmp_profiles:", 2,
     "target for unknown level 'comune' (did you mean 'commune'?)"),
    ("snmp_profiles:", "targets: {commune: lots}\nsnmp_profiles:", 1, "must be a number"),
    ("agencies:", "levels: 5\nagencies:", 3, "levels: 5 is wrong: it should be a valid list"),
    ("  - id: hoan-kiem.phuc-tan\n", "  - just text\n  - id: hoan-kiem.phuc-tan\n", 7,
     "expected a mapping of keys, got text"),
    ("    role: wan_router\n", "", 12, "missing key 'role'"),
    ("    name: Quận Hoàn Kiếm\n", "    name: Quận Hoàn Kiếm\n    name: again\n", 6,
     "duplicate key 'name' (first on line 5)"),
]


@pytest.mark.parametrize(("old", "new", "line", "fragment"), CASES,
                         ids=[c[3][:40] for c in CASES])
def test_each_bad_input_names_its_line(tmp_path: Path, old: str, new: str, line: int,
                                       fragment: str) -> None:
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    problem = only(check(path))
    assert problem.file == str(path)
    assert problem.line == line, str(problem)
    assert fragment in problem.message
    assert str(problem).startswith(f"{path}:{line}: ")


SNMP_RULES = [
    ("{version: 3, auth_protocol: sha, auth_key: env:NETMON_TEST_COMMUNITY}",
     "SNMPv3 needs a user"),
    ("{version: 3, user: u, priv_protocol: aes, priv_key: env:NETMON_TEST_COMMUNITY}",
     "authPriv needs auth_protocol and auth_key"),
    ("{version: 3, user: u, auth_protocol: sha}", "auth_protocol and auth_key go together"),
    ("{version: 3, user: u, auth_protocol: sha1, auth_key: env:NETMON_TEST_COMMUNITY}",
     "auth_protocol: 'sha1' is wrong"),
    ("{version: 3, user: u, auth_protocol: sha, auth_key: env:NETMON_TEST_COMMUNITY, "
     "priv_protocol: blowfish, priv_key: env:NETMON_TEST_COMMUNITY}",
     "priv_protocol: 'blowfish' is wrong"),
    ("{version: 1}", "SNMP v1 needs a community"),
    ("{version: 2c, timeout_s: 0, community: env:NETMON_TEST_COMMUNITY}",
     "timeout_s: 0 is wrong"),
]


@pytest.mark.parametrize(("profile", "fragment"), SNMP_RULES, ids=[r[1][:30] for r in SNMP_RULES])
def test_snmp_profile_rules(tmp_path: Path, profile: str, fragment: str) -> None:
    text = GOOD.replace("  default: {version: 2c, community: env:NETMON_TEST_COMMUNITY}",
                        f"  default: {profile}")
    problem = only(check(write(tmp_path, text)))
    assert problem.line == 2
    assert problem.message.startswith("snmp profile default: ")
    assert fragment in problem.message


def test_snmp_versions_accept_yaml_numbers(tmp_path: Path) -> None:
    for written, expected in (("1", "1"), ("2", "2c"), ('"2c"', "2c"), ("v2c", "2c")):
        text = GOOD.replace("version: 2c", f"version: {written}")
        inv = load(write(tmp_path, text))
        assert inv.snmp_profiles["default"].version == expected


def test_override_completing_a_profile_is_checked_at_the_device(tmp_path: Path) -> None:
    text = GOOD.replace("    snmp: default", "    snmp: {profile: default, version: 3}")
    problem = only(check(write(tmp_path, text)))
    assert (problem.line, "device hk-rtr-01: snmp: SNMPv3 needs a user" in problem.message) \
        == (16, True)


def test_parent_cycle_is_reported_once(tmp_path: Path) -> None:
    text = GOOD.replace("    level: district\n",
                        "    level: district\n    parent: hoan-kiem.phuc-tan\n")
    problem = only(check(write(tmp_path, text)))
    assert problem.line == 7
    assert "parent cycle: hoan-kiem -> hoan-kiem.phuc-tan -> hoan-kiem" in problem.message


def test_every_problem_is_reported_in_one_run(tmp_path: Path) -> None:
    text = (GOOD.replace("    parent: hoan-kiem", "    parent: nowhere")
            .replace("    address: 127.0.0.1", "    address: 999.0.0.1")
            .replace("    agency: hoan-kiem\n", "    agency: ghost\n"))
    path = write(tmp_path, text)
    problems = check(path)
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (10, "agency hoan-kiem.phuc-tan"), (13, "device hk-rtr-01"), (15, "device hk-rtr-01")]
    with pytest.raises(InventoryError) as err:
        load(path)
    assert err.value.problems == problems
    assert str(err.value).splitlines() == [str(p) for p in problems]


def test_yaml_syntax_error_has_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("    role: wan_router", "    role: [wan_router"))
    problem = only(check(path))
    assert problem.line is not None and problem.line >= 14
    assert problem.message.startswith("YAML syntax:")


def test_tab_indentation_is_a_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "inv.yaml"
    path.write_text("agencies:\n\t- id: x\n", encoding="utf-8")
    problem = only(check(path))
    assert problem.line == 2 and "YAML syntax" in problem.message


def test_not_utf8_names_the_line() -> None:
    problem = only(check(FIXTURES / "latin1.yaml"))
    assert problem.line == 3
    assert "not UTF-8 (byte 0xe1)" in problem.message


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    problem = only(check(tmp_path / "nope.yaml"))
    assert (problem.line, problem.message) == (None, "no such file or folder")
    assert str(problem) == f"{tmp_path / 'nope.yaml'}: no such file or folder"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "holds no .yaml" in only(check(empty)).message


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    problem = only(check(write(tmp_path, "- a\n- b\n")))
    assert problem.line == 1 and "must be a mapping" in problem.message


@pytest.mark.parametrize("junk", [
    b"\x00\x01\x02", b"{{{{", b"agencies: [1, 2, 3]", b"devices: {a: 1}",
    b"agencies:\n  - {id: [x], name: 1, level: {}}\n", b"? [a, b]\n: c\n",
    b"snmp_profiles: {default: [1]}", b"targets: [1]", b"csv: [nope.csv]", b"&a [*a]",
    b"devices:\n  - {id: d, agency: a, role: wan_router, address: 1.2.3.4, snmp: [x]}\n",
])
def test_garbage_never_raises(tmp_path: Path, junk: bytes) -> None:
    path = tmp_path / "junk.yaml"
    path.write_bytes(junk)
    problems = check(path)
    assert problems, "junk must be reported"
    assert all(p.file == str(path) for p in problems)
    assert not any("internal error" in p.message for p in problems), problems
    with pytest.raises(InventoryError):
        load(path)


def test_folder_merges_yaml_and_csv() -> None:
    inv = load(FIXTURES / "split")
    assert list(inv.agencies) == ["cau-giay", "cau-giay.dich-vong", "so-yt"]
    assert list(inv.devices) == ["cg-rtr", "so-yt-rtr", "cg-sw", "cg-dv-sw"]
    assert inv.agencies["so-yt"].staff == 120
    assert inv.agencies["cau-giay.dich-vong"].line == 4
    assert inv.agencies["cau-giay.dich-vong"].file.endswith("10-agencies.yaml")
    sw = inv.devices["cg-sw"]
    assert (sw.file.endswith("40-switches.csv"), sw.line, sw.tags) == (True, 2, ["lan", "floor-2"])
    target = inv.target("cg-sw")
    assert target.snmp is not None and target.snmp.port == 16161
    dv = inv.target("cg-dv-sw")
    assert dv.ssh is not None and dv.ssh.username == "other-user"
    assert dv.ssh.platform == "cisco_ios"
    v3 = inv.target("cg-rtr").snmp
    assert v3 is not None and (v3.version, v3.auth_protocol, v3.priv_protocol) == \
        ("3", "sha256", "aes")
    so = inv.target("so-yt-rtr")
    assert (so.address, so.reach_method, so.tcp_port) == ("::1", "tcp", 2222)
    assert so.snmp is not None and (so.snmp.version, so.snmp.port) == ("1", 16100)


def test_ids_are_unique_across_files(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, """\
        agencies:
          - id: other
            name: Other
            level: department
          - id: hoan-kiem
            name: Again
            level: district
        """, "b.yaml")
    problem = only(check(tmp_path))
    assert problem.file == str(tmp_path / "b.yaml") and problem.line == 5
    assert f"duplicate agency id 'hoan-kiem' (first at {tmp_path / 'a.yaml'}:4)" \
        in problem.message


def test_duplicate_profile_across_files(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, "snmp_profiles:\n  default: {community: env:NETMON_TEST_COMMUNITY}\n",
          "b.yaml")
    problem = only(check(tmp_path))
    assert (problem.line, "duplicate snmp profile 'default'" in problem.message) == (2, True)


CSV_HEAD = "id,agency,role,address,snmp,snmp.port\n"


@pytest.mark.parametrize(("body", "line", "fragment"), [
    ("r2,hoan-kiem,wan_router,10.0.0.256,default,\n", 2, "'10.0.0.256' is not an IPv4"),
    ("r2,hoan-kiem,wan_router,10.0.0.1,default,99999\n", 2, "snmp.port: '99999' is wrong"),
    ("\nr2,nowhere,wan_router,10.0.0.1,,\n", 3, "unknown agency 'nowhere'"),
    ("r2,hoan-kiem,wan_router,10.0.0.1,ghost,\n", 2, "unknown snmp profile 'ghost'"),
    ("hk-rtr-01,hoan-kiem,wan_router,10.0.0.1,,\n", 2, "duplicate device id 'hk-rtr-01'"),
    ("r2,hoan-kiem,wan_router,10.0.0.1,,,extra\n", 2, "7 cells for 6 columns"),
])
def test_csv_problems(tmp_path: Path, body: str, line: int, fragment: str) -> None:
    write(tmp_path, GOOD, "a.yaml")
    (tmp_path / "d.csv").write_text(CSV_HEAD + body, encoding="utf-8")
    problem = only(check(tmp_path))
    assert problem.file == str(tmp_path / "d.csv")
    assert problem.line == line and fragment in problem.message, str(problem)


def test_csv_unknown_column(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.yaml")
    (tmp_path / "d.csv").write_text("id,agency,role,adress\n", encoding="utf-8")
    problem = only(check(tmp_path))
    assert (problem.line, problem.message) == (1, "unknown column 'adress'")


def test_csv_referenced_from_yaml(tmp_path: Path) -> None:
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "more.csv").write_text(CSV_HEAD + "r2,hoan-kiem.phuc-tan,lan_switch,127.0.0.2,,\n",
                                  encoding="utf-8")
    path = write(tmp_path, GOOD + "csv: [sub/more.csv]\n")
    assert list(load(path).devices) == ["hk-rtr-01", "r2"]
    missing = write(tmp_path, GOOD + "csv: [gone.csv]\n", "other.yaml")
    problem = only(check(missing))
    assert (problem.line, "gone.csv does not exist" in problem.message) == (17, True)


def test_declared_levels_and_roles(tmp_path: Path) -> None:
    text = ("levels: [cluster]\nroles: [ups]\n" + GOOD
            .replace("    level: district\n", "    level: cluster\n")
            .replace("    role: wan_router", "    role: ups"))
    inv = load(write(tmp_path, text))
    assert inv.agencies["hoan-kiem"].level == "cluster"
    assert inv.devices["hk-rtr-01"].role == "ups"


def test_warnings_do_not_fail_a_check(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("env:NETMON_TEST_COMMUNITY", "public"))
    path.chmod(0o640)  # as deployed; a world-readable one adds a warning (test_secrets_perms)
    problems, warnings = check_report(path)
    assert problems == []
    assert [(w.line, "community is written in the file" in w.message) for w in warnings] == \
        [(2, True)]
    assert load(path).warnings == warnings


@pytest.mark.parametrize("text", ["", "# nothing yet\n", "agencies: []\ndevices: []\n",
                                  "snmp_profiles:\n  d: {version: 2c, community: plain:x}\n"])
def test_an_empty_inventory_is_refused(tmp_path: Path, text: str) -> None:
    f = tmp_path / "city.yaml"
    f.write_text(text, encoding="utf-8")
    assert [str(p) for p in check(f)] == [f"{f}: the inventory is empty"]
    folder = tmp_path / "only-empty"
    folder.mkdir()
    (folder / "a.yaml").write_text(text, encoding="utf-8")
    assert [str(p) for p in check(folder)] == [f"{folder}: the inventory is empty"]


def test_a_folder_with_one_empty_file_among_others_is_fine(tmp_path: Path) -> None:
    (tmp_path / "a-empty.yaml").write_text("", encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        "agencies:\n  - {id: hk, name: Quận Hoàn Kiếm, level: district}\n", encoding="utf-8")
    assert check(tmp_path) == []
