"""A lean BER codec for SNMPv1/v2c messages: GET, GETNEXT, GETBULK and their responses.

Why: pysnmp's general codec (pyasn1) costs ~90-130 µs per varbind, an order of magnitude
more than the Go snmp_exporter spends on everything (benchmarks/README.md). Walking the
bytes directly costs a few µs. pysnmp stays the reference (tests/test_ber_differential.py
decodes every recorded walk with both) and does SNMPv3.

Rules, chosen for agents that misbehave:

- A structural fault (a length past the end, a wrong tag where the message grammar needs
  a given one, indefinite lengths, trailing bytes) raises ``BerError``: nothing in the
  datagram can be trusted. Every loop consumes input, so decoding is linear in the
  datagram's size and allocates no more than it (``MAX_MESSAGE`` bounds it anyway).
- A value that is well framed but invalid for its type (a Counter32 above 2**32-1, a
  3-byte IpAddress, an Integer32 out of range, an empty INTEGER, an unknown tag) becomes
  ``SnmpValue("null")`` for that varbind alone: one bad value must not lose the reply.
  pysnmp drops the whole message there.
- A varbind whose *name* is not a valid OID is dropped (``Response.dropped`` counts it):
  there is no OID to file its value under.

OIDs are tuples of ints on the way out (cheap to compare and slice in a walk).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from netmon.collectors.snmp.values import SnmpValue, oid_tuple
from netmon.errors import NetmonError

MAX_MESSAGE: Final = 65_535  # a UDP payload cannot be larger

# Universal and SNMP application tags.
INTEGER: Final = 0x02
OCTET_STRING: Final = 0x04
NULL: Final = 0x05
OBJECT_ID: Final = 0x06
SEQUENCE: Final = 0x30
IP_ADDRESS: Final = 0x40
COUNTER32: Final = 0x41
GAUGE32: Final = 0x42
TIMETICKS: Final = 0x43
OPAQUE: Final = 0x44
COUNTER64: Final = 0x46
NO_SUCH_OBJECT: Final = 0x80
NO_SUCH_INSTANCE: Final = 0x81
END_OF_MIB_VIEW: Final = 0x82

# PDU tags.
GET: Final = 0xA0
GET_NEXT: Final = 0xA1
RESPONSE: Final = 0xA2
GET_BULK: Final = 0xA5

V1: Final = 0
V2C: Final = 1

_INT32_MIN: Final = -(2**31)
_INT32_MAX: Final = 2**31 - 1
_U32_MAX: Final = 2**32 - 1
_U64_MAX: Final = 2**64 - 1
_NULL: Final = SnmpValue("null")
_EXCEPTIONS: Final = {NO_SUCH_OBJECT: SnmpValue("nosuchobject"),
                      NO_SUCH_INSTANCE: SnmpValue("nosuchinstance"),
                      END_OF_MIB_VIEW: SnmpValue("endofmibview")}
_UNSIGNED: Final = {COUNTER32: ("counter32", _U32_MAX), GAUGE32: ("gauge32", _U32_MAX),
                    TIMETICKS: ("timeticks", _U32_MAX), COUNTER64: ("counter64", _U64_MAX)}

Oid = tuple[int, ...]
VarBind = tuple[Oid, SnmpValue]


class BerError(NetmonError):
    """A datagram that is not a well-formed SNMPv1/v2c message."""


@dataclass(slots=True)
class Response:
    version: int
    community: bytes
    pdu_type: int
    request_id: int
    error_status: int
    error_index: int
    varbinds: list[VarBind] = field(default_factory=list)
    dropped: int = 0  # varbinds whose name was not a valid OID


# --- decoding ---------------------------------------------------------------------------

def _header(data: bytes, pos: int, end: int, tag: int) -> tuple[int, int]:
    """Check the tag at ``pos``; return (content start, content end)."""
    if pos + 2 > end or data[pos] != tag:
        raise BerError(f"expected tag 0x{tag:02x} at {pos}")
    _, start, stop = _any_header(data, pos, end)
    return start, stop


def _any_header(data: bytes, pos: int, end: int) -> tuple[int, int, int]:
    """(tag, content start, content end) of the TLV at ``pos``, whatever its tag."""
    if pos + 2 > end:
        raise BerError(f"truncated at {pos}")
    tag = data[pos]
    length = data[pos + 1]
    pos += 2
    if length & 0x80:
        n = length & 0x7F
        if n == 0 or n > 3 or pos + n > end:
            raise BerError(f"bad length at {pos - 1}")
        length = int.from_bytes(data[pos:pos + n], "big")
        pos += n
    stop = pos + length
    if stop > end:
        raise BerError(f"length past the end at {pos}")
    return tag, pos, stop


def _int(data: bytes, pos: int, end: int) -> tuple[int, int]:
    start, stop = _header(data, pos, end, INTEGER)
    if start == stop:
        raise BerError(f"empty INTEGER at {pos}")
    return int.from_bytes(data[start:stop], "big", signed=True), stop


def decode_oid(raw: bytes) -> Oid | None:
    """The OID in ``raw`` (content octets), or None when they are not a valid OID."""
    if not raw:
        return None
    if raw.isascii():  # every sub-identifier below 128: the common case, done in C
        first = raw[0]
        if first < 40:
            return (0, first, *raw[1:])
        if first < 80:
            return (1, first - 40, *raw[1:])
        return (2, first - 80, *raw[1:])
    if raw[-1] & 0x80:
        return None  # the last sub-identifier is unfinished
    subs: list[int] = []
    value = 0
    fresh = True
    for byte in raw:
        if fresh and byte == 0x80:
            return None  # a leading 0x80 pads a sub-identifier: not valid BER
        value = (value << 7) | (byte & 0x7F)
        if byte & 0x80:
            fresh = False
            continue
        subs.append(value)
        value = 0
        fresh = True
    first = subs[0]
    head = (0, first) if first < 40 else (1, first - 40) if first < 80 else (2, first - 80)
    return (*head, *subs[1:])


def _value(tag: int, raw: bytes) -> SnmpValue:
    """One varbind value; invalid for its type -> null (for this value alone)."""
    if tag == OCTET_STRING:
        return SnmpValue("octets", raw)
    if tag == INTEGER:
        if not raw:
            return _NULL
        number = int.from_bytes(raw, "big", signed=True)
        return SnmpValue("int", number) if _INT32_MIN <= number <= _INT32_MAX else _NULL
    unsigned = _UNSIGNED.get(tag)
    if unsigned is not None:
        if not raw:
            return _NULL
        number = int.from_bytes(raw, "big", signed=True)
        return SnmpValue(unsigned[0], number) if 0 <= number <= unsigned[1] else _NULL
    if tag == OBJECT_ID:
        oid = decode_oid(raw)
        return _NULL if oid is None else SnmpValue("oid", ".".join(map(str, oid)))
    if tag == IP_ADDRESS:
        return SnmpValue("ipaddr", ".".join(map(str, raw))) if len(raw) == 4 else _NULL
    if tag == OPAQUE:
        return SnmpValue("opaque", raw)
    exception = _EXCEPTIONS.get(tag)
    if exception is not None:
        return exception
    return _NULL  # NULL itself, and any tag SNMPv2c does not define


def peek_request_id(data: bytes) -> int:
    """The request-id of a message, read without decoding its varbinds. Lenient about
    the enclosing lengths, so that a truncated answer can still be tied to its request
    (and reported as malformed rather than as silence)."""
    end = len(data)
    pos = _open(data, 0, end, SEQUENCE)
    _version, pos = _int(data, pos, end)
    _s, pos = _header(data, pos, end, OCTET_STRING)
    if pos >= end:
        raise BerError("truncated before the PDU")
    pos = _open(data, pos, end, data[pos])
    request_id, _ = _int(data, pos, end)
    return request_id


def _open(data: bytes, pos: int, end: int, tag: int) -> int:
    """Where the content of the constructed TLV at ``pos`` starts (its length unchecked)."""
    if pos + 2 > end or data[pos] != tag:
        raise BerError(f"expected tag 0x{tag:02x} at {pos}")
    length = data[pos + 1]
    return pos + 2 + (length & 0x7F if length & 0x80 else 0)


def decode(data: bytes) -> Response:
    """A whole SNMPv1/v2c message (any PDU type but the v1 trap)."""
    if len(data) > MAX_MESSAGE:
        raise BerError("datagram larger than any UDP payload")
    start, end = _header(data, 0, len(data), SEQUENCE)
    if end != len(data):
        raise BerError("bytes after the message")
    version, pos = _int(data, start, end)
    cstart, pos = _header(data, pos, end, OCTET_STRING)
    community = data[cstart:pos]
    pdu_type, pos, pdu_end = _any_header(data, pos, end)
    if pdu_end != end or pdu_type not in (GET, GET_NEXT, RESPONSE, 0xA3, GET_BULK, 0xA6,
                                          0xA7, 0xA8):
        raise BerError("not an SNMP PDU")
    request_id, pos = _int(data, pos, end)
    error_status, pos = _int(data, pos, end)
    error_index, pos = _int(data, pos, end)
    pos, vend = _header(data, pos, end, SEQUENCE)
    if vend != end:
        raise BerError("bytes after the varbind list")
    response = Response(version, bytes(community), pdu_type, request_id, error_status,
                        error_index)
    binds = response.varbinds
    new = tuple.__new__
    while pos < end:
        # One varbind: SEQUENCE { OID name, value }. Short-form lengths and the common
        # types are inlined: this loop is the poller's hot path (benchmarks/README.md).
        if data[pos] != SEQUENCE or pos + 1 >= end:
            raise BerError(f"expected a varbind at {pos}")
        length = data[pos + 1]
        if length < 0x80:
            vstart = pos + 2
            vstop = vstart + length
            if vstop > end:
                raise BerError(f"varbind past the end at {pos}")
        else:
            vstart, vstop = _header(data, pos, end, SEQUENCE)
        if vstart + 2 <= vstop and data[vstart] == OBJECT_ID and data[vstart + 1] < 0x80:
            nstart = vstart + 2
            nstop = nstart + data[vstart + 1]
        else:
            nstart, nstop = _header(data, vstart, vstop, OBJECT_ID)
        if nstop + 2 <= vstop and data[nstop + 1] < 0x80:
            tag = data[nstop]
            xstart = nstop + 2
            xstop = xstart + data[nstop + 1]
        else:
            tag, xstart, xstop = _any_header(data, nstop, vstop)
        if xstop != vstop:
            raise BerError(f"bytes after a varbind's value at {xstop}")
        pos = vstop
        rest = data[nstart + 1:nstop]
        if nstart < nstop and data[nstart] == 0x2B and rest.isascii():
            oid: Oid = (1, 3, *rest)  # 1.3.…, every sub-identifier < 128
        else:
            decoded = decode_oid(data[nstart:nstop])
            if decoded is None:
                response.dropped += 1
                continue
            oid = decoded
        if tag == OCTET_STRING:
            value: SnmpValue = new(SnmpValue, ("octets", data[xstart:xstop]))
        elif xstart < xstop and (tag == INTEGER or tag in _UNSIGNED):
            # INTEGER, and the counters, gauges and timeticks of every interface row
            number = int.from_bytes(data[xstart:xstop], "big", signed=True)
            if tag == INTEGER:
                value = new(SnmpValue, ("int", number)) \
                    if _INT32_MIN <= number <= _INT32_MAX else _NULL
            else:
                kind, top = _UNSIGNED[tag]
                value = new(SnmpValue, (kind, number)) if 0 <= number <= top else _NULL
        else:
            value = _value(tag, data[xstart:xstop])
        binds.append((oid, value))
    return response


# --- encoding ---------------------------------------------------------------------------

def _length(n: int) -> bytes:
    if n < 0x80:
        return bytes((n,))
    if n < 0x100:
        return bytes((0x81, n))
    if n < 0x10000:
        return bytes((0x82, n >> 8, n & 0xFF))
    return bytes((0x83, n >> 16, (n >> 8) & 0xFF, n & 0xFF))


def tlv(tag: int, content: bytes) -> bytes:
    n = len(content)
    if n < 0x80:  # short form: every varbind of a request
        return bytes((tag, n)) + content
    return bytes((tag,)) + _length(n) + content


def encode_int(number: int, tag: int = INTEGER) -> bytes:
    size = max(1, (number + (number < 0)).bit_length() // 8 + 1)
    return tlv(tag, number.to_bytes(size, "big", signed=True))


def encode_unsigned(number: int, tag: int) -> bytes:
    """Counter32/Gauge32/TimeTicks/Counter64: BER INTEGER content, so a leading 0x00
    where the top bit is set."""
    return encode_int(number, tag)


def encode_oid(oid: Sequence[int] | str) -> bytes:
    """An OID's full TLV from a tuple or a dotted string."""
    subs = oid_tuple(oid) if isinstance(oid, str) else tuple(oid)
    if len(subs) < 2:
        raise ValueError(f"an OID needs two sub-identifiers: {oid!r}")
    first = subs[0] * 40 + subs[1]
    rest = subs[2:]
    if first < 0x80 and len(subs) <= 0x80 and (not rest or max(rest) < 0x80):
        # Every sub-identifier in one byte (nearly every OID a poll asks for): one call.
        # A negative one fails in bytes() with ValueError, as below.
        return bytes((OBJECT_ID, len(subs) - 1, first, *rest))
    out = bytearray()
    for sub in (first, *rest):
        if sub < 0x80:
            out.append(sub)
            continue
        chunk = [sub & 0x7F]
        sub >>= 7
        while sub:
            chunk.append(0x80 | (sub & 0x7F))
            sub >>= 7
        out.extend(reversed(chunk))
    return tlv(OBJECT_ID, bytes(out))



def encode_value(value: SnmpValue) -> bytes:
    """The TLV an agent would send for ``value`` (used by the request path and test agents)."""
    kind, raw = value.kind, value.value
    if kind in ("octets", "opaque", "bits") and isinstance(raw, bytes):
        return tlv(OPAQUE if kind == "opaque" else OCTET_STRING, raw)
    if kind == "int" and isinstance(raw, int):
        return encode_int(raw)
    tags = {"counter32": COUNTER32, "gauge32": GAUGE32, "timeticks": TIMETICKS,
            "counter64": COUNTER64}
    if kind in tags and isinstance(raw, int):
        return encode_unsigned(raw, tags[kind])
    if kind == "oid" and isinstance(raw, str):
        return encode_oid(raw)
    if kind == "ipaddr" and isinstance(raw, str):
        return tlv(IP_ADDRESS, bytes(int(p) for p in raw.split(".")))
    special = {"nosuchobject": NO_SUCH_OBJECT, "nosuchinstance": NO_SUCH_INSTANCE,
               "endofmibview": END_OF_MIB_VIEW}
    return tlv(special.get(kind, NULL), b"")


_NULL_TLV: Final = b"\x05\x00"


def encode_message(version: int, community: bytes, pdu_type: int, request_id: int,
                   field1: int, field2: int, varbinds: Sequence[tuple[bytes, bytes]]) -> bytes:
    """A message from already-encoded (OID TLV, value TLV) pairs. For GETBULK the two
    fields are non-repeaters and max-repetitions; otherwise error-status and -index."""
    binds = b"".join(tlv(SEQUENCE, name + value) for name, value in varbinds)
    pdu = encode_int(request_id) + encode_int(field1) + encode_int(field2) + \
        tlv(SEQUENCE, binds)
    return tlv(SEQUENCE, encode_int(version) + tlv(OCTET_STRING, community) +
               tlv(pdu_type, pdu))


def encode_request(version: int, community: bytes, pdu_type: int, request_id: int,
                   oids: Sequence[bytes], max_repetitions: int = 0) -> bytes:
    """A GET/GETNEXT/GETBULK request for OIDs given as encoded TLVs (``encode_oid``)."""
    second = max_repetitions if pdu_type == GET_BULK else 0
    return encode_message(version, community, pdu_type, request_id, 0, second,
                          [(name, _NULL_TLV) for name in oids])
