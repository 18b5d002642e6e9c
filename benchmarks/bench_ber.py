"""Decode cost per varbind: netmon's BER decoder against pysnmp/pyasn1, same message.

    .venv/bin/python benchmarks/bench_ber.py

A 25-varbind GETBULK response (ifDescr, ifInOctets, ifHCInOctets, ifOperStatus, ifSpeed
for five interfaces), encoded by pysnmp, decoded by both; prints µs per varbind.
"""

from __future__ import annotations

import time

from pyasn1.codec.ber import decoder, encoder
from pysnmp.proto import api, rfc1902

from netmon.collectors.snmp import ber
from netmon.collectors.snmp.pysnmp_client import to_value


def main() -> None:
    p = api.PROTOCOL_MODULES[api.SNMP_VERSION_2C]
    msg = p.Message()
    p.apiMessage.set_defaults(msg)
    p.apiMessage.set_community(msg, "public")
    pdu = p.GetResponsePDU()
    p.apiPDU.set_defaults(pdu)
    vbs = []
    for i in range(1, 6):
        vbs += [(rfc1902.ObjectName(f"1.3.6.1.2.1.2.2.1.2.{i}"),
                 rfc1902.OctetString(f"GigabitEthernet0/{i}")),
                (rfc1902.ObjectName(f"1.3.6.1.2.1.2.2.1.10.{i}"), rfc1902.Counter32(12345 + i)),
                (rfc1902.ObjectName(f"1.3.6.1.2.1.31.1.1.1.6.{i}"), rfc1902.Counter64(2**40 + i)),
                (rfc1902.ObjectName(f"1.3.6.1.2.1.2.2.1.8.{i}"), rfc1902.Integer(1)),
                (rfc1902.ObjectName(f"1.3.6.1.2.1.2.2.1.5.{i}"), rfc1902.Gauge32(10**9))]
    p.apiPDU.set_varbinds(pdu, vbs)
    p.apiMessage.set_pdu(msg, pdu)
    data = bytes(encoder.encode(msg))
    n = 4000
    t0 = time.process_time()
    for _ in range(n):
        ours = ber.decode(data).varbinds
    mine = (time.process_time() - t0) / n / len(vbs) * 1e6
    m = 100
    t0 = time.process_time()
    for _ in range(m):
        decoded, _rest = decoder.decode(data, asn1Spec=p.Message())
        theirs = [(tuple(o), to_value(v)) for o, v in
                  p.apiPDU.get_varbinds(p.apiMessage.get_pdu(decoded))]
    ref = (time.process_time() - t0) / m / len(vbs) * 1e6
    assert ours == theirs
    print(f"netmon ber: {mine:.2f} µs/varbind CPU; pyasn1 + to_value: {ref:.1f} µs/varbind; "
          f"ratio {ref / mine:.0f}")


if __name__ == "__main__":
    main()
