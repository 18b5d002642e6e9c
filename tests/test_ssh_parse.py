"""Pure parsing of recorded CLI outputs (ntc-templates test data + our own)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from netmon.collectors.ssh import (
    PLATFORMS,
    CliUnsupported,
    ParseFailed,
    hostname_from_prompt,
    parse_command,
    parse_report,
    parse_uptime,
)
from tests.peers.sshd import (
    CLI_DIR,
    FIXTURE_SETS,
    GARBAGE,
    expected_facts,
    expected_serials,
    recorded_outputs,
)
from tests.ssh_parsing import parse_outputs


def _command_for(stem: str) -> tuple[str, str] | None:
    """(platform, command) a fixture file belongs to, read from its ntc-style name."""
    for platform, spec in PLATFORMS.items():
        if not stem.startswith(platform + "_"):
            continue
        rest = stem[len(platform) + 1:]
        for cmd in spec.commands:
            if rest.startswith(cmd.command.replace(" ", "_")):
                return platform, cmd.command
    return None


def _raw_files() -> list[Path]:
    files = sorted(CLI_DIR.glob("*.raw"))
    assert files, f"no recorded outputs in {CLI_DIR}"  # an empty list would only skip
    return files


def _norm(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # ntc's data and template versions differ in trailing blanks only.
    def one(v: Any) -> Any:
        return [one(x) for x in v] if isinstance(v, list) else str(v).strip()
    return [{k: one(v) for k, v in r.items()} for r in records]


@pytest.mark.parametrize("raw", _raw_files(), ids=lambda p: p.stem)
def test_template_parse_equals_recorded_expectation(raw: Path) -> None:
    found = _command_for(raw.stem)
    assert found is not None, f"{raw.name}: no platform command in PLATFORMS matches"
    platform, command = found
    expected = yaml.safe_load(raw.with_suffix(".yml").read_text())["parsed_sample"]
    assert _norm(parse_command(platform, command, raw.read_text())) == _norm(expected)


# What the recorded set of each platform (tests.peers.sshd.FIXTURE_SETS) says it runs, written
# out here rather than read from the code's PLATFORMS table.
OS_NAME = {
    "arista_eos": "EOS",  # arista_eos_show_version.yml: model vEOS, image 4.14.7M
    "cisco_ios": "IOS",  # cisco_ios_show_version.yml: rommon 12.2(44r)SG9, not IOS-XE
    "cisco_nxos": "NX-OS",  # cisco_nxos_show_version.yml: boot_image n9000-dk9...
    "hp_procurve": "ProCurve",  # hp_procurve_show_version.yml
    "huawei_vrp": "VRP",  # huawei_vrp_display_version1.yml: vrp_version 8.100
    "juniper_junos": "Junos",  # juniper_junos_show_version_qfx5100.yml: junos_version 21.4R3
}


@pytest.mark.parametrize("platform", sorted(FIXTURE_SETS))
def test_facts_from_recorded_outputs(platform: str) -> None:
    facts = parse_outputs(platform, recorded_outputs(platform))
    for name, value in expected_facts(platform).items():
        assert getattr(facts, name) == value, name
    assert facts.os == OS_NAME[platform]
    hw = {c.serial for c in facts.hardware} | {c.model for c in facts.hardware}
    serials = expected_serials(platform)
    assert serials or platform == "hp_procurve"  # ProCurve has no inventory command here
    assert serials <= hw
    assert set(facts.sources.values()) == {"ssh"}
    assert all(getattr(facts, k) is not None for k in facts.sources if k != "hardware")


def test_ios_xe_told_apart_from_ios() -> None:
    ios = parse_command("cisco_ios", "show version", (CLI_DIR / "cisco_ios_show_version.raw")
                        .read_text())
    assert ios[0]["rommon"] != "IOS-XE"
    for stem, os_name in (("cisco_ios_show_version", "IOS"),
                          ("cisco_ios_show_version1", "IOS-XE"),
                          ("cisco_ios_show_version4", "IOS-XE")):
        out = {"show version": (CLI_DIR / f"{stem}.raw").read_text(),
               "show inventory": (CLI_DIR / "cisco_ios_show_inventory.raw").read_text()}
        assert parse_outputs("cisco_ios", out).os == os_name, stem


@pytest.mark.parametrize(("text", "seconds"), [
    ("2 years, 31 weeks, 6 days, 9 hours, 55 minutes",
     2 * 365 * 86400 + 31 * 7 * 86400 + 6 * 86400 + 9 * 3600 + 55 * 60),
    ("123 day(s), 5 hour(s), 15 minute(s), 19 second(s)", 123 * 86400 + 5 * 3600 + 15 * 60 + 19),
    ("1 hour and 5 minutes", 3900),
    ("15 days", 15 * 86400),
    ("01 hours 01 minutes 01 seconds", 3661),
    ("", None),
    ("unknown", None),
])
def test_parse_uptime(text: str, seconds: int | None) -> None:
    assert parse_uptime(text) == seconds


def test_unknown_platform_is_unsupported() -> None:
    with pytest.raises(CliUnsupported, match="unknown platform"):
        parse_outputs("commodore_64", {"show version": "x"})


def test_garbage_is_parse_error_and_names_the_command() -> None:
    outputs = recorded_outputs("cisco_ios")
    outputs["show version"] = GARBAGE
    with pytest.raises(ParseFailed, match="show version"):
        parse_outputs("cisco_ios", outputs)
    report = parse_report("cisco_ios", outputs)
    assert set(report.failed) == {"show version"}
    assert report.facts.hardware  # what did parse is still there


def test_rejected_command_is_unsupported() -> None:
    outputs = {"show version": "        ^\n% Invalid input detected at '^' marker.\n",
               "show inventory": "% Invalid input detected at '^' marker.\n"}
    with pytest.raises(CliUnsupported, match="rejected"):
        parse_outputs("cisco_ios", outputs)


def test_optional_command_failure_is_skipped_not_fatal() -> None:
    outputs = recorded_outputs("huawei_vrp")
    outputs["display device"] = "Error: Unrecognized command found at '^' position.\n"
    report = parse_report("huawei_vrp", outputs)
    assert not report.failed and "display device" in report.skipped
    assert report.facts.model == expected_facts("huawei_vrp")["model"]


@pytest.mark.parametrize(("prompt", "name"), [
    ("R1#", "R1"), ("<HUAWEI>", "HUAWEI"), ("netmon@router1>", "router1"),
    ("RP/0/RSP0/CPU0:edge1#", "edge1"), ("HP-2920# ", "HP-2920"), ("", None),
])
def test_hostname_from_prompt(prompt: str, name: str | None) -> None:
    assert hostname_from_prompt(prompt) == name


def test_platform_table_is_data() -> None:
    for name, spec in PLATFORMS.items():
        assert spec.commands and spec.commands[0].required, name
        assert all(c.facts or c.inventory for c in spec.commands), name


def test_model_descr_is_the_description_of_the_row_that_names_the_model() -> None:
    """NX-OS: ``show version`` states C9396PX, ``show inventory``'s chassis row N9K-C9396PX
    with DESCR "Nexus9000 C9396PX Chassis". Where no row names the model (the recorded IOS
    set's inventory is a 3640's, its version a WS-C4948E's), there is none."""
    nxos = parse_outputs("cisco_nxos", recorded_outputs("cisco_nxos"))
    assert (nxos.model, nxos.model_descr) == ("C9396PX", "Nexus9000 C9396PX Chassis")
    assert nxos.sources["model_descr"] == "ssh"
    ios = parse_outputs("cisco_ios", recorded_outputs("cisco_ios"))
    assert ios.model == "WS-C4948E" and ios.model_descr is None
