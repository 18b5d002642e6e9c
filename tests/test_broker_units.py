"""The broker pieces that need no broker: the lease's decisions from its pings, the sites'
health figures, the config section, the site grants, and the deploy files."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from netmon.inventory import load
from netmon.monitor.broker.config import BrokerConfig
from netmon.monitor.broker.health import Beat, Registry, figures, site_points
from netmon.monitor.broker.lease import ACTIVE, EXILED, STANDBY, STARTING, Lease
from netmon.monitor.broker.topology import rabbitmqctl_lines, site_grants
from netmon.monitor.device_state import Tracked
from netmon.monitor.state import DeviceState

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"


def lease(tmp_path: Path, ping_s: float = 1.0) -> tuple[Lease, list[tuple[str, str]]]:
    changes: list[tuple[str, str]] = []
    return Lease("north", "p1", ping_s, tmp_path / "lease-north",
                 lambda old, new: changes.append((old, new))), changes


def sent(lease: Lease, *ages: float) -> None:
    """Pings sent ``ages`` seconds ago, numbered 1, 2, ..."""
    now = time.monotonic()
    lease._sent = [(i + 1, now - age) for i, age in enumerate(ages)]


def test_own_pings_back_make_a_poller_active_and_lost_ones_standby(tmp_path: Path) -> None:
    a, changes = lease(tmp_path)
    assert a.role == STARTING and not a.polling
    sent(a, 0.1)
    a.decide(connected=True)
    assert a.role == STARTING  # nothing due yet
    a._back = 1
    a.decide(connected=True)
    assert a.role == ACTIVE and a.polling and a.takeovers == 0  # the first holder
    sent(a, 5, 4, 3, 2.5, 0.2)  # three due pings lost: another consumer has the queue
    a.decide(connected=True)
    assert a.role == STANDBY
    a._back = 5  # the active one died; our latest ping came back
    a.decide(connected=True)
    assert (a.role, a.takeovers) == (ACTIVE, 1)
    assert changes == [(STARTING, ACTIVE), (ACTIVE, STANDBY), (STANDBY, ACTIVE)]
    assert (tmp_path / "lease-north").read_text() == "active\n"


def test_a_stalled_event_loop_does_not_step_down(tmp_path: Path) -> None:
    a, _ = lease(tmp_path)
    sent(a, 9.0)  # the last ping before a 9 s stall: one due ping not seen yet
    a._back = 0
    a.role = ACTIVE
    a.decide(connected=True)
    assert a.role == ACTIVE  # one lost ping is no proof: no ping was sent while stalled


def test_the_active_poller_keeps_polling_without_the_broker(tmp_path: Path) -> None:
    a, _ = lease(tmp_path)
    a._set(ACTIVE)
    a.decide(connected=False)
    assert a.role == EXILED and a.polling
    b, _ = lease(tmp_path / "b")
    (tmp_path / "b").mkdir()
    b._set(STANDBY)
    b.decide(connected=False)
    assert b.role == STANDBY and not b.polling  # a standby never polls on its own
    # an active poller restarted while the broker is away goes on polling
    c, _ = lease(tmp_path)
    assert c.was_active and c.role == STARTING
    c.decide(connected=False)
    assert c.role == EXILED


def beat(site: str, poller: str, role: str, sent: datetime, outbox: int = 0,
         takeovers: int = 0) -> Beat:
    return Beat(site, poller, role, sent, outbox, 2, 10, takeovers)


def test_site_health_from_heartbeats_and_state(tmp_path: Path) -> None:
    inv_path = tmp_path / "inv.yaml"
    inv_path.write_text("""\
agencies:
  - {id: n, name: N, level: district, site: north}
  - {id: s, name: S, level: district, site: south}
devices:
  - {id: n1, agency: n, role: wan_router, address: 127.0.0.1}
  - {id: n2, agency: n, role: wan_router, address: 127.0.0.2}
  - {id: s1, agency: s, role: wan_router, address: 127.0.0.3}
""", encoding="utf-8")
    inv = load(inv_path)
    now = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    reg = Registry(tmp_path / "sites.sqlite3")
    reg.record(beat("north", "a", "standby", now - timedelta(seconds=3), 2, takeovers=1),
               now - timedelta(seconds=3))
    reg.record(beat("north", "b", "active", now - timedelta(seconds=1), 5), now)
    reg.record(beat("north", "b", "active", now - timedelta(seconds=9), 99), now)  # older
    states = {"n1": DeviceState("n1", now - timedelta(seconds=30), "ok", Tracked())}
    north, south = figures(inv, reg.beats(), states, {"north": 4}, now, 15.0)
    assert (north.active, north.pollers, north.beat_age_s, north.queue, north.outbox) == (
        "b", 2, 0.0, 4, 7)
    assert (north.devices, north.observed, north.freshest_age_s, north.takeovers) == (
        2, 1, 30.0, 1)
    assert (south.active, south.pollers, south.queue, south.observed) == (None, 0, None, 0)
    (p1, p2) = site_points([north, south], now)
    assert p1.tags == {"site": "north"} and p1.fields["active_poller"] == "b"
    assert "queue_depth" not in p2.fields  # unknown is left out, not written as 0


def test_broker_section_is_checked() -> None:
    ok = BrokerConfig.model_validate({"url": "amqps://rabbit.example.vn/netmon",
                                      "username": "netmon-site-north"})
    assert (ok.tls_on, ok.port, ok.vhost, ok.takeover_bound_s) == (True, 5671, "netmon", 55)
    assert BrokerConfig.model_validate({"url": "amqp://h:5673/%2Fnetmon",
                                        "username": "u"}).vhost == "/netmon"
    for bad in ({"url": "amqp://u:pw@h/v", "username": "u"},
                {"url": "http://h/v", "username": "u"},
                {"url": "amqp://h/v", "username": "u", "heartbeat_s": 0},
                {"url": "amqp://h/v", "username": "u", "qos": 3}):
        with pytest.raises(ValidationError):
            BrokerConfig.model_validate(bad)


def test_the_example_broker_section_is_valid() -> None:
    text = (DEPLOY / "netmon.yaml.example").read_text(encoding="utf-8")
    block = text[text.index("#broker:"):]
    doc = yaml.safe_load(re.sub(r"(?m)^#", "", block))
    cfg = BrokerConfig.model_validate(doc["broker"])
    assert cfg.password is not None and cfg.password.get_secret_value().startswith("env:")


def test_site_grants_allow_only_the_site_itself() -> None:
    g = site_grants("hai-phong")
    assert re.fullmatch(g.topic_write, "obs.hai-phong")
    assert re.fullmatch(g.topic_write, "beat.hai-phong")
    for other in ("obs.hanoi", "obs.hai-phong2", "obs.hai-phong.x", "xobs.hai-phong"):
        assert not re.search(g.topic_write, other), other
    assert re.search(g.read, "netmon.lease.hai-phong")
    assert not re.search(g.read, "netmon.obs.hai-phong")  # never its own observations
    assert not re.search(g.configure, "netmon.lease.hai-phong")
    lines = rabbitmqctl_lines("netmon-site-hai-phong", "netmon", g)
    assert lines[0] == "rabbitmqctl add_user 'netmon-site-hai-phong' \"$PASSWORD\""
    assert "set_topic_permissions -p 'netmon' 'netmon-site-hai-phong' netmon.sites" in lines[2]


@pytest.mark.parametrize(("unit", "command"), [
    ("netmon-site@.service", "/opt/netmon/venv/bin/netmon daemon --site %i"),
    ("netmon-ingest.service", "/opt/netmon/venv/bin/netmon ingest")])
def test_units(tmp_path: Path, unit: str, command: str) -> None:
    text = (DEPLOY / "systemd" / unit).read_text()
    assert f"ExecStart={command}\n" in text and "User=netmon\n" in text
    assert "EnvironmentFile=-/etc/netmon/secrets.env" in text
    netmon = shutil.which("netmon")
    if shutil.which("systemd-analyze") is None or netmon is None:
        pytest.skip("systemd-analyze or the netmon entry point is missing")
    path = tmp_path / unit.replace("@.", "@hanoi.")
    path.write_text(text.replace("/opt/netmon/venv/bin/netmon", netmon))
    proc = subprocess.run(["systemd-analyze", "verify", str(path)], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0 and "netmon" not in proc.stdout + proc.stderr, proc.stderr
