"""A real SSH server on loopback that answers like a network device (asyncssh).

netmiko connects to it exactly as to a router: password or public-key login, the
platform's prompt, its paging/width commands, and recorded outputs for `show`
commands (by default those of tests/fixtures/cli: ntc-templates test data, see its
NOTICE). Behaviour switches make it fail the ways devices fail::

    handle = start_device_server("cisco_ios", outputs, "netmon", "pw-x9", hostname="router1")
    ... connect to 127.0.0.1:handle.port, pin handle.host_key_fingerprint ...
    handle.restart()          # same port, a new host key
    handle.stop()

Switches (keywords of ``start_device_server``):

- ``reject={"show inventory": "invalid"}``: refuse a command in the platform's own
  words, ``invalid`` (not understood: an old release, a missing feature) or
  ``denied`` (privilege level, AAA command authorisation); see ``DeviceStyle``.
- ``behaviour``: ``silent`` (no SSH banner), ``mute`` (a shell that never speaks),
  ``drop`` (half an output, then the connection aborted), ``unknown_prompt``,
  ``garbage`` (text noise), and the hostile ones: ``endless`` (output that never
  ends), ``binary`` (random bytes, then the prompt), ``no_prompt`` (the output, then
  never a prompt again). ``behaviour_on`` limits it to one command.
- ``banner_bytes``: a login banner (MOTD) of that many bytes before the first prompt.
- ``delay_s``: every command but the paging/width ones answers that much later.
- ``sessions``: a ``SessionCounter`` shared by several servers counts the SSH
  connections open at once and the peak.

All servers share one event loop in a daemon thread, so sync tests and several
fake devices at once (a lab, a district) cost one thread.

Bridging notes (PITFALLS): the line editor is off and input is echoed here, in
order; paging/width answers are never delayed (netmiko waits only for their
echo); `delay_s` delays only the other commands.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import asyncssh

from tests.peers.device_cli import (
    BINARY_BYTES,
    GARBAGE,
    STYLES,
    Behaviour,
    DeviceConfig,
    DeviceServer,
    RejectKind,
    SessionCounter,
    banner_text,
    binary_garbage,
    device_shell,
)

__all__ = [  # what tests import from here, the device's CLI included
    "BINARY_BYTES",
    "CLI_DIR",
    "FIXTURE_SETS",
    "GARBAGE",
    "STYLES",
    "Behaviour",
    "DeviceHandle",
    "RejectKind",
    "SessionCounter",
    "banner_text",
    "binary_garbage",
    "expected_facts",
    "expected_serials",
    "fixture_path",
    "recorded_outputs",
    "start_device_server",
]

CLI_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "cli"

# Which recorded output answers which command, per platform (file stems).
FIXTURE_SETS: dict[str, dict[str, str]] = {
    "cisco_ios": {"show version": "cisco_ios_show_version",
                  "show inventory": "cisco_ios_show_inventory"},
    "cisco_nxos": {"show version": "cisco_nxos_show_version",
                   "show inventory": "cisco_nxos_show_inventory"},
    "arista_eos": {"show version": "arista_eos_show_version",
                   "show inventory": "arista_eos_show_inventory"},
    "juniper_junos": {"show version": "juniper_junos_show_version_qfx5100",
                      "show chassis hardware": "juniper_junos_show_chassis_hardware"},
    "huawei_vrp": {"display version": "huawei_vrp_display_version1",
                   "display device": "huawei_vrp_display_device"},
    "hp_procurve": {"show system": "hp_procurve_show_system",
                    "show version": "hp_procurve_show_version"},
}


def fixture_path(stem: str) -> Path:
    """A recorded output by stem; a missing one is a broken checkout, not a reason to skip."""
    path = CLI_DIR / f"{stem}.raw"
    if not path.exists():
        raise FileNotFoundError(f"recorded output {path} is missing")
    return path


def recorded_outputs(platform: str) -> dict[str, str]:
    """command -> recorded output for a platform."""
    return {command: fixture_path(stem).read_text()
            for command, stem in FIXTURE_SETS.get(platform, {}).items()}


class _Loop:
    """One event loop in a daemon thread, shared by every fake device."""

    _lock = threading.Lock()
    _loop: asyncio.AbstractEventLoop | None = None

    @classmethod
    def get(cls) -> asyncio.AbstractEventLoop:
        with cls._lock:
            if cls._loop is None:
                loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name="fake-sshd", daemon=True).start()
                cls._loop = loop
            return cls._loop

    @classmethod
    def run(cls, coro: Any, timeout: float = 30.0) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, cls.get()).result(timeout)


async def _hold_silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    # Accept TCP and say nothing, not even the SSH banner.
    with contextlib.suppress(Exception):
        await reader.read()
    writer.close()


class DeviceHandle:
    """A running fake device. ``restart()`` keeps the port and changes the host key."""

    def __init__(self, cfg: DeviceConfig, host_key: asyncssh.SSHKey, port: int) -> None:
        self.cfg = cfg
        self.host_key = host_key
        self.port = port
        self.address = "127.0.0.1"
        self._server: Any = None

    @property
    def host_key_fingerprint(self) -> str:
        return str(self.host_key.get_fingerprint("sha256"))

    @property
    def auth_attempts(self) -> int:
        return self.cfg.auth_attempts

    @property
    def commands_seen(self) -> list[str]:
        return list(self.cfg.commands_seen)

    async def _start(self) -> None:
        if self.cfg.behaviour == "silent":
            self._server = await asyncio.start_server(
                _hold_silent, self.address, self.port, reuse_address=True
            )
        else:
            cfg = self.cfg

            async def shell(process: asyncssh.SSHServerProcess[str]) -> None:
                # The client going away mid-session is its right.
                with contextlib.suppress(asyncssh.Error, BrokenPipeError, ConnectionError):
                    await device_shell(cfg, process)

            self._server = await asyncssh.create_server(
                lambda: DeviceServer(cfg), self.address, self.port,
                server_host_keys=[self.host_key], process_factory=shell,
                line_editor=False, reuse_address=True, login_timeout=30,
                # `binary` writes arbitrary bytes, surrogate-escaped in a str.
                errors="surrogateescape",
            )
        sock = self._server.sockets[0]
        self.port = int(sock.getsockname()[1])

    async def _stop(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 5)
            self._server = None

    def stop(self) -> None:
        _Loop.run(self._stop())

    def restart(self, host_key: asyncssh.SSHKey | None = None) -> str:
        """Same port, a new host key (a replaced or spoofed device); returns its fingerprint."""
        self.stop()
        self.host_key = host_key or asyncssh.generate_private_key("ssh-ed25519")
        self.cfg.auth_attempts = 0
        _Loop.run(self._start())
        return self.host_key_fingerprint


def start_device_server(
    platform: str,
    outputs: Mapping[str, str] | None = None,
    username: str = "netmon",
    password: str | None = "Pw-9f!kq",
    *,
    hostname: str = "router1",
    host_key: asyncssh.SSHKey | None = None,
    authorized_keys: list[str] | None = None,
    behaviour: Behaviour = "normal",
    delay_s: float = 0.0,
    port: int = 0,
    reject: Mapping[str, RejectKind] | None = None,
    behaviour_on: str | None = None,
    banner_bytes: int = 0,
    sessions: SessionCounter | None = None,
) -> DeviceHandle:
    """Start one fake device on 127.0.0.1 (a free port unless ``port``); stop() it after.

    ``outputs`` None serves the platform's recorded set; ``{}`` serves nothing (every
    show command is then rejected as unknown).
    """
    if platform not in STYLES:
        raise ValueError(f"no device style for {platform!r}; known: {sorted(STYLES)}")
    served = recorded_outputs(platform) if outputs is None else outputs
    cfg = DeviceConfig(
        platform=platform,
        outputs={" ".join(k.split()): v for k, v in served.items()},
        username=username, password=password, hostname=hostname,
        authorized_keys=list(authorized_keys or []), behaviour=behaviour, delay_s=delay_s,
        reject={" ".join(k.split()): v for k, v in (reject or {}).items()},
        behaviour_on=" ".join(behaviour_on.split()) if behaviour_on else None,
        banner_bytes=banner_bytes, sessions=sessions,
    )
    handle = DeviceHandle(cfg, host_key or asyncssh.generate_private_key("ssh-ed25519"), port)
    _Loop.run(handle._start())
    return handle



def _yml(stem: str) -> list[dict[str, Any]]:
    import yaml

    data = yaml.safe_load(fixture_path(stem).with_suffix(".yml").read_text())
    return list(data["parsed_sample"])


def _one(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    text = str(value).strip() if value is not None else ""
    return text or None


# Which key of each fixture's expected parse (.yml) states which fact: the tests'
# own reading of the recorded data, independent of netmon's PLATFORMS table.
_YML_FACTS: dict[str, dict[str, dict[str, str]]] = {
    "cisco_ios": {"show version": {"sys_name": "hostname", "model": "hardware",
                                   "serial": "serial", "os_version": "version"}},
    "cisco_nxos": {"show version": {"sys_name": "hostname", "model": "platform",
                                    "serial": "serial", "os_version": "os"}},
    "arista_eos": {"show version": {"model": "model", "serial": "serial_number",
                                    "os_version": "image"}},
    "juniper_junos": {"show version": {"sys_name": "hostname", "model": "model",
                                       "os_version": "junos_version"},
                      "show chassis hardware": {"serial": "chassis_serial_number"}},
    "huawei_vrp": {"display version": {"model": "model", "os_version": "product_version"}},
    "hp_procurve": {"show system": {"sys_name": "name", "serial": "serial",
                                    "os_version": "software_version",
                                    "sys_location": "location", "sys_contact": "contact"}},
}


def expected_facts(platform: str) -> dict[str, str | None]:
    """Facts as the recorded fixtures' expected parses (.yml) state them."""
    out: dict[str, str | None] = {}
    for command, keys in _YML_FACTS[platform].items():
        records = _yml(FIXTURE_SETS[platform][command]) or [{}]
        for fact, key in keys.items():
            out[fact] = _one(records[0].get(key))
    return out


def expected_serials(platform: str) -> set[str]:
    """Every component serial (or model, where the platform lists none) in the .yml."""
    found: set[str] = set()
    for command, stem in FIXTURE_SETS[platform].items():
        if command in _YML_FACTS[platform] and platform != "juniper_junos":
            continue
        for rec in _yml(stem) or []:
            for key, value in rec.items():
                if (key == "sn" or key.endswith("serial_number") or key == "pid") and _one(value):
                    found.add(str(_one(value)))
    return found
