"""Synthetic sites for ``bench_sites.py``: a national inventory and the polls its sites
would send (made as a site's poller makes them, by the codec; no device is asked)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from netmon.collectors.observation import (
    DeviceFacts,
    HardwareComponent,
    Interface,
    Observation,
    ReachabilityResult,
    Status,
)
from netmon.monitor.broker import codec
from netmon.monitor.runner import DevicePoll, summarize
from netmon.target import Target


def national(path: Path, devices: int, sites: int) -> dict[str, list[tuple[str, str]]]:
    """34 provinces (one site each), 10 districts each, communes with a router and a switch;
    returns site -> [(device, address)]. Plus site ``fo`` (three devices nobody asks) for
    the failover runs."""
    per_site = devices // sites
    communes = max(1, (per_site - 12) // 20)  # 10 districts x communes x 2 + 12 routers
    lines = ["levels: [province]", "agencies:"]
    devs: list[str] = ["devices:"]
    out: dict[str, list[tuple[str, str]]] = {}
    n = 0
    for s in range(sites):
        site, prov = f"p{s:02d}", f"p{s:02d}"
        lines.append(f"  - {{id: {prov}, name: Tỉnh {s}, level: province, site: {site}}}")
        mine = out.setdefault(site, [])

        def device(agency: str, role: str, name: str,
                   mine: list[tuple[str, str]] = mine) -> None:
            nonlocal n
            n += 1
            address = f"127.{100 + n // 65536}.{n // 256 % 256}.{n % 256}"
            devs.append(f"  - {{id: {name}, agency: {agency}, role: {role}, "
                        f"address: {address}}}")
            mine.append((name, address))

        for r in range(2):
            device(prov, "wan_router", f"{prov}-core{r}")
        for d in range(10):
            dist = f"{prov}.d{d}"
            lines.append(f"  - {{id: {dist}, name: Huyện {s}-{d}, level: district, "
                         f"parent: {prov}}}")
            device(dist, "wan_router", f"{dist}-rtr")
            for c in range(communes):
                com = f"{dist}.c{c}"
                lines.append(f"  - {{id: {com}, name: Xã {s}-{d}-{c}, level: commune, "
                             f"parent: {dist}}}")
                device(com, "wan_router", f"{com}-rtr")
                device(com, "lan_switch", f"{com}-sw")
    lines.append("  - {id: fo, name: Failover, level: department, site: fo}")
    for i in range(3):
        devs.append(f"  - {{id: fo-{i}, agency: fo, role: wan_router, address: 127.99.0.{i + 1},"
                    " reach: none}")
    path.write_text("\n".join(lines + devs) + "\n", encoding="utf-8")
    return out


def reach_poll(device: str, address: str, at: datetime, up: bool) -> DevicePoll:
    status = Status.OK if up else Status.TIMEOUT
    r = ReachabilityResult(device, address, "icmp", status, 1.2 if up else None,
                           0.0 if up else 100.0, at)
    return DevicePoll(Target(device, address), r, None, None, None, status, at, 0.01)


FACTS = DeviceFacts(
    sys_name="sw", sys_descr="Cisco IOS Software, C2960X", vendor="cisco",
    model="WS-C2960X-24TS-L", serial="FOC1234X0AB", os="ios", os_version="15.2(7)E4",
    uptime_s=123456.0,
    interfaces=tuple(Interface(i, f"Gi1/0/{i}", f"GigabitEthernet1/0/{i}", "", "ethernetCsmacd",
                               True, i % 3 != 0, 1_000_000_000, f"00:11:22:33:44:{i:02x}",
                               i * 10**9, i * 5 * 10**8, 0, 0) for i in range(1, 25)),
    hardware=tuple(HardwareComponent(i, c, c, c, "WS-C2960X", f"FOC{i}", "V02", "15.2")
                   for i, c in enumerate(("chassis", "powerSupply", "fan"), 1)))


def inventory_poll(device: str, address: str, at: datetime) -> DevicePoll:
    obs = Observation(device, address, "snmp", Status.OK, at, 0.8, FACTS)
    r = ReachabilityResult(device, address, "icmp", Status.OK, 1.1, 0.0, at)
    return DevicePoll(Target(device, address), r, obs, None, FACTS, Status.OK, at, 0.9, (obs,))


def site_poll(site: str, devices: list[tuple[str, str]], at: datetime, kind: str,
              silent: set[str] | frozenset[str] = frozenset()) -> list[codec.Envelope]:
    if kind == "inventory":
        polls = [inventory_poll(d, a, at) for d, a in devices]
    else:
        polls = [reach_poll(d, a, at, d not in silent) for d, a in devices]
    return list(codec.split(site, "bench", f"{site}-{kind}-{at.timestamp():.0f}", kind, at,
                            summarize(polls, 1.0), polls, 200))
