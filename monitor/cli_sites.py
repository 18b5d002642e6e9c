"""``netmon ingest`` and ``netmon sites``: the centre of a multi-site deployment.

(``netmon daemon --site NAME``, the site's side, is the daemon command with one option.)
"""

from __future__ import annotations

import logging
import socket
from typing import TYPE_CHECKING, Annotated

import typer

from netmon.errors import UsageError
from netmon.monitor.cli_common import JsonOpt, command, out, print_json, settings

if TYPE_CHECKING:
    from netmon.monitor.broker.health import Snapshot
    from netmon.monitor.config import Settings

sites_app = typer.Typer(help="The sites of a multi-site deployment, seen from the centre.",
                        rich_markup_mode=None)


def _broker_settings() -> Settings:
    s = settings()
    if s.broker is None:
        raise UsageError("no broker: section in the config file: this command is for a "
                         "multi-site deployment (see README, 'Sites')")
    return s


def _log_level(s: Settings) -> None:
    root = logging.getLogger()
    if root.level > logging.INFO:
        root.setLevel(getattr(logging, s.log_level.upper(), logging.INFO))
        logging.getLogger("netmon").setLevel(root.level)


@command
def ingest(
    name: Annotated[str | None, typer.Option(
        "--name", help="This ingester's name for the broker and the logs (default: the "
        "host name).")] = None,
) -> None:
    """Consume the sites' polls from RabbitMQ: device state, InfluxDB, coverage."""
    import asyncio
    import signal

    from netmon.monitor.broker.ingest import Ingest
    from netmon.monitor.resources import load_inventory

    s = _broker_settings()
    _log_level(s)
    inv = load_inventory(s)
    if not inv.sites():
        raise UsageError("no agency or device of the inventory has site:, so no site sends "
                         "anything to ingest")

    async def main() -> None:
        centre = Ingest(s, inv, name or socket.gethostname())
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, centre.stop.set)
        await centre.run()

    asyncio.run(main())


WideOpt = Annotated[bool, typer.Option("--wide", "-w", help="Every column, no ellipsis.")]


@sites_app.callback(invoke_without_command=True)
@command
def sites(ctx: typer.Context, as_json: JsonOpt = False, wide: WideOpt = False) -> None:
    """Each site: its active poller, last heartbeat, queue and outbox depths, devices and the
    age of the freshest observation the centre has of them."""
    if ctx.invoked_subcommand is not None:
        return
    import asyncio

    from netmon.monitor.broker.health import snapshot
    from netmon.monitor.resources import load_inventory

    s = _broker_settings()
    inv = load_inventory(s)
    snap = asyncio.run(snapshot(s, inv))
    if as_json:
        print_json({"sites": [h.to_json() for h in snap.sites],
                    "dead_letters": snap.dead_letters, "broker_error": snap.broker_error})
        return
    out.print(_table(snap, wide))
    if snap.broker_error:
        out.print(f"queue depths unknown: {snap.broker_error}", markup=False)
    elif snap.dead_letters:
        out.print(f"{snap.dead_letters} dead letters wait in netmon.dead (poison or "
                  "expired messages)")


@sites_app.command("grants")
@command
def grants(
    site: Annotated[str, typer.Argument(help="The site, as in the inventory's site:.")],
    user: Annotated[str | None, typer.Option("--user", help="Its RabbitMQ user (default "
                    "netmon-site-SITE).")] = None,
) -> None:
    """The rabbitmqctl commands that create a site's user, allowed only its own site."""
    from netmon.monitor.broker.topology import rabbitmqctl_lines, site_grants
    from netmon.monitor.resources import load_inventory

    s = _broker_settings()
    load_inventory(s).select_site(site)  # an unknown site is refused, naming the known ones
    assert s.broker is not None
    out.print("read -rs PASSWORD   # the site's password; then:", markup=False)
    for line in rabbitmqctl_lines(user or f"netmon-site-{site}", s.broker.vhost,
                                  site_grants(site)):
        out.print(line, markup=False, soft_wrap=True)


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 120:
        return f"{seconds:.0f}s"
    if seconds < 7200:
        return f"{seconds / 60:.0f}m"
    return f"{seconds / 3600:.0f}h"


def _table(snap: Snapshot, wide: bool) -> object:
    from rich import box
    from rich.table import Table

    t = Table(title="Sites", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    columns = [("site", 14), ("active poller", 18), ("beat", 5), ("queue", 6), ("outbox", 6),
               ("devices", 9), ("fresh", 5), ("takeovers", 9)]
    for name, width in columns:
        if wide:
            t.add_column(name, overflow="fold")
        else:
            t.add_column(name, no_wrap=True, overflow="ellipsis", max_width=width)
    for h in snap.sites:
        devices = f"{h.observed}/{h.devices}" if h.observed != h.devices else str(h.devices)
        t.add_row(h.site, h.active or "[red]none[/]", _age(h.beat_age_s),
                  "?" if h.queue is None else str(h.queue),
                  "?" if h.outbox is None else str(h.outbox), devices,
                  _age(h.freshest_age_s), str(h.takeovers))
    return t
