"""Prometheus snmp_exporter (Debian's ``prometheus-snmp-exporter``) as a reference poller.

``write_config`` writes an snmp.yml (the 0.21 format Debian 12 ships) with one module per
community, each walking exactly the columns netmon reads (oids.py) with the same
max-repetitions; ``Exporter`` runs the binary on a loopback port (never the system
service), scrapes each device once per round from threads, and reads the exporter's own
CPU (utime+stime from /proc/PID/stat) and peak RSS (VmHWM): its process accounting.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from netmon.collectors.snmp import oids

BINARY = shutil.which("prometheus-snmp-exporter")
STRINGS = {oids.IF_DESCR, oids.IF_NAME, oids.IF_ALIAS, oids.ENT_DESCR, oids.ENT_NAME,
           oids.ENT_HARDWARE_REV, oids.ENT_FIRMWARE_REV, oids.ENT_SOFTWARE_REV,
           oids.ENT_SERIAL, oids.ENT_MODEL, oids.SYS_DESCR, oids.SYS_CONTACT, oids.SYS_NAME,
           oids.SYS_LOCATION, oids.SYS_OBJECT_ID}
COUNTERS = {oids.IF_IN_OCTETS, oids.IF_OUT_OCTETS, oids.IF_IN_ERRORS, oids.IF_OUT_ERRORS,
            oids.IF_HC_IN_OCTETS, oids.IF_HC_OUT_OCTETS}


def _metric(oid: str, index: str | None) -> str:
    kind = ("DisplayString" if oid in STRINGS else "PhysAddress48"
            if oid == oids.IF_PHYS_ADDRESS else "counter" if oid in COUNTERS else "gauge")
    name = "m_" + oid.replace(".", "_")
    out = f"    - name: {name}\n      oid: {oid}\n      type: {kind}\n      help: {oid}\n"
    if index:
        out += f"      indexes:\n      - labelname: {index}\n        type: gauge\n"
    return out


def write_config(path: Path, communities: list[str], reps: int) -> None:
    tables = [(c, "ifIndex") for c in oids.IF_TABLE + oids.IFX_TABLE]
    tables += [(c, "entPhysicalIndex") for c in oids.ENT_TABLE]
    scalars = [o.rsplit(".", 1)[0] for o in oids.SYSTEM]
    body = "".join(_metric(o, None) for o in scalars)
    body += "".join(_metric(o, idx) for o, idx in tables)
    walk = "".join(f"    - {o}\n" for o, _ in tables)
    get = "".join(f"    - {o}\n" for o in oids.SYSTEM)
    text = ""
    for community in communities:
        text += (f"m_{community.replace('-', '_')}:\n  version: 2\n  auth:\n"
                 f"    community: {community}\n  max_repetitions: {reps}\n  retries: 1\n"
                 f"  timeout: 5s\n  walk:\n{walk}  get:\n{get}  metrics:\n{body}")
    path.write_text(text)


def module_of(community: str) -> str:
    return "m_" + community.replace("-", "_")


@dataclass
class ScrapeRound:
    varbinds: int
    failed: int


class Exporter:
    def __init__(self, config: Path) -> None:
        if BINARY is None:
            raise SystemExit("apt-get install prometheus-snmp-exporter")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc = subprocess.Popen(
            [BINARY, f"--config.file={config}", f"--web.listen-address=127.0.0.1:{self.port}",
             "--log.level=error"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=1).read()
                break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                    raise RuntimeError(f"snmp_exporter did not start: {err[-1500:]}") from None
                time.sleep(0.1)

    def cpu_s(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss_mb(self) -> float:
        m = re.search(r"VmHWM:\s+(\d+)", Path(f"/proc/{self.proc.pid}/status").read_text())
        return int(m.group(1)) / 1024 if m else 0.0

    def scrape(self, devices: list[tuple[str, str]], threads: int = 64) -> ScrapeRound:
        """One scrape of each (target host:port, community); their varbinds added up."""
        def one(device: tuple[str, str]) -> int:
            target, community = device
            url = (f"http://127.0.0.1:{self.port}/snmp?target={target}"
                   f"&module={module_of(community)}")
            try:
                body = urllib.request.urlopen(url, timeout=60).read().decode()
            except OSError:
                return -1
            m = re.search(r"^snmp_scrape_pdus_returned (\d+)", body, re.M)
            return int(m.group(1)) if m else -1
        with ThreadPoolExecutor(threads) as pool:
            counts = list(pool.map(one, devices))
        return ScrapeRound(sum(c for c in counts if c > 0), sum(c <= 0 for c in counts))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
