"""netmon's own settings: where the inventory and data live, InfluxDB, poll timing.

Precedence, highest first: command-line options, environment variables, the
config file, the defaults written next to each field. The config file is
``--config``, else ``$NETMON_CONFIG``, else ``/etc/netmon/netmon.yaml`` (root)
or ``~/.config/netmon/netmon.yaml``; a missing default file is no error.

Environment variables: NETMON_INVENTORY, NETMON_DATA_DIR, NETMON_INFLUX_URL,
NETMON_INFLUX_API (v2|v1), NETMON_INFLUX_ORG, NETMON_INFLUX_BUCKET,
NETMON_INFLUX_TOKEN, NETMON_INFLUX_DATABASE, NETMON_INFLUX_RP,
NETMON_INFLUX_USERNAME, NETMON_INFLUX_PASSWORD. Token and password in the file
are secret references (``env:NAME``, ``file:/path``).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from netmon.errors import ConfigError
from netmon.monitor.broker.config import BrokerConfig
from netmon.monitor.device_state import Rules

log = logging.getLogger(__name__)

class _Model(BaseModel):
    # defer_build: built on first use, not at import (start-up; see inventory.models.Record)
    model_config = ConfigDict(extra="forbid", defer_build=True)


class InfluxConfig(_Model):
    url: str | None = None  # no url: nothing is written, and netmon says so once
    api: Literal["v2", "v1"] = "v2"
    org: str = "-"
    bucket: str = "netmon"
    token: SecretStr | None = None  # a secret reference (env:NAME, file:/path)
    database: str = "netmon"
    retention_policy: str = ""
    username: str | None = None
    password: SecretStr | None = None  # a secret reference
    batch_size: int = Field(5000, ge=1)
    timeout_s: float = Field(10.0, gt=0)
    verify_ssl: bool = True
    spool_max_mb: int = Field(1024, ge=1)


class PollConfig(_Model):
    interval_s: float = Field(300.0, gt=0)  # SNMP/SSH: status and counters every poll
    # The inventory tables (entPhysical, descriptions, vendor scalars) are read again only
    # this often, or when sysUpTime goes back (a reboot, a replaced device); 0: every poll.
    inventory_every_s: float = Field(21600.0, ge=0)
    reachability_interval_s: float = Field(60.0, gt=0)
    concurrency: int = Field(64, ge=1, le=4096)
    ssh_concurrency: int = Field(16, ge=1, le=256)
    deadline_s: float = Field(20.0, gt=0)  # per device, every collector included
    stale_after_s: float = Field(900.0, gt=0)
    down_after: int = Field(2, ge=1, le=100)  # consecutive silent cycles before down
    icmp_filtered_after: int = Field(3, ge=1, le=100)  # then probe by SNMP/TCP instead


class PingConfig(_Model):
    count: int = Field(3, ge=1, le=20)
    interval_s: float = Field(0.05, ge=0)
    timeout_s: float = Field(1.0, gt=0)


class FileConfig(_Model):
    inventory: str | None = None
    data_dir: str | None = None
    influxdb: InfluxConfig = InfluxConfig()
    poll: PollConfig = PollConfig()
    ping: PingConfig = PingConfig()
    broker: BrokerConfig | None = None  # RabbitMQ, for sites and a centre (monitor/broker)
    log_level: str = "INFO"


@dataclass(frozen=True)
class Settings:
    config_path: Path | None
    inventory: Path | None
    data_dir: Path
    influx: InfluxConfig
    poll: PollConfig
    ping: PingConfig
    log_level: str
    broker: BrokerConfig | None = None

    @property
    def rules(self) -> Rules:
        """The device-state rules (monitor/device_state.py) this config sets."""
        p = self.poll
        return Rules(down_after=p.down_after, filtered_after=p.icmp_filtered_after,
                     stale_after=timedelta(seconds=p.stale_after_s))

    @property
    def state_path(self) -> Path:
        return self.data_dir / "state.sqlite3"


def default_config_path() -> Path:
    if os.geteuid() == 0:
        return Path("/etc/netmon/netmon.yaml")
    return Path.home() / ".config" / "netmon" / "netmon.yaml"


def default_data_dir() -> Path:
    if os.geteuid() == 0:
        return Path("/var/lib/netmon")
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "netmon"


def _read_file(path: Path) -> FileConfig:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror}") from exc
    try:
        raw = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{path}{line}: not valid YAML") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    try:
        return FileConfig.model_validate(raw)
    except ValidationError as exc:
        msgs = [f"{path}: {'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                for e in exc.errors()]
        raise ConfigError("\n".join(msgs)) from None


def warn_if_exposed(path: Path, cfg: FileConfig) -> str | None:
    """A literal token or password in a file every user can read is a leaked secret: say so
    (a warning, not an error: the service still starts). Group-readable is the deployed
    mode (root:netmon 0640) and fine. Returns the warning, for tests."""
    literal = [key for key, value in (("token", cfg.influxdb.token),
                                      ("password", cfg.influxdb.password))
               if value is not None
               and not value.get_secret_value().startswith(("env:", "file:"))]
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        return None
    if not literal or not mode & 0o004:
        return None
    message = (f"{path}: influxdb.{' and influxdb.'.join(literal)} written in the file and "
               f"every user can read it (mode {mode:04o}); chmod o-r {path}, or use "
               "env:NAME or file:/path")
    log.warning("%s", message)
    return message


_ENV_INFLUX = {
    "NETMON_INFLUX_URL": "url", "NETMON_INFLUX_API": "api", "NETMON_INFLUX_ORG": "org",
    "NETMON_INFLUX_BUCKET": "bucket", "NETMON_INFLUX_DATABASE": "database",
    "NETMON_INFLUX_RP": "retention_policy", "NETMON_INFLUX_USERNAME": "username",
}


def load_settings(config: str | Path | None = None, inventory: str | Path | None = None,
                  data_dir: str | Path | None = None) -> Settings:
    explicit = config or os.environ.get("NETMON_CONFIG")
    path = Path(explicit) if explicit else default_config_path()
    if explicit and not path.exists():
        raise ConfigError(f"{path}: config file not found")
    file_cfg = _read_file(path) if path.exists() else FileConfig()
    if path.exists():
        warn_if_exposed(path, file_cfg)
    influx = file_cfg.influxdb.model_dump()
    for env, key in _ENV_INFLUX.items():
        if os.environ.get(env):
            influx[key] = os.environ[env]
    # Secrets from the environment are referenced, so they are resolved late and never copied.
    if os.environ.get("NETMON_INFLUX_TOKEN"):
        influx["token"] = "env:NETMON_INFLUX_TOKEN"
    if os.environ.get("NETMON_INFLUX_PASSWORD"):
        influx["password"] = "env:NETMON_INFLUX_PASSWORD"
    try:
        influx_cfg = InfluxConfig.model_validate(influx)
    except ValidationError as exc:
        raise ConfigError("; ".join(f"influxdb.{e['loc'][0]}: {e['msg']}"
                                    for e in exc.errors())) from None
    inv = inventory or os.environ.get("NETMON_INVENTORY") or file_cfg.inventory
    dd = data_dir or os.environ.get("NETMON_DATA_DIR") or file_cfg.data_dir
    return Settings(
        config_path=path if path.exists() else None,
        inventory=Path(inv) if inv else None,
        data_dir=Path(dd) if dd else default_data_dir(),
        influx=influx_cfg,
        poll=file_cfg.poll,
        ping=file_cfg.ping,
        log_level=file_cfg.log_level,
        broker=file_cfg.broker,
    )
