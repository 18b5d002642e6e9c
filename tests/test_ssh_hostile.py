"""Hostile CLI output over SSH (issue 10 section 2): time, memory and status bounded.

One test server behaviour per test: output that never ends, binary garbage, a prompt
that never comes back, a 1 MB login banner. The bounds (collectors/ssh/session.py):
a session reads at most ``MAX_STEP_BYTES`` (2 MiB) per step, paramiko buffers at most
its 2 MiB window beyond that, ``Observation.raw`` keeps ``KEEP_BYTES`` (64 KiB) per
command with a line saying what was cut, and a session ends within its deadline.
Time is asserted only against that deadline (``DEADLINE_S``), a bound the session
guard enforces, never as a speed figure: the machine may be loaded.
"""

from __future__ import annotations

import asyncio
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from netmon.collectors.observation import Observation, Status
from netmon.collectors.ssh import KEEP_BYTES, MAX_STEP_BYTES, HostKeyStore, SshCollector
from netmon.target import SshCredentials, Target
from tests.peers.sshd import (
    BINARY_BYTES,
    DeviceHandle,
    expected_facts,
    recorded_outputs,
    start_device_server,
)

pytestmark = [pytest.mark.integration]

USER, PASSWORD = "netmon", "Zq7-secret-Vb"
MIB = 1024 * 1024
PARAMIKO_WINDOW = 2 * MIB  # what paramiko lets a device send ahead of the reader
CUT = "[netmon: output cut at"
DEADLINE_S = 10.0


@pytest.fixture
def collector(tmp_path: Path) -> Iterator[SshCollector]:
    c = SshCollector(HostKeyStore(tmp_path / "kh"), max_workers=2)
    yield c
    c.close()


@pytest.fixture
def servers() -> Iterator[list[DeviceHandle]]:
    started: list[DeviceHandle] = []
    yield started
    for h in started:
        h.stop()


def run(c: SshCollector, h: DeviceHandle, *, timeout_s: float = 5.0,
        deadline_s: float = DEADLINE_S) -> tuple[Observation, float]:
    creds = SshCredentials(platform="cisco_ios", username=USER, password=SecretStr(PASSWORD),
                           port=h.port, timeout_s=timeout_s)
    t0 = time.monotonic()
    obs = asyncio.run(c.collect(Target("hostile", "127.0.0.1", ssh=creds),
                                deadline_s=deadline_s))
    return obs, time.monotonic() - t0


def serve(servers: list[DeviceHandle], **kw: object) -> DeviceHandle:
    h = start_device_server("cisco_ios", None, USER, PASSWORD, hostname="hostile1",
                            **kw)  # type: ignore[arg-type]
    servers.append(h)
    return h


def assert_kept_truncated(text: str) -> None:
    assert len(text.encode()) <= KEEP_BYTES + 100
    assert CUT in text.splitlines()[-1]
    assert not any(ch < " " and ch not in "\t\n" for ch in text)  # control bytes masked


def assert_show_version_facts(obs: Observation) -> None:
    assert obs.facts is not None
    for name, value in expected_facts("cisco_ios").items():
        assert getattr(obs.facts, name) == value, name


def test_endless_output_is_cut_at_the_step_budget(collector: SshCollector,
                                                  servers: list[DeviceHandle]) -> None:
    h = serve(servers, behaviour="endless", behaviour_on="show inventory")
    tracemalloc.start()  # slows the session some fivefold; the test server's loop is traced too
    try:
        obs, took = run(collector, h, timeout_s=60.0, deadline_s=30.0)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # What show version said is kept; the endless command is what is missing.
    assert obs.status is Status.PARTIAL, obs.error
    assert obs.missing == ("show inventory",)
    assert f"more than {MAX_STEP_BYTES} bytes" in (obs.error or "")
    assert_show_version_facts(obs)
    assert_kept_truncated(obs.raw["show inventory"])
    assert "never ends" in obs.raw["show inventory"]
    # Memory: the device could only send what netmon read, plus paramiko's window.
    assert MAX_STEP_BYTES < h.cfg.bytes_sent < MAX_STEP_BYTES + PARAMIKO_WINDOW + MIB
    assert peak < 64 * MIB, peak  # netmiko's copies of at most 2 MiB; not the stream
    # Time: cut by size (the error says so), not by the 60 s read timeout.
    assert took < 30.0, took


def test_binary_garbage_is_a_parse_error_kept_truncated(collector: SshCollector,
                                                        servers: list[DeviceHandle]) -> None:
    h = serve(servers, behaviour="binary")  # every show command: 256 KiB of random bytes
    obs, took = run(collector, h)
    assert obs.status is Status.PARSE_ERROR, obs.error
    assert set(obs.raw) == {"show version", "show inventory"}
    for text in obs.raw.values():
        assert_kept_truncated(text)
    assert h.cfg.bytes_sent > 2 * BINARY_BYTES  # all of it was sent and read
    assert obs.duration_s < DEADLINE_S and took < DEADLINE_S + 1.0


def test_binary_garbage_in_one_command_keeps_the_other(collector: SshCollector,
                                                       servers: list[DeviceHandle]) -> None:
    h = serve(servers, behaviour="binary", behaviour_on="show inventory")
    obs, _ = run(collector, h)
    assert obs.status is Status.PARTIAL and obs.missing == ("show inventory",)
    assert_show_version_facts(obs)
    assert_kept_truncated(obs.raw["show inventory"])


@pytest.mark.parametrize(("command", "status"), [
    ("show version", Status.TIMEOUT),  # nothing read: a timeout
    ("show inventory", Status.PARTIAL),  # show version's facts kept
])
def test_prompt_that_never_returns(command: str, status: Status, collector: SshCollector,
                                   servers: list[DeviceHandle]) -> None:
    h = serve(servers, behaviour="no_prompt", behaviour_on=command)
    obs, took = run(collector, h, timeout_s=1.5)
    assert obs.status is status, obs.error
    assert command in (obs.error or "") and "prompt" in (obs.error or "")
    # What the device printed before it fell silent is kept for the engineer.
    first_line = next(line for line in recorded_outputs("cisco_ios")[command].splitlines()
                      if line.strip())
    assert first_line.strip() in obs.raw[command]
    if status is Status.PARTIAL:
        assert obs.missing == (command,)
        assert_show_version_facts(obs)
    assert "deadline" not in (obs.error or "")  # netmiko's 1.5 s read timeout ended it
    assert obs.duration_s < DEADLINE_S and took < DEADLINE_S + 1.0


def test_prompt_that_never_returns_is_cut_by_the_deadline(collector: SshCollector,
                                                          servers: list[DeviceHandle]) -> None:
    h = serve(servers, behaviour="no_prompt", behaviour_on="show inventory")
    obs, took = run(collector, h, timeout_s=30.0, deadline_s=2.0)
    assert obs.status is Status.PARTIAL and "deadline" in (obs.error or "")
    assert obs.duration_s < 2.0 and took < 2.0 + 1.0, (obs.duration_s, took)


def test_a_1_mb_banner_is_read_and_the_device_answers(collector: SshCollector,
                                                      servers: list[DeviceHandle]) -> None:
    h = serve(servers, banner_bytes=1_000_000)
    obs, took = run(collector, h)
    assert obs.status is Status.OK, obs.error
    assert_show_version_facts(obs)
    assert h.cfg.bytes_sent > 1_000_000
    assert obs.duration_s < DEADLINE_S and took < DEADLINE_S + 1.0


def test_a_banner_past_the_budget_is_refused(collector: SshCollector,
                                             servers: list[DeviceHandle]) -> None:
    h = serve(servers, banner_bytes=3 * MIB)
    obs, took = run(collector, h)
    assert obs.status is Status.PARSE_ERROR, obs.error
    assert "login" in (obs.error or "") and f"more than {MAX_STEP_BYTES}" in (obs.error or "")
    assert_kept_truncated(obs.raw["login"])
    assert "AUTHORISED ACCESS ONLY" in obs.raw["login"]
    assert "show version" not in h.commands_seen
    assert obs.duration_s < DEADLINE_S and took < DEADLINE_S + 1.0
