"""How to reach InfluxDB: the settings both transports and the sink read."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Literal

from pydantic import SecretStr

from netmon.errors import ConfigError


def safe_url(url: str) -> str:
    """The URL without user info or query, for log lines."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


@dataclass(frozen=True)
class InfluxSettings:
    url: str  # e.g. http://127.0.0.1:8086
    api: Literal["v2", "v1"] = "v2"  # v2: influxdb-client (1.8+, 2.x, 3.x); v1: POST /write
    # v2
    org: str = "-"
    bucket: str = "netmon"  # "db/rp" on InfluxDB 1.8
    token: SecretStr | None = None  # "user:password" on InfluxDB 1.8
    # v1
    database: str = "netmon"
    retention_policy: str = ""
    username: str | None = None
    password: SecretStr | None = None
    # both
    batch_size: int = 5000
    timeout_s: float = 10.0
    max_retries: int = 5  # retries of one batch within one write/flush, then it waits on disk
    verify_ssl: bool = True
    gzip: bool = False
    backoff_base_s: float = 0.5  # first retry after ~base, doubling, with jitter
    backoff_max_s: float = 30.0  # cap of one wait, and of the pause after giving up
    write_budget_s: float = 5.0  # how long write() may spend sending before it returns
    held_max: int = 100_000  # points kept in memory while the spool cannot be written
    debug_http: bool = False  # influxdb-client's request log (it masks Authorization)

    def __post_init__(self) -> None:
        if self.api not in ("v1", "v2"):
            raise ConfigError(f"influx api must be 'v1' or 'v2', not {self.api!r}")
        if not self.url.startswith(("http://", "https://")):
            raise ConfigError(f"influx url must be http(s)://host:port, not {safe_url(self.url)}")
        if self.batch_size < 1 or self.max_retries < 0 or self.timeout_s <= 0:
            raise ConfigError("influx batch_size >= 1, max_retries >= 0, timeout_s > 0")
