"""How each platform's CLI looks to the fake device of sshd.py: prompts, the session
commands netmiko sends, the words it refuses a command with; and the hostile outputs
(binary noise, an endless stream, a huge banner) with the counter of open sessions;
and the shell that answers with them (``device_shell``)."""

from __future__ import annotations

import asyncio
import random
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import asyncssh

RejectKind = Literal["invalid", "denied"]
Behaviour = Literal["normal", "silent", "mute", "drop", "unknown_prompt", "garbage",
                    "endless", "binary", "no_prompt"]


@dataclass(frozen=True)
class DeviceStyle:
    prompt: str  # format string: {host}, {user}
    answers: Mapping[str, str]  # session commands netmiko sends, and their replies
    rejected: str  # what the device says to a command it does not know ({command})
    denied: str  # what it says to a command the user may not run; else ``rejected``
    banner: str = ""
    press_any_key: bool = False


_CISCO_ANSWERS = {"terminal width 511": "", "terminal length 0": ""}
_CISCO_REJECT = "                ^\n% Invalid input detected at '^' marker.\n"

# The refusals, as each platform prints them (parse.py lists the same set):
# IOS: `aaa authorization commands` refusing -> "Command authorization failed.";
# IOS-XR: a task group without the command -> "% This command is not authorized";
# NX-OS: an unknown command -> "% Invalid command at '^' marker.", a role without
# the rule -> "% Permission denied for the role"; EOS: "% Invalid input", and with
# command authorisation "% Authorization denied for command '<command>'"; Junos:
# "unknown command." under a caret; VRP: "Error: Unrecognized command found at '^'
# position." and, below the command's level, "Error: No permission to run the
# command."; ProCurve: "Invalid input: <command>".
STYLES: dict[str, DeviceStyle] = {
    "cisco_ios": DeviceStyle("{host}#", _CISCO_ANSWERS, _CISCO_REJECT,
                             "Command authorization failed.\n"),
    "cisco_xr": DeviceStyle("RP/0/RSP0/CPU0:{host}#", _CISCO_ANSWERS, _CISCO_REJECT,
                            "% This command is not authorized\n"),
    "cisco_nxos": DeviceStyle("{host}#", _CISCO_ANSWERS,
                              "                ^\n% Invalid command at '^' marker.\n",
                              "% Permission denied for the role\n"),
    "arista_eos": DeviceStyle(
        "{host}#",
        {"terminal width 511": "Width set to 511 columns.",
         "terminal length 0": "Pagination disabled."},
        "% Invalid input\n",
        "% Authorization denied for command '{command}'\n",
    ),
    "juniper_junos": DeviceStyle(
        "{user}@{host}> ",
        {"set cli screen-width 511": "Screen width set to 511",
         "set cli complete-on-space off": "Disabling complete-on-space",
         "set cli screen-length 0": "Screen length set to 0"},
        "                 ^\nunknown command.\n",
        "                 ^\nunknown command.\n",  # a denied command is hidden, i.e. unknown
    ),
    "huawei_vrp": DeviceStyle(
        "<{host}>",
        {"screen-length 0 temporary":
         "Info: The configuration takes effect on the current user terminal interface only."},
        "              ^\nError: Unrecognized command found at '^' position.\n",
        "Error: No permission to run the command.\n",
        banner="Info: The max number of VTY users is 10, and the number\n"
               "      of current VTY users on line is 1.\n",
    ),
    "hp_procurve": DeviceStyle(
        "{host}# ",
        {"terminal width 511": "", "no page": ""},
        "Invalid input: {command}\n",
        "Invalid input: {command}\n",
        banner="HP J9729A 2920-48G-POE+ Switch\nSoftware revision WB.16.02.0012\n\n"
               "(C) Copyright 2017 Hewlett Packard Enterprise Development LP\n\n"
               "Press any key to continue\n",
        press_any_key=True,
    ),
}

GARBAGE = "\x1b[7m#### core dumped ####\x1b[0m\nzq 77 ~~ ??\n0xDEADBEEF: no such thing\n"
BINARY_BYTES = 256 * 1024  # what `binary` sends before its prompt
ENDLESS_LIMIT = 1 << 30  # `endless` stops after 1 GiB all the same (tests stay bounded)
ENDLESS_LINE = "Gi1/0/{n:<6} up   up   a line of output that never ends, again and again\n"


def binary_garbage(size: int = BINARY_BYTES, seed: int = 7) -> str:
    """Random bytes as the server writes them (surrogate-escaped), the same every run."""
    return random.Random(seed).randbytes(size).decode("utf-8", "surrogateescape")


def banner_text(size: int) -> str:
    """A MOTD of ``size`` bytes: plain lines, no prompt character at a line's end."""
    line = "AUTHORISED ACCESS ONLY - this banner is long on purpose - Hanoi city WAN\n"
    return (line * (size // len(line) + 1))[:size]


def _peer_closed(sock: Any) -> bool:
    """The client has closed its end (the kernel got its FIN: CLOSE_WAIT or later)."""
    try:
        info = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)
    except OSError:
        return True
    return bool(info[0] != _TCP_ESTABLISHED)


_TCP_ESTABLISHED = 1  # tcp_info.tcpi_state, linux/tcp_states.h


class SessionCounter:
    """SSH connections open at once across the servers that share it, and the peak.

    The servers share one event loop that may learn of a closed connection a few
    iterations after it accepted the next one; so at each new connection the count
    asks the kernel which connections the clients still hold open (TCP state
    ESTABLISHED), which is exact: a client closes its socket before it connects again.
    """

    def __init__(self) -> None:
        self._open: dict[int, Any] = {}
        self.peak = 0
        self.total = 0

    @property
    def current(self) -> int:
        return sum(not _peer_closed(s) for s in self._open.values())

    def opened(self, key: int, sock: Any) -> None:
        self._open = {k: s for k, s in self._open.items() if not _peer_closed(s)}
        self._open[key] = sock
        self.total += 1
        self.peak = max(self.peak, len(self._open))

    def closed(self, key: int) -> None:
        self._open.pop(key, None)


@dataclass
class DeviceConfig:
    platform: str
    outputs: dict[str, str]
    username: str
    password: str | None
    hostname: str
    authorized_keys: list[str]
    behaviour: Behaviour
    delay_s: float
    reject: dict[str, RejectKind] = field(default_factory=dict)
    behaviour_on: str | None = None
    banner_bytes: int = 0
    sessions: SessionCounter | None = None
    # What the test can check afterwards (written on the server loop, read after).
    auth_attempts: int = 0
    commands_seen: list[str] = field(default_factory=list)
    bytes_sent: int = 0  # of command output (and banner), as written to the channel


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


class DeviceServer(asyncssh.SSHServer):  # type: ignore[misc]
    def __init__(self, cfg: DeviceConfig) -> None:
        self._cfg = cfg

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        if self._cfg.sessions is not None:
            self._cfg.sessions.opened(id(self), conn.get_extra_info("socket"))

    def connection_lost(self, exc: Exception | None) -> None:
        if self._cfg.sessions is not None:
            self._cfg.sessions.closed(id(self))

    def begin_auth(self, username: str) -> bool:
        return True  # always ask for credentials

    def password_auth_supported(self) -> bool:
        return self._cfg.password is not None

    def validate_password(self, username: str, password: str) -> bool:
        self._cfg.auth_attempts += 1
        return username == self._cfg.username and password == self._cfg.password

    def public_key_auth_supported(self) -> bool:
        return bool(self._cfg.authorized_keys)

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        self._cfg.auth_attempts += 1
        mine = key.export_public_key().decode().split()[1]
        return username == self._cfg.username and any(
            k.split()[1] == mine for k in self._cfg.authorized_keys
        )


async def _write(cfg: DeviceConfig, out: Any, text: str) -> None:
    out.write(text)
    cfg.bytes_sent += len(text.encode("utf-8", "surrogateescape"))
    await out.drain()  # the client's window bounds what the server holds


async def _endless(cfg: DeviceConfig, out: Any) -> None:
    n = 0
    conn = out.channel.get_connection()
    while cfg.bytes_sent < ENDLESS_LIMIT and not (out.channel.is_closing() or conn.is_closed()):
        chunk = "".join(ENDLESS_LINE.format(n=n + i) for i in range(256))
        n += 256
        await _write(cfg, out, _crlf(chunk))
        await asyncio.sleep(0)  # drain() may not yield; the loop must see the client leave


def _answer(cfg: DeviceConfig, style: DeviceStyle, command: str) -> str:
    kind = cfg.reject.get(command)
    if kind is not None:
        return (style.denied if kind == "denied" else style.rejected).format(command=command)
    if command in cfg.outputs:
        return GARBAGE if cfg.behaviour == "garbage" else cfg.outputs[command]
    return style.rejected.format(command=command)


async def device_shell(cfg: DeviceConfig, process: asyncssh.SSHServerProcess[str]) -> None:
    style = STYLES[cfg.platform]
    prompt = style.prompt.format(host=cfg.hostname, user=cfg.username)
    if cfg.behaviour == "unknown_prompt":
        prompt = f"{cfg.hostname}~~ "
    out = process.stdout
    if cfg.behaviour == "mute":
        await process.stdin.read()  # until the client gives up
        return
    if cfg.banner_bytes:
        await _write(cfg, out, _crlf(banner_text(cfg.banner_bytes)))
    if style.banner:
        out.write(_crlf(style.banner))
    waiting_key = style.press_any_key
    if not waiting_key:
        out.write(prompt)
    buf = ""
    while True:
        data = await process.stdin.read(4096)
        if not data:
            break
        if waiting_key:
            waiting_key = False
            out.write("\r\n" + prompt)
            data = data.lstrip("\r\n")
            if not data:
                continue
        buf += data.replace("\r\n", "\n").replace("\r", "\n")
        while "\n" in buf:
            # A device echoes a line, then answers it, then echoes the next: two lines
            # in one read must not give "\n\nprompt#prompt#" (netmiko's find_prompt would
            # take both prompts for one, and every later command would time out).
            line, buf = buf.split("\n", 1)
            out.write(line + "\r\n")
            command = " ".join(line.split())
            if not command:
                out.write(prompt)
                continue
            cfg.commands_seen.append(command)
            if command in style.answers:
                reply = style.answers[command]
                out.write(_crlf(reply + "\n") if reply else "")
                out.write(prompt)
                continue
            if command in ("exit", "quit", "logout"):
                process.exit(0)
                return
            if cfg.delay_s:
                await asyncio.sleep(cfg.delay_s)
            hostile = cfg.behaviour_on in (None, command) and command not in cfg.reject
            if hostile and cfg.behaviour == "drop" and command in cfg.outputs:
                half = cfg.outputs[command][: len(cfg.outputs[command]) // 2]
                out.write(_crlf(half))
                await out.drain()
                process.channel.get_connection().abort()
                return
            if hostile and cfg.behaviour == "endless":
                await _endless(cfg, out)
                return
            text = _answer(cfg, style, command)
            if hostile and cfg.behaviour == "binary":
                text = binary_garbage()
            if not text.endswith("\n"):
                text += "\n"
            if hostile and cfg.behaviour == "no_prompt":
                await _write(cfg, out, _crlf(text))
                await process.stdin.read()  # the prompt never comes back
                return
            await _write(cfg, out, _crlf(text) + prompt)
    process.exit(0)
