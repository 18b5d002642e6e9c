"""SSH collector speed: time per device, and N devices through the bounded pool.

Run from the project root: ``python benchmarks/bench_ssh.py [--devices 50] [--workers 16]``.
Fake devices are tests/peers/sshd.py servers on 127.0.0.1 (recorded outputs).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pydantic import SecretStr

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from netmon.collectors.observation import Status
from netmon.collectors.ssh import HostKeyStore, SshCollector
from netmon.target import SshCredentials, Target
from tests.peers.sshd import FIXTURE_SETS, DeviceHandle, start_device_server

PASSWORD = "bench-pw-1"


def _target(h: DeviceHandle, i: int) -> Target:
    return Target(f"bench{i}", h.address, ssh=SshCredentials(
        platform=h.cfg.platform, username="netmon", password=SecretStr(PASSWORD),
        port=h.port, timeout_s=10.0))


async def _run(c: SshCollector, targets: list[Target]) -> tuple[float, list[Status]]:
    t0 = time.perf_counter()
    obs = await asyncio.gather(*(c.collect(t) for t in targets))
    return time.perf_counter() - t0, [o.status for o in obs]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--devices", type=int, default=50)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 4, 16, 50])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    store = HostKeyStore(Path(tempfile.mkdtemp()) / "kh.json")

    print("time per device (connect + commands + close), sequential, first poll pins the key")
    for platform in sorted(FIXTURE_SETS):
        h = start_device_server(platform, password=PASSWORD)
        c = SshCollector(store, max_workers=1)
        t = _target(h, hash(platform) % 10**6)
        times = []
        for _ in range(args.repeat):
            dt, statuses = asyncio.run(_run(c, [t]))
            assert statuses == [Status.OK], statuses
            times.append(dt)
        c.close()
        h.stop()
        print(f"  {platform:15s} first {times[0]:.3f}s  median {statistics.median(times):.3f}s"
              f"  ({len(FIXTURE_SETS[platform])} commands)")

    handles = [start_device_server("cisco_ios", password=PASSWORD) for _ in range(args.devices)]
    targets = [_target(h, i) for i, h in enumerate(handles)]
    print(f"{args.devices} cisco_ios devices at once (keys pinned on a first pass)")
    warm = SshCollector(store, max_workers=16)
    asyncio.run(_run(warm, targets))
    warm.close()
    for workers in args.workers:
        c = SshCollector(store, max_workers=workers)
        dt, statuses = asyncio.run(_run(c, targets))
        c.close()
        ok = statuses.count(Status.OK)
        print(f"  workers={workers:3d}: {dt:.2f}s total, {dt / len(targets) * 1000:.0f} ms/device,"
              f" {len(targets) / dt:.1f} devices/s, ok {ok}/{len(targets)}")
    for h in handles:
        h.stop()


if __name__ == "__main__":
    main()
