"""``netmon daemon`` and ``netmon lab up|down``."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from netmon.monitor.cli_common import JsonOpt, command, out, print_json, settings

lab_app = typer.Typer(help="A simulated city network (snmpsim) and a local InfluxDB, on "
                      "loopback.", no_args_is_help=True, rich_markup_mode=None)


@command
def daemon(
    once: Annotated[bool, typer.Option("--once", help="One inventory poll, then exit.")] = False,
    site: Annotated[str | None, typer.Option("--site", help="Poll this site's devices only and "
                    "publish to the broker (see README, 'Sites').")] = None,
    poller: Annotated[str | None, typer.Option("--poller", help="With --site: this poller's "
                      "name (default: the host name).")] = None,
) -> None:
    """Poll on a schedule (reachability, SNMP/SSH inventory), write InfluxDB and coverage."""
    import asyncio

    from netmon.monitor.daemon import Daemon
    from netmon.monitor.resources import load_inventory

    s = settings()
    root = logging.getLogger()
    if root.level > logging.INFO:
        root.setLevel(getattr(logging, s.log_level.upper(), logging.INFO))
        logging.getLogger("netmon").setLevel(root.level)
    inv = load_inventory(s)
    if site is not None:
        import socket

        from netmon.monitor.broker.site import SiteDaemon

        d: Daemon = SiteDaemon(s, inv, site, poller or socket.gethostname())
    else:
        d = Daemon(s, inv)
    try:
        asyncio.run(d.run(once=once))
    finally:
        if once:
            d.close()


@lab_app.command("up")
@command
def lab_up(
    directory: Annotated[Path, typer.Option("--dir", help="Lab folder.")] = Path(
        "/tmp/netmon-lab"),
    influx_port: Annotated[int, typer.Option("--influx-port")] = 18086,
    down: Annotated[list[str] | None, typer.Option("--down", help="Device id to make silent "
                    "(iptables DROP on its loopback address); repeat.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Start the lab for the inventory's loopback devices; writes DIR/netmon.yaml."""
    from netmon.monitor import lab
    from netmon.monitor.resources import load_inventory

    inv = load_inventory(settings())
    info = lab.up(directory, inv, influx_port, down or [])
    if as_json:
        print_json(info)
        return
    out.print(f"lab up: {info['devices']} simulated devices on {info['endpoints']} loopback "
              f"endpoints ({info['simulators']} snmpsim processes), InfluxDB at "
              f"{info['influx_url']}")
    if info["down"]:
        out.print(f"silenced: {', '.join(info['down'])}")  # type: ignore[arg-type]
    out.print(f"use it: export NETMON_CONFIG={info['config']}")


@lab_app.command("down")
@command
def lab_down(
    directory: Annotated[Path, typer.Option("--dir")] = Path("/tmp/netmon-lab"),
) -> None:
    """Stop the lab's snmpsim and influxd and remove its DROP rules."""
    from netmon.monitor import lab

    lab.down_all(directory)
    out.print("lab down")
