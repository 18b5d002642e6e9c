"""A small authoritative DNS server on loopback: the lab's own
(``netmon.monitor.lab_peers``), one copy of the code.

It answers SOA queries for the zones it is given, REFUSED for any other name; with
``silent=True`` it reads queries and never answers (a dead name server).
"""

from __future__ import annotations

from netmon.monitor.lab_peers import DnsServer, start_dns

__all__ = ["DnsServer", "start_dns"]
