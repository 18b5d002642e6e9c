"""What a collector is told about one device: an address and resolved credentials.

Secrets are ``pydantic.SecretStr`` so that ``repr``/``str`` never show them;
a collector reads them with ``get_secret_value()`` only at the protocol boundary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # pydantic costs 0.1 s to import: not on the CLI's start path
    from pydantic import SecretStr

SnmpVersion = Literal["1", "2c", "3"]
AuthProtocol = Literal["md5", "sha", "sha224", "sha256", "sha384", "sha512"]
PrivProtocol = Literal["des", "3des", "aes", "aes128", "aes192", "aes256"]
ReachMethod = Literal["icmp", "snmp", "tcp", "none"]


@dataclass(frozen=True)
class SnmpCredentials:
    version: SnmpVersion = "2c"
    community: SecretStr | None = None
    user: str | None = None
    auth_protocol: AuthProtocol | None = None
    auth_key: SecretStr | None = None
    priv_protocol: PrivProtocol | None = None
    priv_key: SecretStr | None = None
    context: str = ""
    port: int = 161
    timeout_s: float = 2.0
    retries: int = 1
    max_repetitions: int = 25


@dataclass(frozen=True)
class SshCredentials:
    platform: str
    username: str
    password: SecretStr | None = None
    key_file: str | None = None
    port: int = 22
    timeout_s: float = 10.0


SNMP_DEFAULTS = SnmpCredentials()  # the one place SNMP defaults are written
SSH_DEFAULTS = SshCredentials(platform="autodetect", username="")


@dataclass(frozen=True)
class Target:
    """One device as the collectors see it. ``id`` is the inventory id, or the address."""

    id: str
    address: str
    snmp: SnmpCredentials | None = None
    ssh: SshCredentials | None = None
    reach_method: ReachMethod = "icmp"
    tcp_port: int = 22
    labels: dict[str, str] = field(default_factory=dict)
