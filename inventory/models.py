"""The inventory's records as pydantic models (``extra="forbid"``: unknown keys are errors).

Each record validates on its own; references between records (parents, agencies,
profiles) are checked afterwards in ``checks.py``, where the whole inventory is known.
Source positions live in private attributes so that a file cannot set them.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    field_validator,
)

from netmon.inventory.refs import SecretRef
from netmon.inventory.services import ServiceCheck, WebCheck, web_check
from netmon.target import (
    SNMP_DEFAULTS,
    SSH_DEFAULTS,
    AuthProtocol,
    PrivProtocol,
    ReachMethod,
    SnmpVersion,
)

BUILTIN_LEVELS: tuple[str, ...] = ("department", "district", "commune", "data_centre")
BUILTIN_ROLES: tuple[str, ...] = ("wan_router", "lan_switch", "firewall", "server", "ups")
DEFAULT_TARGETS: dict[str, float] = {"department": 1.0, "district": 1.0, "commune": 0.8}

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# A site names a RabbitMQ routing key and user: lower case, no dots (a dot splits topic keys).
_SITE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
Port = Annotated[int, Field(ge=1, le=65535)]


class Record(BaseModel):
    # defer_build: a validator is built on first use, not at import (a scan uses half of
    # these; building them all cost ~35 ms of start-up with the config models)
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    _file: str = PrivateAttr("")
    _line: int | None = PrivateAttr(None)

    @property
    def file(self) -> str:
        return self._file

    @property
    def line(self) -> int | None:
        return self._line

    def at(self, file: str, line: int | None) -> Any:
        self._file, self._line = file, line
        return self


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError("ids are ASCII letters, digits, '.', '_' or '-' (no spaces)")
    return value


def _check_site(value: str | None) -> str | None:
    if value is not None and not _SITE.match(value):
        raise ValueError("a site is lower-case ASCII letters, digits, '_' or '-' (no dots, "
                         "at most 63), e.g. hanoi or hai-phong")
    return value


def _version(value: Any) -> Any:
    # YAML reads `version: 2` and `version: 3` as numbers, `2c` as text.
    if isinstance(value, bool):
        return value
    key = str(value).lower().removeprefix("v")
    return {"1": "1", "2": "2c", "2c": "2c", "3": "3"}.get(key, value)


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


class Agency(Record):
    id: str
    name: str = Field(min_length=1)
    level: str
    parent: str | None = None
    code: str | None = None
    staff: int | None = Field(None, ge=0)  # civil servants: the computers indicator's base
    description: str | None = None
    portal: WebCheck | None = None  # the agency's web portal
    services: list[WebCheck] = Field(default_factory=list)  # its online public services
    checks: list[ServiceCheck] = Field(default_factory=list)  # a data centre's services
    site: str | None = None  # the site that polls it; inherited by sub-agencies and devices

    _check = field_validator("id")(_check_id)
    _site = field_validator("site")(_check_site)
    _p = field_validator("portal", mode="before")(classmethod(lambda cls, v: web_check(v)))

    @field_validator("services", mode="before")
    @classmethod
    def _services(cls, value: Any) -> Any:
        return [web_check(v) for v in value] if isinstance(value, list) else value

    @field_validator("code", mode="before")
    @classmethod
    def _code_is_text(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            raise ValueError('quote the code, e.g. code: "002" (YAML reads 002 as a number)')
        return value


class SnmpSettings(Record):
    """Fields shared by a profile and a per-device override; None = not given."""

    version: SnmpVersion | None = None
    community: SecretRef | None = None
    user: str | None = None
    auth_protocol: AuthProtocol | None = None
    auth_key: SecretRef | None = None
    priv_protocol: PrivProtocol | None = None
    priv_key: SecretRef | None = None
    context: str | None = None
    port: Port | None = None
    timeout_s: float | None = Field(None, gt=0, le=300)
    retries: int | None = Field(None, ge=0, le=10)
    max_repetitions: int | None = Field(None, ge=1, le=1000)

    _v = field_validator("version", mode="before")(classmethod(lambda cls, v: _version(v)))
    _p = field_validator("auth_protocol", "priv_protocol", mode="before")(
        classmethod(lambda cls, v: _lower(v)))


class SnmpProfile(SnmpSettings):
    """Defaults are the collectors' (``netmon.target``): written once, there."""

    version: SnmpVersion = SNMP_DEFAULTS.version
    context: str = SNMP_DEFAULTS.context
    port: Port = SNMP_DEFAULTS.port
    timeout_s: float = Field(SNMP_DEFAULTS.timeout_s, gt=0, le=300)
    retries: int = Field(SNMP_DEFAULTS.retries, ge=0, le=10)
    max_repetitions: int = Field(SNMP_DEFAULTS.max_repetitions, ge=1, le=1000)


class SnmpOverride(SnmpSettings):
    """``snmp: {profile: lab, community: ...}`` on a device; without ``profile``
    the mapping stands alone on the profile defaults."""

    profile: str | None = None


class SshSettings(Record):
    username: str | None = None
    password: SecretRef | None = None
    key_file: str | None = None
    port: Port | None = None
    timeout_s: float | None = Field(None, gt=0, le=300)
    platform: str | None = None


class SshProfile(SshSettings):
    port: Port = SSH_DEFAULTS.port
    timeout_s: float = Field(SSH_DEFAULTS.timeout_s, gt=0, le=300)


class SshOverride(SshSettings):
    profile: str | None = None


def _ref_or_mapping(value: Any) -> str:
    return "~name" if isinstance(value, str) else "~override"


# A profile name or an override mapping; the "~" tags are dropped from error paths.
SnmpRef = Annotated[
    Annotated[str, Tag("~name")] | Annotated[SnmpOverride, Tag("~override")],
    Discriminator(_ref_or_mapping),
]
SshRef = Annotated[
    Annotated[str, Tag("~name")] | Annotated[SshOverride, Tag("~override")],
    Discriminator(_ref_or_mapping),
]


class Device(Record):
    id: str
    agency: str
    role: str
    address: str
    platform: str | None = None
    snmp: SnmpRef | None = None
    ssh: SshRef | None = None
    reach: ReachMethod = "icmp"
    tcp_port: Port = 22
    tags: list[str] = Field(default_factory=list)
    description: str | None = None
    critical: bool = False  # the data centre is down while a critical device is
    # Switch ports facing users (ifName, or ifIndex and ranges "1-24"): the only ports whose
    # learned MAC addresses count as computers. Empty: every port but uplinks and trunks.
    user_ports: list[str] = Field(default_factory=list)
    site: str | None = None  # overrides its agency's site

    _check = field_validator("id")(_check_id)
    _site = field_validator("site")(_check_site)

    @field_validator("user_ports", mode="before")
    @classmethod
    def _ports(cls, value: Any) -> Any:
        # CSV cells carry "1-24;Gi1/0/48"; YAML may hold numbers.
        if isinstance(value, str):
            return [t for t in re.split(r"[;,\s]+", value) if t]
        if isinstance(value, int) and not isinstance(value, bool):
            return [str(value)]
        if isinstance(value, list):
            return [str(v) if isinstance(v, int) and not isinstance(v, bool) else v
                    for v in value]
        return value

    @field_validator("address")
    @classmethod
    def _ip(cls, value: str) -> str:
        try:
            return str(ipaddress.ip_address(value.strip()))
        except ValueError:
            raise ValueError(f"{value!r} is not an IPv4 or IPv6 address") from None

    @field_validator("tags", mode="before")
    @classmethod
    def _tags(cls, value: Any) -> Any:
        # CSV cells carry tags as "a;b" or "a b".
        if isinstance(value, str):
            return [t for t in re.split(r"[;,\s]+", value) if t]
        return value


class Header(BaseModel):
    """Top-level keys of one YAML file; the lists are validated item by item."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    targets: dict[str, Any] | None = None
    levels: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    snmp_profiles: dict[str, Any] | None = None
    ssh_profiles: dict[str, Any] | None = None
    agencies: list[Any] | None = None
    devices: list[Any] | None = None
    csv: list[str] = Field(default_factory=list)

