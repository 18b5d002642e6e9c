"""The ``broker:`` section of netmon.yaml: where RabbitMQ is, who we are to it, and timings.

Without it netmon is the single machine it always was. With it, ``netmon daemon --site``
publishes there and ``netmon ingest`` consumes there::

    broker:
      url: amqps://rabbit.example.vn:5671/netmon   # amqp:// or amqps://; the path is the vhost
      username: netmon-site-hanoi                  # one user per site; the centre has its own
      password: env:NETMON_BROKER_PASSWORD         # a secret reference (env:NAME, file:/path)
      tls: {ca_file: /etc/netmon/broker-ca.pem}    # amqps: the CA that signed the broker

Credentials never sit in the URL (it is logged): a URL with ``user@`` is refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

from netmon.errors import ConfigError

if TYPE_CHECKING:  # ssl costs at start, and only a broker connection needs it
    import ssl


class _Model(BaseModel):
    # defer_build: built on first use, not at import (most commands use no broker)
    model_config = ConfigDict(extra="forbid", defer_build=True)


class TlsConfig(_Model):
    ca_file: str | None = None  # the CA of the broker's certificate; default: the system's
    cert_file: str | None = None  # a client certificate, when the broker asks for one
    key_file: str | None = None
    verify: bool = True  # check the broker's certificate and its name
    server_name: str | None = None  # the name in the broker's certificate, if not the URL's


class BrokerConfig(_Model):
    url: str
    username: str = Field(min_length=1)
    password: SecretStr | None = None  # a secret reference
    tls: TlsConfig = TlsConfig()
    # AMQP heartbeat: a broker or a site that vanished without closing is noticed after two
    # to three times this; the standby's takeover follows within two lease_ping_s.
    heartbeat_s: int = Field(15, ge=2, le=300)
    connect_timeout_s: float = Field(10.0, gt=0)
    lease_ping_s: float = Field(5.0, gt=0, le=60)
    site_heartbeat_s: float = Field(15.0, gt=0)
    message_ttl_s: int = Field(86_400, ge=60)  # older observations are dead-lettered
    delivery_limit: int = Field(5, ge=1, le=1000)  # then a message is poison: dead-lettered
    prefetch: int = Field(16, ge=1, le=10_000)
    part_max_polls: int = Field(200, ge=1, le=100_000)  # device polls per message
    publish_batch: int = Field(64, ge=1, le=10_000)  # messages awaiting confirms together
    outbox_max_mb: int = Field(1024, ge=1)
    coverage_every_s: float = Field(10.0, gt=0)  # the centre's coverage, at most this often
    health_every_s: float = Field(15.0, gt=0)  # the centre's netmon_site points

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        u = urlsplit(value)
        if u.scheme not in ("amqp", "amqps") or not u.hostname:
            raise ValueError("the broker url is amqp://HOST[:PORT]/VHOST or amqps://...")
        if u.username or u.password:
            raise ValueError("no credentials in the url: set username: and password: "
                             "(a secret reference)")
        return value

    @property
    def tls_on(self) -> bool:
        return urlsplit(self.url).scheme == "amqps"

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    @property
    def port(self) -> int:
        return urlsplit(self.url).port or (5671 if self.tls_on else 5672)

    @property
    def vhost(self) -> str:
        return unquote(urlsplit(self.url).path[1:]) or "/"

    @property
    def takeover_bound_s(self) -> float:
        """How long a site may go unpolled after its active poller vanished: RabbitMQ drops
        a silent connection after two heartbeat periods (so up to three from the last frame),
        then the standby's ping comes back within two ping periods."""
        return 3 * self.heartbeat_s + 2 * self.lease_ping_s


def ssl_context(tls: TlsConfig) -> ssl.SSLContext:
    """The client's TLS context: the system CAs, or ``ca_file``; a client certificate if
    given. ``verify: false`` is for a lab only, and netmon says so where it connects."""
    import ssl

    try:
        ctx = ssl.create_default_context(cafile=tls.ca_file)
        if tls.cert_file:
            ctx.load_cert_chain(tls.cert_file, tls.key_file)
    except (OSError, ssl.SSLError) as exc:
        raise ConfigError(f"broker.tls: {exc}") from exc
    if not tls.verify:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


def check_files(tls: TlsConfig) -> list[str]:
    return [f"broker.tls.{k}: {v} does not exist" for k, v in
            (("ca_file", tls.ca_file), ("cert_file", tls.cert_file), ("key_file", tls.key_file))
            if v and not Path(v).is_file()]
