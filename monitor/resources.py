"""What a session opens: the inventory, the sink (InfluxDB through its spool), the data
directory. Kept apart from the session so that commands which only read (``inventory
show``, ``ssh trust``) open nothing else."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import SecretStr

from netmon.errors import ConfigError, UsageError
from netmon.inventory import Inventory, load, resolve_secret
from netmon.monitor.config import Settings

if TYPE_CHECKING:  # imported when used: influxdb-client costs 0.2 s at start
    from netmon.monitor.sinks.base import Sink
    from netmon.monitor.sinks.influx_config import InfluxSettings

log = logging.getLogger(__name__)


def load_inventory(settings: Settings, path: str | Path | None = None) -> Inventory:
    p = Path(path) if path else settings.inventory
    if p is None:
        raise UsageError("no inventory: pass --inventory PATH, set NETMON_INVENTORY, "
                         "or set 'inventory:' in the config file")
    return load(p)


def influx_settings(settings: Settings) -> InfluxSettings | None:
    from netmon.monitor.sinks.influx_config import InfluxSettings

    c = settings.influx
    if not c.url:
        return None
    token = _config_secret("influxdb.token", c.token)
    password = _config_secret("influxdb.password", c.password)
    return InfluxSettings(url=c.url, api=c.api, org=c.org, bucket=c.bucket, token=token,
                          database=c.database, retention_policy=c.retention_policy,
                          username=c.username, password=password,
                          batch_size=c.batch_size, timeout_s=c.timeout_s,
                          verify_ssl=c.verify_ssl)


def _config_secret(key: str, value: SecretStr | None) -> SecretStr | None:
    if value is None:
        return None
    ref = value.get_secret_value()
    if not ref.startswith(("env:", "file:")):
        log.warning("%s is written in the config file: use env:NAME or file:/path", key)
        return value
    return resolve_secret(ref)


def open_sink(settings: Settings) -> Sink | None:
    from netmon.monitor.sinks.influx import InfluxSink
    from netmon.monitor.sinks.spool import Spool

    s = influx_settings(settings)
    if s is None:
        return None
    spool = Spool(settings.data_dir / "spool", max_bytes=settings.influx.spool_max_mb << 20)
    return InfluxSink(s, spool)


def ensure_data_dir(settings: Settings) -> None:
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"data directory {settings.data_dir}: {exc.strerror}; "
                          f"set --data-dir or NETMON_DATA_DIR") from exc
