"""Partial answers keep what they hold (issue 8 section 2), against the SSH test server.

Each platform's commands are refused one at a time, in the platform's own words:
``invalid`` (an old release, a missing feature) and ``denied`` (privilege level, AAA
command authorisation). The facts that the other commands state are kept with their
sources, the status says ``partial`` and ``missing`` names the refused command.

What each recorded output states is read here from its expected parse (.yml), with
the test's own table of keys: independent of netmon's PLATFORMS table.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import SecretStr

from netmon.collectors.observation import Observation, Status
from netmon.collectors.ssh import HostKeyStore, SshCollector, parse_report
from netmon.target import SshCredentials, Target
from tests.peers.sshd import (
    STYLES,
    DeviceHandle,
    RejectKind,
    fixture_path,
    start_device_server,
)

pytestmark = pytest.mark.integration

USER, PASSWORD, PROMPT_HOST = "netmon", "Zq7-secret-Vb", "prompt-host-9"


def _first(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    text = str(value).strip() if value is not None else ""
    return text or None


def _records(stem: str) -> list[dict[str, Any]]:
    path = fixture_path(stem)
    assert path is not None, f"{stem}.raw missing from tests/fixtures/cli"
    return list(yaml.safe_load(path.with_suffix(".yml").read_text())["parsed_sample"])


# case -> (platform, {command: (fixture stem, {fact: yml key}, fallback {fact: yml key})}).
# ``fallback`` facts count only when no other command of the case states the fact.
Command = tuple[str, dict[str, str], dict[str, str]]
CASES: dict[str, tuple[str, dict[str, Command]]] = {
    "ios": ("cisco_ios", {
        "show version": ("cisco_ios_show_version", {
            "sys_name": "hostname", "model": "hardware", "serial": "serial",
            "os_version": "version"}, {}),
        "show inventory": ("cisco_ios_show_inventory", {}, {"model": "pid", "serial": "sn"}),
    }),
    "ios_xe": ("cisco_ios", {  # a Catalyst 9500 stack's show version (IOS-XE 16.9)
        "show version": ("cisco_ios_show_version4", {
            "sys_name": "hostname", "model": "hardware", "serial": "serial",
            "os_version": "version"}, {}),
        "show inventory": ("cisco_ios_show_inventory_c8000v", {},
                           {"model": "pid", "serial": "sn"}),
    }),
    "nxos": ("cisco_nxos", {
        "show version": ("cisco_nxos_show_version", {
            "sys_name": "hostname", "model": "platform", "serial": "serial",
            "os_version": "os"}, {}),
        "show inventory": ("cisco_nxos_show_inventory", {}, {"model": "pid", "serial": "sn"}),
    }),
    "eos": ("arista_eos", {
        "show version": ("arista_eos_show_version", {
            "model": "model", "serial": "serial_number", "os_version": "image"}, {}),
        "show inventory": ("arista_eos_show_inventory", {}, {}),
    }),
    "junos": ("juniper_junos", {
        "show version": ("juniper_junos_show_version_qfx5100", {
            "sys_name": "hostname", "model": "model", "os_version": "junos_version"}, {}),
        "show chassis hardware": ("juniper_junos_show_chassis_hardware", {
            "serial": "chassis_serial_number"}, {"model": "chassis_description"}),
    }),
    "vrp": ("huawei_vrp", {
        "display version": ("huawei_vrp_display_version1", {
            "model": "model", "os_version": "product_version"}, {}),
        "display device": ("huawei_vrp_display_device", {}, {}),
    }),
    "xr": ("cisco_xr", {
        "show version": ("cisco_xr_show_version", {
            "model": "hardware", "os_version": "version"}, {}),
        "admin show inventory": ("cisco_xr_admin_show_inventory", {}, {}),
    }),
    "procurve": ("hp_procurve", {
        "show system": ("hp_procurve_show_system", {
            "sys_name": "name", "serial": "serial", "os_version": "software_version",
            "sys_location": "location", "sys_contact": "contact"}, {}),
        "show version": ("hp_procurve_show_version", {
            "model": "model", "os_version": "version"}, {}),
    }),
}
# The OS each case's version command names (read from its .yml: rommon, image...).
OS_NAME = {"ios": "IOS", "ios_xe": "IOS-XE", "nxos": "NX-OS", "eos": "EOS", "junos": "Junos",
           "vrp": "VRP", "procurve": "ProCurve", "xr": "IOS-XR"}
# Commands whose failure alone leaves the answer complete (platforms.py says why).
OPTIONAL = {("vrp", "display device"), ("procurve", "show version"),
            ("xr", "admin show inventory")}
# Which command of a case states the OS version, and so names the OS.
VERSION_COMMAND = {"procurve": ("show system", "show version")}
INVENTORY = {"show inventory", "show chassis hardware", "display device", "admin show inventory"}


def expected_facts(case: str, refused: str) -> dict[str, str | None]:
    """What the commands other than ``refused`` state, first command first."""
    _, commands = CASES[case]
    facts: dict[str, str | None] = {}
    fallback: dict[str, str | None] = {}
    for command, (stem, keys, spare) in commands.items():
        if command == refused:
            continue
        record = _records(stem)[0]
        for fact, key in keys.items():
            facts.setdefault(fact, _first(record.get(key)))
        for fact, key in spare.items():
            fallback.setdefault(fact, _first(record.get(key)))
    for fact, value in fallback.items():
        if facts.get(fact) is None:
            facts[fact] = value
    if facts.get("sys_name") is None:
        facts["sys_name"] = PROMPT_HOST  # named by the prompt when no output names it
    return facts


def inventory_ids(case: str) -> set[str]:
    """Every component serial (or model where none is listed) in the inventory's .yml."""
    found: set[str] = set()
    for command, (stem, _, _) in CASES[case][1].items():
        if command in INVENTORY:
            for rec in _records(stem):
                for key, value in rec.items():
                    if key in ("sn", "pid") or key.endswith("serial_number"):
                        found |= {v for v in [_first(value)] if v}
    return found


ALL_FACTS = ("sys_name", "model", "serial", "os_version", "sys_location", "sys_contact")
PARAMS = [(case, command, kind) for case, (_, commands) in CASES.items()
          for command in commands for kind in ("invalid", "denied")]


@pytest.fixture(scope="module")
def collector(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SshCollector]:
    c = SshCollector(HostKeyStore(tmp_path_factory.mktemp("keys") / "known_hosts"),
                     max_workers=4)
    yield c
    c.close()


def serve_case(case: str, reject: dict[str, RejectKind]) -> DeviceHandle:
    platform, commands = CASES[case]
    outputs = {}
    for command, (stem, _, _) in commands.items():
        path = fixture_path(stem)
        assert path is not None
        outputs[command] = path.read_text()
    return start_device_server(platform, outputs, USER, PASSWORD, hostname=PROMPT_HOST,
                               reject=reject)


def collect(c: SshCollector, h: DeviceHandle, platform: str, device_id: str) -> Observation:
    creds = SshCredentials(platform=platform, username=USER, password=SecretStr(PASSWORD),
                           port=h.port, timeout_s=3.0)
    return asyncio.run(c.collect(Target(device_id, "127.0.0.1", ssh=creds)))


@pytest.mark.parametrize(("case", "refused", "kind"), PARAMS,
                         ids=[f"{c}-{r.replace(' ', '_')}-{k}" for c, r, k in PARAMS])
def test_one_command_refused_keeps_the_others(case: str, refused: str, kind: RejectKind,
                                              collector: SshCollector) -> None:
    platform, commands = CASES[case]
    h = serve_case(case, {refused: kind})
    try:
        obs = collect(collector, h, platform, f"{case}-{refused}-{kind}")
    finally:
        h.stop()
    assert refused in h.commands_seen and all(c in h.commands_seen for c in commands)
    words = STYLES[platform].denied if kind == "denied" else STYLES[platform].rejected
    refusal = [line for line in words.format(command=refused).splitlines() if line.strip()][-1]
    assert refusal in obs.raw[refused]  # the device's own words, kept
    if (case, refused) in OPTIONAL:
        assert obs.status is Status.OK, obs.error
        assert obs.missing == ()
    else:
        assert obs.status is Status.PARTIAL, obs.error
        assert obs.missing == (refused,)
        assert refused in (obs.error or "") and refusal.strip() in (obs.error or "")
    assert obs.usable and obs.facts is not None
    expected = expected_facts(case, refused)
    for fact in ALL_FACTS:
        assert getattr(obs.facts, fact) == expected.get(fact), fact
    version_commands = VERSION_COMMAND.get(case, (next(iter(commands)),))
    named = any(c != refused for c in version_commands)
    assert obs.facts.os == (OS_NAME[case] if named else None)  # never a guess
    if refused in INVENTORY:
        assert obs.facts.hardware == ()
        assert obs.facts.model_descr is None  # read from the inventory's rows only
    elif set(commands) & INVENTORY:
        hw = {x.serial for x in obs.facts.hardware} | {x.model for x in obs.facts.hardware}
        assert inventory_ids(case) <= hw and inventory_ids(case)
    # Every fact present came over SSH, and only those.
    present = {f for f in (*ALL_FACTS, "os", "os_version", "model_descr")
               if getattr(obs.facts, f) is not None}
    assert {k for k in obs.facts.sources if k not in ("hardware", "uptime_s")} == present
    assert set(obs.facts.sources.values()) <= {"ssh"}


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_command_refused_is_unsupported(case: str, collector: SshCollector) -> None:
    platform, commands = CASES[case]
    h = serve_case(case, dict.fromkeys(commands, "denied"))
    try:
        obs = collect(collector, h, platform, f"{case}-all")
    finally:
        h.stop()
    assert obs.status is Status.UNSUPPORTED, obs.error
    assert not obs.usable and obs.missing == ()
    assert set(obs.raw) == set(commands)


IOS_VERSIONS = ["cisco_ios_show_version", "cisco_ios_show_version1", "cisco_ios_show_version2",
                "cisco_ios_show_version4", "cisco_ios_show_version_01"]


@pytest.mark.parametrize("stem", IOS_VERSIONS)
def test_ios_show_version_alone_names_model_serial_and_version(stem: str) -> None:
    """Where `show inventory` is refused, `show version` holds the three: the model
    line (`cisco WS-C4506-E (MPC8572) processor`), `Processor board ID` and `Version`."""
    path = fixture_path(stem)
    assert path is not None
    raw = path.read_text()
    report = parse_report("cisco_ios", {
        "show version": raw,
        "show inventory": "                ^\n% Invalid input detected at '^' marker.\n"})
    record = _records(stem)[0]
    assert report.read == ("show version",) and set(report.failed) == {"show inventory"}
    facts = report.facts
    assert facts.model == _first(record["hardware"]) and facts.model in raw
    assert facts.serial == _first(record["serial"])
    assert facts.serial is not None and f"Processor board ID {facts.serial}" in raw
    assert facts.os_version == record["version"] and f"Version {facts.os_version}" in raw


def test_fixtures_have_a_notice() -> None:
    notice = (Path(__file__).parent / "fixtures" / "cli" / "NOTICE").read_text()
    for case in CASES.values():
        for stem, _, _ in case[1].values():
            assert f"{stem}.raw" in notice
