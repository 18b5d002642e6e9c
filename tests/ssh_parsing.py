"""A test's shortcut over the SSH collector's pure parsing: outputs in, facts out, or the
error the collector would turn into a status. The collector itself reads the report
(``parse_report``), which keeps what parsed beside what failed."""

from __future__ import annotations

from collections.abc import Mapping

from netmon.collectors.observation import DeviceFacts
from netmon.collectors.ssh import CliUnsupported, ParseFailed, parse_report


def parse_outputs(platform: str, outputs: Mapping[str, str]) -> DeviceFacts:
    """Raises CliUnsupported for an unknown platform or when only refusals failed,
    ParseFailed when a command's output does not parse."""
    report = parse_report(platform, outputs)
    if report.failed:
        why = "; ".join(f"{c}: {w}" for c, w in report.failed.items())
        if set(report.failed) <= report.rejected:
            raise CliUnsupported(why)
        raise ParseFailed(why)
    return report.facts
