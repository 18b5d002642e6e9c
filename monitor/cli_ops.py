"""``netmon daemon`` and ``netmon lab up|down``."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any

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
    http_error: Annotated[list[str] | None, typer.Option(
        "--http-error", help="Agency id (its portal) or data-centre check id whose server "
        "answers 500; repeat.")] = None,
    cert_days: Annotated[list[str] | None, typer.Option(
        "--cert-days", help="ID=DAYS: that portal's or check's certificate expires in DAYS "
        "days; repeat.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Start the lab for the inventory's loopback devices and services; writes
    DIR/netmon.yaml and DIR/lab-ca-bundle.pem."""
    from netmon.errors import UsageError
    from netmon.monitor import lab
    from netmon.monitor.resources import load_inventory

    days: dict[str, float] = {}
    for item in cert_days or []:
        ident, _, value = item.partition("=")
        try:
            days[ident.strip()] = float(value)
        except ValueError:
            raise UsageError(f"--cert-days takes ID=DAYS, not {item!r}") from None
    inv = load_inventory(settings())
    info = lab.up(directory, inv, influx_port, down or [], http_error=http_error or [],
                  cert_days=days)
    if as_json:
        print_json(info)
        return
    out.print(f"lab up: {info['devices']} simulated devices on {info['endpoints']} loopback "
              f"endpoints ({info['simulators']} snmpsim processes), InfluxDB at "
              f"{info['influx_url']}")
    if info["down"]:
        out.print(f"silenced: {', '.join(info['down'])}")  # type: ignore[arg-type]
    svc: dict[str, Any] = info["services"]  # type: ignore[assignment]
    pcs: dict[str, int] = info["computers"]  # type: ignore[assignment]
    out.print(f"services: {svc['urls']} portal and service URLs on {svc['web']} web servers, "
              f"{svc['mail']} mail and {svc['dns']} DNS servers; {sum(pcs.values())} "
              f"computers in the LANs of {len(pcs)} agencies with a headcount")
    out.print(f"use it: export NETMON_CONFIG={info['config']} "
              f"SSL_CERT_FILE={svc['ca_bundle']}")


@lab_app.command("down")
@command
def lab_down(
    directory: Annotated[Path, typer.Option("--dir")] = Path("/tmp/netmon-lab"),
) -> None:
    """Stop the lab's snmpsim, services and influxd and remove its DROP rules."""
    from netmon.monitor import lab

    lab.down_all(directory)
    out.print("lab down")
