"""The SSH collector end to end: netmiko against a real SSH server on loopback."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import asyncssh
import pytest
from pydantic import SecretStr

from netmon.collectors.observation import Observation, Status
from netmon.collectors.ssh import HostKeyStore, SshCollector
from netmon.target import SshCredentials, Target
from tests.peers.sshd import (
    FIXTURE_SETS,
    GARBAGE,
    DeviceHandle,
    expected_facts,
    recorded_outputs,
    start_device_server,
)
from tests.ssh_parsing import parse_outputs

pytestmark = [pytest.mark.integration]

USER = "netmon"
PASSWORD = "Zq7-secret-Vb"  # never occurs in any device output
PROMPT_HOST = "prompt-host-9"  # the fake device's prompt; in no recorded output


@pytest.fixture
def store(tmp_path: Path) -> HostKeyStore:
    return HostKeyStore(tmp_path / "ssh_known_hosts.json")


@pytest.fixture
def collector(store: HostKeyStore) -> Iterator[SshCollector]:
    c = SshCollector(store, max_workers=4)
    yield c
    c.close()


@pytest.fixture
def servers() -> Iterator[list[DeviceHandle]]:
    started: list[DeviceHandle] = []
    yield started
    for h in started:
        h.stop()


def target(handle: DeviceHandle | None, platform: str, *, password: str = PASSWORD,
           port: int | None = None, timeout_s: float = 2.0, key_file: str | None = None,
           device_id: str = "dev1") -> Target:
    creds = SshCredentials(
        platform=platform, username=USER,
        password=SecretStr(password) if key_file is None else None, key_file=key_file,
        port=port if port is not None else (handle.port if handle else 1), timeout_s=timeout_s,
    )
    return Target(device_id, "127.0.0.1", ssh=creds)


def collect(c: SshCollector, t: Target) -> Observation:
    return asyncio.run(c.collect(t))


def serve(servers: list[DeviceHandle], platform: str, **kw: object) -> DeviceHandle:
    kw.setdefault("password", PASSWORD)
    kw.setdefault("username", USER)
    h = start_device_server(platform, **kw)  # type: ignore[arg-type]
    servers.append(h)
    return h


@pytest.mark.parametrize("platform", sorted(FIXTURE_SETS))
def test_happy_path_per_platform(platform: str, collector: SshCollector,
                                 store: HostKeyStore, servers: list[DeviceHandle]) -> None:
    expected = expected_facts(platform)
    recorded_name = expected.get("sys_name")
    assert recorded_name != PROMPT_HOST
    # The prompt names another host than the recorded output, so we see which one wins.
    h = serve(servers, platform, hostname=PROMPT_HOST)
    obs = collect(collector, target(h, platform))
    assert obs.status is Status.OK, obs.error
    assert obs.facts is not None
    for name, value in expected.items():
        assert getattr(obs.facts, name) == value, name
    # The rule (SshCollector.collect): the name parsed from the command output wins; the
    # prompt's hostname fills in only when the output names none. Both came over SSH.
    assert obs.facts.sys_name == (recorded_name or PROMPT_HOST)
    assert obs.facts.sources["sys_name"] == "ssh"
    # Over SSH or straight from the files: the same record.
    offline = parse_outputs(platform, recorded_outputs(platform))
    assert offline.sys_name == recorded_name  # no prompt offline: only the output's name
    assert obs.facts.hardware == offline.hardware
    assert (obs.facts.serial, obs.facts.os_version, obs.facts.uptime_s, obs.facts.os) == (
        offline.serial, offline.os_version, offline.uptime_s, offline.os)
    assert set(obs.facts.sources.values()) == {"ssh"}
    pinned = store.get("dev1")
    assert pinned is not None and pinned.fingerprint == h.host_key_fingerprint
    assert [c for c in h.commands_seen if c in FIXTURE_SETS[platform]] == list(
        FIXTURE_SETS[platform])


def test_public_key_login(collector: SshCollector, servers: list[DeviceHandle],
                          tmp_path: Path) -> None:
    key = asyncssh.generate_private_key("ssh-ed25519")
    key_file = tmp_path / "id_ed25519"
    key.write_private_key(str(key_file))
    h = serve(servers, "cisco_ios", password=None,
              authorized_keys=[key.export_public_key().decode()])
    obs = collect(collector, target(h, "cisco_ios", key_file=str(key_file)))
    assert obs.status is Status.OK, obs.error
    other = asyncssh.generate_private_key("ssh-ed25519")
    other.write_private_key(str(key_file))
    assert collect(collector, target(h, "cisco_ios", key_file=str(key_file))).status is (
        Status.AUTH_FAILED)


def test_wrong_password(collector: SshCollector, servers: list[DeviceHandle],
                        caplog: pytest.LogCaptureFixture) -> None:
    h = serve(servers, "cisco_ios")
    wrong = "Wr0ng-Pw-q1"
    with caplog.at_level(logging.DEBUG):
        obs = collect(collector, target(h, "cisco_ios", password=wrong))
    assert obs.status is Status.AUTH_FAILED
    assert obs.facts is None and USER in (obs.error or "")
    for text in (caplog.text, repr(obs), obs.error or ""):
        assert wrong not in text and PASSWORD not in text


def test_secrets_absent_from_logs_and_observation(
    collector: SshCollector, servers: list[DeviceHandle], caplog: pytest.LogCaptureFixture
) -> None:
    h = serve(servers, "hp_procurve")
    t = target(h, "hp_procurve")
    with caplog.at_level(logging.DEBUG):
        obs = collect(collector, t)
    assert obs.status is Status.OK, obs.error
    assert "paramiko" in caplog.text or "netmiko" in caplog.text  # the logs did run
    for text in (caplog.text, repr(obs), repr(t), str(obs.facts), repr(obs.raw)):
        assert PASSWORD not in text


def test_silent_server_times_out(collector: SshCollector, servers: list[DeviceHandle]) -> None:
    h = serve(servers, "cisco_ios", behaviour="silent")
    obs = collect(collector, target(h, "cisco_ios", timeout_s=1.0))
    assert obs.status is Status.TIMEOUT
    assert "banner" in (obs.error or "") or "key exchange" in (obs.error or "")


def test_shell_that_never_answers_times_out(collector: SshCollector,
                                            servers: list[DeviceHandle]) -> None:
    h = serve(servers, "cisco_ios", behaviour="mute")
    obs = collect(collector, target(h, "cisco_ios", timeout_s=1.0))
    assert obs.status is Status.TIMEOUT
    assert h.auth_attempts == 1  # it did log in; the shell was what stayed silent


def test_session_dropped_mid_command_is_unreachable(collector: SshCollector,
                                                    servers: list[DeviceHandle]) -> None:
    h = serve(servers, "cisco_ios", behaviour="drop")
    obs = collect(collector, target(h, "cisco_ios", timeout_s=1.0))
    assert obs.status is Status.UNREACHABLE, obs.error
    assert "dropped" in (obs.error or "") and "show version" in (obs.error or "")
    assert "show version" in h.commands_seen


def test_unknown_prompt_is_timeout(collector: SshCollector, servers: list[DeviceHandle]) -> None:
    # Documented choice: netmiko cannot tell an unrecognised prompt from none at all.
    h = serve(servers, "cisco_ios", behaviour="unknown_prompt")
    obs = collect(collector, target(h, "cisco_ios", timeout_s=1.0))
    assert obs.status is Status.TIMEOUT
    assert "prompt" in (obs.error or "")


def test_unparsable_output_keeps_raw(collector: SshCollector,
                                     servers: list[DeviceHandle]) -> None:
    h = serve(servers, "arista_eos", behaviour="garbage", hostname="veos9")
    obs = collect(collector, target(h, "arista_eos"))
    assert obs.status is Status.PARSE_ERROR
    assert set(obs.raw) == {"show version", "show inventory"}
    assert all("core dumped" in text for text in obs.raw.values())
    assert GARBAGE.splitlines()[1] in obs.raw["show version"]
    assert obs.facts is not None and obs.facts.serial is None


def test_every_command_rejected_is_unsupported(collector: SshCollector,
                                               servers: list[DeviceHandle]) -> None:
    h = serve(servers, "cisco_ios", outputs={})  # a box that runs none of our commands
    obs = collect(collector, target(h, "cisco_ios"))
    assert obs.status is Status.UNSUPPORTED
    assert obs.missing == ()
    assert "show inventory" in (obs.error or "") and "Invalid input" in obs.raw["show inventory"]


def test_rejected_inventory_keeps_show_version(collector: SshCollector,
                                               servers: list[DeviceHandle]) -> None:
    outputs = recorded_outputs("cisco_ios")
    del outputs["show inventory"]  # an old box without the command
    h = serve(servers, "cisco_ios", outputs=outputs)
    obs = collect(collector, target(h, "cisco_ios"))
    assert obs.status is Status.PARTIAL and obs.missing == ("show inventory",)
    assert obs.usable and obs.facts is not None
    assert "Invalid input" in obs.raw["show inventory"]
    for name, value in expected_facts("cisco_ios").items():
        assert getattr(obs.facts, name) == value, name


def test_optional_command_rejected_still_ok(collector: SshCollector,
                                            servers: list[DeviceHandle]) -> None:
    outputs = recorded_outputs("huawei_vrp")
    del outputs["display device"]
    h = serve(servers, "huawei_vrp", outputs=outputs, hostname="HK-CORE")
    obs = collect(collector, target(h, "huawei_vrp"))
    assert obs.status is Status.OK, obs.error
    assert obs.facts is not None and obs.facts.sys_name == "HK-CORE" and not obs.facts.hardware
    assert "Unrecognized command" in obs.raw["display device"]


def test_unknown_platform_sends_nothing(collector: SshCollector,
                                        servers: list[DeviceHandle]) -> None:
    h = serve(servers, "cisco_ios")
    obs = collect(collector, target(h, "commodore_64"))
    assert obs.status is Status.UNSUPPORTED
    assert h.auth_attempts == 0 and h.commands_seen == []


def test_closed_port_is_unreachable(collector: SshCollector) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    obs = collect(collector, target(None, "cisco_ios", port=port))
    assert obs.status is Status.UNREACHABLE


def test_many_devices_through_a_small_pool(store: HostKeyStore,
                                           servers: list[DeviceHandle]) -> None:
    hs = [serve(servers, p) for p in sorted(FIXTURE_SETS) for _ in range(2)]
    c = SshCollector(store, max_workers=3)
    try:
        async def run() -> list[Observation]:
            return list(await asyncio.gather(*(
                c.collect(target(h, h.cfg.platform, device_id=f"d{i}"))
                for i, h in enumerate(hs))))
        results = asyncio.run(run())
    finally:
        c.close()
    assert [o.status for o in results] == [Status.OK] * len(hs)
    assert len({store.get(f"d{i}").fingerprint for i in range(len(hs))}) == len(hs)  # type: ignore[union-attr]
