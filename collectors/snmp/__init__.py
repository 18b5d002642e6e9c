"""SNMP: the clients (the fast v1/v2c path and pysnmp for v3), the collector, and the pure
parsing rules.

``SnmpValue`` (values.py) is netmon's own small frozen value type: ``kind`` (int, octets,
oid, ipaddr, counter32, gauge32, timeticks, counter64, opaque, bits, null, nosuchobject,
nosuchinstance, endofmibview) and a plain Python ``value`` (int, bytes, dotted str, None).
"""

from typing import TYPE_CHECKING

from netmon.collectors.snmp.cache import PollCache, PollPolicy
from netmon.collectors.snmp.client import Limits, SnmpClient, SnmpCut, SnmpError
from netmon.collectors.snmp.collector import (
    SnmpCollector,
    close_engines,
    default_factory,
    pysnmp_factory,
)
from netmon.collectors.snmp.fast import FastClient
from netmon.collectors.snmp.parse import (
    find_chassis,
    parse_device,
    parse_entities,
    parse_interfaces,
)
from netmon.collectors.snmp.values import SnmpValue, decode_text, format_mac
from netmon.collectors.snmp.vendors import ENTERPRISES, derive, vendor_of

if TYPE_CHECKING:
    from netmon.collectors.snmp.pysnmp_client import PysnmpClient

__all__ = [
    "ENTERPRISES",
    "FastClient",
    "Limits",
    "PollCache",
    "PollPolicy",
    "PysnmpClient",
    "SnmpClient",
    "SnmpCollector",
    "SnmpCut",
    "SnmpError",
    "SnmpValue",
    "close_engines",
    "decode_text",
    "default_factory",
    "derive",
    "find_chassis",
    "format_mac",
    "parse_device",
    "parse_entities",
    "parse_interfaces",
    "pysnmp_factory",
    "vendor_of",
]


def __getattr__(name: str) -> object:
    """pysnmp loads only when asked for (SNMPv3, the reference): it costs ~0.3 s to import,
    and a v1/v2c poll or ``netmon --help`` does not need it."""
    if name == "PysnmpClient":
        from netmon.collectors.snmp import pysnmp_client

        return getattr(pysnmp_client, name)
    raise AttributeError(name)
