"""``netmon lab up`` runs every indicator: computers, portals, the data centre, the report.

The unit tests check what the lab plants against netmon's own parsers (the MACs it adds are
the MACs netmon counts). The integration test starts a lab from an empty folder with
the real command, runs one ``netmon daemon --once`` on it, and reads the indicators and the
monthly report back through the CLI, as the demo does.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from netmon.collectors.snmp import snmprec
from netmon.collectors.snmp.fdb import ARP_COLUMNS, FDB_COLUMNS, parse_arp, parse_fdb
from netmon.errors import UsageError
from netmon.inventory import load as load_inventory
from netmon.monitor import lab, lab_data, lab_services
from netmon.monitor.report_pdf import chromium
from tests.peers.snmpsim import free_udp_port, requires_snmpsim

HANOI = Path(__file__).resolve().parents[1] / "examples" / "hanoi"
WALKS = lab.PACKAGED_WALKS


def lines_of(name: str) -> list[str]:
    return (WALKS / f"{name}.snmprec").read_text(errors="surrogateescape").splitlines()


def counted(lines: list[str], user_ports: tuple[str, ...] = ()) -> tuple[str, int]:
    walk = snmprec.parse_lines(lines)
    fdb = parse_fdb(snmprec.columns(walk, FDB_COLUMNS), user_ports)
    if fdb.source == "fdb":
        return "fdb", len(fdb.macs)
    return "arp", len(parse_arp(snmprec.columns(walk, ARP_COLUMNS)).macs)


def sorted_oids(lines: list[str]) -> bool:
    keys = [lab_data._key(line.split("|", 1)[0]) for line in lines if not line.startswith("#")]
    return keys == sorted(keys)


@pytest.mark.parametrize("walk", ["cisco-c3750", "hpe-procurve-516733-b21", "huawei-s5720"])
def test_grown_forwarding_table_is_what_netmon_counts(walk: str) -> None:
    lines = lines_of(walk)
    before = counted(lines)[1]
    grown, reached = lab_data.grow_fdb(lines, "hk.sw", before + 20)
    assert counted(grown) == ("fdb", reached) and reached == before + 20
    assert sorted_oids(grown), "snmpsim needs the lines in OID order"
    assert lab_data.grow_fdb(lines, "hk.sw", before + 20)[0] == grown, "deterministic"
    assert lab_data.grow_fdb(lines, "bd.sw", before + 20)[0] != grown, "each device its own"
    # No user_ports: at most 4 MACs a port, so a switch holds what its ports hold.
    full, most = lab_data.grow_fdb(lines, "hk.sw", 10_000)
    assert counted(full) == ("fdb", most) and most < 10_000


def test_user_ports_take_as_many_computers_as_the_headcount() -> None:
    lines = lines_of("cisco-c3750")  # Gi1/0/1-12 are ifIndex 10101-10112
    ports = ("10101-10110",)
    grown, reached = lab_data.grow_fdb(lines, "ttdl-sw", 180, ports)
    assert reached == 180 and counted(grown, ports) == ("fdb", 180)
    by_name, _ = lab_data.grow_fdb(lines, "ttdl-sw", 180, ("Gi1/0/1", "gi1/0/2"))
    assert counted(by_name, ("Gi1/0/1", "gi1/0/2")) == ("fdb", 180)


def test_router_arp_table_grows_and_shrinks_to_the_headcount() -> None:
    lines = lines_of("huawei-s5720")  # 49 ARP neighbours recorded
    up, n_up = lab_data.grow_arp(lines, "so-tc-rtr", 260)
    down, n_down = lab_data.grow_arp(lines, "phuong-rtr", 20)
    walk = snmprec.parse_lines(up)
    assert len(parse_arp(snmprec.columns(walk, ARP_COLUMNS)).macs) == n_up == 260
    walk = snmprec.parse_lines(down)
    assert len(parse_arp(snmprec.columns(walk, ARP_COLUMNS)).macs) == n_down == 20
    assert sorted_oids(up) and sorted_oids(down)
    assert lab_data.arp_hosts(lines_of("cisco-c3560")) is None  # ipNetToPhysicalTable


def test_servers_and_ups_vary_within_their_ranges() -> None:
    server = (lab_data.DC_WALKS / "linux-centos7-server.snmprec").read_text().splitlines()
    a, b = lab_data.vary_server(server, "web-01"), lab_data.vary_server(server, "db-02")
    assert a != b and [x.split("|")[0] for x in a] == [x.split("|")[0] for x in server]
    loads = [int(x.rsplit("|", 1)[1]) for x in a if x.startswith("1.3.6.1.2.1.25.3.3.1.2.")]
    assert loads and all(0 <= v <= 100 for v in loads)
    ups = (lab_data.DC_WALKS / "ups-eaton-93e.snmprec").read_text().splitlines()
    charge = next(x for x in lab_data.vary_ups(ups, "ups-01") if x.startswith(
        "1.3.6.1.2.1.33.1.2.4.0|"))
    assert 92 <= int(charge.rsplit("|", 1)[1]) <= 100


def test_sample_every_agency_with_staff_and_a_device_gets_its_computers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETMON_COMMUNITY", "public")
    inv = load_inventory(HANOI)
    plan = lab.plan(inv, lab.find_walks(lab.walk_dirs()))
    walks, computers = lab_data.prepare(tmp_path, inv, plan.devices)
    staffed = {a.id for a in inv.agencies.values() if a.staff}
    with_devices = {a for a in staffed if inv.devices_of(a)}
    assert set(computers) == with_devices
    assert {inv.devices[d].role for d in walks} >= {"server", "ups", "lan_switch"}
    # the sample's user_ports name ports of the walk the lab gives that switch
    for d in (d for d in inv.devices.values() if d.user_ports):
        assert counted(lab_data._read(walks[d.id]), tuple(d.user_ports)) == \
            ("fdb", computers[d.agency])
    shares = [computers[a] / (inv.agencies[a].staff or 1) for a in computers]
    assert min(shares) < 0.9 and sum(s >= 1 for s in shares) >= len(shares) / 3


def test_service_plan_faults_and_what_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETMON_COMMUNITY", "public")
    inv = load_inventory(HANOI)
    want = lab_services.plan(inv, ["so-tc"], {"mail-submission": 12, "hoan-kiem": 9})
    web = {(e["host"], e["port"]): e for e in want["web"]}
    assert web[("127.20.200.2", 8443)]["mode"] == "error"
    assert sum(e["mode"] == "error" for e in want["web"]) == 1, "only so-tc's own portal"
    assert web[("127.20.201.2", 8443)]["days"] == 9
    city = web[("127.20.202.1", 8443)]
    assert city["mode"] == "ok" and city["urls"] > 30 and "Dịch vụ công trực tuyến" in \
        city["expects"]
    assert {m["kind"] for m in want["mail"]} == {"submission", "imap"}
    assert [m["days"] for m in want["mail"] if m["kind"] == "submission"] == [12]
    assert want["dns"][0]["zones"] == ["hanoi.gov.vn"] and want["skipped"] == []
    with pytest.raises(UsageError, match="so-nowhere"):
        lab_services.plan(inv, ["so-nowhere"])


# ------------------------------------------------------------------ the whole lab

def free_tcp_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def influx_ports() -> int:
    for _ in range(50):  # bounded: the lab takes PORT and PORT + 2
        port = free_tcp_port()
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port + 2))
            except OSError:
                continue
        return port
    raise RuntimeError("no free pair of ports for influxd")


CITY = """\
snmp_profiles:
  lab: {{version: 2c, community: env:NETMON_COMMUNITY, port: {snmp}, timeout_s: 5, retries: 1}}
agencies:
  - {{id: so-tttt, name: "Sở Thông tin và Truyền thông", level: department, staff: 40,
     portal: "https://127.31.1.1:{web}/", services: ["https://127.31.1.9:{web}/dvc/so-tttt"]}}
  - {{id: so-tc, name: "Sở Tài chính", level: department, staff: 60,
     portal: "https://127.31.1.2:{web}/", services: ["https://127.31.1.9:{web}/dvc/so-tc"]}}
  - {{id: hoan-kiem, name: "Quận Hoàn Kiếm", level: district, code: "002", staff: 150,
     portal: {{url: "https://127.31.1.3:{web}/", expect: "Hoàn Kiếm"}}}}
  - {{id: hoan-kiem.hang-bac, name: "Phường Hàng Bạc", level: commune, parent: hoan-kiem,
     staff: 21}}
  - id: ttdl
    name: "Trung tâm Dữ liệu Thành phố Hà Nội"
    level: data_centre
    checks:
      - {{id: cong, kind: https, url: "https://127.31.2.11:{web}/", expect: "Dịch vụ công",
         critical: true}}
      - {{id: mail-submission, kind: submission, address: 127.31.2.12, port: {smtp},
         host: mail.hanoi.gov.vn, critical: true}}
      - {{id: mail-imap, kind: imap, address: 127.31.2.12, port: {imap}, host: mail.hanoi.gov.vn}}
      - {{id: dns, kind: dns, address: 127.31.2.13, port: {dns}, zones: [hanoi.gov.vn],
         critical: true}}
devices:
  - {{id: so-tttt-rtr, agency: so-tttt, role: wan_router, address: 127.31.0.1, reach: snmp,
     snmp: {{profile: lab, community: "plain:so-tttt-rtr"}}}}
  - {{id: so-tc-rtr, agency: so-tc, role: wan_router, address: 127.31.0.2, reach: snmp,
     snmp: {{profile: lab, community: "plain:so-tc-rtr"}}}}
  - {{id: hoan-kiem-rtr, agency: hoan-kiem, role: wan_router, address: 127.31.0.3, reach: snmp,
     snmp: {{profile: lab, community: "plain:hoan-kiem-rtr"}}}}
  - {{id: hoan-kiem.hang-bac-rtr, agency: hoan-kiem.hang-bac, role: wan_router,
     address: 127.31.0.4, reach: snmp,
     snmp: {{profile: lab, community: "plain:hoan-kiem.hang-bac-rtr"}}}}
  - {{id: hoan-kiem.hang-bac-sw, agency: hoan-kiem.hang-bac, role: lan_switch,
     address: 127.31.0.5, reach: snmp,
     snmp: {{profile: lab, community: "plain:hoan-kiem.hang-bac-sw"}}}}
  - {{id: ttdl-web, agency: ttdl, role: server, address: 127.31.2.11, critical: true,
     reach: snmp, snmp: {{profile: lab, community: "plain:ttdl-web"}}}}
  - {{id: ttdl-ups, agency: ttdl, role: ups, address: 127.31.2.21, critical: true,
     reach: snmp, snmp: {{profile: lab, community: "plain:ttdl-ups"}}}}
"""


def netmon(*args: str, cwd: Path, env: dict[str, str], timeout: float = 300
           ) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("netmon")
    return subprocess.run([str(exe), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


@pytest.mark.integration
@requires_snmpsim
@pytest.mark.skipif(shutil.which("influxd") is None, reason="influxd missing "
                    "(apt-get install influxdb)")
def test_lab_up_runs_every_indicator_and_the_report(tmp_path: Path) -> None:
    assert chromium() is not None, "the report's PDF needs chromium (apt-get install chromium)"
    ports = {"snmp": free_udp_port(), "web": free_tcp_port(), "smtp": free_tcp_port(),
             "imap": free_tcp_port(), "dns": free_udp_port()}
    inventory = tmp_path / "city.yaml"
    inventory.write_text(textwrap.dedent(CITY).format(**ports), encoding="utf-8")
    work, labdir = tmp_path / "empty", tmp_path / "lab"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NETMON_", "SSL_CERT"))}
    env.update(NETMON_COMMUNITY="public", SNMPSIM_ALLOW_ROOT="true")
    up = netmon("--inventory", str(inventory), "lab", "up", "--dir", str(labdir),
                "--influx-port", str(influx_ports()), "--http-error", "so-tc",
                "--cert-days", "mail-submission=12", "--json", cwd=work, env=env)
    try:
        assert up.returncode == 0, up.stderr + up.stdout
        info = json.loads(up.stdout)
        assert info["services"]["web"] == 5 and info["services"]["mail"] == 2
        assert info["services"]["dns"] == 1 and info["services"]["urls"] == 6
        computers: dict[str, int] = info["computers"]
        assert set(computers) == {"so-tttt", "so-tc", "hoan-kiem", "hoan-kiem.hang-bac"}
        env.update(NETMON_CONFIG=info["config"], SSL_CERT_FILE=info["services"]["ca_bundle"])
        once = netmon("daemon", "--once", cwd=work, env=env)
        assert once.returncode == 0, once.stderr[-3000:]
        shown = netmon("indicators", "--json", cwd=work, env=env)
        assert shown.returncode == 0, shown.stderr
        result = json.loads(shown.stdout)
        city = {(r["indicator"], r["level"]): r for r in result["rows"] if r["scope"] == "city"}
        for indicator in ("computers", "portals", "data_centre"):
            rows = [r for (i, _), r in city.items() if i == indicator]
            assert rows and all(r["total"] > 0 and r["unknown"] == 0 for r in rows), rows
        # computers: what the lab planted is what netmon counted, through SNMP and sightings
        staff = {"so-tttt": 40, "so-tc": 60, "hoan-kiem": 150, "hoan-kiem.hang-bac": 21}
        for level, ids in (("department", ("so-tttt", "so-tc")), ("district", ("hoan-kiem",)),
                           ("commune", ("hoan-kiem.hang-bac",))):
            want = sum(min(computers[a], staff[a]) for a in ids) / sum(staff[a] for a in ids)
            assert city[("computers", level)]["value"] == pytest.approx(want, abs=1e-6)
        assert city[("portals", "department")]["short"] == ["so-tc"]
        assert city[("portals", "district")]["meeting"] == 1
        dc = city[("data_centre", "data_centre")]
        assert (dc["total"], dc["meeting"], dc["meets_target"]) == (5, 5, True)
        assert [i["kind"] for i in result["incidents"]] == ["cert_expiry_14"]
        assert result["incidents"][0]["item"] == "mail-submission"

        month = datetime.now(UTC).strftime("%Y-%m")
        report = netmon("report", "--month", month, "--out", str(labdir), cwd=work, env=env)
        assert report.returncode == 0, report.stderr
        html = (labdir / f"netmon-report-{month}.html").read_text(encoding="utf-8")
        assert "Sở Tài chính" in html and "mail-submission" in html and "ttdl-ups" in html
        assert (labdir / f"netmon-report-{month}.pdf").read_bytes()[:5] == b"%PDF-"
    finally:
        down = netmon("lab", "down", "--dir", str(labdir), cwd=work, env=env)
    assert down.returncode == 0, down.stderr
    assert not (labdir / "services" / "services.pid").exists()
    with socket.socket() as s:  # the portals' server is gone with the lab
        assert s.connect_ex(("127.31.1.1", ports["web"])) != 0


def test_trust_bundle_is_the_system_store_plus_the_lab_ca_and_never_grows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from netmon.monitor.lab_tls import LabCA

    ca = LabCA.load_or_create(tmp_path / "ca", 3650, "netmon lab")
    again = LabCA.load_or_create(tmp_path / "ca", 3650, "netmon lab")
    assert again.cert == ca.cert, "the lab keeps its root across lab up runs"
    assert (tmp_path / "ca" / "ca.key").stat().st_mode & 0o077 == 0
    first = lab_services.trust_bundle(tmp_path, ca.pem).read_bytes()
    assert first.endswith(ca.pem.read_bytes())
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "lab-ca-bundle.pem"))  # the export
    assert lab_services.trust_bundle(tmp_path, ca.pem).read_bytes() == first
