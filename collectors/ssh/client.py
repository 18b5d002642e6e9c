"""The thin CLI client (STYLE 5): netmiko behind a three-method seam.

Host keys: paramiko is given only the device's pinned key (a one-line
known_hosts file, system keys off, RejectPolicy via ``ssh_strict``), so a
different key fails the handshake with BadHostKeyException *before* any
password or key is offered. netmiko wraps that in a timeout exception; we dig
the original out of the chain.

Bounds: every step is bounded by ``SshCredentials.timeout_s`` (TCP connect,
banner, auth, each read), and the whole session by its ``SessionGuard``
(session.py): a deadline, a byte budget per step, an abort switch. netmiko runs
on a socket the guard opened and reads through a channel the guard wraps; a
per-session subclass of the platform's netmiko class hands that channel out.
Session logs stay off.
"""

from __future__ import annotations

import contextlib
import os
import socket
import tempfile
from typing import Any, Protocol

import paramiko
from netmiko.base_connection import log as netmiko_log
from netmiko.exceptions import (
    NetmikoAuthenticationException,
    NetmikoTimeoutException,
    ReadException,
    ReadTimeout,
)
from netmiko.ssh_dispatcher import ssh_dispatcher

from netmon.collectors.ssh.errors import (
    CliAuthFailed,
    CliError,
    CliOutputTooLarge,
    CliTimeout,
    CliUnreachable,
    CliUnsupported,
    HostKeyChanged,
)
from netmon.collectors.ssh.hostkeys import PinnedKey, fingerprint
from netmon.collectors.ssh.session import GuardedSSHClient, OutputTooLarge, SessionGuard
from netmon.target import SshCredentials


class CliClient(Protocol):
    """What the collector needs from a CLI session; errors arrive as CliError."""

    @property
    def prompt(self) -> str: ...

    def connect(self) -> None: ...

    def send_command(self, command: str) -> str: ...

    def close(self) -> None: ...


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in seen:
        seen.append(cur)
        cur = cur.__cause__ or cur.__context__
    return seen


def _join_transport(client: Any) -> None:
    """Let paramiko's thread read the end of stream and leave before its socket is
    closed under it (else it logs 'Socket exception: Bad file descriptor')."""
    transport = client.get_transport() if client is not None else None
    if transport is not None and transport.is_alive():
        transport.join(0.5)


def _guarded_class(device_type: str, guard: SessionGuard) -> Any:
    """The platform's netmiko class, building its SSH client around ``guard``."""
    base = ssh_dispatcher(device_type)

    def client(self: Any) -> paramiko.SSHClient:
        return GuardedSSHClient(guard)

    return type(f"Guarded{base.__name__}", (base,), {"_get_ssh_client_instance": client})


class NetmikoClient:
    """A netmiko session to one device, pinned to one host key, bounded by ``guard``."""

    def __init__(
        self, device_id: str, address: str, creds: SshCredentials, device_type: str,
        pinned: PinnedKey, guard: SessionGuard,
    ) -> None:
        self._device_id = device_id
        self._address = address
        self._creds = creds
        self._device_type = device_type
        self._pinned = pinned
        self._guard = guard
        self._conn: Any = None
        self._prompt = ""

    @property
    def prompt(self) -> str:
        return self._prompt

    def _where(self) -> str:
        return f"{self._address}:{self._creds.port}"

    def connect(self) -> None:
        c, guard = self._creds, self._guard
        guard.begin("login")
        fd, known_hosts = tempfile.mkstemp(prefix="netmon-kh-")
        try:
            with os.fdopen(fd, "w") as fh:
                fh.write(self._pinned.known_hosts_line(self._address, c.port))
            guard.check()
            sock = guard.open_socket(self._address, c.port, c.timeout_s)
            t = max(0.1, min(c.timeout_s, guard.remaining()))
            self._conn = _guarded_class(self._device_type, guard)(
                device_type=self._device_type,
                host=self._address,
                port=c.port,
                username=c.username,
                password=c.password.get_secret_value() if c.password else None,
                key_file=c.key_file,
                use_keys=c.key_file is not None,
                allow_agent=False,
                system_host_keys=False,
                alt_host_keys=True,
                alt_key_file=known_hosts,
                ssh_strict=True,
                sock=sock,
                conn_timeout=t,
                auth_timeout=t,
                banner_timeout=t,
                blocking_timeout=t,
                read_timeout_override=c.timeout_s,
                fast_cli=True,
                session_log=None,
            )
            self._prompt = str(self._conn.base_prompt or "")
        except Exception as exc:
            err = self._translate(exc, "login")
            err.output = guard.kept() or None  # a banner that did not end, for instance
            raise err from exc
        finally:
            os.unlink(known_hosts)

    def send_command(self, command: str) -> str:
        if self._conn is None:
            raise CliUnreachable(f"{self._where()}: not connected")
        self._guard.begin(repr(command))
        try:
            return str(self._conn.send_command(command, strip_prompt=True, strip_command=True))
        except Exception as exc:
            err = self._translate(exc, repr(command))
            err.output = self._guard.kept()  # what the device said before it failed
            raise err from exc

    def close(self) -> None:
        conn, self._conn = self._conn, None
        # The TCP connection ends first, at once (see SessionGuard.close): the slot and
        # the device's VTY line are free when this returns. netmiko's polite logout
        # (HP's "Do you want to log out [y/n]", Huawei's quit) would wait out read
        # timeouts for seconds; the device frees the VTY on the TCP close just the same.
        self._guard.hang_up()
        if conn is not None:
            with contextlib.suppress(Exception):  # paramiko's own objects, now idle
                _join_transport(conn.remote_conn_pre)
                conn.paramiko_cleanup()
            # netmiko adds a log filter per connection and removes it only in
            # disconnect(): without this, a daemon would pile one up per session.
            with contextlib.suppress(Exception):
                netmiko_log.removeFilter(conn._secrets_filter)
        self._guard.close()

    def _session_alive(self) -> bool:
        transport = getattr(getattr(self._conn, "remote_conn", None), "transport", None)
        return bool(transport is not None and transport.is_active())

    def _translate(self, exc: Exception, step: str) -> CliError:
        """Library errors -> CliError. Messages are ours: netmiko's may echo settings."""
        where, t = self._where(), self._creds.timeout_s
        chain = _chain(exc)
        for e in chain:
            if isinstance(e, paramiko.BadHostKeyException):
                return HostKeyChanged(self._device_id, self._pinned.fingerprint,
                                      fingerprint(e.key))
        for e in chain:
            if isinstance(e, OutputTooLarge):
                return CliOutputTooLarge(f"{where}: {e}; session closed")
        if self._guard.expired:
            return CliTimeout(f"{where}: session deadline reached during {step}")
        if isinstance(exc, NetmikoAuthenticationException):
            user = self._creds.username
            return CliAuthFailed(f"{where}: authentication failed for user {user!r}")
        for e in chain:
            if isinstance(e, ConnectionRefusedError):
                return CliUnreachable(f"{where}: connection refused")
            if isinstance(e, ConnectionResetError | EOFError):
                return CliUnreachable(f"{where}: connection closed by the device during {step}")
        if isinstance(exc, ReadTimeout):
            if self._conn is not None and not self._session_alive():
                return CliUnreachable(f"{where}: session dropped by the device during {step}")
            # A silent shell and a prompt netmiko does not recognise look alike here:
            # both exhaust the read timeout. Reported as timeout (see README of tests).
            return CliTimeout(
                f"{where}: no {self._device_type} prompt recognised within {t:g}s during {step}"
            )
        if isinstance(exc, ValueError) and "prompt" in str(exc).lower():
            # netmiko's set_base_prompt: the device answered, but not with this platform's
            # prompt. Retrying will not help; the inventory's platform is likely wrong.
            return CliUnsupported(
                f"{where}: prompt not recognised as {self._device_type} during {step}"
            )
        if isinstance(exc, NetmikoTimeoutException) or any(
            isinstance(e, socket.timeout | TimeoutError) for e in chain
        ):
            if "banner" in str(exc).lower():
                return CliTimeout(f"{where}: no SSH banner within {t:g}s")
            return CliTimeout(f"{where}: timed out during {step} (limit {t:g}s)")
        if isinstance(exc, ReadException | OSError):
            if self._conn is not None and not self._session_alive():
                return CliUnreachable(f"{where}: session dropped by the device during {step}")
            return CliUnreachable(f"{where}: session lost during {step}")
        return CliError(f"{where}: {type(exc).__name__} during {step}")
