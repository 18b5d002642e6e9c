"""Hard bounds on one CLI session: a deadline for the whole session, a byte budget per step.

netmiko bounds each *step* (connect, banner, auth, each read) by its own timeout, so
a session may last ``timeout_s * (4 + commands)``; and it keeps whatever a device
sends until the prompt shows, so endless output grows its memory until the read
timeout. Neither fits a poller that must end a session before the deadline it was
given and must survive a hostile device. ``SessionGuard`` is the bound:

- **Time.** netmiko polls the paramiko channel every 10-25 ms; the channel netmiko
  gets is wrapped (``GuardedChannel``) so that each poll checks the deadline and
  raises once it has passed. The phases that do not poll the channel (TCP connect,
  SSH banner, key exchange, authentication) run on a socket the guard owns: at the
  deadline a timer shuts it down, which ends them at once. ``abort()`` does the
  same for a caller that gives up (a cancelled ``collect()``).
- **Memory.** Every byte the device sends through the channel is counted per step
  (the login with its banner, then each command); past ``max_step_bytes`` the step
  fails with ``OutputTooLarge``. paramiko itself buffers at most its channel window
  (2 MiB) ahead of netmiko, so a session holds at most about
  ``max_step_bytes`` + 2 MiB of a device's output, whatever the device sends.
- **What is kept.** The first ``keep_bytes`` of the current step are kept
  (``kept()``), so that a failed step's raw output can be shown truncated.
- **A closed channel** reads as end of stream at once (netmiko would otherwise poll
  a dead channel until its read timeout).
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
from typing import Any

import paramiko

MIB = 1024 * 1024
# A real answer to our commands is far smaller: `show inventory` of a full modular
# chassis is ~100-200 kB, a long MOTD a few kB. A 1 MB banner still passes.
MAX_STEP_BYTES = 2 * MIB
# What Observation.raw keeps of one command's output (or of a failed step).
KEEP_BYTES = 64 * 1024

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class SessionExpired(Exception):
    """The session's deadline passed, or its caller gave up (``abort()``)."""


class OutputTooLarge(Exception):
    """The device sent more than ``max_step_bytes`` in one step."""


def truncate(text: str, limit: int = KEEP_BYTES) -> str:
    """At most ``limit`` bytes of UTF-8, control characters shown as U+FFFD, and a
    last line saying how much was cut: what Observation.raw may hold."""
    text = _CONTROL.sub("\ufffd", text)
    data = text.encode("utf-8", "replace")
    if len(data) <= limit:
        return text
    head = data[:limit].decode("utf-8", "ignore")
    return f"{head}\n[netmon: output cut at {limit} of {len(data)} bytes]"


class SessionGuard:
    """The deadline, the byte budget and the abort switch of one session (thread-safe)."""

    def __init__(self, deadline: float, *, max_step_bytes: int = MAX_STEP_BYTES,
                 keep_bytes: int = KEEP_BYTES) -> None:
        self.deadline = deadline  # time.monotonic() value
        self.started: float | None = None
        self.max_step_bytes = max_step_bytes
        self.keep_bytes = keep_bytes
        self.step = "login"
        self.step_bytes = 0
        self._head = bytearray()
        self._aborted = threading.Event()
        self._sock: socket.socket | None = None
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    # -- time -------------------------------------------------------------------
    def start(self, budget_s: float) -> None:
        """The session begins now and must be over ``budget_s`` from now."""
        self.started = time.monotonic()
        self.deadline = self.started + budget_s

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    @property
    def expired(self) -> bool:
        return self._aborted.is_set() or time.monotonic() >= self.deadline

    def check(self) -> None:
        if self.expired:
            raise SessionExpired(f"session deadline reached during {self.step}")

    def open_socket(self, address: str, port: int, timeout_s: float) -> socket.socket:
        """The TCP connection paramiko will run on; shut down at the deadline."""
        sock = socket.create_connection((address, port), timeout=min(timeout_s,
                                                                     self.remaining()))
        with self._lock:
            self._sock = sock
        if self._aborted.is_set():
            self._shutdown()
        self._timer = threading.Timer(self.remaining(), self.abort)
        self._timer.daemon = True
        self._timer.start()
        return sock

    def abort(self) -> None:
        """End the session now: every blocked or polling step fails promptly."""
        self._aborted.set()
        self._shutdown()

    def _shutdown(self) -> None:
        with self._lock:
            sock = self._sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def hang_up(self) -> None:
        """End the connection *now*: shutdown() sends the FIN at once, where close()
        waits for paramiko's thread to leave a blocking recv() (up to 0.1 s); and the
        device's VTY line, like the collector's slot, must be free when a session
        returns. paramiko's thread then reads a clean end of stream."""
        if self._timer is not None:
            self._timer.cancel()
        self._shutdown()

    def close(self) -> None:
        self.hang_up()
        with self._lock:
            sock, self._sock = self._sock, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.close()

    # -- bytes ------------------------------------------------------------------
    def begin(self, step: str) -> None:
        self.step = step
        self.step_bytes = 0
        self._head = bytearray()

    def feed(self, data: bytes) -> None:
        self.step_bytes += len(data)
        room = self.keep_bytes - len(self._head)
        if room > 0:
            self._head += data[:room]
        if self.step_bytes > self.max_step_bytes:
            raise OutputTooLarge(
                f"more than {self.max_step_bytes} bytes without a prompt during {self.step}"
            )

    def kept(self) -> str:
        """What the current step read so far, truncated (see ``truncate``)."""
        text = bytes(self._head).decode("utf-8", "ignore").replace("\r\n", "\n")
        text = _CONTROL.sub("\ufffd", text)
        if self.step_bytes > len(self._head):
            text += f"\n[netmon: output cut at {len(self._head)} of {self.step_bytes}+ bytes]"
        return text


class GuardedChannel:
    """A paramiko Channel as netmiko sees it, with every poll and read guarded."""

    def __init__(self, channel: paramiko.Channel, guard: SessionGuard) -> None:
        self._channel = channel
        self._guard = guard

    def recv_ready(self) -> bool:
        self._guard.check()
        ch = self._channel
        # A channel closed by the device reads as end of stream now, not after the
        # read timeout: netmiko raises on an empty recv().
        return bool(ch.recv_ready() or ch.closed or ch.eof_received)

    def recv(self, nbytes: int) -> bytes:
        self._guard.check()
        data = bytes(self._channel.recv(nbytes))
        self._guard.feed(data)
        return data

    def __getattr__(self, name: str) -> Any:
        return getattr(self._channel, name)


class GuardedSSHClient(paramiko.SSHClient):  # type: ignore[misc]  # paramiko is untyped
    """netmiko's SSH client, handing out guarded shells."""

    def __init__(self, guard: SessionGuard) -> None:
        super().__init__()
        self._guard = guard

    def invoke_shell(self, *args: Any, **kwargs: Any) -> Any:
        return GuardedChannel(super().invoke_shell(*args, **kwargs), self._guard)
