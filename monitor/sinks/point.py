"""One InfluxDB point, independent of any client library."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

FieldValue = float | int | bool | str


@dataclass(frozen=True)
class Point:
    measurement: str
    tags: dict[str, str]
    fields: dict[str, FieldValue]
    time: datetime  # timezone-aware, UTC

    def line(self) -> str:
        """InfluxDB line protocol, nanosecond precision. Empty tag values are omitted."""
        m = _escape(self.measurement, ", ")
        tags = "".join(
            f",{_escape(k, ',= ')}={_escape(v, ',= ')}"
            for k, v in sorted(self.tags.items())
            if v not in ("", None)
        )
        fields = ",".join(
            f"{_escape(k, ',= ')}={_field(v)}" for k, v in sorted(self.fields.items())
            if v is not None
        )
        ns = int(self.time.timestamp()) * 1_000_000_000 + self.time.microsecond * 1000
        return f"{m}{tags} {fields} {ns}"


_SPECIAL = re.compile(r"[\\, =\n]")  # every character any _escape call may escape


def _escape(s: str, chars: str) -> str:
    if _SPECIAL.search(s) is None:  # the common case: a name with nothing to escape
        return s
    s = s.replace("\\", "\\\\")
    for c in chars:
        s = s.replace(c, "\\" + c)
    return s.replace("\n", "\\n")


def _field(v: FieldValue) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return f"{v}i"
    if isinstance(v, float):
        return repr(v)
    s = str(v).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{s}"'
