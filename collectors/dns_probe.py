"""DNS probes: does the city's name server answer for its zones?

For each zone one SOA query over UDP (TCP when the answer is truncated), with dnspython.
The service is up when every zone answers NOERROR with its SOA record; the answers carry
each zone's SOA serial, so that a zone that stopped being updated shows in the record.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import dns.asyncquery
import dns.exception
import dns.flags
import dns.message
import dns.rcode
import dns.rdatatype

from netmon.collectors.probes import ProbeResult, ProbeStatus, utcnow


async def probe_dns(check: str, address: str, port: int, zones: Sequence[str], *,
                    timeout_s: float = 5.0) -> ProbeResult:
    """Ask ``address:port`` for each zone's SOA; never raises."""
    at = utcnow()
    t0 = time.perf_counter()
    target = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
    answers: list[str] = []
    problems: list[str] = []
    status = ProbeStatus.OK
    for zone in zones:
        query = dns.message.make_query(zone, dns.rdatatype.SOA)
        try:
            response = await dns.asyncquery.udp(query, address, port=port, timeout=timeout_s)
            if response.flags & dns.flags.TC:
                response = await dns.asyncquery.tcp(query, address, port=port,
                                                    timeout=timeout_s)
        except dns.exception.Timeout:
            status = ProbeStatus.TIMEOUT
            problems.append(f"{zone}: no answer within {timeout_s:g} s")
            continue
        except OSError as exc:
            status = ProbeStatus.REFUSED
            problems.append(f"{zone}: {exc.strerror or type(exc).__name__}")
            continue
        except dns.exception.DNSException as exc:
            status = ProbeStatus.PROTOCOL_ERROR
            problems.append(f"{zone}: {type(exc).__name__}")
            continue
        rcode = response.rcode()
        soa = [r for rrset in response.answer if rrset.rdtype == dns.rdatatype.SOA
               for r in rrset]
        if rcode != dns.rcode.NOERROR or not soa:
            if status is ProbeStatus.OK:
                status = ProbeStatus.DNS_ERROR
            problems.append(f"{zone}: {dns.rcode.to_text(rcode)}"
                            + ("" if soa else ", no SOA"))
            continue
        answers.append(f"{zone} SOA serial {soa[0].serial}")  # type: ignore[attr-defined]
    return ProbeResult(check, "dns", target, status, at,
                       duration_ms=round((time.perf_counter() - t0) * 1000.0, 3),
                       answers=tuple(answers), error="; ".join(problems) or None)
