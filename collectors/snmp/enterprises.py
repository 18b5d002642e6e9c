"""IANA private enterprise numbers -> netmon's lower-case vendor names (data only).

sysObjectID is ``1.3.6.1.4.1.<number>...``; the number is the vendor's IANA registration
(https://www.iana.org/assignments/enterprise-numbers). Each entry below was checked against
that registry as net-snmp and LibreNMS record it. A vendor that bought another keeps the
old number on the old products, so one vendor can own several numbers (HPE: 11 for
Hewlett-Packard, 232 for Compaq's Insight/iLO agents; Eaton: 534 for Exide/Powerware, 705
for Merlin Gerin/MGE). A number not listed here is reported as ``enterprise-<number>``:
netmon never invents a vendor name.
"""

from __future__ import annotations

from typing import Final

ENTERPRISES: Final[dict[int, str]] = {
    # Data centre: servers, out-of-band controllers, hypervisors, power.
    2: "ibm",
    11: "hpe",              # Hewlett-Packard (ProCurve, Onboard Administrator, printers)
    42: "oracle",           # Sun Microsystems
    232: "hpe",             # Compaq: iLO, Insight Management agents (CPQSINFO, CPQHOST)
    311: "microsoft",
    318: "apc",             # American Power Conversion (Schneider Electric)
    476: "vertiv",          # Liebert / Emerson Network Power
    534: "eaton",           # Exide Electronics / Powerware: XUPS-MIB
    674: "dell",            # Dell: OpenManage, iDRAC (IDRAC-MIB), CMC
    705: "eaton",           # Merlin Gerin / MGE UPS Systems: MG-SNMP-UPS-MIB
    789: "netapp",
    850: "tripp-lite",
    935: "phoenixtec",      # Phoenixtec Power (PPC)
    1718: "servertech",     # Server Technology: Sentry PDUs
    1981: "emc",
    2254: "delta",          # Delta Electronics: UPS cards (DeltaUPS-MIB), sold also as Minuteman
    2468: "ingrasys",       # iPoMan PDUs (LibreNMS: ipoman)
    3052: "asentria",       # SiteBoss site and environment monitors
    3808: "cyberpower",     # Cyber Power Systems: UPS and PDU (CPS-MIB)
    4555: "socomec",        # Socomec UPS (NetVision cards)
    6027: "dell",           # Force10
    6574: "synology",
    6876: "vmware",
    10876: "supermicro",
    12124: "isilon",
    13400: "vertiv",        # Emerson Network Power's UPS cards: Liebert ITA2 (LibreNMS: vertiv-ups)
    13891: "sinetica",      # Sinetica UPSController cards
    17095: "serverscheck",  # ServersCheck sensor gateways
    17420: "digipower",     # DigiPower switched PDUs
    19046: "lenovo",
    19746: "emc",           # Data Domain (EMC, now Dell)
    21111: "orvaldi",       # Orvaldi Power Protection: UPS cards on a net-snmp agent
    21317: "supermicro",    # ATEN International: the BMC firmware on Supermicro boards
    21796: "hw-group",      # HW group: STE/Poseidon environment monitors
    24681: "qnap",
    39145: "ict",           # Innovative Circuit Technology: DC distribution panels
    40482: "pure-storage",  # Pure Storage FlashArray
    # Campus, WAN and carrier network gear.
    9: "cisco",             # incl. Cisco Small Business (ciscoSB, 9.6.1)
    43: "3com",
    45: "avaya",            # SynOptics / Bay / Nortel: Ethernet Routing Switch (BOSS)
    89: "radlan",           # RND (Radlan): the agent inside many OEM smart switches
    171: "d-link",
    207: "allied-telesis",
    248: "hirschmann",
    272: "bintec",          # BinTec Communications (bintec elmeg routers)
    890: "zyxel",
    1271: "ciena",          # Ciena Corporation
    1588: "brocade",
    1916: "extreme",
    1918: "eaton",          # SC200/SC300 rectifier controllers (ex-Invensys Energy Systems)
    1991: "brocade",        # Foundry Networks (IronWare, ICX)
    2007: "teldat",
    2011: "huawei",
    2281: "ceragon",        # Ceragon Networks: IP-20 microwave radios
    2636: "juniper",
    3224: "juniper",        # NetScreen
    3320: "bdcom",
    3902: "zte",
    4413: "broadcom",       # FASTPATH white boxes; EdgeSwitch is told apart by sysDescr
    4526: "netgear",
    4881: "ruijie",
    5624: "extreme",        # Enterasys
    5651: "maipu",
    6141: "ciena",          # World Wide Packets (Ciena service delivery switches)
    6339: "dcn",            # Digital China Networks
    6486: "alcatel-lucent", # Alcatel-Lucent Enterprise (OmniSwitch)
    6527: "nokia",          # Timetra (Alcatel-Lucent / Nokia SR OS)
    7367: "draytek",
    8886: "raisecom",
    10002: "ubiquiti",      # Frogfoot Networks: the number airOS / airFiber answer with
    11606: "pbn",           # Pacific Broadband Networks
    11863: "tp-link",
    14525: "juniper",       # Trapeze Networks (Juniper WLC)
    14823: "aruba",
    14988: "mikrotik",
    17713: "cambium",
    25049: "opengear",      # console servers / out-of-band managers
    25053: "ruckus",
    25506: "h3c",           # H3C; HPE FlexNetwork/FlexFabric (Comware) answer here too
    26928: "extreme",       # Aerohive Networks (HiveOS access points), Extreme since 2019
    28557: "hillstone",     # Hillstone Networks: StoneOS firewalls
    30065: "arista",
    31034: "schleifenbauer",  # Schleifenbauer PDUs
    41112: "ubiquiti",
    47196: "aruba",         # HPE Aruba Networking CX
    # Security appliances.
    2604: "sophos",
    2620: "checkpoint",
    3375: "f5",
    5951: "citrix",         # NetScaler
    8741: "sonicwall",
    12356: "fortinet",
    21067: "cyberoam",      # Cyberoam (Sophos since 2014): CyberoamOS / SFOS appliances
    25461: "paloaltonetworks",
    # Software agents that answer for whole operating systems.
    2021: "net-snmp",       # UC Davis, net-snmp's first number
    8072: "net-snmp",
    12325: "freebsd",       # The FreeBSD Project: bsnmpd (pfSense, OPNsense)
    30803: "vyatta",
}
