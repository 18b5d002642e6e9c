"""deploy/: Grafana dashboards against the points netmon writes, the example config, the unit.

The schema the dashboards may use is not typed in here: it is derived from points built by
``netmon.monitor.points`` itself from a small sample city (every optional fact filled), and
checked to cover the README's schema table (the design card's table, which it extends).
Every InfluxQL query of every dashboard must name only measurements, tags and fields of that
schema, and must answer with rows from Debian's real influxd after the sample points are
written to it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from netmon.collectors.observation import (
    DeviceFacts,
    HardwareComponent,
    Interface,
    Observation,
    Reach,
    ReachabilityResult,
    Status,
)
from netmon.inventory import Inventory, load
from netmon.monitor import points as P
from netmon.monitor.broker.health import SiteHealth, site_points
from netmon.monitor.config import InfluxConfig, load_settings
from netmon.monitor.coverage import CoverageReport, compute
from netmon.monitor.device_state import Rules, Tracked
from netmon.monitor.runner import DevicePoll, PollSummary
from netmon.monitor.sinks.point import Point
from netmon.monitor.state import DeviceState, Event
from netmon.target import Target
from tests import indicator_sample
from tests.influxql import Schema, check_query, names_in
from tests.peers.influxd import Influxd, requires_influxd, start_influxd

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
DASHBOARD_DIR = DEPLOY / "grafana" / "dashboards"
DASHBOARDS = sorted(DASHBOARD_DIR.glob("*.json"))
README = ROOT / "README.md"  # its "InfluxDB schema" table
DATASOURCE_UID = "netmon-influxdb"

# ------------------------------------------------------------------ the sample city

INVENTORY = """\
agencies:
  - {id: so-tttt, name: Sở Thông tin và Truyền thông, level: department}
  - {id: so-tc, name: Sở Tài chính, level: department}
  - {id: hoan-kiem, name: Quận Hoàn Kiếm, level: district}
  - {id: hoan-kiem.phuc-tan, name: Phường Phúc Tân, level: commune, parent: hoan-kiem}
  - {id: hoan-kiem.hang-bac, name: Phường Hàng Bạc, level: commune, parent: hoan-kiem}
devices:
  - {id: tttt-rtr, agency: so-tttt, role: wan_router, address: 127.0.0.11}
  - {id: tc-rtr, agency: so-tc, role: wan_router, address: 127.0.0.12}
  - {id: hk-rtr, agency: hoan-kiem, role: wan_router, address: 127.0.0.13}
  - {id: pt-rtr, agency: hoan-kiem.phuc-tan, role: wan_router, address: 127.0.0.14}
  - {id: pt-sw, agency: hoan-kiem.phuc-tan, role: lan_switch, address: 127.0.0.15}
"""
# Per round: each device's reach. Round 1 has Hoàn Kiếm's router down (availability 50 %);
# Sở Tài chính is unknown (a poller fault); Phúc Tân's switch is down; Hàng Bạc has no device.
ROUNDS: tuple[dict[str, Reach], ...] = (
    {"tttt-rtr": Reach.UP, "tc-rtr": Reach.UNKNOWN, "hk-rtr": Reach.DOWN,
     "pt-rtr": Reach.UP, "pt-sw": Reach.DOWN},
    {"tttt-rtr": Reach.UP, "tc-rtr": Reach.UNKNOWN, "hk-rtr": Reach.UP,
     "pt-rtr": Reach.UP, "pt-sw": Reach.DOWN},
)
ROUND_GAP = timedelta(minutes=10)
OCTETS_PER_ROUND = 7_500_000  # pt-rtr Gi0/0 in_octets grows by this much between rounds


@dataclass
class Sample:
    inventory: Inventory
    points: list[Point]
    reports: list[CoverageReport]
    times: list[datetime]
    facts: dict[str, DeviceFacts] = field(default_factory=dict)
    indicators: indicator_sample.IndicatorSample | None = None


def _facts(device: str, round_no: int) -> DeviceFacts:
    octets = 1_000_000 + round_no * OCTETS_PER_ROUND
    return DeviceFacts(
        sys_name=device, sys_descr=f"Cisco IOS Software, {device}", sys_object_id="1.3.6.1.4.1.9",
        uptime_s=86_400.0 + round_no * 600, vendor="cisco", model="ISR4331",
        model_descr="Cisco ISR4331 Chassis",
        serial=f"FDO{device.upper().replace('-', '')}{round_no}", os="ios",
        os_version="16.9.4",
        interfaces=(
            Interface(index=1, name="Gi0/0", descr="GigabitEthernet0/0", alias="WAN uplink",
                      admin_up=True, oper_up=True, speed_bps=1_000_000_000,
                      in_octets=octets, out_octets=octets // 2, in_errors=round_no * 3,
                      out_errors=0),
            Interface(index=2, name="Gi0/1", descr="GigabitEthernet0/1", alias="LAN",
                      admin_up=True, oper_up=False, speed_bps=100_000_000,
                      in_octets=10, out_octets=20, in_errors=0, out_errors=0),
        ),
        hardware=(HardwareComponent(index=1, class_="chassis", name="Chassis",
                                    descr="ISR4331 chassis", model="ISR4331",
                                    serial="FDO123", firmware="16.9r", software="16.9.4"),),
    )


def build_sample(inv_path: Path) -> Sample:
    inv_path.write_text(INVENTORY, encoding="utf-8")
    inv = load(inv_path)
    # Whole minutes, so GROUP BY time(1m) buckets start exactly at the sample times.
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    times = [now - ROUND_GAP * (len(ROUNDS) - i) for i in range(len(ROUNDS))]
    sample = Sample(inv, [], [], times)
    metas = {d: P.device_meta(inv, d) for d in inv.devices}
    for round_no, (at, reach) in enumerate(zip(times, ROUNDS, strict=True)):
        states = {}
        for device, state in reach.items():
            address = inv.devices[device].address
            status = {Reach.UP: Status.OK, Reach.DOWN: Status.TIMEOUT,
                      Reach.UNKNOWN: Status.INTERNAL}[state]
            rr = ReachabilityResult(device, address, "icmp", status,
                                    rtt_ms=1.5 + round_no if state is Reach.UP else None,
                                    loss_pct=0.0 if state is Reach.UP else 100.0, at=at)
            facts = _facts(device, round_no) if state is Reach.UP else None
            obs = Observation(device, address, "snmp", status, at=at, facts=facts)
            poll = DevicePoll(target=Target(id=device, address=address), reach=rr,
                              snmp=obs, ssh=None, facts=facts, state=state, status=status,
                              at=at, duration_s=0.2, observations=(obs,))
            sample.points += P.poll_points(poll, metas[device])
            if facts is not None:
                sample.facts[device] = facts
            states[device] = DeviceState(device, at, str(status),
                                         Tracked(verdict=state, last_evidence=at))
        report = compute(inv, states, at, Rules(stale_after=timedelta(minutes=15)))
        sample.reports.append(report)
        sample.points += P.coverage_points(report, inv)
        events = [Event("pt-sw", at, "down", "up", "down", "pt-sw stopped answering"),
                  Event("pt-rtr", at, "serial_changed", "FDOOLD", "FDONEW",
                        "pt-rtr serial changed")]
        sample.points += P.event_points(events, metas)
        summary = PollSummary(targets=5, ok=3, failed=2, duration_s=4.5,
                              slowest=(("hk-rtr", 2.25), ("pt-sw", 2.0)))
        sample.points += P.summary_points(summary, "inventory", at, "all")
        # a multi-site deployment's health (monitor/broker/health.py), for the Sites panel
        sample.points += site_points([SiteHealth("hanoi", "hn-poller-1", 2, 3.0, 0, 0, 5, 5,
                                                 12.0, round_no)], at)
    # The other indicators (computers, portals, data centre) at the same rounds.
    sample.indicators = indicator_sample.build(inv_path.parent, times)
    sample.points += sample.indicators.points
    return sample


def schema_of(points: list[Point]) -> dict[str, Schema]:
    out: dict[str, Schema] = {}
    for p in points:
        s = out.setdefault(p.measurement, Schema())
        s.tags |= {k for k, v in p.tags.items() if v}
        s.fields |= set(p.fields)
    return out


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    return build_sample(tmp_path_factory.mktemp("inventory") / "city.yaml")


@pytest.fixture(scope="module")
def schema(sample: Sample) -> dict[str, Schema]:
    return schema_of(sample.points)


def design_table() -> dict[str, Schema]:
    """The README's measurement table: measurement -> tags and fields it promises."""
    out: dict[str, Schema] = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`netmon_"):
            continue
        # "(besides the above)", "(0/1)", "(`city`/`district`)" are notes, not names.
        tags, fields = (set(re.findall(r"`(\w+)`", re.sub(r"\([^)]*\)", "", c)))
                        for c in cells[1:])
        out[cells[0].strip("`")] = Schema(tags, fields)
    return out


def test_sample_schema_covers_design_table(schema: dict[str, Schema]) -> None:
    design = design_table()
    assert len(design) == 14, f"README schema table not found or changed shape: {sorted(design)}"
    for m, want in design.items():
        assert m in schema, f"points.py wrote no {m}"
        assert want.tags <= schema[m].tags, (m, want.tags - schema[m].tags)
        assert want.fields <= schema[m].fields, (m, want.fields - schema[m].fields)


# ------------------------------------------------------------------ InfluxQL, statically

def test_query_checker_refuses_what_netmon_does_not_write(schema: dict[str, Schema]) -> None:
    # The checker itself must be able to fail, or the dashboard checks below prove nothing.
    good = ('SELECT mean("rtt_ms") FROM "netmon_reachability" WHERE "device" =~ /^a$/ '
            'AND $timeFilter GROUP BY time($__interval), "device" fill(none)')
    assert check_query(good, schema) == []
    bad = {
        'SELECT mean("rtt") FROM "netmon_reachability"': "'rtt' is not a field",
        'SELECT mean("up") FROM "netmon_reach"': "measurement 'netmon_reach'",
        'SELECT mean("up") FROM "netmon_reachability" GROUP BY "rtt_ms"': "not a tag",
        'SELECT mean("up") FROM "netmon_reachability" WHERE "agency_name" = \'x\'':
            "'agency_name' is neither",
        'SELECT mean(up) FROM netmon_reachability WHERE districts = \'x\'': "'districts'",
        'SHOW TAG VALUES FROM "netmon_coverage" WITH KEY = "share"': "'share' is not a tag",
        'SELECT avg("up") FROM "netmon_reachability"': "unknown function avg",
    }
    for query, problem in bad.items():
        found = check_query(query, schema)
        assert any(problem in p for p in found), (query, found)


@dataclass(frozen=True)
class DashQuery:
    dashboard: str
    panel: str  # a panel title, or "$name" for a template variable
    query: str
    table: bool
    single: frozenset[str] = frozenset()  # the dashboard's variables without "All"


def load_dashboards() -> dict[str, dict[str, Any]]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in DASHBOARDS}


def _panels(panels: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for p in panels:
        yield p
        yield from _panels(p.get("panels", []))  # collapsed rows hold their panels


def queries_of(name: str, dash: dict[str, Any]) -> list[DashQuery]:
    out = []
    single = frozenset(v["name"] for v in dash["templating"]["list"] if not v.get("includeAll"))
    for p in _panels(dash.get("panels", [])):
        for t in p.get("targets", []):
            out.append(DashQuery(name, p["title"], t["query"],
                                 t.get("resultFormat") == "table", single))
    for v in dash["templating"]["list"]:
        if v["type"] == "query":
            out.append(DashQuery(name, "$" + v["name"], v["query"], True, single))
    return out


def all_queries() -> list[DashQuery]:
    return [q for name, d in load_dashboards().items() for q in queries_of(name, d)]


def test_four_dashboards_parse_with_the_agreed_titles_and_variables() -> None:
    dashes = load_dashboards()
    assert {d["title"] for d in dashes.values()} == {
        "netmon — WAN coverage", "netmon — devices", "netmon — interfaces",
        "netmon — programme indicators"}
    uids = [d["uid"] for d in dashes.values()]
    assert len(set(uids)) == len(uids)
    for name, d in dashes.items():
        variables = {v["name"] for v in d["templating"]["list"]}
        assert {"district", "level"} <= variables, name
        ids = [p["id"] for p in _panels(d["panels"])]
        assert len(ids) == len(set(ids)), f"{name}: duplicate panel ids"
        for p in _panels(d["panels"]):
            assert set(p["gridPos"]) == {"h", "w", "x", "y"}, (name, p["title"])
            assert p["gridPos"]["x"] + p["gridPos"]["w"] <= 24, (name, p["title"])
            for t in p.get("targets", []):
                assert t["datasource"]["uid"] == DATASOURCE_UID, (name, p["title"])
                assert t["rawQuery"] is True and t["refId"], (name, p["title"])
        for q in queries_of(name, d):
            used = names_in(q.query).variables - {"timeFilter", "__interval", "interval"}
            assert used <= variables, f"{name} {q.panel}: undefined {used - variables}"


def test_every_dashboard_query_names_only_what_netmon_writes(
        schema: dict[str, Schema]) -> None:
    queries = all_queries()
    assert len(queries) >= 20  # three dashboards' panels and variables, not an empty glob
    problems = [f"{q.dashboard} / {q.panel}: {p}\n    {q.query}"
                for q in queries for p in check_query(q.query, schema)]
    assert not problems, "\n".join(problems)


def test_datasource_and_provider_match_the_dashboards_and_compose() -> None:
    ds = yaml.safe_load((DEPLOY / "grafana/provisioning/datasources/netmon.yaml").read_text())
    (source,) = ds["datasources"]
    assert source["uid"] == DATASOURCE_UID and source["type"] == "influxdb"
    assert source["jsonData"]["version"] == "InfluxQL"
    assert source["jsonData"]["dbName"] == InfluxConfig().database
    prov = yaml.safe_load((DEPLOY / "grafana/provisioning/dashboards/netmon.yaml").read_text())
    (provider,) = prov["providers"]
    assert provider["type"] == "file"

    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert services["influxdb"]["image"].startswith("influxdb:1.8")
    assert services["influxdb"]["environment"]["INFLUXDB_DB"] == InfluxConfig().database
    mounts = {}
    for svc in services.values():
        for vol in svc.get("volumes", []):
            src, dst = vol.split(":")[:2]
            if src.startswith("."):
                assert (DEPLOY / src).exists(), f"compose mounts missing {src}"
                mounts[dst] = (DEPLOY / src).resolve()
            else:
                assert src in compose["volumes"], f"undeclared volume {src}"
    # Grafana finds the provisioning files and the dashboards where they are mounted.
    assert mounts["/etc/grafana/provisioning/datasources"] == (
        DEPLOY / "grafana/provisioning/datasources").resolve()
    assert mounts["/etc/grafana/provisioning/dashboards"] == (
        DEPLOY / "grafana/provisioning/dashboards").resolve()
    assert mounts[provider["options"]["path"]] == DASHBOARD_DIR.resolve()
    home = services["grafana"]["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert (DASHBOARD_DIR / Path(home).relative_to(provider["options"]["path"])).exists()


# ------------------------------------------------------------------ InfluxQL, for real

ALL = object()


def grafana_regex(value: object) -> str:
    """How Grafana fills /^$var$/ for a multi-value variable: All -> allValue, else escaped."""
    if value is ALL:
        return ".*"
    return re.sub(r"[\\^$*+?.()|\[\]{}/]", lambda m: "\\" + m.group(), str(value))


def render(dq: DashQuery, selection: str) -> str:
    q = dq.query.replace("$timeFilter", "time > now() - 2h").replace("$__interval", "1m")
    for name, value in SELECTIONS[selection].items():
        if value is ALL and name in dq.single:
            value = ONE_OF[name]
        q = q.replace(f"/^${name}$/", f"/^{grafana_regex(value)}$/")
        q = q.replace(f"'${name}'", "'" + str(value).replace("'", "\\'") + "'")
    assert not re.search(r"\$\{?\w", q), f"unfilled variable in {q}"
    return q


# Every variable All, then one value each (the commune level: Phúc Tân has both a router
# and a switch, events, interfaces). A single-value variable (device on the interfaces
# dashboard) never gets All.
SELECTIONS: dict[str, dict[str, object]] = {
    "all": {"district": ALL, "level": ALL, "device": ALL, "ifname": ALL},
    "one": {"district": "hoan-kiem", "level": "commune", "device": "pt-rtr", "ifname": "Gi0/0"},
}
ONE_OF = {"device": "pt-rtr"}  # where a dashboard has no "All" for the variable


def write_points(server: Influxd, points: list[Point]) -> None:
    body = "\n".join(p.line() for p in points).encode()
    req = urllib.request.Request(f"{server.url}/write?db={server.database}&precision=n",
                                 data=body, method="POST")
    with urllib.request.urlopen(req, timeout=10) as resp:
        assert resp.status == 204


@pytest.fixture(scope="module")
def loaded_influxd(tmp_path_factory: pytest.TempPathFactory,
                   sample: Sample) -> Iterator[Influxd]:
    server = start_influxd(tmp_path_factory.mktemp("influxd"))
    try:
        write_points(server, sample.points)
        yield server
    finally:
        server.stop()


def run_panels(server: Influxd, selection: str) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for q in all_queries():
        out[q.panel] = out.get(q.panel, []) + server.query(render(q, selection))
    return out


@pytest.mark.integration
@requires_influxd
@pytest.mark.parametrize("selection", sorted(SELECTIONS))
def test_every_query_answers_from_real_influxd(loaded_influxd: Influxd, selection: str) -> None:
    empty = []
    for q in all_queries():
        rows = loaded_influxd.query(render(q, selection))
        if not rows:
            empty.append(f"{q.dashboard} / {q.panel}: {render(q, selection)}")
    assert not empty, "queries with no rows on the sample city:\n" + "\n".join(empty)


@pytest.mark.integration
@requires_influxd
def test_coverage_panels_say_what_the_coverage_report_says(loaded_influxd: Influxd,
                                                            sample: Sample) -> None:
    rows = run_panels(loaded_influxd, "all")
    inv, last = sample.inventory, sample.reports[-1]

    short = {(r["agency_name"], r.get("district", "")) for r in
             rows["Agencies short of connection"]}
    want_short = {(a.name, a.district or "") for a in last.agencies if not a.connected}
    assert short == want_short
    assert ("Phường Hàng Bạc", "hoan-kiem") in short  # no device: short, by name

    availability = {r["agency_name"]: r["availability"]
                    for r in rows["Availability per agency over the range"]}
    want = {a.name: 100.0 * sum(rep_a.connected for rep in sample.reports
                                for rep_a in rep.agencies if rep_a.id == a.id)
            / len(sample.reports) for a in inv.agencies.values()}
    assert availability == pytest.approx(want)
    assert availability["Quận Hoàn Kiếm"] == pytest.approx(50.0)

    districts = {(r["district_name"], r["level"]): (r["connected"], r["total"], r["share"])
                 for r in rows["Districts"]}
    assert districts == {(inv.agencies[str(r.district)].name, r.level):
                         (r.connected, r.total, pytest.approx(r.share))
                         for r in last.rows if r.scope == "district"}

    city = {r["level"]: r["share"] for r in rows["City share connected, per level"]}
    assert city == {r.level: pytest.approx(r.share) for r in last.rows if r.scope == "city"}


@pytest.mark.integration
@requires_influxd
def test_device_and_interface_panels_show_the_sample(loaded_influxd: Influxd,
                                                     sample: Sample) -> None:
    rows = run_panels(loaded_influxd, "one")
    serials = {r["device"]: r["serial"] for r in rows["Device inventory"]}
    assert serials == {"pt-rtr": sample.facts["pt-rtr"].serial}

    states = {r["state"] for r in run_panels(loaded_influxd, "all")["Reachability"]}
    assert states == {"up", "down", "unknown"}  # unknown is not drawn as down

    traffic = [r for r in rows["Traffic"] if r["ifname"] == "Gi0/0"]
    seconds = ROUND_GAP.total_seconds()
    assert [r["in"] for r in traffic] == [pytest.approx(OCTETS_PER_ROUND * 8 / seconds)]
    assert [r["out"] for r in traffic] == [pytest.approx(OCTETS_PER_ROUND // 2 * 8 / seconds)]

    kinds = {(r["device"], r["kind"]) for r in rows["Events"]}
    assert kinds == {("pt-rtr", "serial_changed")}  # device filter applied
    (last_poll,) = rows["Last poll, slowest devices"]
    assert last_poll["slowest"] == "hk-rtr 2.25s, pt-sw 2.00s"


# ------------------------------------------------------------------ config and unit

def test_example_config_loads_and_holds_no_secret(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    for var in list(os.environ):
        if var.startswith("NETMON_"):
            monkeypatch.delenv(var)
    path = DEPLOY / "netmon.yaml.example"
    settings = load_settings(path)
    assert settings.config_path == path
    assert settings.data_dir == Path("/var/lib/netmon")  # the unit's StateDirectory
    assert settings.inventory is not None and settings.inventory.is_absolute()

    # The commented-out InfluxDB keys are valid too once uncommented.
    keys = set(InfluxConfig.model_fields)
    text = path.read_text(encoding="utf-8")
    uncommented = re.sub(r"(?m)^(\s+)# (\w+): ",
                         lambda m: f"{m[1]}{m[2]}: " if m[2] in keys else m[0], text)
    assert uncommented != text
    full = tmp_path / "netmon.yaml"
    full.write_text(uncommented, encoding="utf-8")
    influx = load_settings(full).influx
    for secret in (influx.token, influx.password):
        assert secret is not None
        assert secret.get_secret_value().startswith(("env:", "file:"))
        assert "env:" not in repr(influx), "config reprs hide even the references"


def unit_directives() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in (DEPLOY / "systemd/netmon.service").read_text().splitlines():
        if "=" in line and not line.lstrip().startswith(("#", ";")):
            k, v = line.split("=", 1)
            out.setdefault(k.strip(), []).append(v.strip())
    return out


def test_unit_runs_the_daemon_unprivileged_with_raw_icmp() -> None:
    d = unit_directives()
    assert d["ExecStart"] == ["/opt/netmon/venv/bin/netmon daemon"]
    assert d["User"] == ["netmon"]
    assert d["ExecReload"] == ["/bin/kill -HUP $MAINPID"]
    assert d["AmbientCapabilities"] == ["CAP_NET_RAW"]
    assert d["StateDirectory"] == ["netmon"] and d["ConfigurationDirectory"] == ["netmon"]
    assert "NETMON_CONFIG=/etc/netmon/netmon.yaml" in d["Environment"]
    assert d["EnvironmentFile"] == ["-/etc/netmon/secrets.env"]
    assert d["ProtectSystem"] == ["strict"] and d["NoNewPrivileges"] == ["yes"]
    assert d["ReadWritePaths"] == ["/var/lib/netmon"]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                    reason="systemd-analyze is not installed")
def test_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    # verify insists that ExecStart exists: point it at this environment's netmon.
    netmon = shutil.which("netmon")
    if netmon is None:
        pytest.skip("the netmon entry point is not on PATH")
    text = (DEPLOY / "systemd/netmon.service").read_text()
    unit = tmp_path / "netmon.service"
    unit.write_text(text.replace("/opt/netmon/venv/bin/netmon", netmon))
    proc = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True,
                          text=True, timeout=120)
    # Unknown keys and bad values are only warnings (exit 0): refuse any line about the unit.
    ours = [line for line in (proc.stdout + proc.stderr).splitlines()
            if "netmon.service" in line]
    assert proc.returncode == 0 and not ours, proc.stdout + proc.stderr
