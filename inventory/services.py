"""What the programme's other indicators need from the inventory: web checks and
data-centre service checks, and the targets of those indicators.

An agency may name its ``portal`` and its online public ``services`` (URLs, or a
mapping with an expected text and a private CA); a ``data_centre`` agency lists the
``checks`` of its services (HTTP(S), SMTP/submission/IMAP with STARTTLS, DNS). These
are nested inside an agency record, so a bad one is reported at its own line by the
same FILE:LINE machinery as every other key.
"""

from __future__ import annotations

import ipaddress
import re
import urllib.parse
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

CheckKind = Literal["http", "https", "smtp", "submission", "imap", "dns"]
DEFAULT_PORTS: dict[str, int] = {"smtp": 25, "submission": 587, "imap": 143, "dns": 53}
MAIL_KINDS = frozenset({"smtp", "submission", "imap"})
WEB_KINDS = frozenset({"http", "https"})

# Targets of the indicators beyond WAN coverage, keyed like ``targets:`` in the inventory
# (next to the per-level WAN targets). The programme asks for 100 % of civil servants with
# a computer and 100 % of departments/districts with a portal; "operated effectively" has no
# number in the programme, so the data centre's target is an availability we chose.
INDICATOR_TARGETS: dict[str, float] = {
    "computers": 1.0, "portals": 1.0, "data_centre_uptime": 0.999}

_ZONE = re.compile(r"^(?=.{1,253}\.?$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.)*"
                   r"[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.?$")


class _Nested(BaseModel):
    # defer_build: built on first use, not at import (start-up; see models.Record)
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def check_url(value: str) -> str:
    """An absolute http(s) URL with a host; nothing else can be probed."""
    text = value.strip()
    parts = urllib.parse.urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{value!r} is not an http:// or https:// URL with a host")
    try:
        _ = parts.port
    except ValueError:
        raise ValueError(f"{value!r} has a bad port") from None
    return text


class WebCheck(_Nested):
    """A portal or an online public service: a URL, or a mapping with more."""

    url: str
    expect: str | None = Field(None, min_length=1)  # text the page must contain
    ca_file: str | None = None  # a private CA to trust besides the system's
    timeout_s: float = Field(10.0, gt=0, le=120)

    _u = field_validator("url")(classmethod(lambda cls, v: check_url(v)))


def web_check(value: Any) -> Any:
    return {"url": value} if isinstance(value, str) else value


class ServiceCheck(_Nested):
    """A service of the data centre, probed the way Prometheus' blackbox exporter does."""

    id: str
    kind: CheckKind
    url: str | None = None  # http, https
    address: str | None = None  # mail and dns: where to connect
    host: str | None = None  # mail: the name the certificate must carry (default address)
    port: int | None = Field(None, ge=1, le=65535)
    starttls: bool = True  # mail: ask for STARTTLS and check the certificate
    expect: str | None = Field(None, min_length=1)  # http: text the page must contain
    zones: list[str] = Field(default_factory=list)  # dns: names that must answer (SOA)
    critical: bool = False
    ca_file: str | None = None
    timeout_s: float = Field(10.0, gt=0, le=120)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", value):
            raise ValueError("ids are ASCII letters, digits, '.', '_' or '-' (no spaces)")
        return value

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> Any:
        return value.lower() if isinstance(value, str) else value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return None if value is None else check_url(value)

    @field_validator("address")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return str(ipaddress.ip_address(value.strip()))
        except ValueError:
            raise ValueError(f"{value!r} is not an IPv4 or IPv6 address") from None

    @field_validator("zones")
    @classmethod
    def _zones(cls, value: list[str]) -> list[str]:
        for zone in value:
            if not _ZONE.match(zone):
                raise ValueError(f"{zone!r} is not a DNS name")
        return value

    @model_validator(mode="after")
    def _shape(self) -> ServiceCheck:
        kind = self.kind
        if kind in WEB_KINDS:
            if self.url is None:
                raise ValueError(f"check {self.id}: kind {kind} needs a url")
            if not self.url.startswith(f"{kind}://"):
                raise ValueError(f"check {self.id}: kind {kind} needs a {kind}:// url")
            if self.address or self.zones:
                raise ValueError(f"check {self.id}: kind {kind} takes url, not address/zones")
        else:
            if self.address is None:
                raise ValueError(f"check {self.id}: kind {kind} needs an address")
            if self.url is not None or self.expect is not None:
                raise ValueError(f"check {self.id}: url and expect are for http/https checks")
            if kind == "dns" and not self.zones:
                raise ValueError(f"check {self.id}: a dns check needs zones: [name, ...]")
            if kind != "dns" and self.zones:
                raise ValueError(f"check {self.id}: zones are for dns checks")
        return self

    @property
    def effective_port(self) -> int:
        if self.port is not None:
            return self.port
        if self.url is not None:
            parts = urllib.parse.urlsplit(self.url)
            return parts.port or (443 if parts.scheme == "https" else 80)
        return DEFAULT_PORTS[self.kind]
