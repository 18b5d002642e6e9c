"""netmon's BER decoder against pysnmp's, on every recorded walk, value type by value type.

Each record becomes the value an agent sends the way snmpsim builds it (its own record
parser, pysnmp types); pysnmp/pyasn1 encode a GetResponse holding a batch of them; then
pysnmp's decoder (the reference) and ``ber.decode`` read the same bytes and must agree on
every OID and every value (``to_value`` maps pysnmp's types to netmon's).

Walks: every one in tests/fixtures/snmp; the first ``HEAD`` records of every walk of the
snmpsim-data package (a test extra); and tests/fixtures/snmp/rare, the unusual records
picked from all ~22 million records of that package (Counter64 above 2**63, negative
integers, empty strings, long strings, huge sub-identifiers, IpAddress, Opaque, OIDs).
The exceptions noSuchObject/noSuchInstance/endOfMibView, which recordings cannot hold,
are checked with generated values below and in test_ber_fuzz.py.
"""

from __future__ import annotations

import bz2
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pyasn1.codec.ber import decoder, encoder
from pysnmp.proto import api, rfc1902, rfc1905
from pysnmp.proto.proxy import rfc2576

from netmon.collectors.snmp import ber
from netmon.collectors.snmp.pysnmp_client import to_value
from netmon.collectors.snmp.values import SnmpValue

snmprec = pytest.importorskip("snmpsim.record.snmprec")

FIXTURES = Path(__file__).parent / "fixtures" / "snmp"
HEAD = 300  # records per snmpsim-data walk (the rare sample covers the rest)
BATCH = 40
V2C = api.PROTOCOL_MODULES[api.SNMP_VERSION_2C]
V1 = api.PROTOCOL_MODULES[api.SNMP_VERSION_1]


def snmpsim_data_walks() -> list[Path]:
    try:
        import snmpsim_data
    except ImportError:
        return []
    return sorted((Path(snmpsim_data.__file__).parent / "data").rglob("*.snmprec*"))


def records(path: Path, limit: int | None = None) -> Iterator[tuple[Any, Any]]:
    """(OID, pysnmp value) for each record snmpsim itself can evaluate; variation-module
    records (``2:numeric``) are snmpsim programs, not values, and are skipped."""
    reader = snmprec.SnmprecRecord()
    opener: Any = bz2.open if path.suffix == ".bz2" else open
    with opener(path, "rb") as fh:
        for line in itertools.islice(fh, limit):
            parts = line.split(b"|", 2)
            if len(parts) != 3 or b":" in parts[1] or not parts[0][:1].isdigit():
                continue
            try:
                yield reader.evaluate(line.rstrip(b"\r\n"))
            except Exception:  # a record snmpsim refuses is one no agent would send
                continue


def message(module: Any, binds: list[tuple[Any, Any]], request_id: int = 4242) -> bytes:
    msg = module.Message()
    module.apiMessage.set_defaults(msg)
    module.apiMessage.set_community(msg, "public")
    pdu = module.GetResponsePDU()
    module.apiPDU.set_defaults(pdu)
    module.apiPDU.set_request_id(pdu, request_id)
    module.apiPDU.set_varbinds(pdu, binds)
    module.apiMessage.set_pdu(msg, pdu)
    return bytes(encoder.encode(msg))


def reference(module: Any, data: bytes) -> list[tuple[tuple[int, ...], SnmpValue]]:
    msg, rest = decoder.decode(data, asn1Spec=module.Message())
    assert not rest
    pdu = module.apiMessage.get_pdu(msg)
    if module is V1:  # pysnmp's engine turns v1 PDUs into v2 ones (RFC 2576) before use
        pdu = rfc2576.v1_to_v2(pdu)
    return [(tuple(oid), to_value(value)) for oid, value in module.apiPDU.get_varbinds(pdu)]


def compare(binds: Iterable[tuple[Any, Any]], module: Any = V2C) -> Counter[str]:
    """Both decoders on batches of ``binds``; the kinds seen, for the coverage checks."""
    kinds: Counter[str] = Counter()
    for batch in _batches(binds):
        data = message(module, batch)
        expected = reference(module, data)
        got = ber.decode(data)
        assert (got.request_id, got.community, got.pdu_type) == (4242, b"public", ber.RESPONSE)
        assert got.varbinds == expected
        kinds.update(value.kind for _oid, value in expected)
    return kinds


def _batches(binds: Iterable[tuple[Any, Any]]) -> Iterator[list[tuple[Any, Any]]]:
    it = iter(binds)
    while batch := list(itertools.islice(it, BATCH)):
        yield batch


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.snmprec")), ids=lambda p: p.stem)
def test_own_walks_decode_as_pysnmp_does(path: Path) -> None:
    assert sum(compare(records(path)).values()) >= 30


def test_rare_records_of_all_snmpsim_data_decode_as_pysnmp_does() -> None:
    kinds = compare(records(FIXTURES / "rare" / "snmpsim-data-rare.snmprec"))
    for kind in ("counter64", "int", "octets", "oid", "ipaddr", "opaque", "gauge32",
                 "counter32"):
        assert kinds[kind] > 0, kind
    values = [v for _o, v in records(FIXTURES / "rare" / "snmpsim-data-rare.snmprec")]
    assert any(isinstance(v, rfc1902.Counter64) and int(v) >= 2**63 for v in values)
    assert any(isinstance(v, rfc1902.Integer32) and int(v) < 0 for v in values)
    assert any(type(v) is rfc1902.OctetString and len(v) == 0 for v in values)


WALKS = snmpsim_data_walks()


@pytest.mark.skipif(not WALKS, reason="snmpsim-data (a test extra) is not installed")
@pytest.mark.parametrize("path", WALKS, ids=lambda p: p.name.split(".")[0])
def test_snmpsim_data_walk_decodes_as_pysnmp_does(path: Path) -> None:
    assert sum(compare(records(path, HEAD)).values()) > 0


def test_v1_messages_decode_as_pysnmp_does() -> None:
    """v1 has no Counter64 and no exceptions; the rest is the same grammar."""
    v1_types = (rfc1902.Integer32, rfc1902.OctetString, rfc1902.ObjectIdentifier,
                rfc1902.IpAddress, rfc1902.Counter32, rfc1902.Gauge32, rfc1902.TimeTicks)
    binds = [(o, v) for path in sorted(FIXTURES.glob("*.snmprec")) for o, v in records(path)
             if isinstance(v, v1_types)]
    binds += [(rfc1902.ObjectName((1, 3, 6, 1, 2, 1, 4, 20, 1, 1, 10, 0, 0, i)),
               rfc1902.IpAddress(f"10.0.0.{i}")) for i in range(3)]
    kinds = compare(binds, V1)
    assert kinds["octets"] and kinds["counter32"] and kinds["ipaddr"]


def test_generated_corner_values_decode_as_pysnmp_does() -> None:
    """What recordings cannot hold: the v2c exceptions, and the limits of every type."""
    name = rfc1902.ObjectName
    values = [
        rfc1905.NoSuchObject(""), rfc1905.NoSuchInstance(""), rfc1905.EndOfMibView(""),
        rfc1902.Counter64(2**64 - 1), rfc1902.Counter64(0), rfc1902.Counter32(2**32 - 1),
        rfc1902.Integer32(-(2**31)), rfc1902.Integer32(2**31 - 1), rfc1902.Integer32(-1),
        rfc1902.OctetString(b""), rfc1902.OctetString(b"\x00" * 300),
        rfc1902.IpAddress("0.0.0.0"), rfc1902.IpAddress("255.255.255.255"),
        rfc1902.Opaque(b"\x9f\x78\x04\x3f\x80\x00\x00"), rfc1902.Opaque(b""),
        rfc1902.ObjectIdentifier((2, 999, 2**32 - 1, 0)), rfc1902.TimeTicks(2**32 - 1),
        rfc1902.Gauge32(0), rfc1902.ObjectIdentifier((1, 3, 6, 1, 4, 1, 2**31 + 5)),
    ]
    binds = [(name((1, 3, 6, 1, 4, 1, 99999, 2**32 - 1, i)), v) for i, v in enumerate(values)]
    kinds = compare(binds)
    assert kinds["nosuchobject"] == kinds["nosuchinstance"] == kinds["endofmibview"] == 1
