"""What the vendor rules read (``DeviceClues``), what they answer (``Derived``), and the
small text helpers they share. Kept apart from ``vendors.py`` so that each vendor-family
module can import them without importing the dispatcher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from netmon.collectors.observation import HardwareComponent


@dataclass(frozen=True)
class DeviceClues:
    sys_descr: str | None
    sys_object_id: str | None
    chassis: HardwareComponent | None = None
    module_serial: str | None = None
    extra: dict[str, str | None] = field(default_factory=dict)

    @property
    def descr(self) -> str:
        return self.sys_descr or ""

    def scalar(self, oid: str) -> str | None:
        """A vendor scalar as text; placeholders an agent sends for "unknown" become None."""
        return real_value(self.extra.get(oid))

    def first(self, oid_list: tuple[str, ...]) -> str | None:
        """The first of these vendor scalars that states a value."""
        return next(filter(None, map(self.scalar, oid_list)), None)


@dataclass(frozen=True)
class Derived:
    vendor: str | None = None
    model: str | None = None
    serial: str | None = None
    os: str | None = None
    os_version: str | None = None
    model_descr: str | None = None  # the vendor's words for the model (jnxBoxDescr)


# Values agents send when they do not know: never a model, serial or version.
_PLACEHOLDERS = re.compile(
    r"(?i)^(?:n/?a|none|null|unknown|not (?:available|specified|set)|default string|"
    r"to be filled by o\.e\.m\.|0+|f+|x+|-+|\.+|\s*|"
    # SMBIOS and BMC defaults left unset: "System Serial Number", "SerialNumber", "0123456789"
    r"(?:system |chassis |board )?serial ?number|0123456789)$")


def real_value(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':  # HPE MSA quotes its strings
        text = text[1:-1].strip()
    return None if _PLACEHOLDERS.match(text) else text


def search(pattern: str, text: str | None, flags: int = 0) -> str | None:
    """Group 1 of the first match, trimmed of spaces and commas; None without a match."""
    if not text:
        return None
    match = re.search(pattern, text, flags)
    return match.group(1).strip(" ,") if match and match.group(1) else None


def generic_version(descr: str | None) -> str | None:
    return search(r"\b[Vv]ersion[:\s]+([0-9][\w.()\-]*)", descr)


_VENDOR_WORDS = r"(?:HPE|HP|H3C|Hewlett[ -]Packard(?: Enterprise)?|HUAWEI|Huawei|Quidway|Dell)"


def without_vendor(model: str | None) -> str | None:
    """``H3C SR8808-X`` -> ``SR8808-X``: the model, not the vendor's name before it."""
    if model is None:
        return None
    stripped = re.sub(rf"^{_VENDOR_WORDS}\s+", "", model.strip()).strip()
    return real_value(stripped)
