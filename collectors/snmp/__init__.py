"""SNMP: the thin pysnmp client, the collector, and the pure parsing rules.

``SnmpValue`` (values.py) is netmon's own small frozen value type: ``kind`` (int, octets,
oid, ipaddr, counter32, gauge32, timeticks, counter64, opaque, bits, null, nosuchobject,
nosuchinstance, endofmibview) and a plain Python ``value`` (int, bytes, dotted str, None).
"""

from netmon.collectors.snmp.client import (
    PysnmpClient,
    SnmpClient,
    SnmpError,
    close_engines,
)
from netmon.collectors.snmp.collector import SnmpCollector, pysnmp_factory
from netmon.collectors.snmp.parse import (
    find_chassis,
    parse_device,
    parse_entities,
    parse_interfaces,
)
from netmon.collectors.snmp.values import SnmpValue, decode_text, format_mac
from netmon.collectors.snmp.vendors import ENTERPRISES, derive, vendor_of

__all__ = [
    "ENTERPRISES",
    "PysnmpClient",
    "SnmpClient",
    "SnmpCollector",
    "SnmpError",
    "SnmpValue",
    "close_engines",
    "decode_text",
    "derive",
    "find_chassis",
    "format_mac",
    "parse_device",
    "parse_entities",
    "parse_interfaces",
    "pysnmp_factory",
    "vendor_of",
]
