"""Errors of the SSH collector, each carrying the Status it becomes.

::

    NetmonError
    └── CliError            .status: the Observation status it becomes
        ├── CliTimeout          timeout
        ├── CliUnreachable      unreachable (refused, reset, session dropped)
        ├── CliAuthFailed       auth_failed
        ├── HostKeyChanged      host_key_changed (.old, .new fingerprints)
        ├── CliUnsupported      unsupported (platform, prompt or command)
        └── ParseFailed         parse_error
            └── CliOutputTooLarge   a step's output passed the session's byte budget

netmiko and paramiko errors are translated into these in ``client.py``; the
collector turns them into Observations. Messages never hold a secret. ``output``
is what a command had printed when it failed (truncated), for Observation.raw.
"""

from __future__ import annotations

from netmon.collectors.observation import Status
from netmon.errors import NetmonError


class CliError(NetmonError):
    status: Status = Status.INTERNAL
    output: str | None = None


class CliTimeout(CliError):
    status = Status.TIMEOUT


class CliUnreachable(CliError):
    status = Status.UNREACHABLE


class CliAuthFailed(CliError):
    status = Status.AUTH_FAILED


class HostKeyChanged(CliError):
    status = Status.HOST_KEY_CHANGED

    def __init__(self, device_id: str, old: str, new: str) -> None:
        self.old = old
        self.new = new
        super().__init__(
            f"host key of {device_id} changed: pinned {old}, device offers {new}; "
            f"refused before authenticating (run `netmon ssh trust {device_id}` once checked)"
        )


class CliUnsupported(CliError):
    status = Status.UNSUPPORTED


class ParseFailed(CliError):
    status = Status.PARSE_ERROR


class CliOutputTooLarge(ParseFailed):
    """The device answered, but more than any real answer: endless or hostile output."""
