"""Vendor rules on the lines of recorded walks that decide them, copied verbatim.

Most come from LibreNMS's test walks (tests/snmpsim/<case>.snmprec, GPL-3.0: a few lines
of device facts each); the comment on each names the case and the rule it pins. What
LibreNMS itself recorded for these devices is compared in benchmarks/vendor_agreement.py,
not here: the expected facts are what the lines state.
"""

from __future__ import annotations

import pytest

from netmon.collectors.snmp.snmprec import facts_from_walk, parse_lines

# case -> (lines, (vendor, model, serial, os, os_version))
LIBRENMS_LINES: dict[str, tuple[tuple[str, ...], tuple[str | None, ...]]] = {
    # DSM answers with net-snmp's number; SYNOLOGY-SYSTEM-MIB names the box and the vendor
    "dsm": ((
        r"1.3.6.1.2.1.1.1.0|4|Linux hostname 3.10.77 #8451 SMP Wed Jan 4 00:31:32 CST "
        r"2017 x86_64",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10",
        r"1.3.6.1.4.1.6574.1.5.1.0|4|RS2212RP+",
        r"1.3.6.1.4.1.6574.1.5.2.0|4|3005AWL999111",
        r"1.3.6.1.4.1.6574.1.5.3.0|4|DSM 6.1-15217",
    ), ("synology", "RS2212RP+", "3005AWL999111", "DSM", "6.1-15217")),
    # airFiber LTU under net-snmp's number: UBNT-AFLTU-MIB model and firmware
    "airos-af-ltu": ((
        r"1.3.6.1.2.1.1.1.0|4|Linux PRIVATE 3.14.65 #7 SMP PREEMPT RT Wed Mar 14 "
        r"06:22:08 UTC 2018 armv7l",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10",
        r"1.3.6.1.4.1.41112.1.10.1.3.2.0|4|airFiber 5XHD",
        r"1.3.6.1.4.1.41112.1.10.1.3.4.0|4|.v1.1.1-BETA2.00015.180314.0503",
    ), ("ubiquiti", "airFiber 5XHD", None, None, ".v1.1.1-BETA2.00015.180314.0503")),
    # Frogfoot's 10002 is Ubiquiti's airOS agent; no firmware scalar: the kernel
    "airos-af": ((
        r"1.3.6.1.2.1.1.1.0|4|Linux 2.6.33 #1 Fri Jan 26 16:39:18 CST 2018 armv5tejl",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.10002.1",
    ), ("ubiquiti", None, None, "Linux", "2.6.33")),
    # ALE AOS: model and release in sysDescr
    "aos7": ((
        r"1.3.6.1.2.1.1.1.0|4|Alcatel-Lucent Enterprise OS6900-X40 8.7.354.R01 GA, "
        r"October 06, 2020.",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.6486.801.1.1.2.1.10.1.2",
    ), ("alcatel-lucent", "OS6900-X40", None, "AOS", "8.7.354.R01")),
    # OmniAccess AOS-W (6486.800): "(MODEL: ...)" like ArubaOS
    "arubaos_aosw": ((
        r"1.3.6.1.2.1.1.1.0|4|AOS-W (MODEL: OAW-6000), Version 6.3.1.23 (56687)",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.6486.800.1.1.2.2.2.1.1.4",
    ), ("alcatel-lucent", "OAW-6000", None, "AOS-W", "6.3.1.23")),
    # Avaya ERS: the model after "Ethernet Routing Switch", SW:v... is the release
    "boss": ((
        r"1.3.6.1.2.1.1.1.0|4|Ethernet Routing Switch 5530-24TFD    HW:32       "
        r"FW:6.0.0.18  SW:v6.3.2.011 BN:11 (c) Avaya Networks",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.45.3.65",
    ), ("avaya", "5530-24TFD", None, None, "6.3.2.011")),
    # Cisco SB (9.6.1): sysDescr opens with the model
    "ciscosb_sx550x-24f": ((
        r"1.3.6.1.2.1.1.1.0|4|SX550X-24F 24-Port 10G SFP+ Stackable Managed Switch",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9.6.1.1001.24.8",
    ), ("cisco", "SX550X-24F", None, None, None)),
    # D-Link access points: DAP- models in sysDescr
    "dlinkap": ((
        r"1.3.6.1.2.1.1.1.0|4|D-Link DAP-2230",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.171.10.37.56",
    ), ("d-link", "DAP-2230", None, None, None)),
    # Eaton SC200 (1918): the controller's software in sysDescr; the power system it runs
    # is the device, as a UPS is behind its card: its type (product code) and serial
    "eaton-sc200": ((
        r"1.3.6.1.2.1.1.1.0|4|SC200 Controller - software version 4.04",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.1918.2.13",
        r"1.3.6.1.4.1.1918.2.13.10.10.20.0|4|315646",
        r"1.3.6.1.4.1.1918.2.13.10.10.30.0|4|SY106769",
    ), ("eaton", "SY106769", "315646", None, "4.04")),
    # SC300: the same group under 1918.2.14; without a system type, the controller's name
    "eaton-sc300": ((
        r"1.3.6.1.2.1.1.1.0|4|SC300 Controller - software version 1.17",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.1918.2.14",
        r"1.3.6.1.4.1.1918.2.14.10.10.20.0|4|328999",
        r"1.3.6.1.4.1.1918.2.14.10.20.30.0|4|SC300 Controller - software version 1.17",
    ), ("eaton", "SC300", "328999", None, "1.17")),
    # Phoenixtec-built UPS card (935.10.2): model and serial in its ident group; an
    # all-zero serial is no serial
    "eaton-matrix": ((
        r"1.3.6.1.2.1.1.1.0|4|Network Management Card for UPS",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.935.10.2",
        r"1.3.6.1.4.1.935.10.2.1.1.1.0|4|000000000",
        r"1.3.6.1.4.1.935.10.2.1.1.2.0|4|Telecom Power",
    ), ("phoenixtec", "Telecom Power", None, None, None)),
    # APC transfer switch: PowerNet atsIdent gives model and firmware (before sysDescr's)
    "apc_ats": ((
        r"1.3.6.1.2.1.1.1.0|4|APC Web/SNMP Management Card (MB:v4.1.0 PF:v6.4.6 "
        r"PN:apc_hw05_aos_646.bin AF1:v6.4.7 AN1:apc_hw05_ats4g_647.bin MN:AP4423 HR:R01 "
        r"SN: <private> MD:06/09/2018)",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.318.1.3.32",
        r"1.3.6.1.4.1.318.1.1.8.1.1.0|4|R01",
        r"1.3.6.1.4.1.318.1.1.8.1.2.0|4|4.1.9",
        r"1.3.6.1.4.1.318.1.1.8.1.5.0|4|AP4423",
    ), ("apc", "AP4423", "<private>", None, "4.1.9")),
    # NetBotz behind an APC card: no device MIB answers; model, serial and the device's
    # application firmware (AF1:, not the card's PF:) from sysDescr
    "apc_netbotz": ((
        r"1.3.6.1.2.1.1.1.0|4|APC Web/SNMP Management Card (MB:v4.2.9 PF:v2.3.2.1 "
        r"PN:apc_hw21_aos_2.3.2.1.bin AF1:v0.0.0.14 AN1:apc_hw21_nb250_0.0.0.14.bin "
        r"MN:NBRK0250A HR:03 SN: QA2413270516 MD:03/27/2024) ",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.318.1.3.8.5",
    ), ("apc", "NBRK0250A", "QA2413270516", None, "0.0.0.14")),
    # pfSense's bsnmpd (FreeBSD's number): the release opens sysDescr
    "pfsense": ((
        r"1.3.6.1.2.1.1.1.0|4|pfSense 2.3.2-RELEASE pfSense FreeBSD 10.3-RELEASE-p5 amd64",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.12325.1.1.2.1.1",
    ), ("freebsd", None, None, "pfSense", "2.3.2-RELEASE")),
    # Meraki: the product after "Meraki" (here the line alone, no sysObjectID recorded)
    "merakims": ((
        r"1.3.6.1.2.1.1.1.0|4|Meraki MS",
    ), (None, "MS", None, None, None)),
    # Fabric OS: the assembly number in entPhysicalModelName never comes back as the model
    "fabos": ((
        r"1.3.6.1.2.1.1.1.0|4|Fibre Channel Switch.",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.1588.2.1.1.1",
        r"1.3.6.1.2.1.47.1.1.1.1.2.1|4|DS_6520B",
        r"1.3.6.1.2.1.47.1.1.1.1.5.1|2|3",
        r"1.3.6.1.2.1.47.1.1.1.1.10.1|4|8.1.2g",
        r"1.3.6.1.2.1.47.1.1.1.1.11.1|4|CHQ1951J123",
        r"1.3.6.1.2.1.47.1.1.1.1.13.1|4|40-1000832-08",
    ), ("brocade", "DS_6520B", "CHQ1951J123", None, "8.1.2g")),
    # Hirschmann classic: order code and software release in HMPRIV-MGMT
    "hirschmann": ((
        r"1.3.6.1.2.1.1.1.0|4|Hirschmann Railswitch",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.248.14.10.41",
        r"1.3.6.1.4.1.248.14.2.16.1.4.0|4|RS30-1602OOZZSDHPHH",
        r"1.3.6.1.4.1.248.14.2.16.1.6.0|4|07.1.05",
    ), ("hirschmann", "RS30-1602OOZZSDHPHH", None, None, "07.1.05")),
    # NetIron: "IronWare Version V6.2.0eT183" without a model word before it
    "ironware": ((
        r"1.3.6.1.2.1.1.1.0|4|Extreme Networks NetIron CER, Extended route scalability, "
        r"IronWare Version V6.2.0eT183 Compiled on Sep 30 2019 at 06:59:54 labeled as "
        r"V6.2.00e",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.1991.1.3.51.7",
        r"1.3.6.1.2.1.47.1.1.1.1.5.1|2|3",
        r"1.3.6.1.2.1.47.1.1.1.1.11.1|4|CKM1234L567",
        r"1.3.6.1.2.1.47.1.1.1.1.13.1|4|NetIron CER 2024F-4X",
    ), ("brocade", "NetIron CER 2024F-4X", "CKM1234L567", "IronWare", "6.2.0eT183")),
    # JetDirect: MDL: of the IEEE 1284 device id
    "jetdirect": ((
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.11.2.3.9.1",
        r"1.3.6.1.4.1.11.2.3.9.1.1.7.0|4|MFG:Hewlett-Packard;CMD:PJL,PML,PCLXL,URP,PCL,P"
        r"DF,POSTSCRIPT;MDL:HP Color LaserJet M452nw;CLS:PRINTER;DES:Hewlett-Packard "
        r"Color LaserJet M452nw;MEM:MEM=105MB;COMMENT:RES=600x8;LEDMDIS:USB#ff#04#01;CID"
        r":HPLJPDLV1;IPP-E:FF-04-01,FF-04-01,FF-09-01,FF-09-01;MCT:PR;MCL:DL;MCV:2.2;",
    ), ("hpe", "Color LaserJet M452nw", None, None, None)),
    # JetStream: TPLINK-SYSINFO-MIB; "3.0" after the model is the hardware rev
    "jetstream_t2600g-28ts": ((
        r"1.3.6.1.2.1.1.1.0|4|JetStream 24-Port Gigabit L2 Managed Switch with 4 SFP "
        r"Slots",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.11863.5.33",
        r"1.3.6.1.4.1.11863.6.1.1.5.0|4|T2600G-28TS 3.0",
        r"1.3.6.1.4.1.11863.6.1.1.6.0|4|3.0.3 Build 20181101 Rel.42543(s)",
        r"1.3.6.1.4.1.11863.6.1.1.8.0|4|217B851000014",
    ), ("tp-link", "T2600G-28TS", "217B851000014", None, "3.0.3 Build 20181101 Rel.42543(s)")),
    # Netgear smart switch: model, description, software, boot code
    "netgear": ((
        r"1.3.6.1.2.1.1.1.0|4|GS724Tv4 ProSafe 24-port Gigabit Ethernet Smart Switch, "
        r"6.3.1.11, B1.0.0.4",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.4526.100.4.32",
    ), ("netgear", "GS724Tv4", None, None, "6.3.1.11")),
    # NS-ROOT-MIB: the running build (sysDescr says an older one), the platform word
    "netscaler": ((
        r"1.3.6.1.2.1.1.1.0|4|NetScaler NS11.1: Build 51.26.nc, Date: Jan 31 2017, "
        r"00:12:01",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.5951.1",
        r"1.3.6.1.4.1.5951.4.1.1.1.0|4|NetScaler NS12.0: Build 57.19.nc, Date: Feb 26 "
        r"2018, 07:24:38",
        r"1.3.6.1.4.1.5951.4.1.1.11.0|4|NSMPX-8000-10G 4*CPU+6*E1K+2*IX+1*E1K+4*CVM 1620",
        r"1.3.6.1.4.1.5951.4.1.1.14.0|4|7FK7FCV4FH",
    ), ("citrix", "NSMPX-8000-10G", "7FK7FCV4FH", "NetScaler", "NS12.0: Build 57.19.nc")),
    # QTS: firmware in the chassis row (a stray backslash kept by the agent)
    "qnap": ((
        r"1.3.6.1.2.1.1.1.0|4|Linux hostname 4.2.2",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.24681",
        r"1.3.6.1.2.1.47.1.1.1.1.5.1|2|3",
        r"1.3.6.1.2.1.47.1.1.1.1.10.1|4|\4.3.3",
        r"1.3.6.1.2.1.47.1.1.1.1.11.1|4|Q157I12451",
        r"1.3.6.1.2.1.47.1.1.1.1.13.1|4|TVS-871U-RP",
    ), ("qnap", "TVS-871U-RP", "Q157I12451", None, "4.3.3")),
    # AT-8000S: "ATI AT-8000S", RADLAN-MIB rndBrgVersion
    "radlan": ((
        r"1.3.6.1.2.1.1.1.0|4|ATI AT-8000S",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.207.1.4.126",
        r"1.3.6.1.4.1.89.2.4.0|4|3.0.0.44",
    ), ("allied-telesis", "AT-8000S", None, None, "3.0.0.44")),
    # ZoneDirector: RUCKUS-ZD-SYSTEM-MIB
    "ruckuswireless": ((
        r"1.3.6.1.2.1.1.1.0|4|Ruckus Wireless ZD1200",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.25053.3.1.5.15",
        r"1.3.6.1.4.1.25053.1.2.1.1.1.1.9.0|4|ZD1200",
        r"1.3.6.1.4.1.25053.1.2.1.1.1.1.15.0|4|971738000872",
        r"1.3.6.1.4.1.25053.1.2.1.1.1.1.18.0|4|9.13.3.0 build 145",
    ), ("ruckus", "ZD1200", "971738000872", "ZoneDirector", "9.13.3.0 build 145")),
    # Unleashed: RUCKUS-UNLEASHED-SYSTEM-MIB
    "ruckuswireless-unleashed": ((
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.25053.3.1.5.15",
        r"1.3.6.1.4.1.25053.1.15.1.1.1.1.9.0|4|T300",
        r"1.3.6.1.4.1.25053.1.15.1.1.1.1.15.0|4|231603507471",
        r"1.3.6.1.4.1.25053.1.15.1.1.1.1.18.0|4|200.6.10.1 build 312",
    ), ("ruckus", "T300", "231603507471", "Unleashed", "200.6.10.1 build 312")),
    # SFOS-FIREWALL-MIB: device type, firmware, appliance key
    "sophos-xg": ((
        r"1.3.6.1.2.1.1.1.0|4|Linux localhost 4.14.38 #2 SMP Fri Jun 5 23:03:53 UTC "
        r"2020 x86_64",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2604.5",
        r"1.3.6.1.4.1.2604.5.1.1.2.0|4|SFVH_SO01_SFOS",
        r"1.3.6.1.4.1.2604.5.1.1.3.0|4|18.0.1 MR-1-Build396",
        r"1.3.6.1.4.1.2604.5.1.1.4.0|4|C01001GF24TPDE1",
    ), ("sophos", "SFVH_SO01_SFOS", "C01001GF24TPDE1", "SFOS", "18.0.1 MR-1-Build396")),
    # Supermicro BMC (ATEN 21317): the FRU's product and serial; the BMC firmware's major
    # and minor numbers, not the kernel in sysDescr
    "supermicro-bmc_x11": ((
        r"1.3.6.1.2.1.1.1.0|4|Linux (none) 3.18.0 #1 Thu Oct 27 10:50:39 CST 2022 armv6l",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.21317",
        r"1.3.6.1.4.1.21317.1.5.1.0|2|1",
        r"1.3.6.1.4.1.21317.1.5.2.0|2|74",
        r"1.3.6.1.4.1.21317.1.16.3.4.0|4|SYS-1019P-WTR",
        r"1.3.6.1.4.1.21317.1.16.3.6.0|4|S01234567890123",
    ), ("supermicro", "SYS-1019P-WTR", "S01234567890123", "BMC", "1.74")),
    # the same BMC without the firmware scalars: the kernel, said to be Linux
    "supermicro-bmc_kernel": ((
        r"1.3.6.1.2.1.1.1.0|4|Linux (none) 3.18.0 #1 Thu Oct 27 10:50:39 CST 2022 armv6l",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.21317",
    ), ("supermicro", None, None, "Linux", "3.18.0")),
    # ZYXEL-ES-COMMON: model, serial, version before " | <date>"
    "zynos": ((
        r"1.3.6.1.2.1.1.1.0|4|XGS4600-32F",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.890.1.15",
        r"1.3.6.1.4.1.890.1.15.3.1.6.0|4|V4.50(ABBI.1) | 09/11/2017",
        r"1.3.6.1.4.1.890.1.15.3.1.11.0|4|XGS4600-32F",
        r"1.3.6.1.4.1.890.1.15.3.1.12.0|4|S999999999999",
    ), ("zyxel", "XGS4600-32F", "S999999999999", None, "V4.50(ABBI.1)")),
    # Zyxel smart switch: sysDescr is the bare model
    "zynos_gs1900": ((
        r"1.3.6.1.2.1.1.1.0|4|GS1900-8",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.890.1.15",
    ), ("zyxel", "GS1900-8", None, None, None)),
    # ZyNOS: sysDescr is the product name, with a hyphen after the letters or a word
    "zynos_es": ((
        r"1.3.6.1.2.1.1.1.0|4|ES-2024PWR",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.890.1.5.8.27",
    ), ("zyxel", "ES-2024PWR", None, None, None)),
    "zywall": ((
        r"1.3.6.1.2.1.1.1.0|4|ZyWALL 2X",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.890.1.15",
    ), ("zyxel", "ZyWALL 2X", None, None, None)),
    # OS10 names itself in sysDescr but states no release there
    "dell-os10": ((
        r"1.3.6.1.2.1.1.1.0|4|Dell EMC Networking OS10 Enterprise.",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.674.11000.5000.100.2.1.7",
        r"1.3.6.1.2.1.47.1.1.1.1.5.2|2|3",
        r"1.3.6.1.2.1.47.1.1.1.1.11.2|4|CN02NK09282988AT0259",
        r"1.3.6.1.2.1.47.1.1.1.1.13.2|4|S4128F-ON",
    ), ("dell", "S4128F-ON", "CN02NK09282988AT0259", "OS10", None)),
    # CyberPower UPS (3808): CPS-MIB model, firmware and serial
    "cyberpower": ((
        r"1.3.6.1.2.1.1.1.0|4|Power Manager",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.3808.1.1.3",
        r"1.3.6.1.2.1.33.1.1.1.0|4|CPS",
        r"1.3.6.1.4.1.3808.1.1.1.1.1.1.0|4|OL2200RTXL2U",
        r"1.3.6.1.4.1.3808.1.1.1.1.2.1.0|4|S1A17",
        r"1.3.6.1.4.1.3808.1.1.1.1.2.3.0|4|ABCFT1000001",
    ), ("cyberpower", "OL2200RTXL2U", "ABCFT1000001", None, "S1A17")),
    # Delta's UPS card (2254), here in a Minuteman: DeltaUPS-MIB ident
    "deltaups": ((
        r"1.3.6.1.2.1.1.1.0|4|UPS SNMP Agent",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2254.2.4",
        r"1.3.6.1.4.1.2254.2.4.1.1.0|4|Minuteman",
        r"1.3.6.1.4.1.2254.2.4.1.2.0|4|E1500RTXL2U",
        r"1.3.6.1.4.1.2254.2.4.1.3.0|4|03",
    ), ("delta", "E1500RTXL2U", None, None, "03")),
    # Dell rack PDU: an APC-built card; the device's application firmware is AF1, not PF
    "dell-rpdu": ((
        r"1.3.6.1.2.1.1.1.0|4|DELL Web/SNMP Management Card (MB:V1.0f PF:v5.1.4 "
        r"PN:dell_hw05_aos_514.bin AF1:v5.1.2 AN1:dell_hw05_rpdud_512.bin MN:DELL6606 "
        r"HR:HW01 SN: IN1A234B5678912CD345E67 MD:09/19/2013)",
        r"1.3.6.1.2.1.1.2.0|6|.1.3.6.1.4.1.674.10903.200.3.1",
    ), ("dell", "DELL6606", "IN1A234B5678912CD345E67", None, "5.1.2")),
    # Huawei iBMC (2011.2.235): the server's product name; the firmware of the row named
    # "Active iBMC", not the BIOS row beside it
    "ibmc": ((
        r"1.3.6.1.2.1.1.1.0|4|Hardware management system",
        r"1.3.6.1.2.1.1.2.0|6|.1.3.6.1.4.1.2011.2.235",
        r"1.3.6.1.4.1.2011.2.235.1.1.1.6.0|4|RH2288H V3",
        r"1.3.6.1.4.1.2011.2.235.1.1.11.50.1.4.4.66.73.79.83|4|1.08",
        r"1.3.6.1.4.1.2011.2.235.1.1.11.50.1.4.11.65.99.116.105.118.101.32.105.66.77.67|4|2.55",
    ), ("huawei", "RH2288H V3", None, "iBMC", "2.55")),
    # Check Point Gaia: the release and the appliance's product name from CHECKPOINT-MIB,
    # not the kernel; an empty serial is none
    "gaia_1": ((
        r"1.3.6.1.2.1.1.1.0|4|Linux gw1-ckp-gaia 2.6.18-92cpx86_64 #1 SMP Tue Sep 4 "
        r"13:46:30 IDT 2018 x86_64",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2620.1.6.123.1.49",
        r"1.3.6.1.4.1.2620.1.6.4.1.0|4|R80.20",
        r"1.3.6.1.4.1.2620.1.6.16.3.0|4|",
        r"1.3.6.1.4.1.2620.1.6.16.7.0|4|Standard PC (i440FX + PIIX, 1996)",
    ), ("checkpoint", "Standard PC (i440FX + PIIX, 1996)", None, "Check Point", "R80.20")),
    # SecurePlatform answers with net-snmp's number: Check Point's MIB names the vendor
    "splat": ((
        r"1.3.6.1.2.1.1.1.0|4|Linux hostname 2.6.18-92cp #1 SMP Thu Apr 12 03:28:54 IDT "
        r"2012 i686",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10",
        r"1.3.6.1.4.1.2620.1.6.4.1.0|4|R75.40",
        r"1.3.6.1.4.1.2620.1.6.5.1.0|4|SecurePlatform Pro",
    ), ("checkpoint", None, None, "SecurePlatform Pro", "R75.40")),
    # OPNsense: the host name sits between the product and its release
    "opnsense": ((
        r"1.3.6.1.2.1.1.1.0|4|OPNsense OPNsense.7p.lan 18.1.1-a5575d7bd OPNsense FreeBSD "
        r"11.1-RELEASE-p6 amd64",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.12325.1.1.2.1.1",
    ), ("freebsd", None, None, "OPNsense", "18.1.1-a5575d7bd")),
    # Allied Telesis access point: "<model> version <release>"
    "allied-tq": ((
        r"1.3.6.1.2.1.1.1.0|4|AT-TQ4600 version 4.0.1.07",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.207.1.13.27",
    ), ("allied-telesis", "AT-TQ4600", None, None, "4.0.1.07")),
    # airMAX under Frogfoot's 10002: IEEE 802.11 MIB's product name and version, read
    # from the first row of their columns (the radio's ifIndex is 7 here)
    "airos_airos8": ((
        r"1.2.840.10036.3.1.2.1.3.7|4|LiteBeam 5AC Gen2",
        r"1.2.840.10036.3.1.2.1.3.9|4|LiteBeam 5AC Gen2",
        r"1.2.840.10036.3.1.2.1.4.7|4|WA.ar934x.v8.6.2.41239.190822.1633",
        r"1.3.6.1.2.1.1.1.0|4|Linux 2.6.32.68 #1 Thu Aug 22 16:38:44 EEST 2019 mips",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.10002.1",
    ), ("ubiquiti", "LiteBeam 5AC Gen2", None, "airOS", "WA.ar934x.v8.6.2.41239.190822.1633")),
    # the first airFiber: UBNT-AirFIBER-MIB fwVersion.1, not the kernel
    "airos-af_fw": ((
        r"1.3.6.1.2.1.1.1.0|4|Linux 2.6.33 #1 Fri Jan 26 16:39:18 CST 2018 armv5tejl",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.10002.1",
        r"1.3.6.1.4.1.41112.1.3.2.1.40.1|4|v4.0.3",
    ), ("ubiquiti", None, None, "airFiber", "v4.0.3")),
    # airFiber 60 / Wave: the device table's first row (values recorded as hex)
    "airos-af60_v3.4": ((
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.41112",
        r"1.3.6.1.4.1.41112.1.11.1.2.2.1|4x|57617665204c6f6e672d52616e6765",
        r"1.3.6.1.4.1.41112.1.11.1.2.4.1|4x|474d432e697071353031382e76332e342e302e6364353830"
        r"6561632e3234313030312e31313232",
    ), ("ubiquiti", "Wave Long-Range", None, None,
        "GMC.ipq5018.v3.4.0.cd580eac.241001.1122")),
    # SmartZone: the node table's first row (indexed by the node's serial) and the serial
    "ruckuswireless-sz": ((
        r"1.3.6.1.2.1.1.1.0|4|SmartZone",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.25053.3.1.11.1",
        r"1.3.6.1.4.1.25053.1.4.1.1.1.15.13.0|4|211838000212",
        r"1.3.6.1.4.1.25053.1.8.1.1.1.1.1.1.3.12.50.49.49.56.51.56.48.48.48.50.49.50|4|SZ104",
        r"1.3.6.1.4.1.25053.1.8.1.1.1.1.1.1.9.12.50.49.49.56.51.56.48.48.48.50.49.50|4|"
        r"3.6.2.0.78",
    ), ("ruckus", "SZ104", "211838000212", "SmartZone", "3.6.2.0.78")),
    # Hirschmann: hmSysGroupSerialNum.1
    "hirschmann_serial": ((
        r"1.3.6.1.2.1.1.1.0|4|Hirschmann Railswitch",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.248.14.10.41",
        r"1.3.6.1.4.1.248.14.1.1.9.1.10.1|4|9999999999999F9999",
        r"1.3.6.1.4.1.248.14.2.16.1.4.0|4|RS30-1602OOZZSDHPHH",
        r"1.3.6.1.4.1.248.14.2.16.1.6.0|4|07.1.05",
    ), ("hirschmann", "RS30-1602OOZZSDHPHH", "9999999999999F9999", None, "07.1.05")),
    # iBMC left at its default: "SerialNumber" is no serial
    "ibmc_placeholder": ((
        r"1.3.6.1.2.1.1.2.0|6|.1.3.6.1.4.1.2011.2.235",
        r"1.3.6.1.4.1.2011.2.235.1.1.1.6.0|4|RH2288H V3",
        r"1.3.6.1.4.1.2011.2.235.1.1.1.7.0|4|SerialNumber",
    ), ("huawei", "RH2288H V3", None, "iBMC", None)),
    # UniFi switch on the EdgeSwitch (Broadcom 4413) agent: model and firmware in sysDescr
    "edgeswitch_unifi-4.0.9": ((
        r"1.3.6.1.2.1.1.1.0|4|USW-8P-AT-150, 4.0.9.9636, Linux 3.6.5",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.4413",
    ), ("ubiquiti", "USW-8P-AT-150", None, None, "4.0.9.9636")),
    # a Virtual Chassis whose sysDescr is only the host name: jnxBoxDescr says what it is,
    # member 0 of jnxVirtualChassisMemberTable which release it runs
    "junos_ex4600mp": ((
        r"1.3.6.1.2.1.1.1.0|4|hostname.example.org",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2636.1.1.1.4.63.9",
        r"1.3.6.1.4.1.2636.3.1.2.0|4|Juniper Virtual Chassis Switch",
        r"1.3.6.1.4.1.2636.3.1.3.0|4|XR0123456789",
        r"1.3.6.1.4.1.2636.3.40.1.4.1.1.1.5.0|4|18.4R4",
    ), ("juniper", "Virtual Chassis Switch", "XR0123456789", "JUNOS", "18.4R4")),
    # the release sysDescr states wins over the Virtual Chassis member table's (this walk's
    # member table was recorded on another box)
    "junos": ((
        r"1.3.6.1.2.1.1.1.0|4|Juniper Networks, Inc. srx100h2 internet router, kernel JUNOS "
        r"12.3X48-D35.7, Build date: 2016-08-05 04:10:06 UTC Copyright (c) 1996-2016 Juniper "
        r"Networks, Inc.",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2636.1.1.1.2.41",
        r"1.3.6.1.4.1.2636.3.40.1.4.1.1.1.5.0|4|12.3R11.2",
    ), ("juniper", "SRX100H2", None, "JUNOS", "12.3X48-D35.7")),
    # PowerConnect: DELL-VENDOR-MIB productIdentification names the switch and its
    # firmware (sysDescr only says "24-port ..."), the chassis row its software revision
    "powerconnect_2824": ((
        r"1.3.6.1.2.1.1.1.0|4|24-port 10/100/1000 Gigabit Switch",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.674.10895.3028",
        r"1.3.6.1.2.1.47.1.1.1.1.2.67108992|4|PowerConnect 2824",
        r"1.3.6.1.2.1.47.1.1.1.1.5.67108992|2|3",
        r"1.3.6.1.2.1.47.1.1.1.1.10.67108992|4|1.0.0.45",
        r"1.3.6.1.2.1.47.1.1.1.1.11.67108992|4|CN000000000000000000000",
        r"1.3.6.1.4.1.674.10895.3000.1.2.100.1.0|4|PowerConnect 2824",
        r"1.3.6.1.4.1.674.10895.3000.1.2.100.4.0|4|1.0.0.45",
    ), ("dell", "PowerConnect 2824", "CN000000000000000000000", None, "1.0.0.45")),
    # the same firmware from the chassis row alone
    "powerconnect_2824_chassis_only": ((
        r"1.3.6.1.2.1.1.1.0|4|24-port 10/100/1000 Gigabit Switch",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.674.10895.3028",
        r"1.3.6.1.2.1.47.1.1.1.1.2.67108992|4|PowerConnect 2824",
        r"1.3.6.1.2.1.47.1.1.1.1.5.67108992|2|3",
        r"1.3.6.1.2.1.47.1.1.1.1.10.67108992|4|1.0.0.45",
    ), ("dell", None, None, None, "1.0.0.45")),
    # Dell Networking OS 9: sysDescr's "Series:" wins over DELL-VENDOR-MIB's platform
    # name and over the sysObjectID it shares with the S4810-ON
    "dnos": ((
        r"1.3.6.1.2.1.1.1.0|4|Dell Networking OS Operating System Version: 2.0 Application "
        r"Software Version: 9.9(0.0P9) Series: S4048-ON Copyright (c) 1999-2015 by Dell Inc. "
        r"All Rights Reserved. Build Time: Thu Feb  4 06:57:34 2016",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.6027.1.3.20",
        r"1.3.6.1.4.1.674.10895.3000.1.2.100.1.0|4|Dell Networking MXL 10/40GbE switch/router",
    ), ("dell", "S4048-ON", None, "DNOS", "9.9(0.0P9)")),
    # FTOS S25P: nothing but sysObjectID names the box; F10-PRODUCTS-MIB registers
    # 6027.1.3.4 as the S25P-AC (sysDescr recorded as hex)
    "ftos": ((
        r"1.3.6.1.2.1.1.1.0|4x|466F7263653130204E6574776F726B73205265616C2054696D65204F7065"
        r"726174696E672053797374656D20536F667477617265DA466F7263653130204F7065726174696E6720"
        r"53797374656D2056657273696F6E3A20312E30DA466F7263653130204170706C69636174696F6E2053"
        r"6F6674776172652056657273696F6E3A20382E342E322E35DA436F7079726967687420286329203139"
        r"39392D3230313020627920466F7263653130204E6574776F726B732C20496E632E",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.6027.1.3.4",
    ), ("dell", "S25P-AC", None, "FTOS", "8.4.2.5")),
    # HPE MSA storage: the Compaq MIB names model and serial, in literal quotes
    "hpe-msa": ((
        r"1.3.6.1.2.1.1.1.0|4|HP MSA 2040 SAN",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.11.2.51",
        r'1.3.6.1.4.1.232.2.2.4.2.0|4|"HP MSA 2040 SAN"',
        r'1.3.6.1.4.1.232.2.2.2.1.0|4|"DRSAKZR-123456789"',
    ), ("hpe", "HP MSA 2040 SAN", "DRSAKZR-123456789", None, None)),
    # Dell UPS (DELL-SNMP-UPS-MIB): the product's name, firmware version and build, serial
    "dell-ups": ((
        r"1.3.6.1.2.1.1.1.0|4|Dell UPS Rack 3750W High Efficiency Online HV",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.674.10902.2",
        r"1.3.6.1.4.1.674.10902.2.100.1.0|4|Dell UPS Rack 3750W High Efficiency Online HV",
        r"1.3.6.1.4.1.674.10902.2.100.4.0|4|01.08",
        r"1.3.6.1.4.1.674.10902.2.100.5.0|4|0004",
        r"1.3.6.1.4.1.674.10902.2.120.1.2.0|4|CN-0K804N-75162-2CH-0081-A03",
    ), (
        "dell",
        "Dell UPS Rack 3750W High Efficiency Online HV",
        "CN-0K804N-75162-2CH-0081-A03",
        None,
        "01.08.0004")),
    # Liebert ITA2 card (13400.2.54): its own model and serial
    "vertiv-ups": ((
        r"1.3.6.1.2.1.1.1.0|4|LwIP SNMP Application",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.13400.2.54",
        r"1.3.6.1.4.1.13400.2.54.1.2.0|4|ITA2",
        r"1.3.6.1.4.1.13400.2.54.1.3.0|4|21012019182248010001",
    ), ("vertiv", "ITA2", "21012019182248010001", None, None)),
    # Orvaldi UPS card on a net-snmp agent: its MIB answers, so it is Orvaldi's
    "orvaldi-ups": ((
        r"1.3.6.1.2.1.1.1.0|4|Linux SNMP-System",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10",
        r"1.3.6.1.4.1.21111.1.1.1.3.0|4|G2-6KL",
        r"1.3.6.1.4.1.21111.1.1.1.4.0|4|11112222333344",
        r"1.3.6.1.4.1.21111.1.1.1.6.0|4|VERFW:01428.1400",
    ), ("orvaldi", "G2-6KL", "11112222333344", None, "VERFW:01428.1400")),
    # iPoMan PDU: firmware and serial in one line
    "ipoman": ((
        r"1.3.6.1.2.1.1.1.0|4|",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2468.1.4.2.1",
        r"1.3.6.1.4.1.2468.1.4.2.1.1.3.0|4|PDU System v1.05 (SN 1113016920004)",
    ), ("ingrasys", None, "1113016920004", None, "1.05")),
    # DigiPower PDU: model and firmware; the MAC address beside them is no serial
    "digipower": ((
        r"1.3.6.1.2.1.1.1.0|4|Switched PDU",
        r"1.3.6.1.2.1.1.2.0|6|.1.3.6.1.4.1.17420",
        r"1.3.6.1.4.1.17420.1.2.4.0|4|s4.82-091002-1cb24s",
        r"1.3.6.1.4.1.17420.1.2.9.1.19.0|4|SWV-1623K-24N1",
    ), ("digipower", "SWV-1623K-24N1", None, None, "s4.82-091002-1cb24s")),
    # Cambium ePMP: firmware and serial scalars (the model is in none)
    "epmp": ((
        r"1.3.6.1.2.1.1.1.0|4|Cambium ePMP",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.17713.21",
        r"1.3.6.1.4.1.17713.21.1.1.17.0|4|4.5.6",
        r"1.3.6.1.4.1.17713.21.1.1.31.0|4|E2NF3572D8XT",
    ), ("cambium", None, "E2NF3572D8XT", None, "4.5.6")),
    # FortiSwitch: fsSysVersion names the model and the release
    "fortiswitch": ((
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.12356.106.1.2482",
        r"1.3.6.1.4.1.12356.106.4.1.1.0|4|FortiSwitch-248D-FPOE v3.3.3,build4047,160219 (GA)",
    ), ("fortinet", "FortiSwitch-248D-FPOE", None, None, "v3.3.3,build4047,160219 (GA)")),
    # SLX-OS: SW-MIB swFirmwareVersion where the chassis row states no software
    "slxos": ((
        r"1.3.6.1.2.1.1.1.0|4|Extreme SLX9540 Switch/Router, SLX Operating System Version "
        r"20.1.1.",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.1588.3.3.1.4000",
        r"1.3.6.1.4.1.1588.2.1.1.1.1.6.0|4|v20.1.1",
    ), ("brocade", None, None, None, "v20.1.1")),
    # Enterasys: model and release in sysDescr
    "enterasys": ((
        r"1.3.6.1.2.1.1.1.0|4|Enterasys Networks, Inc. G3G124-24P Rev 06.03.08.0012",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.5624.2.1.124",
    ), ("extreme", "G3G124-24P", None, None, "06.03.08.0012")),
    # Aerohive HiveOS access point: model and release in sysDescr
    "hiveos-wireless_320_n": ((
        r"1.3.6.1.2.1.1.1.0|4|HiveAP320_n, HiveOS 6.5r9a build-194750",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.26928.1",
    ), ("extreme", "HiveAP320_n", None, "HiveOS", "6.5r9a build-194750")),
    # Data Domain: the release in sysDescr
    "datadomain": ((
        r"1.3.6.1.2.1.1.1.0|4|Data Domain OS 5.5.1.4-464376",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.19746.3.1.38",
    ), ("emc", None, None, "DD OS", "5.5.1.4-464376")),
    # a Virtual Chassis whose sysDescr names its master's model: that model
    "junos_ex4200-vc": ((
        r"1.3.6.1.2.1.1.1.0|4|Juniper Networks, Inc. ex4200-48t Ethernet Switch, kernel "
        r"JUNOS 12.3R11.2, Build date: 2015-09-24 13:01:13 UTC Copyright (c) 1996-2015 "
        r"Juniper Networks, Inc.",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2636.1.1.1.2.31",
        r"1.3.6.1.4.1.2636.3.1.2.0|4|Juniper Virtual Chassis Ethernet Switch",
        r"1.3.6.1.4.1.2636.3.1.3.0|4|BP0258337258",
    ), ("juniper", "EX4200-48T", "BP0258337258", "JUNOS", "12.3R11.2")),
    # AOS-CX as HPE Aruba Networking ("HPE ANW"): the product number
    "arubaos-cx_100gb": ((
        r"1.3.6.1.2.1.1.1.0|4|HPE ANW JL717C 8360-32Y4C v2 Switch LL.10.16.1006",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.47196.4.1.1.1.420",
    ), ("aruba", "JL717C", None, "AOS-CX", "LL.10.16.1006")),
    # ConnectUPS: two boards' firmware in xupsIdentSoftwareVersion, kept whole
    "eatonups_eaton-connectups": ((
        r"1.3.6.1.2.1.1.1.0|4|ConnectUPS Web/SNMP Card V4.36",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.534.1",
        r"1.3.6.1.4.1.534.1.1.2.0|4|PW9130 1000VA-R                 ",
        r"1.3.6.1.4.1.534.1.1.3.0|4|  FP: 0.13  INV: 1.29",
    ), ("eaton", "PW9130 1000VA-R", None, None, "FP: 0.13 INV: 1.29")),
    # Cisco UCS rack server's CIMC: the compute board's model and serial, the firmware in
    # sysDescr (recorded as hex: two lines)
    "cimc": ((
        r"1.3.6.1.2.1.1.1.0|4x|436973636f20496e7465677261746564204d616e6167656d656e7420436f"
        r"6e74726f6c6c657228436973636f20494d4329205b5543532043323230204d34530a5d2c204669726d"
        r"776172652056657273696f6e20332e302833612920436f707972696768742028632920323030382d32"
        r"3031362c20436973636f2053797374656d732c20496e632e",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9.1.2178",
        r"1.3.6.1.4.1.9.9.719.1.9.6.1.6.1|4|UCSC-C220-M4S",
        r"1.3.6.1.4.1.9.9.719.1.9.6.1.14.1|4|FCH2126720R",
    ), ("cisco", "UCSC-C220-M4S", "FCH2126720R", "CIMC", "3.0(3a)")),
    # Nokia SR OS / SAS: the release in sysDescr's TiMOS word (recorded as hex); the model
    # is the name of chassis 1's type, the serial that of the hardware row of class chassis
    # (3)
    "timos": ((
        r"1.3.6.1.2.1.1.1.0|4x|54694d4f532d432d31302e302e52342063706d2f686f7073204e6f6b696120534"
        r"1532d52203732313020436f707972696768742028632920323030302d32303138204e6f6b69612e0a416c6"
        r"c207269676874732072657365727665642e20416c6c20757365207375626a65637420746f206170706c696"
        r"361626c65206c6963656e73652061677265656d656e74732e0d0a4275696c74206f6e204d6f6e204170722"
        r"033302031323a33303a3330204953542032303138206279207361736275696c6420696e202f686f6d652f7"
        r"361736275696c642f31302e3042312f52342f70616e6f732f6d61696e",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.6527.6.2.1.2.6.1",
        r"1.3.6.1.4.1.6527.3.1.2.2.1.3.1.4.1|66|26",
        r"1.3.6.1.4.1.6527.3.1.2.2.1.6.1.2.26|4|7210 SAS-R6",
        r"1.3.6.1.4.1.6527.3.1.2.2.1.6.1.2.27|4|7210 SAS-R12",
        r"1.3.6.1.4.1.6527.3.1.2.2.1.8.1.5.1.50331649|4|NS1806C3752",
        r"1.3.6.1.4.1.6527.3.1.2.2.1.8.1.5.1.83886081|4|NS1803C7135",
        r"1.3.6.1.4.1.6527.3.1.2.2.1.8.1.7.1.50331649|2|3",
        r"1.3.6.1.4.1.6527.3.1.2.2.1.8.1.7.1.83886081|2|5",
    ), ('nokia', '7210 SAS-R6', 'NS1806C3752', 'TiMOS', '10.0.R4')),
    # Sentry PDU: the first tower's model and serial (towerTable), the firmware in systemVersion
    "sentry3": ((
        r"1.3.6.1.2.1.1.1.0|4|Sentry Switched CDU",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.1718.3",
        r"1.3.6.1.4.1.1718.3.1.1.0|4|Sentry Switched CDU Version 7.1a",
        r"1.3.6.1.4.1.1718.3.2.1.1.6.1|4|ADLH0001862",
        r"1.3.6.1.4.1.1718.3.2.1.1.7.1|4|CW-24V2C458C1",
    ), ('servertech', 'CW-24V2C458C1', 'ADLH0001862', None, '7.1a')),
    # Schleifenbauer PDU: the databus master's unit (210) picks its row of the device table
    "schleifenbauer": ((
        r"1.3.6.1.2.1.1.1.0|4|Schleifenbauer",
        r"1.3.6.1.2.1.1.2.0|6|.1.3.6.1.4.1.31034.11.1",
        r"1.3.6.1.4.1.31034.12.1.1.1.2.4.1.2.1|2|210",
        r"1.3.6.1.4.1.31034.12.1.1.2.1.1.1.2.210|2|250",
        r"1.3.6.1.4.1.31034.12.1.1.2.1.1.1.3.210|4|180821PL1736",
        r"1.3.6.1.4.1.31034.12.1.1.2.1.1.1.5.210|4|SSDCHIN1307-002",
        r"1.3.6.1.4.1.31034.12.1.1.2.1.1.1.6.210|4|SVNL00056319",
    ), ('schleifenbauer', 'SSDCHIN1307-002', 'SVNL00056319', None, '250 (180821PL1736)')),
    # Opengear: firmware and serial recorded without '.0'; the model from OG-PRODUCTS-MIB
    # (25049.1.81)
    "opengear": ((
        r"1.3.6.1.2.1.1.1.0|4|Linux TS-LAB-1 3.10.0-uc0 #1 Mon Nov 14 16:53:28 EST 2016 armv4tl",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.25049.1.81",
        r"1.3.6.1.4.1.25049.17.1.1|4|4.3.0 f5ad8650 ()",
        r"1.3.6.1.4.1.25049.17.1.2|4|70081804019547",
    ), ('opengear', 'ACM550x', '70081804019547', None, '4.3.0')),
    # Ceragon IP-20: the unit's inventory row (127) serial, IDU 1's running software; no
    # model stated
    "ceraos": ((
        r"1.3.6.1.2.1.1.1.0|4|High capacity packet radio outdoor unit",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2281.1.20.2.2",
        r"1.3.6.1.4.1.2281.10.1.2.10.1.1.6.127|4|F217305963",
        r"1.3.6.1.4.1.2281.10.4.1.13.1.1.4.1|4|9.0.0.0.0.295",
    ), ('ceragon', None, 'F217305963', None, '9.0.0.0.0.295')),
    # Aruba Instant: the model in sysDescr, the serial in the first row of the AP table
    "aruba-instant": ((
        r"1.3.6.1.2.1.1.1.0|4|ArubaOS (MODEL: 225), Version 8.4.0.0-8.4.0.0",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.14823.1.2.59",
        r"1.3.6.1.4.1.14823.2.3.3.1.2.1.1.4.112.58.14.201.194.70|4|CNBJHMV0WN",
        r"1.3.6.1.4.1.14823.2.3.3.1.2.1.1.6.112.58.14.201.194.70|4|225",
    ), ('aruba', '225', 'CNBJHMV0WN', 'ArubaOS', '8.4.0.0')),
    # Ciena SAOS: chassis part number and serial scalars, module 1's running release
    "ciena-sds": ((
        r"1.3.6.1.2.1.1.1.0|4|3942 Service Delivery Switch",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.6141.1.98",
        r"1.3.6.1.4.1.1271.2.1.2.1.2.4.2.1.2.1.1.1|4|rel_saos8700_8.7.0_ga195",
        r"1.3.6.1.4.1.1271.2.1.2.1.2.4.2.1.2.1.1.2|4|rel_saos8700_8.7.0_ga195",
        r"1.3.6.1.4.1.1271.2.1.5.1.1.3.0|4|154-8700-930",
        r"1.3.6.1.4.1.1271.2.1.5.1.1.4.0|4|M9123456",
    ), ('ciena', '154-8700-930', 'M9123456', 'SAOS', 'rel_saos8700_8.7.0_ga195')),
    # Socomec NetVision: the UPS's model and serial, the card's version out of 'Net Vision 8 v8.00'
    "socomec-ups": ((
        r"1.3.6.1.2.1.1.1.0|4|NetVision-8",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.4555.1.1.7",
        r"1.3.6.1.4.1.4555.1.1.7.1.1.1.0|4|NETYS RT",
        r"1.3.6.1.4.1.4555.1.1.7.1.1.2.0|4|2D22451188",
        r"1.3.6.1.4.1.4555.1.1.7.1.1.5.0|4|Net Vision 8 v8.00",
    ), ('socomec', 'NETYS RT', '2D22451188', None, '8.00')),
    # ICT distribution panel: model and firmware scalars
    "ict-pdu": ((
        r"1.3.6.1.2.1.1.1.0|4|ICT Distribution Panel",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.39145.10",
        r"1.3.6.1.4.1.39145.10.1.0|4|ICT180S-12BRCP",
        r"1.3.6.1.4.1.39145.10.4.0|4|2.08",
    ), ('ict', 'ICT180S-12BRCP', None, None, '2.08')),
    # ATS Smart II card (enterprise 37662, no vendor name): the model in atsIdent, the
    # card's serial in sysDescr
    "ats": ((
        r"1.3.6.1.2.1.1.1.0|4|SNMP Smart II Card v1.05 (SN 11230031806015)",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.37662.1.2.2.1",
        r"1.3.6.1.4.1.37662.1.2.2.1.1.1.4.0|4|ATS11747",
    ), ('enterprise-37662', 'ATS11747', '11230031806015', None, None)),
    # PowerWalker card (PPC, 935.10.1): the UPS's firmware
    "powerwalker": ((
        r"1.3.6.1.2.1.1.1.0|4|Network Management Card for UPS",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.935.10.1",
        r"1.3.6.1.4.1.935.10.1.1.1.3.0|4|05616-0600",
    ), ('phoenixtec', None, None, None, '05616-0600')),
    # Pure Storage FlashArray: model, Purity and its release in sysDescr
    "purestorage": ((
        r"1.3.6.1.2.1.1.1.0|4|Pure Storage MercuryB, Purity//FA 6.5.6",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.40482",
    ), ('pure-storage', 'MercuryB', None, 'Purity//FA', '6.5.6')),
    # Asentria SiteBoss: model and release in sysDescr
    "siteboss": ((
        r"1.3.6.1.2.1.1.1.0|4|SiteBoss 530 2.10.540 STD",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.3052.12.3.2 ",
    ), ('asentria', 'SiteBoss 530', None, None, '2.10.540')),
    # HW group STE2: the model with its hardware release, and 'fw:' in sysDescr
    "hwg-ste2": ((
        r"1.3.6.1.2.1.1.1.0|4|STE2 r2, fw:1.5.5_2394",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.21796.4.9",
    ), ('hw-group', 'STE2 r2', None, None, '1.5.5_2394')),
    # Sinetica UPSController: the card's OS release and hardware in sysDescr
    "sinetica": ((
        r"1.3.6.1.2.1.1.1.0|4|Sinetica UPSController. Versions: App. 6.04.03,   OS 6.3,   Btldr "
        r"1.06.09,   H/w ZBBNC2 Rev 1.01.06",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.13891.101",
    ), ('sinetica', 'ZBBNC2', None, None, '6.3')),
    # OmniSwitch AOS 6: a release of four numbers before '.R04'
    "aos6": ((
        r"1.3.6.1.2.1.1.1.0|4|Alcatel-Lucent OS6350-P24 6.7.1.108.R04 Service Release, January 0"
        r"4, 2017.",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.6486.800.1.1.2.1.13.1.2",
        r"1.3.6.1.2.1.47.1.1.1.1.5.1|2|9",
        r"1.3.6.1.2.1.47.1.1.1.1.5.569|2|3",
        r"1.3.6.1.2.1.47.1.1.1.1.11.1|4|V02Q0224",
        r"1.3.6.1.2.1.47.1.1.1.1.11.569|4|V02Q0224",
        r"1.3.6.1.2.1.47.1.1.1.1.13.1|4|OS6350-P24",
        r"1.3.6.1.2.1.47.1.1.1.1.13.569|4|OS6350-P24",
    ), ('alcatel-lucent', 'OS6350-P24', 'V02Q0224', 'AOS', '6.7.1.108.R04')),
    # Cyberoam / Sophos SFOS: key (serial), model and firmware scalars
    "cyberoam-utm": ((
        r"1.3.6.1.2.1.1.1.0|4|Cyberoam cloud partitio",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.21067.2",
        r"1.3.6.1.4.1.21067.2.1.1.1.0|4|C01001GF24TPDE1",
        r"1.3.6.1.4.1.21067.2.1.1.2.0|4|SFVH_SO01",
        r"1.3.6.1.4.1.21067.2.1.1.3.0|4|SFOS 17.5.5 MR-5",
    ), ('cyberoam', 'SFVH_SO01', 'C01001GF24TPDE1', None, '17.5.5 MR-5')),
    # Raisecom: the hardware scalar is the model and its release ('version A.02')
    "raisecom": ((
        r"1.3.6.1.2.1.1.1.0|4|ROAP  Version ISCOM5508-EPSC_ROAP_2.61.3(a)_20161019.(Compiled Oct"
        r" 19 2016, 19:12:24)",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8886.18.4.10",
        r"1.3.6.1.4.1.8886.6.1.1.1.1.0|4|8.2.29_20180611",
        r"1.3.6.1.4.1.8886.6.1.1.1.2.0|4|RAX711-C-DC/D-02 version A.02",
        r"1.3.6.1.4.1.8886.6.1.1.1.14.0|4|123002030702S18B08S0001G",
    ), ('raisecom', 'RAX711-C-DC/D-02', '123002030702S18B08S0001G', None, '8.2.29_20180611')),
    # Hillstone StoneOS: the model in sysDescr, the release in the version scalar
    "stoneos": ((
        r"1.3.6.1.2.1.1.1.0|4|Hillstone Security Appliance SG-6000-E3965",
        r"1.3.6.1.2.1.1.2.0|6|.1.3.6.1.4.1.28557.1.126",
        r"1.3.6.1.4.1.28557.2.2.1.2.0|4|Version 5.5 SG6000-M-2-5.5R3P7.bin 2017/11/08 15:33:42",
    ), ('hillstone', 'SG-6000-E3965', None, 'StoneOS', '5.5')),
    # bintec elmeg: product, serial and firmware line in BIANCA-BRICK-MIB
    "bintec-beip-plus": ((
        r"1.3.6.1.2.1.1.1.0|4|be.IP plus",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.272.4.201.66.69.50.48.0.0",
        r"1.3.6.1.4.1.272.4.1.17.1.5.0.0.0|4|be.IP plus",
        r"1.3.6.1.4.1.272.4.1.17.1.8.0.0.0|4|BE2CAM019320050",
        r"1.3.6.1.4.1.272.4.1.26.0|4|V.10.2.9.102 IPv6, IPSec, PBX from 2021/03/16 00:00:00",
    ), ('bintec', 'be.IP plus', 'BE2CAM019320050', None, 'V.10.2.9.102')),
    # Pacific Broadband Networks: model, release and serial in a multi-line sysDescr (hex)
    "pbn": ((
        r"1.3.6.1.2.1.1.1.0|4x|506163696669632042726F616462616E64204E6574776F726B7320496E7465726"
        r"E6574776F726B204F7065726174696E672053797374656D20536F6674776172650D0A414F434D333934382"
        r"053657269657320536F6674776172652C2056657273696F6E20322E312E3043204275696C6420313534313"
        r"92C2052454C4541534520534F4654574152450D0A436F6D70696C65643A20323031332D31312D313120313"
        r"43A35353A3131206279205359530D0A524F4D3A2053797374656D20426F6F7473747261702C20566572736"
        r"96F6E20302E342E330D0A53657269616C206E756D3A4130303030303030302C204944206E756D3A3131313"
        r"131313131",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.11606.25.1.219.0",
    ), ('pbn', 'AOCM3948', 'A00000000', None, '2.1.0C Build 15419')),
    # C-Data OLT: sysDescr is the host name; serial and software in their MIB, no model
    "cdata": ((
        r"1.3.6.1.2.1.1.1.0|4|zaporojskoe-olt",
        r"1.3.6.1.2.1.1.2.0|6|.1.3.6.1.4.1.17409",
        r"1.3.6.1.4.1.17409.2.3.1.1.13.0|4|AF2101-1901000029",
        r"1.3.6.1.4.1.34592.1.3.1.5.2.1.1.5.0|4|4.2.7.58",
    ), ('enterprise-17409', None, 'AF2101-1901000029', None, '4.2.7.58')),
    # Huawei YunShan OS: 'HUAWEI CloudEngine S6750-H' names the model, not the series in
    # parentheses (S6700)
    "yunshan": ((
        r"1.3.6.1.2.1.1.1.0|4x|224875617765692059756e5368616e204f530a56657273696f6e20312e32342e3"
        r"02e312028533637303020563630305230323443303053504331303029200d0a436f7079726967687420284"
        r"32920323032312d323032342048756177656920546563686e6f6c6f6769657320436f2e2c204c74642e200"
        r"d0a48554157454920436c6f7564456e67696e652053363735302d48200d0a22",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2011.2.23.1247",
        r"1.3.6.1.2.1.47.1.1.1.1.2.16777216|4|CloudEngine S6750-H",
        r"1.3.6.1.2.1.47.1.1.1.1.2.16842753|4|Assembling Components,S6750-H36C,S6750-H36C,S6750-"
        r"H36C (36*100GE QSFP28 ports, without power module)",
        r"1.3.6.1.2.1.47.1.1.1.1.4.16777216|2|0",
        r"1.3.6.1.2.1.47.1.1.1.1.4.16842753|2|16842752",
        r"1.3.6.1.2.1.47.1.1.1.1.5.16777216|2|3",
        r"1.3.6.1.2.1.47.1.1.1.1.5.16842753|2|9",
        r"1.3.6.1.2.1.47.1.1.1.1.7.16777216|4|CloudEngine S6750-H",
        r"1.3.6.1.2.1.47.1.1.1.1.7.16842753|4|S6750-H36C 1",
        r"1.3.6.1.2.1.47.1.1.1.1.8.16777216|4|",
        r"1.3.6.1.2.1.47.1.1.1.1.8.16842753|4|CEM32CQ4BQP01 VER A",
        r"1.3.6.1.2.1.47.1.1.1.1.9.16777216|4|",
        r"1.3.6.1.2.1.47.1.1.1.1.9.16842753|4|CPLD1 ver 258, CPLD2 ver 258, CPLD3 ver 258",
        r"1.3.6.1.2.1.47.1.1.1.1.10.16777216|4|",
        r"1.3.6.1.2.1.47.1.1.1.1.10.16842753|4|V600R024C00SPC100",
        r"1.3.6.1.2.1.47.1.1.1.1.11.16777216|4|102459162713",
        r"1.3.6.1.2.1.47.1.1.1.1.11.16842753|4|102459162713",
        r"1.3.6.1.2.1.47.1.1.1.1.13.16777216|4|",
        r"1.3.6.1.2.1.47.1.1.1.1.13.16842753|4|S6750-H36C",
    ), ('huawei', 'S6750-H', '102459162713', 'YunShan OS', 'V600R024C00SPC100')),
    # CIMC on an M6 (BE6K-M6-K9): the compute board answers at instance 0, not 1
    "cimc_1": ((
        r"1.3.6.1.2.1.1.1.0|4|Cisco Integrated Management Controller(Cisco IMC) BE6K-M6-K9, Firm"
        r"ware Version 4.3(4.240152), Copyright (c) 2008-2024, Cisco Systems, Inc.",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9.1.3100",
        r"1.3.6.1.4.1.9.9.719.1.9.6.1.6.0|4|UCSC-C220-M6S",
        r"1.3.6.1.4.1.9.9.719.1.9.6.1.14.0|4|WMP2224X0KR",
    ), ('cisco', 'UCSC-C220-M6S', 'WMP2224X0KR', 'CIMC', '4.3(4.240152)')),
    # PowerVault MD array: model and serial in its identity group (674.10893.2.31.500.1)
    "dell-powervault": ((
        r"1.3.6.1.2.1.1.1.0|4|DELL     MD38xxi          0123",
        r"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.674.10893.2.31",
        r"1.3.6.1.4.1.674.10893.2.31.500.1.3.0|4|ABCD123",
        r"1.3.6.1.4.1.674.10893.2.31.500.1.5.0|4|MD38xxi",
    ), ('dell', 'MD38xxi', 'ABCD123', None, None)),
}


@pytest.mark.parametrize("case", sorted(LIBRENMS_LINES))
def test_librenms_recorded_lines_give_the_stated_facts(case: str) -> None:
    lines, expected = LIBRENMS_LINES[case]
    f = facts_from_walk(parse_lines(lines))
    assert (f.vendor, f.model, f.serial, f.os, f.os_version) == expected


def test_cisco_wlc_inventory_group() -> None:
    """snmpsim-data network/appliance/cisco-controller (AIR-CT5508-K9), its ENTITY rows left
    out: AIRESPACE-SWITCHING-MIB states model, serial and release."""
    f = facts_from_walk(parse_lines((
        "1.3.6.1.2.1.1.1.0|4x|436973636f20436f6e74726f6c6c6572",
        "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9.1.1069",
        "1.3.6.1.4.1.14179.1.1.1.3.0|4x|4149522d4354353530382d4b39",
        "1.3.6.1.4.1.14179.1.1.1.4.0|4|FCW1430L0CZ",
        "1.3.6.1.4.1.14179.1.1.1.14.0|4x|372e362e3133302e30",
    )))
    assert (f.vendor, f.model, f.serial, f.os, f.os_version) == (
        "cisco", "AIR-CT5508-K9", "FCW1430L0CZ", "AireOS", "7.6.130.0")


def test_vendor_mib_on_a_net_snmp_agent_only_names_its_own_vendor() -> None:
    """A plain Linux box keeps net-snmp; a placeholder in Synology's MIB names nothing."""
    descr = "1.3.6.1.2.1.1.1.0|4|Linux some.host.name 4.9.0 #1 SMP Mon Dec 12 x86_64"
    oid = "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10"
    assert facts_from_walk(parse_lines((descr, oid))).vendor == "net-snmp"
    unknown = "1.3.6.1.4.1.6574.1.5.1.0|4|unknown"
    assert facts_from_walk(parse_lines((descr, oid, unknown))).vendor == "net-snmp"


def test_first_rows_take_the_lowest_index_numerically() -> None:
    from netmon.collectors.snmp.parse import first_rows
    from netmon.collectors.snmp.values import SnmpValue

    rows = {"10": SnmpValue("octets", b"ten"), "9": SnmpValue("octets", b"nine"),
            "2.1": SnmpValue("nosuchinstance", None)}
    assert first_rows({"1.2.3": rows}) == {"1.2.3": rows["9"]}
    assert first_rows({"1.2.3": {}}) == {}


@pytest.mark.parametrize(("lines", "model", "model_descr"), [
    # arubaos-cx: the chassis row's entPhysicalDescr
    (("1.3.6.1.2.1.1.1.0|4|Aruba JL635A 8325 GL.10.04.2000",
      "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.47196.4.1.1.1.50",
      "1.3.6.1.2.1.47.1.1.1.1.2.1|4|Aruba 8325 1-slot Chassis",
      "1.3.6.1.2.1.47.1.1.1.1.5.1|2|3",
      "1.3.6.1.2.1.47.1.1.1.1.13.1|4|JL635A"),
     "JL635A", "Aruba 8325 1-slot Chassis"),
    # arubaos-cx_nac: no ENTITY rows; the words between the product number and the release
    (("1.3.6.1.2.1.1.1.0|4|Aruba JL679A 6100 12G CL4 2SFP+ 139W Swch PL.10.08.1050",
      "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.47196.4.1.1.1.254"),
     "JL679A", "6100 12G CL4 2SFP+ 139W Swch"),
    # junos_vmx: jnxBoxDescr
    (("1.3.6.1.2.1.1.1.0|4|Juniper Networks, Inc. vmx internet router, kernel JUNOS 18.2R1.9, "
      "Build date: 2018-06-28 04:23:52 UTC Copyright (c) 1996-2018 Juniper Networks, Inc.",
      "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2636.1.1.1.2.108",
      "1.3.6.1.4.1.2636.3.1.2.0|4|Juniper VMX Internet Backbone Router"),
     "VMX", "Juniper VMX Internet Backbone Router"),
    # arubaos-cx_10.07: a VSF stack: the stack row's description, not the member's
    (("1.3.6.1.2.1.1.1.0|4|Aruba JL727A 6200F 48G CL4 4SFP+370W Swch ML.10.07.0005",
      "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.47196.4.1.1.1.303",
      "1.3.6.1.2.1.47.1.1.1.1.2.1|4|Aruba 6200 VSF Stack",
      "1.3.6.1.2.1.47.1.1.1.1.4.1|2|0",
      "1.3.6.1.2.1.47.1.1.1.1.5.1|2|11",
      "1.3.6.1.2.1.47.1.1.1.1.13.1|4|JL727A",
      "1.3.6.1.2.1.47.1.1.1.1.2.101001|4|6200F 48G Class4 PoE 4SFP+ 370W Switch",
      "1.3.6.1.2.1.47.1.1.1.1.4.101001|2|1",
      "1.3.6.1.2.1.47.1.1.1.1.5.101001|2|3",
      "1.3.6.1.2.1.47.1.1.1.1.13.101001|4|JL727A"),
     "JL727A", "Aruba 6200 VSF Stack"),
    # dnos: the chassis row is the MXL platform's, not the S4048-ON's: no description
    (("1.3.6.1.2.1.1.1.0|4|Dell Networking OS Operating System Version: 2.0 Application "
      "Software Version: 9.9(0.0P9) Series: S4048-ON Copyright (c) 1999-2015 by Dell Inc. "
      "All Rights Reserved. Build Time: Thu Feb  4 06:57:34 2016",
      "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.6027.1.3.20",
      "1.3.6.1.2.1.47.1.1.1.1.2.2|4|PowerConnect MXL-10/40GbE",
      "1.3.6.1.2.1.47.1.1.1.1.5.2|2|3",
      "1.3.6.1.2.1.47.1.1.1.1.13.2|4|DELL MXL 10/40GbE"),
     "S4048-ON", None),
    # fabos: the chassis row's description is the model itself (its model column an
    # assembly number): nothing more to say
    (("1.3.6.1.2.1.1.1.0|4|Fibre Channel Switch.",
      "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.1588.2.1.1.1",
      "1.3.6.1.2.1.47.1.1.1.1.2.1|4|DS_6520B",
      "1.3.6.1.2.1.47.1.1.1.1.5.1|2|3",
      "1.3.6.1.2.1.47.1.1.1.1.13.1|4|40-1000832-08"),
     "DS_6520B", None),
])
def test_model_descr_the_vendors_words_for_the_model(
        lines: tuple[str, ...], model: str, model_descr: str | None) -> None:
    f = facts_from_walk(parse_lines(lines))
    assert (f.model, f.model_descr) == (model, model_descr)


@pytest.mark.parametrize("text", [
    None, "", "   ", "JL635A", "jl635a", "0x" + "3030" * 20, "1234/5678", "x" * 129, "a\x01b",
    "Stack", "Chassis"])
def test_model_description_says_nothing_it_cannot(text: str | None) -> None:
    from netmon.collectors.observation import model_description
    assert model_description(text, "JL635A") is None


def test_model_description_keeps_the_words_with_single_spaces() -> None:
    from netmon.collectors.observation import model_description
    assert model_description("  Aruba 8325   1-slot Chassis ", "JL635A") == \
        "Aruba 8325 1-slot Chassis"


def test_table_values_keep_every_row_under_its_oid_and_the_first_under_the_column() -> None:
    from netmon.collectors.snmp.parse import table_values
    from netmon.collectors.snmp.values import SnmpValue

    rows = {"210": SnmpValue("octets", b"master"), "12": SnmpValue("octets", b"slave"),
            "3": SnmpValue("nosuchinstance", None)}
    assert table_values({"1.2.3": rows}) == {
        "1.2.3": rows["12"], "1.2.3.12": rows["12"], "1.2.3.210": rows["210"]}


def test_nokia_serial_is_the_chassis_class_row_not_the_first_row() -> None:
    """tmnxHwClass 3 (chassis) picks the serial wherever the row sits in the table."""
    from netmon.collectors.snmp import oids
    from netmon.collectors.snmp.clues import DeviceClues
    from netmon.collectors.snmp.family_carrier import nokia

    extra: dict[str, str | None] = {
        f"{oids.TMNX_HW_CLASS}.1.1": "5", f"{oids.TMNX_HW_SERIAL}.1.1": "CARD1",
        f"{oids.TMNX_HW_CLASS}.1.9": "3", f"{oids.TMNX_HW_SERIAL}.1.9": "CHASSIS9",
        oids.TMNX_CHASSIS_TYPE: "27", f"{oids.TMNX_CHASSIS_TYPE_NAME}.27": "7210 SAS-R12"}
    found = nokia(DeviceClues("TiMOS-B-9.0.R1 both/hops", None, extra=extra))
    assert (found.model, found.serial, found.os_version) == ("7210 SAS-R12", "CHASSIS9", "9.0.R1")
