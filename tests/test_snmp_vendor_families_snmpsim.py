"""The vendor families through the real collector: snmpsim serves the trimmed recorded
walks on loopback, and the facts must be the ones the pure parse gives. This proves the
collector asks each vendor for its own scalars (iLO's CPQSINFO, D-Link's RMON and
agent serial, Eaton's XUPS/MGE ident, fgSysVersion, ...) in the GET it sends."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from netmon.collectors.observation import Status
from netmon.collectors.snmp import SnmpCollector
from netmon.target import SnmpCredentials, Target
from tests.peers.snmpsim import SnmpSim, requires_snmpsim, start_snmpsim
from tests.test_snmp_vendor_families import EXPECTED, WALKS

pytestmark = [pytest.mark.integration, requires_snmpsim]

# One walk per family whose facts need a vendor scalar, not only sysDescr/ENTITY-MIB.
NEED_SCALARS = ("librenms-hpe-ilo4", "librenms-dell-cmc", "librenms-windows-dell",
                "hp-onboard-administrator", "dlink-des3200", "eaton-93e", "eaton-9px",
                "apc-ap8641", "zte-zxr10-5250", "fortinet-fgt3000d", "librenms-vmware-esxi")


@pytest.fixture(scope="module")
def vendor_sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SnmpSim]:
    files = {name: WALKS / f"{name}.snmprec" for name in NEED_SCALARS}
    sim = start_snmpsim(files, directory=tmp_path_factory.mktemp("snmpsim-vendors"))
    try:
        yield sim
    finally:
        sim.stop()


def _collected(sim: SnmpSim, name: str) -> tuple[str | None, ...]:
    """(vendor, model, serial, os, os_version) as the collector reads walk ``name``."""
    creds = SnmpCredentials(community=SecretStr(name), port=sim.port, timeout_s=2.0,
                            retries=1)
    obs = asyncio.run(SnmpCollector().collect(Target(id=name, address=sim.address, snmp=creds)))
    assert obs.status is Status.OK, obs.error
    facts = obs.facts
    assert facts is not None
    return facts.vendor, facts.model, facts.serial, facts.os, facts.os_version


@pytest.mark.parametrize("name", NEED_SCALARS)
def test_collector_reads_the_vendor_scalars(vendor_sim: SnmpSim, name: str) -> None:
    assert _collected(vendor_sim, name) == EXPECTED[name]


# Vendors whose facts sit in a short table (``oids.VENDOR_TABLES``): the collector must
# walk those columns and keep the lowest row, and every row under its OID (Schleifenbauer's
# master unit, Nokia's chassis type and class), as the pure parse does.
# Then cases whose facts need a GET of a fixed table instance or a newer vendor scalar:
# iBMC's row named "Active iBMC", Juniper's Virtual Chassis member 0, PowerConnect's
# DELL-VENDOR-MIB, the Compaq MIB of an MSA, Opengear's values recorded without ".0".
FIRST_ROW_CASES = ("airos_airos8", "ruckuswireless-sz", "sentry3", "schleifenbauer", "timos",
                   "aruba-instant", "ciena-sds")
GET_CASES = ("ibmc", "junos_ex4600mp", "powerconnect_2824", "hpe-msa", "dell-ups", "orvaldi-ups",
             "fortiswitch", "opengear", "ceraos", "socomec-ups", "cyberoam-utm", "raisecom",
             "bintec-beip-plus", "cdata", "ats", "cimc_1", "dell-powervault")


@pytest.fixture(scope="module")
def first_row_sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SnmpSim]:
    from tests.test_snmp_vendor_rules_librenms import LIBRENMS_LINES

    folder = tmp_path_factory.mktemp("first-rows")
    files = {}
    for name in (*FIRST_ROW_CASES, *GET_CASES):
        lines = sorted(LIBRENMS_LINES[name][0], key=lambda line: tuple(
            int(p) for p in line.split("|", 1)[0].strip(".").split(".")))
        files[name] = folder / f"{name}.snmprec"
        files[name].write_text("\n".join(lines) + "\n", encoding="utf-8")
    sim = start_snmpsim(files, directory=tmp_path_factory.mktemp("snmpsim-first-rows"))
    try:
        yield sim
    finally:
        sim.stop()


@pytest.mark.parametrize("name", FIRST_ROW_CASES)
def test_collector_reads_the_first_row_of_vendor_tables(first_row_sim: SnmpSim,
                                                         name: str) -> None:
    from tests.test_snmp_vendor_rules_librenms import LIBRENMS_LINES

    assert _collected(first_row_sim, name) == LIBRENMS_LINES[name][1]


@pytest.mark.parametrize("name", GET_CASES)
def test_collector_gets_the_vendor_instances(first_row_sim: SnmpSim, name: str) -> None:
    from tests.test_snmp_vendor_rules_librenms import LIBRENMS_LINES

    assert _collected(first_row_sim, name) == LIBRENMS_LINES[name][1]
