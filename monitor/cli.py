"""The ``netmon`` command line: the app, its global options, and the command modules.

Exit status: 0 done; 1 the device did not answer (``scan host``); 2 bad usage,
a bad inventory or config. A bad input never shows a Python traceback.

Imports point one way: this module imports the command modules (``cli_inventory``,
``cli_scan``, ``cli_ops``, ``cli_report``, ``cli_sites``), lazily, by name in ``COMMANDS``:
only the module of the command being run is imported. They import ``cli_common``;
nothing imports this one.
"""

from __future__ import annotations

import difflib
import importlib
import os
import sys
from typing import Annotated, Any

import click
import typer
from typer.core import TyperGroup

from netmon import __version__
from netmon.monitor.cli_common import ConfigOpt, Ctx, DataDirOpt, InventoryOpt, begin, out

# name -> (module in netmon.monitor, its attribute: a function or a typer app, short help).
# A command's module is imported only when that command runs (or its --help shows):
# `netmon --help` lists this table and imports none of them. The short help is the
# command's own first paragraph; tests/test_cli_startup.py checks that they agree.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "coverage": ("cli_scan", "coverage",
                 "WAN coverage and the programme's other indicators (computers, portals, "
                 "the data centre), from the stored state, for the city and per district."),
    "indicators": ("cli_report", "indicators_cmd",
                   "Computers, portals and data centre from the stored history "
                   "(last 30 days)."),
    "report": ("cli_report", "report_cmd",
               "The monthly report to the city's leadership: "
               "DIR/netmon-report-YYYY-MM.html and .pdf."),
    "daemon": ("cli_ops", "daemon",
               "Poll on a schedule (reachability, SNMP/SSH inventory), write InfluxDB and "
               "coverage."),
    "ingest": ("cli_sites", "ingest",
               "Consume the sites' polls from RabbitMQ: device state, InfluxDB, coverage."),
    "inventory": ("cli_inventory", "inventory_app", "Check and show the inventory."),
    "scan": ("cli_scan", "scan_app", "Poll devices now."),
    "device": ("cli_inventory", "device_app", "One device's state and history."),
    "ssh": ("cli_inventory", "ssh_app", "SSH host keys."),
    "lab": ("cli_ops", "lab_app",
            "A simulated city network (snmpsim) and a local InfluxDB, on loopback."),
    "sites": ("cli_sites", "sites_app",
              "The sites of a multi-site deployment, seen from the centre."),
}


def load_command(name: str) -> click.Command:
    """The click command for ``name``, its module imported now."""
    module, attribute, _ = COMMANDS[name]
    obj: Any = getattr(importlib.import_module(f"netmon.monitor.{module}"), attribute)
    command: click.Command
    if isinstance(obj, typer.Typer):
        command = typer.main.get_group(obj)  # a group even with one command (device)
    else:
        single = typer.Typer(add_completion=False, rich_markup_mode=None)
        single.command(name)(obj)
        command = typer.main.get_command(single)
    command.name = name
    return command


class LazyGroup(TyperGroup):
    """click's "lazily loading subcommands" pattern: a command is built when it is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        if cmd_name not in self.commands:
            self.commands[cmd_name] = load_command(cmd_name)
        return self.commands[cmd_name]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        # shortened as click shortens a command's own help (get_short_help_str)
        rows = [(name, click.Command(name, help=short).get_short_help_str(limit))
                for name, (_, _, short) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def resolve_command(self, ctx: click.Context, args: list[str]
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return click.Group.resolve_command(self, ctx, args)
        except click.UsageError as e:
            matches = difflib.get_close_matches(args[0], list(COMMANDS)) if args else []
            if not matches:
                raise
            raise click.UsageError(e.message.rstrip(".") + ". Did you mean "
                                   + ", ".join(repr(m) for m in matches) + "?", e.ctx) from None


app = typer.Typer(cls=LazyGroup,
                  help="netmon: reachability, equipment inventory and WAN coverage of a "
                  "city's network.", no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False, rich_markup_mode=None)

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
    import logging  # here: --help and a mistyped command do not pay for it

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
