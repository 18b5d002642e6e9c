"""The numeric OIDs netmon reads (no MIB lookups: only base MIBs ship with pysnmp)."""

from __future__ import annotations

from typing import Final

SYS_DESCR: Final = "1.3.6.1.2.1.1.1.0"
SYS_OBJECT_ID: Final = "1.3.6.1.2.1.1.2.0"
SYS_UPTIME: Final = "1.3.6.1.2.1.1.3.0"
SYS_CONTACT: Final = "1.3.6.1.2.1.1.4.0"
SYS_NAME: Final = "1.3.6.1.2.1.1.5.0"
SYS_LOCATION: Final = "1.3.6.1.2.1.1.6.0"
SYSTEM: Final = (SYS_DESCR, SYS_OBJECT_ID, SYS_UPTIME, SYS_CONTACT, SYS_NAME, SYS_LOCATION)

_IF = "1.3.6.1.2.1.2.2.1."
IF_INDEX: Final = _IF + "1"
IF_DESCR: Final = _IF + "2"
IF_TYPE: Final = _IF + "3"
IF_SPEED: Final = _IF + "5"
IF_PHYS_ADDRESS: Final = _IF + "6"
IF_ADMIN_STATUS: Final = _IF + "7"
IF_OPER_STATUS: Final = _IF + "8"
IF_IN_OCTETS: Final = _IF + "10"
IF_IN_ERRORS: Final = _IF + "14"
IF_OUT_OCTETS: Final = _IF + "16"
IF_OUT_ERRORS: Final = _IF + "20"
IF_TABLE: Final = (IF_INDEX, IF_DESCR, IF_TYPE, IF_SPEED, IF_PHYS_ADDRESS, IF_ADMIN_STATUS,
                   IF_OPER_STATUS, IF_IN_OCTETS, IF_IN_ERRORS, IF_OUT_OCTETS, IF_OUT_ERRORS)

_IFX = "1.3.6.1.2.1.31.1.1.1."
IF_NAME: Final = _IFX + "1"
IF_HC_IN_OCTETS: Final = _IFX + "6"
IF_HC_OUT_OCTETS: Final = _IFX + "10"
IF_HIGH_SPEED: Final = _IFX + "15"
IF_ALIAS: Final = _IFX + "18"
IFX_TABLE: Final = (IF_NAME, IF_HC_IN_OCTETS, IF_HC_OUT_OCTETS, IF_HIGH_SPEED, IF_ALIAS)

_ENT = "1.3.6.1.2.1.47.1.1.1.1."
ENT_DESCR: Final = _ENT + "2"
ENT_CONTAINED_IN: Final = _ENT + "4"
ENT_CLASS: Final = _ENT + "5"
ENT_NAME: Final = _ENT + "7"
ENT_HARDWARE_REV: Final = _ENT + "8"
ENT_FIRMWARE_REV: Final = _ENT + "9"
ENT_SOFTWARE_REV: Final = _ENT + "10"
ENT_SERIAL: Final = _ENT + "11"
ENT_MODEL: Final = _ENT + "13"
ENT_TABLE: Final = (ENT_DESCR, ENT_CONTAINED_IN, ENT_CLASS, ENT_NAME, ENT_HARDWARE_REV,
                    ENT_FIRMWARE_REV, ENT_SOFTWARE_REV, ENT_SERIAL, ENT_MODEL)

# Vendor scalars, fetched in one GET only for the vendor that has them.
CISCO_CHASSIS_ID: Final = "1.3.6.1.4.1.9.3.6.3.0"  # OLD-CISCO-CHASSIS-MIB chassisId (serial)
JNX_BOX_DESCR: Final = "1.3.6.1.4.1.2636.3.1.2.0"
JNX_BOX_SERIAL: Final = "1.3.6.1.4.1.2636.3.1.3.0"
MTXR_SOFTWARE: Final = "1.3.6.1.4.1.14988.1.1.4.4.0"  # mtxrLicVersion
MTXR_SERIAL: Final = "1.3.6.1.4.1.14988.1.1.7.3.0"
MTXR_FIRMWARE: Final = "1.3.6.1.4.1.14988.1.1.7.4.0"
MTXR_BOARD: Final = "1.3.6.1.4.1.14988.1.1.7.8.0"
HP_SERIAL: Final = "1.3.6.1.4.1.11.2.36.1.1.2.9.0"  # hpHttpMgSerialNumber

# CISCO-IMAGE-MIB ciscoImageString: "CW_VERSION$12.1(8)EA1c$" and friends. A table, but
# a short one that starts at 1 on every IOS image: its first rows are read as scalars.
CISCO_IMAGE_STRINGS: Final = tuple(f"1.3.6.1.4.1.9.9.25.1.1.1.2.{i}" for i in range(1, 9))

# Servers: the vendor's management agent names the box, also on Windows/ESXi/Linux hosts.
CPQ_SERIAL: Final = "1.3.6.1.4.1.232.2.2.2.1.0"  # CPQSINFO cpqSiSysSerialNum
CPQ_PRODUCT: Final = "1.3.6.1.4.1.232.2.2.4.2.0"  # CPQSINFO cpqSiProductName
DELL_OM_MODEL: Final = "1.3.6.1.4.1.674.10892.1.300.10.1.9.1"  # chassisModelName.1
DELL_OM_SERVICE_TAG: Final = "1.3.6.1.4.1.674.10892.1.300.10.1.11.1"  # chassisServiceTagName.1
IDRAC_FIRMWARE: Final = "1.3.6.1.4.1.674.10892.5.1.1.8.0"  # IDRAC-MIB racFirmwareVersion
IDRAC_SERVICE_TAG: Final = "1.3.6.1.4.1.674.10892.5.1.3.2.0"  # systemServiceTag
IDRAC_MODEL: Final = "1.3.6.1.4.1.674.10892.5.1.3.12.0"  # systemModelName
DRS_PRODUCT: Final = "1.3.6.1.4.1.674.10892.2.1.1.2.0"  # DELL-RAC-MIB drsProductShortName
DRS_SERVICE_TAG: Final = "1.3.6.1.4.1.674.10892.2.1.1.11.0"  # drsSystemServiceTag
DRS_FIRMWARE: Final = "1.3.6.1.4.1.674.10892.2.1.2.1.0"  # drsFirmwareVersion
VMW_PROD_VERSION: Final = "1.3.6.1.4.1.6876.1.2.0"  # VMWARE-SYSTEM-MIB vmwProdVersion
SERVER_AGENTS: Final = (CPQ_SERIAL, CPQ_PRODUCT, DELL_OM_MODEL, DELL_OM_SERVICE_TAG)

# Power: UPS-MIB upsIdent (RFC 1628) and the vendors' own ident groups.
UPS_MODEL: Final = "1.3.6.1.2.1.33.1.1.2.0"  # upsIdentModel
UPS_SOFTWARE: Final = "1.3.6.1.2.1.33.1.1.3.0"  # upsIdentUPSSoftwareVersion
UPS_IDENT: Final = (UPS_MODEL, UPS_SOFTWARE)
XUPS_MODEL: Final = "1.3.6.1.4.1.534.1.1.2.0"  # XUPS-MIB xupsIdentModel
XUPS_SOFTWARE: Final = "1.3.6.1.4.1.534.1.1.3.0"  # xupsIdentSoftwareVersion
MGE_FAMILY: Final = "1.3.6.1.4.1.705.1.1.1.0"  # MG-SNMP-UPS-MIB upsmgIdentFamilyName
MGE_MODEL: Final = "1.3.6.1.4.1.705.1.1.2.0"  # upsmgIdentModelName
MGE_FIRMWARE: Final = "1.3.6.1.4.1.705.1.1.4.0"  # upsmgIdentFirmwareVersion
MGE_SERIAL: Final = "1.3.6.1.4.1.705.1.1.7.0"  # upsmgIdentSerialNumber
APC_UPS_MODEL: Final = "1.3.6.1.4.1.318.1.1.1.1.1.1.0"  # PowerNet upsBasicIdentModel
APC_UPS_FIRMWARE: Final = "1.3.6.1.4.1.318.1.1.1.1.2.1.0"  # upsAdvIdentFirmwareRevision
APC_UPS_SERIAL: Final = "1.3.6.1.4.1.318.1.1.1.1.2.3.0"  # upsAdvIdentSerialNumber
APC_PDU_FIRMWARE: Final = "1.3.6.1.4.1.318.1.1.12.1.3.0"  # rPDUIdentFirmwareRevision
APC_PDU_MODEL: Final = "1.3.6.1.4.1.318.1.1.12.1.5.0"  # rPDUIdentModelNumber
APC_PDU_SERIAL: Final = "1.3.6.1.4.1.318.1.1.12.1.6.0"  # rPDUIdentSerialNumber

# Access gear that states its firmware only in RMON-MIB probeSoftwareRev ("Build 4.04.004").
RMON_PROBE_SOFTWARE: Final = "1.3.6.1.2.1.16.19.2.0"
DLINK_SERIAL: Final = "1.3.6.1.4.1.171.12.1.1.12.0"  # DLINK-AGENT-MIB agentSerialNumber
ZTE_SYS_MODEL: Final = "1.3.6.1.4.1.3902.15.2.30.1.6.0"  # ZXR10 switch: product name
ZTE_SYS_VERSION: Final = "1.3.6.1.4.1.3902.15.2.30.1.25.0"  # ZXR10 switch: software version
FG_SYS_VERSION: Final = "1.3.6.1.4.1.12356.101.4.1.1.0"  # FORTINET-FORTIGATE-MIB fgSysVersion
FN_SYS_SERIAL: Final = "1.3.6.1.4.1.12356.100.1.1.1.0"  # FORTINET-CORE-MIB fnSysSerial

VENDOR_SCALARS: Final[dict[str, tuple[str, ...]]] = {
    "cisco": (CISCO_CHASSIS_ID, *CISCO_IMAGE_STRINGS),
    "juniper": (JNX_BOX_DESCR, JNX_BOX_SERIAL),
    "mikrotik": (MTXR_SOFTWARE, MTXR_SERIAL, MTXR_FIRMWARE, MTXR_BOARD),
    "hpe": (HP_SERIAL, CPQ_SERIAL, CPQ_PRODUCT),
    "dell": (IDRAC_FIRMWARE, IDRAC_SERVICE_TAG, IDRAC_MODEL, DRS_PRODUCT, DRS_SERVICE_TAG,
             DRS_FIRMWARE, DELL_OM_MODEL, DELL_OM_SERVICE_TAG),
    "microsoft": SERVER_AGENTS,
    "net-snmp": SERVER_AGENTS,
    "vmware": (VMW_PROD_VERSION, *SERVER_AGENTS),
    "eaton": (XUPS_MODEL, XUPS_SOFTWARE, MGE_FAMILY, MGE_MODEL, MGE_FIRMWARE, MGE_SERIAL,
              *UPS_IDENT),
    "apc": (APC_UPS_MODEL, APC_UPS_FIRMWARE, APC_UPS_SERIAL, APC_PDU_FIRMWARE, APC_PDU_MODEL,
            APC_PDU_SERIAL),
    "vertiv": UPS_IDENT,
    "phoenixtec": UPS_IDENT,
    "d-link": (RMON_PROBE_SOFTWARE, DLINK_SERIAL),
    "zte": (ZTE_SYS_MODEL, ZTE_SYS_VERSION),
    "fortinet": (FG_SYS_VERSION, FN_SYS_SERIAL),
}
