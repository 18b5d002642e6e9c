"""netmon's one exception tree, drawn whole.

::

    NetmonError
    ├── InventoryError        a bad inventory: carries every Problem found (exit 2)
    ├── ConfigError           a bad config file or setting (exit 2)
    ├── SecretError           a secret reference that cannot be resolved
    ├── UsageError            bad command-line usage (exit 2)
    ├── LookupFailed          a name that resolves to no agency, or to several
    ├── SinkError             a sink could not take points
    │   ├── SinkRetry         try again later (5xx, timeout, connection refused)
    │   │   └── SinkRefused   401/403/404: kept on disk, said loudly (a config problem)
    │   ├── SinkThrottled     429: wait ``retry_after`` seconds
    │   ├── SinkTooLarge      413: split the batch
    │   └── SinkRejected      other 4xx: the points are dropped, loudly
    ├── BrokerError           (monitor/broker) RabbitMQ refused or could not be reached
    │   └── BadMessage        a message that cannot be read, or is not its sender's to send
    ├── SnmpError             (collectors/snmp/client.py) no usable SNMP answer; .status
    └── CliError              (collectors/ssh/errors.py) an SSH session failed; .status
        ├── CliTimeout          timeout
        ├── CliUnreachable      unreachable
        ├── CliAuthFailed       auth_failed
        ├── HostKeyChanged      host_key_changed
        ├── CliUnsupported      unsupported
        └── ParseFailed         parse_error

The collectors' errors live beside the collectors because each carries the
Observation ``Status`` it becomes (a collectors type; this module imports nothing of
netmon). They never leave a collector: device failures are *not* exceptions to the
rest of netmon, a collector returns an Observation with a status. Library errors
(pysnmp, netmiko, HTTP) are translated at the boundary with ``raise ... from exc``.
"""

from __future__ import annotations

from dataclasses import dataclass


class NetmonError(Exception):
    """Base of every error netmon raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, printed as ``file:line: message``."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.message}"


class InventoryError(NetmonError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class ConfigError(NetmonError):
    pass


class SecretError(NetmonError):
    pass


class UsageError(NetmonError):
    pass


class LookupFailed(NetmonError):
    pass


class SinkError(NetmonError):
    pass


class SinkRetry(SinkError):
    pass


class SinkRefused(SinkRetry):
    """401/403/404: the server refuses the credentials or knows no such database/bucket.
    Retrying in a loop will not help, dropping would punish good points for a bad config."""


class SinkThrottled(SinkError):
    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class SinkTooLarge(SinkError):
    pass


class SinkRejected(SinkError):
    pass


class BrokerError(NetmonError):
    pass


class BadMessage(BrokerError):
    """A message that cannot be read (a poison message), or that a site may not send."""
