"""The ``netmon`` command line: the app, its global options, and the command modules.

Exit status: 0 done; 1 the device did not answer (``scan host``); 2 bad usage,
a bad inventory or config. A bad input never shows a Python traceback.

Imports point one way: this module imports the command modules (``cli_inventory``,
``cli_scan``, ``cli_ops``, ``cli_report``, ``cli_sites``), which import ``cli_common``;
nothing imports this one.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Annotated

import typer

from netmon import __version__
from netmon.monitor import cli_inventory, cli_ops, cli_report, cli_scan, cli_sites
from netmon.monitor.cli_common import ConfigOpt, Ctx, DataDirOpt, InventoryOpt, begin, out

app = typer.Typer(help="netmon: reachability, equipment inventory and WAN coverage of a "
                  "city's network.", no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False, rich_markup_mode=None)
app.add_typer(cli_inventory.inventory_app, name="inventory")
app.add_typer(cli_scan.scan_app, name="scan")
app.command("coverage")(cli_scan.coverage)
app.add_typer(cli_inventory.device_app, name="device")
app.add_typer(cli_inventory.ssh_app, name="ssh")
app.command("indicators")(cli_report.indicators_cmd)
app.command("report")(cli_report.report_cmd)
app.command("daemon")(cli_ops.daemon)
app.add_typer(cli_ops.lab_app, name="lab")
app.command("ingest")(cli_sites.ingest)
app.add_typer(cli_sites.sites_app, name="sites")

NOISY = ("pysnmp", "paramiko", "netmiko", "asyncssh", "urllib3", "influxdb_client", "httpx",
         "httpcore", "apscheduler")
# The AMQP client logs a lost connection as a warning with a traceback; netmon says it in
# one line (monitor/broker/link.py), so below -vv only its errors show.
QUIET = ("aio_pika", "aiormq")


def _version(value: bool) -> None:
    if value:
        out.print(f"netmon {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    config: ConfigOpt = None,
    inventory: InventoryOpt = None,
    data_dir: DataDirOpt = None,
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True)] = 0,
    version: Annotated[bool, typer.Option("--version", callback=_version,
                                          is_eager=True)] = False,
) -> None:
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=max(level, logging.DEBUG), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(max(logging.WARNING, level))
    for quiet in QUIET:
        logging.getLogger(quiet).setLevel(logging.DEBUG if verbose >= 2 else logging.ERROR)
    begin(Ctx(config, inventory, data_dir))


def main() -> None:
    try:
        app()
    except BrokenPipeError:  # `netmon ... | head`
        os._exit(0)
