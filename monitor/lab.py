"""``netmon lab``: a simulated city network and a local InfluxDB, on loopback only.

For every inventory device on a loopback address, snmpsim answers on that
address with a walk recorded from a real device of the same role (routers for
``wan_router``, switches for ``lan_switch``), chosen by the device's SNMP
community (snmpsim with pysnmp 7 selects data by community, not by address).
The recordings ship with netmon (``lab_walks/`` beside this module, package data
with its NOTICE), so the lab works from any working directory; each device gets
its own copy with its own sysName, serials and uptime (``lab_devices``).
``NETMON_LAB_WALKS`` (folders, ``:``-separated) adds walks that win by name.
Debian's ``influxd`` runs beside it with its data in the lab folder. Devices
named with ``--down`` are made silent for real with an iptables DROP rule on
their address (root only); ``lab down`` removes the rules and stops both.

The programme's other indicators run in the lab too: ``lab_data`` gives the data centre's
servers and UPS their recordings and every agency with a headcount its computers;
``lab_services`` serves the inventory's loopback portals, online services, mail and DNS.

Nothing here sends a packet outside 127.0.0.0/8: devices whose address is not
loopback are left out of the lab.
"""

from __future__ import annotations

import ipaddress
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from netmon.errors import UsageError
from netmon.inventory import Inventory
from netmon.monitor import lab_data, lab_services
from netmon.monitor.lab_devices import write_device_walk

PACKAGED_WALKS = Path(__file__).resolve().with_name("lab_walks")
ROUTER_WALKS = ("cisco-unmarked-0", "huawei-s5720", "cisco-c3750")
SWITCH_WALKS = ("cisco-c3560", "cisco-c3750", "hpe-procurve-516733-b21", "huawei-s5720")


@dataclass(frozen=True)
class SimDevice:
    device_id: str
    community: str
    walk: Path
    endpoint: str  # "127.x.y.z:port" or "[::1]:port"


@dataclass(frozen=True)
class LabPlan:
    devices: list[SimDevice]
    skipped: list[str]  # device ids left out (not loopback, no SNMP)

    def shards(self, n: int) -> list[list[SimDevice]]:
        """Devices split over n simulators by endpoint (snmpsim serves ~6.5k varbinds/s
        per process: one process for a whole city times out under a full poll)."""
        endpoints = sorted({d.endpoint for d in self.devices})
        owner = {e: i % n for i, e in enumerate(endpoints)}
        out: list[list[SimDevice]] = [[] for _ in range(min(n, len(endpoints)))]
        for d in self.devices:
            out[owner[d.endpoint]].append(d)
        return out


def walk_dirs() -> list[Path]:
    """``$NETMON_LAB_WALKS`` folders first, then the walks shipped with netmon."""
    dirs = [Path(p) for p in os.environ.get("NETMON_LAB_WALKS", "").split(":") if p]
    return [d for d in [*dirs, PACKAGED_WALKS] if d.is_dir()]


def find_walks(dirs: list[Path]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for d in reversed(dirs):  # earlier folders win
        for f in sorted(d.glob("*.snmprec")):
            found[f.stem] = f
    return found


def plan(inv: Inventory, walks: dict[str, Path]) -> LabPlan:
    routers = [walks[w] for w in ROUTER_WALKS if w in walks] or list(walks.values())
    switches = [walks[w] for w in SWITCH_WALKS if w in walks] or list(walks.values())
    if not routers:
        raise UsageError("no recorded walks found for the lab: set NETMON_LAB_WALKS to a "
                         "folder of .snmprec files")
    devices: list[SimDevice] = []
    skipped: list[str] = []
    n_router = n_switch = 0
    for device in inv.devices.values():
        target = inv.target(device.id)
        if target.snmp is None or target.snmp.community is None or \
                not ipaddress.ip_address(target.address).is_loopback:
            skipped.append(device.id)
            continue
        if device.role == "lan_switch":
            walk = switches[n_switch % len(switches)]
            n_switch += 1
        else:
            walk = routers[n_router % len(routers)]
            n_router += 1
        host = f"[{target.address}]" if ":" in target.address else target.address
        devices.append(SimDevice(device.id, target.snmp.community.get_secret_value(), walk,
                                 f"{host}:{target.snmp.port}"))
    return LabPlan(devices, skipped)


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _pid_alive(pidfile: Path) -> int | None:
    try:
        pid = int(pidfile.read_text())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def start_snmpsim(lab: Path, shard: int, devices: list[SimDevice]) -> int:
    root = lab / "snmpsim" / str(shard)
    data = root / "data"
    data.mkdir(parents=True, exist_ok=True)
    # One file per community (snmpsim names a community after its file's real path; the
    # first device wins a shared one), each device's own copy: its sysName, serials and
    # uptime (lab_devices). A copy already there unchanged is kept with its mtime, so that
    # snmpsim reuses its index instead of indexing every walk again at each `lab up`.
    files: dict[str, SimDevice] = {}
    for d in devices:
        files.setdefault(f"{d.community}.snmprec", d)
    for old in data.iterdir():
        if old.name not in files:
            old.unlink()
    for name, d in files.items():
        write_device_walk(d.walk, d.device_id, data / name)
    # The venv's bin first: `/opt/netmon/venv/bin/netmon lab up` works without activating it.
    exe = shutil.which("snmpsim-command-responder", path=os.pathsep.join(
        (str(Path(sys.executable).parent), os.environ.get("PATH", os.defpath))))
    if exe is None:
        raise UsageError("snmpsim-command-responder not found (pip install snmpsim pysmi)")
    endpoints = sorted({d.endpoint for d in devices})
    cmd = [exe, f"--data-dir={data}", f"--cache-dir={root / 'cache'}",
           *(f"--agent-udpv6-endpoint={e}" if e.startswith("[") else
             f"--agent-udpv4-endpoint={e}" for e in endpoints)]
    env = dict(os.environ, SNMPSIM_ALLOW_ROOT="true")
    log = (root / "snmpsim.log").open("wb")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env,
                            start_new_session=True)
    (root / "snmpsim.pid").write_text(str(proc.pid))
    return proc.pid


INFLUXD_CONF = """reporting-disabled = true
bind-address = "127.0.0.1:{rpc}"
[meta]
  dir = "{dir}/meta"
[data]
  dir = "{dir}/data"
  wal-dir = "{dir}/wal"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:{http}"
  log-enabled = false
[monitor]
  store-enabled = false
"""


def start_influxd(lab: Path, http_port: int, rpc_port: int) -> str:
    url = f"http://127.0.0.1:{http_port}"
    pidfile = lab / "influxd.pid"
    if _pid_alive(pidfile) is None:
        exe = shutil.which("influxd")
        if exe is None:
            raise UsageError("influxd not found (apt-get install influxdb)")
        for port in (http_port, rpc_port):
            if not _free(port):
                raise UsageError(f"port 127.0.0.1:{port} is taken: pass --influx-port")
        d = lab / "influxdb"
        d.mkdir(parents=True, exist_ok=True)
        conf = d / "influxdb.conf"
        conf.write_text(INFLUXD_CONF.format(rpc=rpc_port, dir=d, http=http_port))
        log = (lab / "influxd.log").open("ab")
        proc = subprocess.Popen([exe, "-config", str(conf)], stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        pidfile.write_text(str(proc.pid))
    for _ in range(100):  # bounded: 10 s
        try:
            with urllib.request.urlopen(f"{url}/ping", timeout=1):
                break
        except OSError:
            time.sleep(0.1)
    else:
        raise UsageError(f"influxd did not answer on {url} (see {lab / 'influxd.log'})")
    body = urllib.parse.urlencode({"q": "CREATE DATABASE netmon"}).encode()
    try:
        with urllib.request.urlopen(f"{url}/query", data=body, timeout=5):
            pass
    except OSError as exc:  # URLError and HTTPError are OSErrors
        raise UsageError(f"cannot create database netmon on {url}: {exc}") from exc
    return url


def drop_rules(addresses: list[str], add: bool) -> list[str]:
    """iptables DROP on loopback addresses, to make devices silent for real."""
    if not addresses:
        return []
    if os.geteuid() != 0 or shutil.which("iptables") is None:
        raise UsageError("--down needs root and iptables")
    done = []
    for a in addresses:
        if not ipaddress.ip_address(a).is_loopback or ipaddress.ip_address(a).version != 4:
            raise UsageError(f"--down only takes IPv4 loopback devices, not {a}")
        check = ["iptables", "-C", "INPUT", "-d", a, "-j", "DROP"]
        exists = subprocess.run(check, capture_output=True).returncode == 0
        if add and not exists:
            subprocess.run(["iptables", "-I", "INPUT", "-d", a, "-j", "DROP"], check=True)
        while not add and subprocess.run(["iptables", "-D", "INPUT", "-d", a, "-j", "DROP"],
                                         capture_output=True).returncode == 0:
            pass
        done.append(a)
    return done


def write_config(lab: Path, inventory: Path, influx_url: str) -> Path:
    cfg = {
        "inventory": str(inventory.resolve()),
        "data_dir": str((lab / "data").resolve()),
        "influxdb": {"url": influx_url, "api": "v1", "database": "netmon"},
        # The simulators, not the poller, are the lab's bottleneck: fewer devices at once,
        # each served promptly, rather than all of them timing out together.
        "poll": {"interval_s": 120, "reachability_interval_s": 30, "deadline_s": 30,
                 "concurrency": 16, "stale_after_s": 600},
    }
    path = lab / "netmon.yaml"
    path.write_text("# written by netmon lab up\n" + json.dumps(cfg, indent=2) + "\n")
    return path


def up(lab: Path, inv: Inventory, influx_port: int,
       down: list[str], simulators: int = 4, http_error: Sequence[str] = (),
       cert_days: Mapping[str, float] | None = None) -> dict[str, object]:
    unknown = [d for d in down if d not in inv.devices]
    if unknown:
        raise UsageError(f"--down: no device {', '.join(map(repr, unknown))} in the inventory")
    lab.mkdir(parents=True, exist_ok=True)
    stop_snmpsim(lab)
    p = plan(inv, find_walks(walk_dirs()))
    # Data-centre servers and UPS, and every agency's computers (lab_data).
    walks, computers = lab_data.prepare(lab, inv, p.devices)
    p = LabPlan([replace(d, walk=walks.get(d.device_id, d.walk)) for d in p.devices], p.skipped)
    services = lab_services.start(lab, inv, http_error, cert_days)
    shards = p.shards(simulators)
    for i, shard in enumerate(shards):
        start_snmpsim(lab, i, shard)
    url = start_influxd(lab, influx_port, influx_port + 2)
    addresses = [inv.devices[d].address for d in down]
    state_file = lab / "lab.json"
    earlier = json.loads(state_file.read_text()).get("down", []) if state_file.exists() else []
    # Rules of an earlier `up` stay listed, so that `lab down` removes them all.
    silenced = sorted(set(earlier) | set(drop_rules(addresses, add=True)))
    state = {"down": silenced, "influx_url": url, "ca_bundle": services["ca_bundle"]}
    (lab / "lab.json").write_text(json.dumps(state))
    config = write_config(lab, inv.path, url)
    for i, shard in enumerate(shards):
        _wait_snmpsim(lab / "snmpsim" / str(i), len({d.community for d in shard}))
    return {"config": str(config), "devices": len(p.devices), "simulators": len(shards),
            "endpoints": len({d.endpoint for d in p.devices}), "skipped": p.skipped,
            "influx_url": url, "down": down, "services": services,
            "computers": computers}


def _wait_snmpsim(root: Path, files: int) -> None:
    """snmpsim indexes every data file (about 1 s per recorded walk) before it listens."""
    log = root / "snmpsim.log"
    for _ in range(100 + 30 * files):  # bounded: 10 s + 3 s per file
        text = log.read_text(errors="replace") if log.exists() else ""
        if "Listening" in text or _pid_alive(root / "snmpsim.pid") is None:
            break
        time.sleep(0.1)
    if _pid_alive(root / "snmpsim.pid") is None:
        raise UsageError(f"snmpsim did not start (see {log})")


def stop_snmpsim(lab: Path) -> None:
    for pidfile in sorted((lab / "snmpsim").glob("*/snmpsim.pid")):
        _stop(pidfile)


def _stop(pidfile: Path) -> None:
    """Stop what the lab started: only a process whose command line is the lab's own."""
    pid = _pid_alive(pidfile)
    lab_services.stop_group(pidfile, pid if pid is not None and _is_lab_process(pid)
                            else None, _pid_alive)


def _is_lab_process(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"snmpsim" in cmdline or b"influxd" in cmdline


def down_all(lab: Path) -> None:
    state_file = lab / "lab.json"
    if state_file.exists():
        state = json.loads(state_file.read_text())
        drop_rules(list(state.get("down", [])), add=False)
        state_file.unlink()
    stop_snmpsim(lab)
    lab_services.stop(lab)
    _stop(lab / "influxd.pid")
