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
# jnxVirtualChassisMemberSWVersion of member 0: the release when sysDescr holds none (a
# Virtual Chassis whose sysDescr is set to a host name).
JNX_VC_MEMBER0_VERSION: Final = "1.3.6.1.4.1.2636.3.40.1.4.1.1.1.5.0"
MTXR_SOFTWARE: Final = "1.3.6.1.4.1.14988.1.1.4.4.0"  # mtxrLicVersion
MTXR_SERIAL: Final = "1.3.6.1.4.1.14988.1.1.7.3.0"
MTXR_FIRMWARE: Final = "1.3.6.1.4.1.14988.1.1.7.4.0"
MTXR_BOARD: Final = "1.3.6.1.4.1.14988.1.1.7.8.0"
HP_SERIAL: Final = "1.3.6.1.4.1.11.2.36.1.1.2.9.0"  # hpHttpMgSerialNumber

# Cisco wireless LAN controllers (AireOS): AIRESPACE-SWITCHING-MIB agentInventoryGroup.
AIRESPACE_MODEL: Final = "1.3.6.1.4.1.14179.1.1.1.3.0"  # agentInventoryMachineModel
AIRESPACE_SERIAL: Final = "1.3.6.1.4.1.14179.1.1.1.4.0"  # agentInventorySerialNumber
AIRESPACE_VERSION: Final = "1.3.6.1.4.1.14179.1.1.1.14.0"  # agentInventoryProductVersion
AIRESPACE: Final = (AIRESPACE_MODEL, AIRESPACE_SERIAL, AIRESPACE_VERSION)

# Cisco UCS rack servers' CIMC: CISCO-UNIFIED-COMPUTING-COMPUTE-MIB, the compute board's
# model and serial (cucsComputeBoardModel, cucsComputeBoardSerial). The board's instance
# is 1 on the M4 recorded, 0 on the M6: both are asked for, 1 first.
CUCS_BOARD_MODELS: Final = ("1.3.6.1.4.1.9.9.719.1.9.6.1.6.1", "1.3.6.1.4.1.9.9.719.1.9.6.1.6.0")
CUCS_BOARD_SERIALS: Final = ("1.3.6.1.4.1.9.9.719.1.9.6.1.14.1",
                             "1.3.6.1.4.1.9.9.719.1.9.6.1.14.0")

# CISCO-IMAGE-MIB ciscoImageString: "CW_VERSION$12.1(8)EA1c$" and friends. A table, but
# a short one that starts at 1 on every IOS image: its first rows are read as scalars.
CISCO_IMAGE_STRINGS: Final = tuple(f"1.3.6.1.4.1.9.9.25.1.1.1.2.{i}" for i in range(1, 9))

# Servers: the vendor's management agent names the box, also on Windows/ESXi/Linux hosts.
CPQ_SERIAL: Final = "1.3.6.1.4.1.232.2.2.2.1.0"  # CPQSINFO cpqSiSysSerialNum
CPQ_PRODUCT: Final = "1.3.6.1.4.1.232.2.2.4.2.0"  # CPQSINFO cpqSiProductName
DELL_OM_MODEL: Final = "1.3.6.1.4.1.674.10892.1.300.10.1.9.1"  # chassisModelName.1
DELL_OM_SERVICE_TAG: Final = "1.3.6.1.4.1.674.10892.1.300.10.1.11.1"  # chassisServiceTagName.1
# PowerConnect switches (DELL-VENDOR-MIB productIdentification): "PowerConnect 2824", "1.0.0.45"
# productIdentificationDisplayName (OS 9 names its shared platform here, "MXL": Series wins)
DELL_PC_PRODUCT: Final = "1.3.6.1.4.1.674.10895.3000.1.2.100.1.0"
DELL_PC_VERSION: Final = "1.3.6.1.4.1.674.10895.3000.1.2.100.4.0"  # productIdentificationVersion
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
APC_ATS_FIRMWARE: Final = "1.3.6.1.4.1.318.1.1.8.1.2.0"  # atsIdentFirmwareRev
APC_ATS_MODEL: Final = "1.3.6.1.4.1.318.1.1.8.1.5.0"  # atsIdentModelNumber
APC_ATS_SERIAL: Final = "1.3.6.1.4.1.318.1.1.8.1.6.0"  # atsIdentSerialNumber
# DC power-system controllers (Eaton SC200 1918.2.13, SC300 1918.2.14): the system's serial
# (system-Serial-Number) and type (system-Type, the power system's product code "SY106769").
SC_SYSTEM_SERIALS: Final = ("1.3.6.1.4.1.1918.2.13.10.10.20.0",
                            "1.3.6.1.4.1.1918.2.14.10.10.20.0")
SC_SYSTEM_TYPES: Final = ("1.3.6.1.4.1.1918.2.13.10.10.30.0",
                          "1.3.6.1.4.1.1918.2.14.10.10.30.0")
# Network cards of UPSes built by Phoenixtec (935.10.2, sold as Eaton and others): the
# ident group's model name and serial number.
PPC_SERIAL: Final = "1.3.6.1.4.1.935.10.2.1.1.1.0"
PPC_MODEL: Final = "1.3.6.1.4.1.935.10.2.1.1.2.0"

CPS_UPS_MODEL: Final = "1.3.6.1.4.1.3808.1.1.1.1.1.1.0"  # CPS-MIB upsBaseIdentModel
CPS_UPS_FIRMWARE: Final = "1.3.6.1.4.1.3808.1.1.1.1.2.1.0"  # upsAdvanceIdentFirmwareRevision
CPS_UPS_SERIAL: Final = "1.3.6.1.4.1.3808.1.1.1.1.2.3.0"  # upsAdvanceIdentSerialNumber
DELTA_UPS_MODEL: Final = "1.3.6.1.4.1.2254.2.4.1.2.0"  # DeltaUPS-MIB dupsIdentModel
DELTA_UPS_SOFTWARE: Final = "1.3.6.1.4.1.2254.2.4.1.3.0"  # dupsIdentUPSSoftwareVersion
# Huawei iBMC (2011.2.235): the server's product name and serial.
IBMC_PRODUCT: Final = "1.3.6.1.4.1.2011.2.235.1.1.1.6.0"  # HUAWEI-SERVER-IBMC-MIB deviceName
IBMC_SERIAL: Final = "1.3.6.1.4.1.2011.2.235.1.1.1.7.0"  # deviceSerialNo
# firmwareVersion of the row named "Active iBMC" (the table is indexed by the name's bytes:
# 11 = its length, then "Active iBMC" in ASCII), a fixed OID that one GET asks for.
IBMC_FIRMWARE: Final = "1.3.6.1.4.1.2011.2.235.1.1.11.50.1.4." + ".".join(
    str(b) for b in (11, *b"Active iBMC"))
# Dell UPS (DELL-SNMP-UPS-MIB productID group): name, firmware and its build, serial.
DELL_UPS_PRODUCT: Final = "1.3.6.1.4.1.674.10902.2.100.1.0"  # productIDDisplayName
DELL_UPS_VERSION: Final = "1.3.6.1.4.1.674.10902.2.100.4.0"  # productIDVersion ("01.08")
DELL_UPS_BUILD: Final = "1.3.6.1.4.1.674.10902.2.100.5.0"  # productIDBuildNumber ("0004")
DELL_UPS_SERIAL: Final = "1.3.6.1.4.1.674.10902.2.120.1.2.0"  # physicalIdentSerialNumber
# Dell PowerVault MD storage arrays (674.10893.2.31): the array's identity group (500.1):
# its serial and model ("MD38xxi", as sysDescr "DELL     MD38xxi          0123" says).
DELL_MD_SERIAL: Final = "1.3.6.1.4.1.674.10893.2.31.500.1.3.0"
DELL_MD_MODEL: Final = "1.3.6.1.4.1.674.10893.2.31.500.1.5.0"
# Liebert ITA2 UPS card (13400.2.54): model and serial.
VERTIV_ITA_MODEL: Final = "1.3.6.1.4.1.13400.2.54.1.2.0"
VERTIV_ITA_SERIAL: Final = "1.3.6.1.4.1.13400.2.54.1.3.0"
# Orvaldi UPS card (21111, on a net-snmp agent): model, serial, firmware.
ORVALDI_MODEL: Final = "1.3.6.1.4.1.21111.1.1.1.3.0"
ORVALDI_SERIAL: Final = "1.3.6.1.4.1.21111.1.1.1.4.0"
ORVALDI_FIRMWARE: Final = "1.3.6.1.4.1.21111.1.1.1.6.0"
# iPoMan PDU (2468): "PDU System v1.05 (SN 1113016920004)".
IPOMAN_IDENT: Final = "1.3.6.1.4.1.2468.1.4.2.1.1.3.0"
# DigiPower PDU (17420): model and firmware (1.2.3.0 beside them is the MAC address).
DIGIPOWER_MODEL: Final = "1.3.6.1.4.1.17420.1.2.9.1.19.0"
DIGIPOWER_FIRMWARE: Final = "1.3.6.1.4.1.17420.1.2.4.0"
# Cambium ePMP (17713.21): firmware and serial.
EPMP_FIRMWARE: Final = "1.3.6.1.4.1.17713.21.1.1.17.0"
EPMP_SERIAL: Final = "1.3.6.1.4.1.17713.21.1.1.31.0"
# FortiSwitch (FORTINET-FORTISWITCH-MIB fsSysVersion): "FortiSwitch-248D-FPOE v3.3.3,build..."
FS_SYS_VERSION: Final = "1.3.6.1.4.1.12356.106.4.1.1.0"
# Brocade SW-MIB swFirmwareVersion (Fabric OS, SLX-OS): "v20.1.1"
SW_FIRMWARE: Final = "1.3.6.1.4.1.1588.2.1.1.1.1.6.0"
# Sentry PDUs (Sentry3-MIB systemVersion): "Sentry Switched CDU Version 7.1a".
SENTRY3_VERSION: Final = "1.3.6.1.4.1.1718.3.1.1.0"
# Socomec NetVision cards (SOCOMECUPS7-MIB upsIdent): the UPS's model and serial, and the
# card's agent version ("Net Vision 8 v8.00").
SOCOMEC_UPS_MODEL: Final = "1.3.6.1.4.1.4555.1.1.7.1.1.1.0"
SOCOMEC_UPS_SERIAL: Final = "1.3.6.1.4.1.4555.1.1.7.1.1.2.0"
SOCOMEC_AGENT_VERSION: Final = "1.3.6.1.4.1.4555.1.1.7.1.1.5.0"
# ICT DC distribution panels (39145.10): model and firmware.
ICT_MODEL: Final = "1.3.6.1.4.1.39145.10.1.0"
ICT_FIRMWARE: Final = "1.3.6.1.4.1.39145.10.4.0"
# ATS "Smart II" cards (ATS_Stork MIB, atsAgent 37662.1.2.2.1): atsIdentModel.
STORK_ATS_MODEL: Final = "1.3.6.1.4.1.37662.1.2.2.1.1.1.4.0"
# Megatec/PPC UPS cards under 935.10.1 (PowerWalker and others): the UPS's firmware.
PPC_UPS_FIRMWARE: Final = "1.3.6.1.4.1.935.10.1.1.1.3.0"
# Opengear (OG-STATUSv2-MIB ogFirmwareVersion, ogSerialNumber): the agent answers these
# two without the ".0" instance, so they are asked for as recorded.
OG_FIRMWARE: Final = "1.3.6.1.4.1.25049.17.1.1"  # "4.3.0 f5ad8650 ()"
OG_SERIAL: Final = "1.3.6.1.4.1.25049.17.1.2"
# Ceragon IP-20 (MWRM-UNIT-MIB): the unit's inventory row (127) serial, and the running
# software of IDU 1 (genEquipMngSwIDUVersionsRunningVersion.1).
CERAGON_SERIAL: Final = "1.3.6.1.4.1.2281.10.1.2.10.1.1.6.127"
CERAGON_VERSION: Final = "1.3.6.1.4.1.2281.10.4.1.13.1.1.4.1"
# Ciena SAOS (CIENA-CES-CHASSIS-MIB): the chassis's part number and serial.
CIENA_CHASSIS_PART: Final = "1.3.6.1.4.1.1271.2.1.5.1.1.3.0"
CIENA_CHASSIS_SERIAL: Final = "1.3.6.1.4.1.1271.2.1.5.1.1.4.0"
# Nokia SR OS / SAS (TIMETRA-CHASSIS-MIB): tmnxChassisType of chassis 1, the index of its
# row in tmnxChassisTypeTable (below, with the hardware table).
TMNX_CHASSIS_TYPE: Final = "1.3.6.1.4.1.6527.3.1.2.2.1.3.1.4.1"
# Cyberoam / Sophos SFOS (CYBEROAM-MIB): the appliance's key (its serial), model, firmware.
CYBEROAM_APPLIANCE_KEY: Final = "1.3.6.1.4.1.21067.2.1.1.1.0"
CYBEROAM_MODEL: Final = "1.3.6.1.4.1.21067.2.1.1.2.0"
CYBEROAM_FIRMWARE: Final = "1.3.6.1.4.1.21067.2.1.1.3.0"  # "SFOS 17.5.5 MR-5"
# Raisecom (its system MIB, 8886.6.1.1.1): software version, hardware ("RAX711-C-DC/D-02 version
# A.02": model and hardware release) and serial of the device.
RAISECOM_SOFTWARE: Final = "1.3.6.1.4.1.8886.6.1.1.1.1.0"
RAISECOM_HARDWARE: Final = "1.3.6.1.4.1.8886.6.1.1.1.2.0"
RAISECOM_SERIAL: Final = "1.3.6.1.4.1.8886.6.1.1.1.14.0"
# Hillstone StoneOS (HILLSTONE-SYSTEM-MIB): "Version 5.5 SG6000-M-2-5.5R3P7.bin 2017/11/08".
HILLSTONE_VERSION: Final = "1.3.6.1.4.1.28557.2.2.1.2.0"
# bintec elmeg (BIANCA-BRICK-MIB): the firmware line "V.10.2.9.102 IPv6, IPSec, PBX from
# 2021/03/16", and the product's name and serial (row 0.0.0 of the product table).
BINTEC_SW_VERSION: Final = "1.3.6.1.4.1.272.4.1.26.0"
BINTEC_PRODUCT: Final = "1.3.6.1.4.1.272.4.1.17.1.5.0.0.0"
BINTEC_SERIAL: Final = "1.3.6.1.4.1.272.4.1.17.1.8.0.0.0"
# C-Data OLTs (sysObjectID 17409, their own MIB under 34592): the serial, and the
# software version of the system.
CDATA_SERIAL: Final = "1.3.6.1.4.1.17409.2.3.1.1.13.0"
CDATA_SOFTWARE: Final = "1.3.6.1.4.1.34592.1.3.1.5.2.1.1.5.0"
# Schleifenbauer PDUs (SCHLEIFENBAUER-DATABUS-MIB): the master unit's index in the device
# table (sdbMgmtCtrlDevUnitAddress.1), whose row (below) states the PDU.
SDB_MASTER_UNIT: Final = "1.3.6.1.4.1.31034.12.1.1.1.2.4.1.2.1"
# Check Point (CHECKPOINT-MIB svn group): the release ("R80.20"), the OS and the box.
SVN_VERSION: Final = "1.3.6.1.4.1.2620.1.6.4.1.0"  # svnVersion
SVN_OS_NAME: Final = "1.3.6.1.4.1.2620.1.6.5.1.0"  # osName ("Gaia", "SecurePlatform Pro")
SVN_APPLIANCE_PRODUCT: Final = "1.3.6.1.4.1.2620.1.6.16.7.0"  # svnApplianceProductName
SVN_APPLIANCE_SERIAL: Final = "1.3.6.1.4.1.2620.1.6.16.3.0"  # svnApplianceSerialNumber
CHECKPOINT: Final = (SVN_VERSION, SVN_OS_NAME, SVN_APPLIANCE_PRODUCT, SVN_APPLIANCE_SERIAL)

# Access gear that states its firmware only in RMON-MIB probeSoftwareRev ("Build 4.04.004").
RMON_PROBE_SOFTWARE: Final = "1.3.6.1.2.1.16.19.2.0"
DLINK_SERIAL: Final = "1.3.6.1.4.1.171.12.1.1.12.0"  # DLINK-AGENT-MIB agentSerialNumber
ZTE_SYS_MODEL: Final = "1.3.6.1.4.1.3902.15.2.30.1.6.0"  # ZXR10 switch: product name
ZTE_SYS_VERSION: Final = "1.3.6.1.4.1.3902.15.2.30.1.25.0"  # ZXR10 switch: software version
FG_SYS_VERSION: Final = "1.3.6.1.4.1.12356.101.4.1.1.0"  # FORTINET-FORTIGATE-MIB fgSysVersion
FN_SYS_SERIAL: Final = "1.3.6.1.4.1.12356.100.1.1.1.0"  # FORTINET-CORE-MIB fnSysSerial

# Appliances that run net-snmp (sysObjectID 8072) and state the box in their own MIB.
SYNO_MODEL: Final = "1.3.6.1.4.1.6574.1.5.1.0"  # SYNOLOGY-SYSTEM-MIB modelName
SYNO_SERIAL: Final = "1.3.6.1.4.1.6574.1.5.2.0"  # SYNOLOGY-SYSTEM-MIB serialNumber
SYNO_VERSION: Final = "1.3.6.1.4.1.6574.1.5.3.0"  # SYNOLOGY-SYSTEM-MIB version ("DSM 6.1-15217")
AFLTU_MODEL: Final = "1.3.6.1.4.1.41112.1.10.1.3.2.0"  # UBNT-AFLTU-MIB afLTUDevModel
AFLTU_FIRMWARE: Final = "1.3.6.1.4.1.41112.1.10.1.3.4.0"  # UBNT-AFLTU-MIB afLTUFirmwareVersion
# airFiber (UBNT-AirFIBER-MIB) and airFiber 60 / Wave radios: row 1 of their own tables.
AF_FW_VERSION: Final = "1.3.6.1.4.1.41112.1.3.2.1.40.1"  # UBNT-AirFIBER-MIB fwVersion.1
AF60_MODEL: Final = "1.3.6.1.4.1.41112.1.11.1.2.2.1"  # UBNT-AF60-MIB device row 1: model
AF60_FIRMWARE: Final = "1.3.6.1.4.1.41112.1.11.1.2.4.1"  # UBNT-AF60-MIB device row 1: firmware
APPLIANCE_AGENTS: Final = (SYNO_MODEL, SYNO_SERIAL, SYNO_VERSION, AFLTU_MODEL, AFLTU_FIRMWARE,
                           SVN_VERSION, SVN_OS_NAME, ORVALDI_MODEL, ORVALDI_SERIAL,
                           ORVALDI_FIRMWARE)

HP_DEVICE_ID: Final = "1.3.6.1.4.1.11.2.3.9.1.1.7.0"  # JetDirect gdStatusId (IEEE 1284 "MDL:")
RND_BRG_VERSION: Final = "1.3.6.1.4.1.89.2.4.0"  # RADLAN-MIB rndBrgVersion (AT-8000S agent)
TPLINK_HW_VERSION: Final = "1.3.6.1.4.1.11863.6.1.1.5.0"  # TPLINK-SYSINFO-MIB tpSysInfoHwVersion
TPLINK_SW_VERSION: Final = "1.3.6.1.4.1.11863.6.1.1.6.0"  # TPLINK-SYSINFO-MIB tpSysInfoSwVersion
TPLINK_SERIAL: Final = "1.3.6.1.4.1.11863.6.1.1.8.0"  # TPLINK-SYSINFO-MIB tpSysInfoSerialNum
ZYXEL_SW_VERSION: Final = "1.3.6.1.4.1.890.1.15.3.1.6.0"  # ZYXEL-ES-COMMON sysSwVersionString
ZYXEL_MODEL: Final = "1.3.6.1.4.1.890.1.15.3.1.11.0"  # ZYXEL-ES-COMMON sysProductModel
ZYXEL_SERIAL: Final = "1.3.6.1.4.1.890.1.15.3.1.12.0"  # ZYXEL-ES-COMMON sysProductSerialNumber
HM_ORDER_ID: Final = "1.3.6.1.4.1.248.14.2.16.1.4.0"  # HMPRIV-MGMT-SNMP-MIB hmPNIOOrderID
HM_SW_RELEASE: Final = "1.3.6.1.4.1.248.14.2.16.1.6.0"  # HMPRIV-MGMT-SNMP-MIB hmPNIOSoftwareRelease
# HMPRIV-MGMT-SNMP-MIB hmSysGroupSerialNum.1 (the first unit of the group)
HM_SYS_SERIAL: Final = "1.3.6.1.4.1.248.14.1.1.9.1.10.1"
# RUCKUS-ZD-SYSTEM-MIB (ZoneDirector) ruckusZDSystemInfo.
RUCKUS_ZD_MODEL: Final = "1.3.6.1.4.1.25053.1.2.1.1.1.1.9.0"  # ruckusZDSystemModel
RUCKUS_ZD_SERIAL: Final = "1.3.6.1.4.1.25053.1.2.1.1.1.1.15.0"  # ruckusZDSystemSerialNumber
RUCKUS_ZD_VERSION: Final = "1.3.6.1.4.1.25053.1.2.1.1.1.1.18.0"  # ruckusZDSystemVersion
# RUCKUS-UNLEASHED-SYSTEM-MIB: the ZoneDirector's system group, moved under 25053.1.15.
RUCKUS_UL_MODEL: Final = "1.3.6.1.4.1.25053.1.15.1.1.1.1.9.0"  # ruckusUnleashedSystemModel
RUCKUS_UL_SERIAL: Final = "1.3.6.1.4.1.25053.1.15.1.1.1.1.15.0"  # ...SystemSerialNumber
RUCKUS_UL_VERSION: Final = "1.3.6.1.4.1.25053.1.15.1.1.1.1.18.0"  # ...SystemVersion
SFOS_DEVICE_TYPE: Final = "1.3.6.1.4.1.2604.5.1.1.2.0"  # SFOS-FIREWALL-MIB sfosDeviceType
SFOS_FW_VERSION: Final = "1.3.6.1.4.1.2604.5.1.1.3.0"  # SFOS-FIREWALL-MIB sfosDeviceFWVersion
SFOS_APP_KEY: Final = "1.3.6.1.4.1.2604.5.1.1.4.0"  # sfosDeviceAppKey (the appliance's serial)
NS_BUILD_VERSION: Final = "1.3.6.1.4.1.5951.4.1.1.1.0"  # NS-ROOT-MIB sysBuildVersion
NS_HW_DESCR: Final = "1.3.6.1.4.1.5951.4.1.1.11.0"  # NS-ROOT-MIB sysHardwareVersionDesc
NS_HW_SERIAL: Final = "1.3.6.1.4.1.5951.4.1.1.14.0"  # NS-ROOT-MIB sysHardwareSerialNumber
# Supermicro BMCs (ATEN firmware): the board FRU's product name and serial.
ATEN_PRODUCT: Final = "1.3.6.1.4.1.21317.1.16.3.4.0"  # ATEN-IPMI-MIB FRU product name
ATEN_SERIAL: Final = "1.3.6.1.4.1.21317.1.16.3.6.0"  # ATEN-IPMI-MIB FRU product serial
ATEN_BMC_MAJOR: Final = "1.3.6.1.4.1.21317.1.5.1.0"  # ATEN-IPMI-MIB bmcMajorVesion [sic]
ATEN_BMC_MINOR: Final = "1.3.6.1.4.1.21317.1.5.2.0"  # ATEN-IPMI-MIB bmcMinorVesion [sic]

# Short vendor tables that state the device, indexed by something the poller cannot know
# before it asks (an ifIndex, a node's serial, a unit's address): walked; each column's
# first row (lowest index) is read as if it were a scalar, keyed by the column's OID, and
# every row is kept under its own OID for a rule that learns the index from another value.
DOT11_PRODUCT_NAME: Final = "1.2.840.10036.3.1.2.1.3"  # IEEE802dot11-MIB ...ProductName
DOT11_PRODUCT_VERSION: Final = "1.2.840.10036.3.1.2.1.4"  # ...manufacturerProductVersion
# RUCKUS-SZ-SYSTEM-MIB: the SmartZone controller's node table (one row per cluster node,
# indexed by its serial): the model (column 3) and the software version (column 9).
RUCKUS_SZ_NODE_MODEL: Final = "1.3.6.1.4.1.25053.1.8.1.1.1.1.1.1.3"
RUCKUS_SZ_NODE_VERSION: Final = "1.3.6.1.4.1.25053.1.8.1.1.1.1.1.1.9"
RUCKUS_SZ_SERIAL: Final = "1.3.6.1.4.1.25053.1.4.1.1.1.15.13.0"  # the controller's serial
# Sentry3-MIB towerTable: the first tower (the PDU a link-up chain is managed through).
SENTRY3_TOWER_SERIAL: Final = "1.3.6.1.4.1.1718.3.2.1.1.6"  # towerProductSN
SENTRY3_TOWER_MODEL: Final = "1.3.6.1.4.1.1718.3.2.1.1.7"  # towerModelNumber
# SCHLEIFENBAUER-DATABUS-MIB sdbDevIdTable, one row per unit on the databus: firmware
# version, its build, product code and serial.
SDB_DEV_FIRMWARE: Final = "1.3.6.1.4.1.31034.12.1.1.2.1.1.1.2"
SDB_DEV_BUILD: Final = "1.3.6.1.4.1.31034.12.1.1.2.1.1.1.3"
SDB_DEV_PRODUCT: Final = "1.3.6.1.4.1.31034.12.1.1.2.1.1.1.5"
SDB_DEV_SERIAL: Final = "1.3.6.1.4.1.31034.12.1.1.2.1.1.1.6"
# AI-AP-MIB aiAccessPointTable (Aruba Instant): the cluster's APs; the first is the one
# LibreNMS and the virtual controller's sysDescr name.
AI_AP_SERIAL: Final = "1.3.6.1.4.1.14823.2.3.3.1.2.1.1.4"
AI_AP_MODEL_NAME: Final = "1.3.6.1.4.1.14823.2.3.3.1.2.1.1.6"
# CIENA-CES-MODULE-MIB cienaCesModuleSwRunningRelease: the release each module runs.
CIENA_MODULE_RELEASE: Final = "1.3.6.1.4.1.1271.2.1.2.1.2.4.2.1.2"
# TIMETRA-CHASSIS-MIB: tmnxChassisTypeName by chassis type, and the hardware table's
# class (3 = chassis) and serial, by chassis and hardware index.
TMNX_CHASSIS_TYPE_NAME: Final = "1.3.6.1.4.1.6527.3.1.2.2.1.6.1.2"
TMNX_HW_SERIAL: Final = "1.3.6.1.4.1.6527.3.1.2.2.1.8.1.5"
TMNX_HW_CLASS: Final = "1.3.6.1.4.1.6527.3.1.2.2.1.8.1.7"
VENDOR_TABLES: Final[dict[str, tuple[str, ...]]] = {
    "ubiquiti": (DOT11_PRODUCT_NAME, DOT11_PRODUCT_VERSION),  # airMAX radios (airOS)
    "ruckus": (RUCKUS_SZ_NODE_MODEL, RUCKUS_SZ_NODE_VERSION),
    "servertech": (SENTRY3_TOWER_SERIAL, SENTRY3_TOWER_MODEL),
    "schleifenbauer": (SDB_DEV_FIRMWARE, SDB_DEV_BUILD, SDB_DEV_PRODUCT, SDB_DEV_SERIAL),
    "aruba": (AI_AP_SERIAL, AI_AP_MODEL_NAME),
    "ciena": (CIENA_MODULE_RELEASE,),
    "nokia": (TMNX_CHASSIS_TYPE_NAME, TMNX_HW_SERIAL, TMNX_HW_CLASS),
}

VENDOR_SCALARS: Final[dict[str, tuple[str, ...]]] = {
    "cisco": (CISCO_CHASSIS_ID, *CISCO_IMAGE_STRINGS, *AIRESPACE, *CUCS_BOARD_MODELS,
              *CUCS_BOARD_SERIALS),
    "juniper": (JNX_BOX_DESCR, JNX_BOX_SERIAL, JNX_VC_MEMBER0_VERSION),
    "mikrotik": (MTXR_SOFTWARE, MTXR_SERIAL, MTXR_FIRMWARE, MTXR_BOARD),
    "hpe": (HP_SERIAL, CPQ_SERIAL, CPQ_PRODUCT, HP_DEVICE_ID),
    "dell": (IDRAC_FIRMWARE, IDRAC_SERVICE_TAG, IDRAC_MODEL, DRS_PRODUCT, DRS_SERVICE_TAG,
             DRS_FIRMWARE, DELL_OM_MODEL, DELL_OM_SERVICE_TAG, DELL_PC_PRODUCT, DELL_PC_VERSION,
             DELL_UPS_PRODUCT, DELL_UPS_VERSION, DELL_UPS_BUILD, DELL_UPS_SERIAL,
             DELL_MD_SERIAL, DELL_MD_MODEL),
    "microsoft": SERVER_AGENTS,
    "net-snmp": (*SERVER_AGENTS, *APPLIANCE_AGENTS),
    "vmware": (VMW_PROD_VERSION, *SERVER_AGENTS),
    "eaton": (XUPS_MODEL, XUPS_SOFTWARE, MGE_FAMILY, MGE_MODEL, MGE_FIRMWARE, MGE_SERIAL,
              *UPS_IDENT, *SC_SYSTEM_SERIALS, *SC_SYSTEM_TYPES),
    "apc": (APC_UPS_MODEL, APC_UPS_FIRMWARE, APC_UPS_SERIAL, APC_PDU_FIRMWARE, APC_PDU_MODEL,
            APC_PDU_SERIAL, APC_ATS_FIRMWARE, APC_ATS_MODEL, APC_ATS_SERIAL),
    "phoenixtec": (*UPS_IDENT, PPC_SERIAL, PPC_MODEL, PPC_UPS_FIRMWARE),
    "cyberpower": (CPS_UPS_MODEL, CPS_UPS_FIRMWARE, CPS_UPS_SERIAL, *UPS_IDENT),
    "delta": (DELTA_UPS_MODEL, DELTA_UPS_SOFTWARE, *UPS_IDENT),
    "huawei": (IBMC_PRODUCT, IBMC_SERIAL, IBMC_FIRMWARE),
    "checkpoint": CHECKPOINT,
    "d-link": (RMON_PROBE_SOFTWARE, DLINK_SERIAL),
    "zte": (ZTE_SYS_MODEL, ZTE_SYS_VERSION),
    "fortinet": (FG_SYS_VERSION, FN_SYS_SERIAL, FS_SYS_VERSION),
    "vertiv": (*UPS_IDENT, VERTIV_ITA_MODEL, VERTIV_ITA_SERIAL),
    "orvaldi": (ORVALDI_MODEL, ORVALDI_SERIAL, ORVALDI_FIRMWARE),
    "ingrasys": (IPOMAN_IDENT,),
    "digipower": (DIGIPOWER_MODEL, DIGIPOWER_FIRMWARE),
    "cambium": (EPMP_FIRMWARE, EPMP_SERIAL),
    "brocade": (SW_FIRMWARE,),
    "servertech": (SENTRY3_VERSION,),
    "schleifenbauer": (SDB_MASTER_UNIT,),
    "socomec": (SOCOMEC_UPS_MODEL, SOCOMEC_UPS_SERIAL, SOCOMEC_AGENT_VERSION),
    "ict": (ICT_MODEL, ICT_FIRMWARE),
    "enterprise-37662": (STORK_ATS_MODEL,),
    "opengear": (OG_FIRMWARE, OG_SERIAL),
    "ceragon": (CERAGON_SERIAL, CERAGON_VERSION),
    "ciena": (CIENA_CHASSIS_PART, CIENA_CHASSIS_SERIAL),
    "nokia": (TMNX_CHASSIS_TYPE,),
    "cyberoam": (CYBEROAM_APPLIANCE_KEY, CYBEROAM_MODEL, CYBEROAM_FIRMWARE),
    "raisecom": (RAISECOM_SOFTWARE, RAISECOM_HARDWARE, RAISECOM_SERIAL),
    "hillstone": (HILLSTONE_VERSION,),
    "bintec": (BINTEC_SW_VERSION, BINTEC_PRODUCT, BINTEC_SERIAL),
    "enterprise-17409": (CDATA_SERIAL, CDATA_SOFTWARE),
    "synology": (SYNO_MODEL, SYNO_SERIAL, SYNO_VERSION),
    "ubiquiti": (AFLTU_MODEL, AFLTU_FIRMWARE, AF_FW_VERSION, AF60_MODEL, AF60_FIRMWARE),
    "allied-telesis": (RND_BRG_VERSION,),
    "tp-link": (TPLINK_HW_VERSION, TPLINK_SW_VERSION, TPLINK_SERIAL),
    "zyxel": (ZYXEL_SW_VERSION, ZYXEL_MODEL, ZYXEL_SERIAL),
    "hirschmann": (HM_ORDER_ID, HM_SW_RELEASE, HM_SYS_SERIAL),
    "ruckus": (RUCKUS_ZD_MODEL, RUCKUS_ZD_SERIAL, RUCKUS_ZD_VERSION, RUCKUS_UL_MODEL,
               RUCKUS_UL_SERIAL, RUCKUS_UL_VERSION, RUCKUS_SZ_SERIAL),
    "sophos": (SFOS_DEVICE_TYPE, SFOS_FW_VERSION, SFOS_APP_KEY),
    "citrix": (NS_BUILD_VERSION, NS_HW_DESCR, NS_HW_SERIAL),
    "supermicro": (ATEN_PRODUCT, ATEN_SERIAL, ATEN_BMC_MAJOR, ATEN_BMC_MINOR),
}
