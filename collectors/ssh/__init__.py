"""SSH collector: device inventory over the CLI (netmiko + ntc-templates).

Public API::

    CliClient, NetmikoClient         the thin client seam (client.py)
    PLATFORMS, PlatformSpec          platform -> commands -> template fields (platforms.py)
    HostKeyStore                     TOFU pins; trust() after a human check (hostkeys.py)
    SshCollector                     collect(target, deadline_s) -> Observation (collector.py)
    SessionGuard, truncate           a session's deadline, byte budget and abort (session.py)
    parse_report                     pure parsing (parse.py)
"""

from netmon.collectors.ssh.client import CliClient, NetmikoClient
from netmon.collectors.ssh.collector import (
    ClientFactory,
    SshCollector,
    netmiko_client,
    session_margin,
)
from netmon.collectors.ssh.errors import (
    CliAuthFailed,
    CliError,
    CliOutputTooLarge,
    CliTimeout,
    CliUnreachable,
    CliUnsupported,
    HostKeyChanged,
    ParseFailed,
)
from netmon.collectors.ssh.hostkeys import HostKeyStore, PinnedKey, fetch_host_key, fingerprint
from netmon.collectors.ssh.parse import (
    ParseReport,
    hostname_from_prompt,
    parse_command,
    parse_report,
    parse_uptime,
)
from netmon.collectors.ssh.platforms import PLATFORMS, CommandSpec, InventorySpec, PlatformSpec
from netmon.collectors.ssh.session import KEEP_BYTES, MAX_STEP_BYTES, SessionGuard, truncate

__all__ = [
    "KEEP_BYTES",
    "MAX_STEP_BYTES",
    "PLATFORMS",
    "CliAuthFailed",
    "CliClient",
    "CliError",
    "CliOutputTooLarge",
    "CliTimeout",
    "CliUnreachable",
    "CliUnsupported",
    "ClientFactory",
    "CommandSpec",
    "HostKeyChanged",
    "HostKeyStore",
    "InventorySpec",
    "NetmikoClient",
    "ParseFailed",
    "ParseReport",
    "PinnedKey",
    "PlatformSpec",
    "SessionGuard",
    "SshCollector",
    "fetch_host_key",
    "fingerprint",
    "hostname_from_prompt",
    "netmiko_client",
    "parse_command",
    "parse_report",
    "parse_uptime",
    "session_margin",
    "truncate",
]
