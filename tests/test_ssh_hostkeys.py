"""Host-key pinning against a real SSH server: TOFU, a changed key refused before auth, trust."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from netmon.collectors.observation import Status
from netmon.collectors.ssh import HostKeyStore, SshCollector, fetch_host_key, fingerprint
from netmon.target import SshCredentials, Target
from tests.peers.sshd import DeviceHandle, start_device_server

pytestmark = [pytest.mark.integration]
PASSWORD = "Hk-8tz-secret"


@pytest.fixture
def device() -> Iterator[DeviceHandle]:
    h = start_device_server("cisco_ios", username="netmon", password=PASSWORD)
    yield h
    h.stop()


def _target(h: DeviceHandle) -> Target:
    return Target("hk-r1", h.address, ssh=SshCredentials(
        platform="cisco_ios", username="netmon", password=SecretStr(PASSWORD), port=h.port,
        timeout_s=2.0))


def _collect(store: HostKeyStore, t: Target) -> tuple[Status, str | None]:
    c = SshCollector(store, max_workers=1)
    try:
        obs = asyncio.run(c.collect(t))
    finally:
        c.close()
    return obs.status, obs.error


def test_fetch_host_key_does_not_authenticate(device: DeviceHandle) -> None:
    key = fetch_host_key(device.address, device.port, 2.0)
    assert fingerprint(key) == device.host_key_fingerprint
    assert device.auth_attempts == 0


def test_first_key_is_pinned_and_persisted(device: DeviceHandle, tmp_path: Path) -> None:
    path = tmp_path / "data" / "ssh_known_hosts.json"
    assert _collect(HostKeyStore(path), _target(device))[0] is Status.OK
    pinned = HostKeyStore(path).get("hk-r1")  # a fresh store reads the file
    assert pinned is not None
    assert pinned.fingerprint == device.host_key_fingerprint
    assert (pinned.address, pinned.port) == (device.address, device.port)
    on_disk = json.loads(path.read_text())
    assert PASSWORD not in path.read_text() and set(on_disk) == {"hk-r1"}


def test_changed_key_refused_before_password_then_trusted(device: DeviceHandle,
                                                          tmp_path: Path) -> None:
    store = HostKeyStore(tmp_path / "kh.json")
    t = _target(device)
    assert _collect(store, t)[0] is Status.OK
    old = device.host_key_fingerprint

    new = device.restart()  # same port, another key: a swapped or spoofed device
    assert new != old
    status, error = _collect(store, t)
    assert status is Status.HOST_KEY_CHANGED
    assert old in (error or "") and new in (error or "")
    assert device.auth_attempts == 0  # refused before any password was offered
    assert device.commands_seen.count("show version") == 1  # only the first session's
    assert store.get("hk-r1").fingerprint == old  # type: ignore[union-attr]
    # Still refused on the next poll: never silently accepted.
    assert _collect(store, t)[0] is Status.HOST_KEY_CHANGED

    assert store.trust("hk-r1", device.address, device.port) == new  # after a human checked
    assert device.auth_attempts == 0
    assert _collect(store, t)[0] is Status.OK
    assert store.get("hk-r1").fingerprint == new  # type: ignore[union-attr]


def test_pin_follows_device_id_not_address(device: DeviceHandle, tmp_path: Path) -> None:
    store = HostKeyStore(tmp_path / "kh.json")
    assert _collect(store, _target(device))[0] is Status.OK
    other = start_device_server("cisco_ios", username="netmon", password=PASSWORD)
    try:
        # Same device id, now answering elsewhere with another key: refused.
        status, _ = _collect(store, _target(other))
        assert status is Status.HOST_KEY_CHANGED
        assert other.auth_attempts == 0
    finally:
        other.stop()


def test_trust_unreachable_device_raises(tmp_path: Path) -> None:
    import socket

    from netmon.collectors.ssh import CliUnreachable

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(CliUnreachable):
        HostKeyStore(tmp_path / "kh.json").trust("x", "127.0.0.1", port, timeout_s=1.0)
