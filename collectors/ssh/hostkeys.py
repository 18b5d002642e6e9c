"""Pinned SSH host keys (trust on first use), one file under the data directory.

The file is JSON: device id -> {address, port, key_type, key, fingerprint,
pinned_at}. Keys follow the device id, not the address, so a renumbered
device keeps its pin. For a connection, ``known_hosts_line`` renders the pin
in OpenSSH form for paramiko, which then refuses any other key *before*
authenticating (its RejectPolicy / BadHostKeyException).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import socket
import tempfile
import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import paramiko

from netmon.collectors.ssh.errors import CliTimeout, CliUnreachable
from netmon.errors import ConfigError


def fingerprint(key: paramiko.PKey) -> str:
    """OpenSSH's form: SHA256:<base64 of the key blob's digest, unpadded>."""
    digest = hashlib.sha256(key.asbytes()).digest()
    return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


@dataclass(frozen=True)
class PinnedKey:
    address: str
    port: int
    key_type: str
    key: str  # base64 blob, as in known_hosts
    fingerprint: str
    pinned_at: str

    def known_hosts_line(self, address: str, port: int) -> str:
        host = address if port == 22 else f"[{address}]:{port}"
        return f"{host} {self.key_type} {self.key}\n"


def fetch_host_key(address: str, port: int, timeout_s: float) -> paramiko.PKey:
    """The key the device offers now: key exchange only, no authentication attempted."""
    try:
        sock = socket.create_connection((address, port), timeout=timeout_s)
    except TimeoutError as exc:
        raise CliTimeout(f"{address}:{port}: TCP connect timed out") from exc
    except OSError as exc:
        raise CliUnreachable(f"{address}:{port}: {exc.strerror or exc}") from exc
    transport = paramiko.Transport(sock)
    transport.banner_timeout = timeout_s
    try:
        transport.start_client(timeout=timeout_s)
        # start_client returns quietly when its timeout passes mid-negotiation.
        if not transport.is_active() or not transport.initial_kex_done:
            raise CliTimeout(f"{address}:{port}: no SSH key exchange within {timeout_s:g}s")
        return transport.get_remote_server_key()
    except paramiko.SSHException as exc:
        if "banner" in str(exc).lower() or "timeout" in str(exc).lower():
            raise CliTimeout(f"{address}:{port}: no SSH banner within {timeout_s:g}s") from exc
        raise CliUnreachable(f"{address}:{port}: SSH negotiation failed ({exc})") from exc
    except (EOFError, OSError) as exc:
        raise CliUnreachable(f"{address}:{port}: connection closed during key exchange") from exc
    finally:
        with contextlib.suppress(OSError):  # the FIN now, not when paramiko's thread wakes
            sock.shutdown(socket.SHUT_RDWR)
        if transport.is_alive():  # it reads the end of stream and leaves
            transport.join(0.5)
        transport.close()
        sock.close()


class HostKeyStore:
    """Known host keys in ``path``; the first key seen is pinned, a changed one refused."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()  # the collector pins from several worker threads

    def _load(self) -> dict[str, PinnedKey]:
        if not self.path.exists():
            return {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return {dev: PinnedKey(**entry) for dev, entry in raw.items()}
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"{self.path}: not a netmon host-key file ({exc})") from exc

    def _save(self, keys: dict[str, PinnedKey]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = json.dumps({d: asdict(k) for d, k in sorted(keys.items())}, indent=2)
        # Write-then-rename so a crash never leaves half a file of pins.
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".known_hosts.")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(body + "\n")
        os.replace(tmp, self.path)

    def get(self, device_id: str) -> PinnedKey | None:
        with self._lock:
            return self._load().get(device_id)

    def pin(self, device_id: str, address: str, port: int, key: paramiko.PKey,
            *, replace: bool = False) -> PinnedKey:
        """Remember ``key``; without ``replace`` an existing pin is kept and returned."""
        with self._lock:
            keys = self._load()
            if device_id in keys and not replace:
                return keys[device_id]
            entry = PinnedKey(
                address=address, port=port, key_type=key.get_name(), key=key.get_base64(),
                fingerprint=fingerprint(key), pinned_at=datetime.now(UTC).isoformat(),
            )
            keys[device_id] = entry
            self._save(keys)
            return entry

    def trust(self, device_id: str, address: str, port: int, timeout_s: float = 10.0) -> str:
        """Fetch the device's current key and pin it (after a human checked it).

        Returns its fingerprint. Raises CliTimeout / CliUnreachable if the device
        cannot be asked.
        """
        key = fetch_host_key(address, port, timeout_s)
        return self.pin(device_id, address, port, key, replace=True).fingerprint
