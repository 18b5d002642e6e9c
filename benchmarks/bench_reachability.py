"""One reachability cycle over many devices, the way the daemon runs it
(``Session.collect(facts=False)``): ICMP echo to each device, and an SNMP GET of
sysUpTime for the devices with ``reach: snmp``. Prints wall time, the poller's own CPU,
peak RSS and the verdicts; asserts nothing.

Every target is on 127.0.0.0/8 (every 127.x address answers ICMP); the SNMP devices ask
one Debian ``snmpd`` on 127.0.0.1 (run as root for the raw ICMP socket).

    SNMPSIM_ALLOW_ROOT=true .venv/bin/python benchmarks/bench_reachability.py [-n 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from pydantic import SecretStr

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from netmon.monitor.config import load_settings
from netmon.monitor.device_state import Evidence
from netmon.monitor.session import Session
from netmon.target import SnmpCredentials, Target
from tests.peers.snmpd import start_snmpd


def targets(n: int, snmp_share: float, port: int, community: str) -> list[Target]:
    out = []
    n_snmp = int(n * snmp_share)
    for i in range(n):
        address = f"127.{80 + i // 65025}.{(i // 255) % 255}.{i % 255 + 1}"
        if i < n_snmp:
            creds = SnmpCredentials(community=SecretStr(community), port=port, timeout_s=2.0,
                                    retries=1)
            out.append(Target(f"d{i}", "127.0.0.1", snmp=creds, reach_method="snmp"))
        else:
            out.append(Target(f"d{i}", address))
    return out


async def cycle(session: Session, ts: list[Target]) -> tuple[float, Counter[str]]:
    t0 = time.perf_counter()
    polls = await session.collect(ts, facts=False)
    wall = time.perf_counter() - t0
    verdicts = Counter(str(p.probes[0].evidence) for p in polls)
    silent = Counter(p.reach.method for p in polls if p.probes[0].evidence is Evidence.SILENT)
    if silent:
        print("silent by method:", dict(silent))
    await session.aclose()
    return wall, verdicts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=10_000, help="devices")
    ap.add_argument("--snmp-share", type=float, default=0.1, help="share with reach: snmp")
    ap.add_argument("--concurrency", type=int, default=512)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        snmpd = start_snmpd(Path(tmp) / "snmpd")
        try:
            config = Path(tmp) / "netmon.yaml"
            config.write_text(f"data_dir: {tmp}/data\npoll: {{concurrency: {args.concurrency}}}\n"
                              "ping: {count: 3, interval_s: 0.05, timeout_s: 1.0}\n")
            settings = load_settings(config)
            ts = targets(args.n, args.snmp_share, snmpd.port, snmpd.community)
            session = Session(settings, None)
            r0 = resource.getrusage(resource.RUSAGE_SELF)
            wall, verdicts = asyncio.run(cycle(session, ts))
            r1 = resource.getrusage(resource.RUSAGE_SELF)
        finally:
            snmpd.stop()
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    print(f"devices                 {args.n} ({int(args.n * args.snmp_share)} by SNMP GET)")
    print(f"concurrency             {args.concurrency}")
    print(f"wall                    {wall:.1f} s")
    print(f"poller CPU              {cpu:.1f} s ({1000 * cpu / args.n:.2f} ms per device)")
    print(f"peak RSS                {r1.ru_maxrss / 1024:.0f} MiB")
    print(f"answered / silent / not asked  {verdicts[Evidence.ANSWERED]} / "
          f"{verdicts[Evidence.SILENT]} / {verdicts[Evidence.NOT_ASKED]}")


if __name__ == "__main__":
    main()
