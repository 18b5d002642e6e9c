"""SNMP values as netmon sees them: a small frozen (kind, value) pair, free of pysnmp types.

``SnmpValue.kind`` is one of ``KINDS``; ``value`` is an ``int`` for the numeric kinds,
``bytes`` for octets/opaque/bits, the dotted ``str`` for an OID or IP address and ``None``
for null and the three "no value" exceptions (noSuchObject, noSuchInstance, endOfMibView).
The decoding helpers below turn the ugly values devices really send (hex, trailing NULs
and spaces, non-UTF-8, binary) into text, or ``None`` for unknown.
"""

from __future__ import annotations

from typing import Final, NamedTuple

KINDS: Final = frozenset({
    "int", "octets", "oid", "ipaddr", "counter32", "gauge32", "timeticks", "counter64",
    "opaque", "bits", "null", "nosuchobject", "nosuchinstance", "endofmibview",
})
MISSING_KINDS: Final = frozenset({"null", "nosuchobject", "nosuchinstance", "endofmibview"})
NUMERIC_KINDS: Final = frozenset({"int", "counter32", "gauge32", "timeticks", "counter64"})

# snmprec type tags (snmpsim's recording format) -> kind; "x" suffix means hex-encoded.
SNMPREC_TAGS: Final = {
    "2": "int", "4": "octets", "5": "null", "6": "oid", "64": "ipaddr", "65": "counter32",
    "66": "gauge32", "67": "timeticks", "68": "opaque", "70": "counter64",
    "128": "nosuchobject", "129": "nosuchinstance", "130": "endofmibview",
}


class SnmpValue(NamedTuple):
    """A named tuple, not a dataclass: the decoder makes one per varbind, and a tuple is
    built several times faster than a frozen dataclass (benchmarks/README.md)."""

    kind: str
    value: int | bytes | str | None = None

    @property
    def missing(self) -> bool:
        return self.kind in MISSING_KINDS

    def as_int(self) -> int | None:
        if self.kind in NUMERIC_KINDS and isinstance(self.value, int):
            return self.value
        if isinstance(self.value, bytes):  # some agents send numbers as strings
            text = decode_text(self.value)
            if text is not None and text.lstrip("-").isdigit():
                return int(text)
        return None

    def as_bytes(self) -> bytes | None:
        return self.value if isinstance(self.value, bytes) else None

    def as_text(self) -> str | None:
        """Printable text, or None when unknown/empty. Binary octets come back as ``0x..``."""
        if self.missing or self.value is None:
            return None
        if isinstance(self.value, bytes):
            return decode_text(self.value)
        text = str(self.value).strip()
        return text or None

    @classmethod
    def from_snmprec(cls, tag: str, raw: str) -> SnmpValue:
        """One recorded value (``OID|tag|raw``) as the agent would send it."""
        hexed = tag.endswith("x")
        kind = SNMPREC_TAGS.get(tag.rstrip("x").split(":")[0], "octets")
        if kind in MISSING_KINDS:
            return cls(kind)
        if kind in {"octets", "opaque"}:
            if ":" in tag and raw.startswith("value="):  # "4:writecache|value=R3MD1DB002523"
                raw = raw[len("value="):].split(",", 1)[0]
            return cls(kind, _recorded_bytes(raw, hexed))
        if kind == "ipaddr":
            return cls(kind, ".".join(str(b) for b in _recorded_bytes(raw, True))
                       if hexed else raw)
        if kind == "oid":
            return cls(kind, raw.strip("."))
        return cls(kind, _recorded_number(tag, raw))


def _recorded_bytes(raw: str, hexed: bool) -> bytes:
    """A recorded string; a value marked hex that is not (recorders err) is kept as text."""
    if hexed:
        try:
            return bytes.fromhex(raw)
        except ValueError:
            pass
    return raw.encode("utf-8", "surrogateescape")


def _recorded_number(tag: str, raw: str) -> int:
    """A number as recorded; a variation module's line (``67:numeric|rate=100,initial=5``)
    gives its ``value=`` or ``initial=`` setting, or 0 when it states none."""
    text = raw.strip()
    if not text:
        return 0
    if ":" in tag and not text.lstrip("-").isdigit():
        settings = dict(part.split("=", 1) for part in text.split(",") if "=" in part)
        text = settings.get("value") or settings.get("initial") or "0"
    try:
        return int(text.split(",")[0])
    except ValueError:
        return 0


def _printable(text: str) -> bool:
    return all(ch.isprintable() or ch in "\t\r\n" for ch in text)


def decode_text(raw: bytes) -> str | None:
    """Text from an OCTET STRING: NULs/spaces trimmed, UTF-8 else Latin-1, binary as hex."""
    trimmed = raw.rstrip(b"\x00 \t\r\n").lstrip(b" \t\r\n")
    if not trimmed:
        return None
    try:
        text = trimmed.decode("utf-8")
    except UnicodeDecodeError:
        text = trimmed.decode("latin-1")
    if not _printable(text):
        return "0x" + trimmed.hex()
    return text.replace("\r\n", "\n").replace("\r", "\n")


def format_mac(raw: bytes | None) -> str | None:
    """``aa:bb:cc:dd:ee:ff`` from ifPhysAddress bytes; None when empty."""
    if not raw:
        return None
    if len(raw) == 17 and raw.count(b":") == 5:  # some agents send the text form
        return raw.decode("ascii", "replace").lower()
    return ":".join(f"{b:02x}" for b in raw)


def oid_tuple(oid: str) -> tuple[int, ...]:
    return tuple(int(p) for p in oid.strip(".").split(".") if p)
