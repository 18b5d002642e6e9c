"""Property-based tests of the BER decoder: valid messages decode as pysnmp decodes them;
truncated, over-long and malformed ones raise ``BerError`` (netmon's own) and nothing
else, with output and allocation bounded by the datagram's size; one bad value becomes
null for that value alone."""

from __future__ import annotations

import tracemalloc
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pysnmp.proto import rfc1902, rfc1905

from netmon.collectors.snmp import ber
from netmon.collectors.snmp.values import SnmpValue
from netmon.errors import NetmonError
from tests.test_ber_differential import V2C, message, reference

SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

subids = st.one_of(st.integers(0, 127), st.integers(128, 2**32 - 1))
oids = st.builds(lambda first, second, rest: (first, second, *rest),
                 st.integers(0, 2), st.integers(0, 39), st.lists(subids, max_size=14))
values = st.one_of(
    st.integers(-(2**31), 2**31 - 1).map(rfc1902.Integer32),
    st.binary(max_size=300).map(rfc1902.OctetString),
    oids.map(rfc1902.ObjectIdentifier),
    st.binary(min_size=4, max_size=4).map(rfc1902.IpAddress),
    st.integers(0, 2**32 - 1).map(rfc1902.Counter32),
    st.integers(0, 2**32 - 1).map(rfc1902.Gauge32),
    st.integers(0, 2**32 - 1).map(rfc1902.TimeTicks),
    st.binary(max_size=40).map(rfc1902.Opaque),
    st.integers(0, 2**64 - 1).map(rfc1902.Counter64),
    st.sampled_from([rfc1905.NoSuchObject(""), rfc1905.NoSuchInstance(""),
                     rfc1905.EndOfMibView("")]),
)
varbinds = st.lists(st.tuples(oids.map(rfc1902.ObjectName), values), max_size=30)


def decode_bounded(data: bytes) -> ber.Response | None:
    """Decode; only BerError may escape; memory and output bounded by the input's size."""
    tracemalloc.start()
    try:
        try:
            response = ber.decode(data)
        except ber.BerError as exc:
            assert isinstance(exc, NetmonError)
            response = None
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak <= 200 * len(data) + 64 * 1024, (peak, len(data))
    if response is not None:
        assert len(response.varbinds) + response.dropped <= len(data) // 6
    return response


@SETTINGS
@given(varbinds)
def test_valid_messages_decode_as_pysnmp_does(binds: list[tuple[Any, Any]]) -> None:
    data = message(V2C, binds)
    assert ber.decode(data).varbinds == reference(V2C, data)


@SETTINGS
@given(varbinds.filter(bool), st.data())
def test_truncated_messages_raise_ber_error(binds: list[tuple[Any, Any]],
                                            data: st.DataObject) -> None:
    raw = message(V2C, binds)
    cut = data.draw(st.integers(0, len(raw) - 1))
    try:
        ber.decode(raw[:cut])
    except ber.BerError:
        return
    raise AssertionError(f"a message cut at {cut} of {len(raw)} bytes decoded")


@SETTINGS
@given(varbinds, st.data())
def test_mutated_messages_raise_only_ber_error(binds: list[tuple[Any, Any]],
                                               data: st.DataObject) -> None:
    raw = bytearray(message(V2C, binds))
    for _ in range(data.draw(st.integers(1, 8))):
        op = data.draw(st.sampled_from(["flip", "insert", "delete", "length"]))
        at = data.draw(st.integers(0, len(raw)))
        if op == "flip" and at < len(raw):
            raw[at] = data.draw(st.integers(0, 255))
        elif op == "insert":
            raw[at:at] = data.draw(st.binary(min_size=1, max_size=6))
        elif op == "delete" and at < len(raw):
            del raw[at]
        elif op == "length" and at < len(raw):  # an over-long or long-form length field
            raw[at:at + 1] = data.draw(st.sampled_from(
                [b"\x84\xff\xff\xff\xff", b"\x83\xff\xff\xff", b"\x82\xff\xff", b"\x80",
                 b"\x81\x00", b"\xff"]))
    decode_bounded(bytes(raw))


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes_raise_only_ber_error(raw: bytes) -> None:
    decode_bounded(raw)


@SETTINGS
@given(st.binary(max_size=200))
def test_random_varbind_list_inside_a_valid_envelope(body: bytes) -> None:
    """Garbage where the varbinds go, behind a correct header: the worst place for it."""
    raw = ber.tlv(ber.SEQUENCE, ber.encode_int(1) + ber.tlv(ber.OCTET_STRING, b"public") +
                  ber.tlv(ber.RESPONSE, ber.encode_int(7) + ber.encode_int(0) +
                          ber.encode_int(0) + ber.tlv(ber.SEQUENCE, body)))
    decode_bounded(raw)


def test_a_datagram_larger_than_udp_is_refused() -> None:
    raw = ber.tlv(ber.SEQUENCE, ber.encode_int(1) + ber.tlv(ber.OCTET_STRING, b"x" * 70_000))
    try:
        ber.decode(raw)
    except ber.BerError:
        return
    raise AssertionError("a 70 kB message decoded")


BAD_VALUES = [
    ber.tlv(ber.COUNTER32, (2**32).to_bytes(5, "big")),    # overflowing Counter32
    ber.tlv(ber.COUNTER32, b"\xff"),                        # negative Counter32
    ber.tlv(ber.IP_ADDRESS, b"\x0a\x00\x01"),               # 3-byte IpAddress
    ber.tlv(ber.INTEGER, (2**31).to_bytes(5, "big")),       # Integer32 out of range
    ber.tlv(ber.INTEGER, b""),                              # empty INTEGER
    ber.tlv(ber.COUNTER64, (2**64).to_bytes(9, "big")),     # overflowing Counter64
    ber.tlv(ber.OBJECT_ID, b"\x2b\x86"),                    # unfinished sub-identifier
    ber.tlv(0x47, b"\x01"),                                 # a tag SNMPv2c does not have
]


@SETTINGS
@given(varbinds, st.sampled_from(BAD_VALUES), st.data())
def test_one_bad_value_is_null_alone(binds: list[tuple[Any, Any]], bad: bytes,
                                     data: st.DataObject) -> None:
    good = ber.decode(message(V2C, binds)).varbinds
    at = data.draw(st.integers(0, len(good)))
    pairs = [(ber.encode_oid(o), ber.encode_value(v)) for o, v in good]
    bad_oid = (1, 3, 6, 1, 4, 1, 9, 9, 9)
    pairs.insert(at, (ber.encode_oid(bad_oid), bad))
    raw = ber.encode_message(1, b"public", ber.RESPONSE, 9, 0, 0, pairs)
    expected = list(good)
    expected.insert(at, (bad_oid, SnmpValue("null")))
    assert ber.decode(raw).varbinds == expected


def test_request_encoding_is_what_pysnmp_reads() -> None:
    from pyasn1.codec.ber import decoder

    names = [ber.encode_oid("1.3.6.1.2.1.2.2.1.10"), ber.encode_oid((1, 3, 6, 1, 4, 1, 2**31))]
    raw = ber.encode_request(1, b"c0mm", ber.GET_BULK, 2**31 - 1, names, 25)
    msg, rest = decoder.decode(raw, asn1Spec=V2C.Message())
    assert not rest
    pdu = V2C.apiMessage.get_pdu(msg)
    assert int(V2C.apiBulkPDU.get_max_repetitions(pdu)) == 25
    assert int(V2C.apiBulkPDU.get_request_id(pdu)) == 2**31 - 1
    assert [tuple(o) for o, _v in V2C.apiBulkPDU.get_varbinds(pdu)] == \
        [(1, 3, 6, 1, 2, 1, 2, 2, 1, 10), (1, 3, 6, 1, 4, 1, 2**31)]
    assert ber.decode(raw).request_id == 2**31 - 1
