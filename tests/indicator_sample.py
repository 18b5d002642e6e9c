"""The other indicators' points for the dashboard test's sample city (tests/test_deploy.py).

Built by netmon's own code (``monitor.indicators`` and ``monitor.indicator_points``) from
probe results, readings and sightings of a sample written here, at the sample's rounds, so
that every new panel's query has rows to answer and its answers can be compared with the
computation: ``IndicatorSample.results[-1]`` is what the last round computed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from netmon.collectors.probes import Certificate, ProbeResult, ProbeStatus
from netmon.collectors.snmp.hostres import ServerFacts, Storage
from netmon.collectors.snmp.ups import UpsFacts
from netmon.inventory import Inventory, load
from netmon.monitor import indicator_points as IP
from netmon.monitor import indicators as I
from netmon.monitor.indicator_store import Reading
from netmon.monitor.sinks.point import Point

INVENTORY = """\
agencies:
  - {id: so-tttt, name: Sở Thông tin và Truyền thông, level: department, staff: 20,
     portal: "https://sotttt.hanoi.test/"}
  - {id: so-tc, name: Sở Tài chính, level: department, staff: 30}
  - {id: hoan-kiem, name: Quận Hoàn Kiếm, level: district, staff: 10,
     portal: "https://hoankiem.hanoi.test/", services: ["https://dvc.hoankiem.hanoi.test/"]}
  - {id: hoan-kiem.phuc-tan, name: Phường Phúc Tân, level: commune, parent: hoan-kiem,
     staff: 10}
  - {id: hoan-kiem.hang-bac, name: Phường Hàng Bạc, level: commune, parent: hoan-kiem,
     staff: 8}
  - id: ttdl
    name: Trung tâm Dữ liệu Thành phố
    level: data_centre
    checks:
      - {id: dc-mail, kind: smtp, address: 127.0.0.1, critical: true}
      - {id: dc-web, kind: https, url: "https://dulieu.hanoi.test/", critical: true}
devices:
  - {id: dc-ups, agency: ttdl, role: ups, address: 127.0.0.31, critical: true}
  - {id: dc-srv, agency: ttdl, role: server, address: 127.0.0.32, critical: true}
"""
# Per round: computers seen (None: switches not read), which probes answered, the UPS.
COMPUTERS = ({"so-tttt": 20, "so-tc": None, "hoan-kiem": 10, "hoan-kiem.phuc-tan": 3,
              "hoan-kiem.hang-bac": 8},
             {"so-tttt": 18, "so-tc": None, "hoan-kiem": 12, "hoan-kiem.phuc-tan": 3,
              "hoan-kiem.hang-bac": 8})
DOWN = ({"https://sotttt.hanoi.test/"}, {"dc-web"})
ON_BATTERY = (False, True)
STALE = timedelta(minutes=15)


@dataclass
class IndicatorSample:
    inventory: Inventory
    points: list[Point] = field(default_factory=list)
    rows: list[list[I.IndicatorRow]] = field(default_factory=list)
    results: list[list[I.AgencyResult]] = field(default_factory=list)
    data_centre: list[I.DataCentre] = field(default_factory=list)
    ups: list[UpsFacts] = field(default_factory=list)


def _probe(check: str, kind: str, at: datetime, up: bool) -> ProbeResult:
    cert = Certificate("CN=" + check, "CN=test CA", at - timedelta(days=60),
                       at + timedelta(days=12), verified=True) if kind == "https" else None
    return ProbeResult(check, kind, check, ProbeStatus.OK if up else ProbeStatus.HTTP_ERROR,
                       at, duration_ms=42.0, ttfb_ms=35.0 if up else 20.0,
                       http_status=(200 if up else 503) if kind == "https" else None,
                       redirects_to_https=True if kind == "https" else None, cert=cert,
                       expect_found=up if kind == "https" else None)


def build(directory: Path, times: list[datetime]) -> IndicatorSample:
    path = directory / "indicators.yaml"
    path.write_text(INVENTORY, encoding="utf-8")
    inv = load(path)
    sample = IndicatorSample(inv)
    readings: list[Reading] = []
    probes_so_far: list[Reading] = []
    for round_no, at in enumerate(times):
        probes = [(_probe(url, "https", at, url not in DOWN[round_no]), purpose, agency)
                  for url, purpose, agency in (
                      ("https://sotttt.hanoi.test/", "portal", "so-tttt"),
                      ("https://hoankiem.hanoi.test/", "portal", "hoan-kiem"),
                      ("https://dvc.hoankiem.hanoi.test/", "service", "hoan-kiem"))]
        probes += [(_probe("dc-web", "https", at, "dc-web" not in DOWN[round_no]),
                    "dc_check", "ttdl"), (_probe("dc-mail", "smtp", at, True), "dc_check",
                                          "ttdl")]
        for r, _purpose, _agency in probes:
            reading = Reading(r.check, at, r.up, cert_not_after=r.cert.not_after
                              if r.cert else None, data={"status": str(r.status)})
            probes_so_far.append(reading)
            readings.append(reading)
        ups = UpsFacts(source="battery" if ON_BATTERY[round_no] else "mains",
                       on_battery=ON_BATTERY[round_no], battery_status="normal",
                       charge_pct=100 - 20 * round_no, runtime_min=60.0 - 15 * round_no,
                       load_pct=35, self_test="passed", mibs=("rfc1628",))
        server = ServerFacts(uptime_s=86_400.0 + 600 * round_no, processes=120, cpus=4,
                             cpu_load_pct=12.5, memory_total_bytes=8 << 30,
                             memory_used_bytes=3 << 30, disks=(Storage(31, "fixed_disk", "/",
                                                               100 << 30, 40 << 30),))
        readings += [Reading("dc-ups", at, True, ON_BATTERY[round_no]),
                     Reading("dc-srv", at, True)]
        rows, results = I.computers(inv, COMPUTERS[round_no])
        prows, presults = I.portals(inv, I.availability(probes_so_far))
        dc = I.data_centre(inv, readings, times[0], at + timedelta(minutes=1), STALE)
        all_rows = rows + prows + ([dc.row] if dc.row else [])
        sample.rows.append(all_rows)
        sample.results.append(results + presults)
        sample.data_centre.append(dc)
        sample.ups.append(ups)
        sample.points += IP.indicator_points(all_rows, results + presults, inv, at)
        sample.points += IP.probe_points(probes, inv)
        sample.points += [IP.server_point("dc-srv", server, inv, at),
                          IP.ups_point("dc-ups", ups, inv, at)]
    sample.points += IP.incident_points(I.incidents(readings, I.data_centre_items(inv)), inv)
    return sample
