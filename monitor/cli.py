"""The ``netmon`` command line.

Exit status: 0 done; 1 the device did not answer (``scan host``); 2 bad usage,
a bad inventory or config. A bad input never shows a Python traceback.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from netmon import __version__
from netmon.errors import InventoryError, NetmonError, UsageError
from netmon.monitor import render
from netmon.monitor.config import Settings, load_settings

app = typer.Typer(help="netmon: reachability, equipment inventory and WAN coverage of a "
                  "city's network.", no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False)
inventory_app = typer.Typer(help="Check and show the inventory.", no_args_is_help=True)
device_app = typer.Typer(help="One device's state and history.", no_args_is_help=True)
ssh_app = typer.Typer(help="SSH host keys.", no_args_is_help=True)
app.add_typer(inventory_app, name="inventory")
app.add_typer(device_app, name="device")
app.add_typer(ssh_app, name="ssh")

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

F = TypeVar("F", bound=Callable[..., Any])


class Ctx:
    def __init__(self, config: str | None, inventory: str | None, data_dir: str | None) -> None:
        self.config, self.inventory, self.data_dir = config, inventory, data_dir
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.config, self.inventory, self.data_dir)
        return self._settings


def handles_errors(fn: F) -> F:
    """Turn netmon's own errors into a clear message and exit 2."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InventoryError as exc:
            for p in exc.problems:
                err.print(str(p), markup=False, soft_wrap=True)
            n = len(exc.problems)
            err.print(f"inventory refused: {n} problem{'s' if n != 1 else ''}", style="red")
            raise typer.Exit(2) from None
        except NetmonError as exc:  # usage, lookups, secrets, config, state
            err.print(f"error: {exc}", markup=False, soft_wrap=True)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            err.print("interrupted")
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        out.print(f"netmon {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    config: Annotated[str | None, typer.Option("--config", "-c", help="Config file "
                      "(default $NETMON_CONFIG, /etc/netmon/netmon.yaml or "
                      "~/.config/netmon/netmon.yaml).")] = None,
    inventory: Annotated[str | None, typer.Option("--inventory", "-i", help="Inventory file "
                         "or folder (default $NETMON_INVENTORY, then the config file).")] = None,
    data_dir: Annotated[str | None, typer.Option("--data-dir", help="State, spool and host "
                        "keys (default $NETMON_DATA_DIR, /var/lib/netmon as root, else "
                        "~/.local/state/netmon).")] = None,
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True)] = 0,
    version: Annotated[bool, typer.Option("--version", callback=_version,
                                          is_eager=True)] = False,
) -> None:
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=max(level, logging.DEBUG), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("pysnmp", "paramiko", "netmiko", "asyncssh", "urllib3", "influxdb_client",
                  "apscheduler"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, level))
    ctx.obj = Ctx(config, inventory, data_dir)


def _ctx(ctx: typer.Context) -> Ctx:
    obj = ctx.obj
    assert isinstance(obj, Ctx)
    return obj


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


# ---------------------------------------------------------------- inventory

@inventory_app.command("check")
@handles_errors
def inventory_check(
    path: Annotated[Path, typer.Argument(help="Inventory file or folder.")],
) -> None:
    """Validate an inventory: every problem as FILE:LINE: what is wrong; exit 2 if any."""
    from netmon.inventory import check

    problems = check(path)
    for p in problems:
        out.print(str(p), markup=False, soft_wrap=True)
    if problems:
        err.print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}", style="red")
        raise typer.Exit(2)
    from netmon.inventory import load

    inv = load(path)
    for w in getattr(inv, "warnings", []):
        err.print(f"warning: {w}", markup=False, soft_wrap=True)
    levels: dict[str, int] = {}
    for a in inv.agencies.values():
        levels[a.level] = levels.get(a.level, 0) + 1
    counts = ", ".join(f"{n} {lvl}" for lvl, n in levels.items())
    out.print(f"ok: {len(inv.agencies)} agencies ({counts}), {len(inv.devices)} devices")


@inventory_app.command("show")
@handles_errors
def inventory_show(
    ctx: typer.Context,
    district: Annotated[str | None, typer.Option("--district", "-d")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List agencies and devices as a tree (one district with --district)."""
    from netmon.inventory import tree
    from netmon.monitor.app import load_inventory

    inv = load_inventory(_ctx(ctx).settings)
    nodes = tree(inv, district)
    if as_json:
        print_json(nodes)
        return
    title = str(inv.path) if district is None else \
        inv.resolve_agency(district, level="district").name
    out.print(render.inventory_tree(nodes, title))


@inventory_app.command("bootstrap")
@handles_errors
def inventory_bootstrap(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here "
                      "instead of stdout.")] = None,
) -> None:
    """Generate Hanoi's agencies (30 districts and their communes) from vietnam-provinces."""
    from netmon.inventory import bootstrap_hanoi

    try:
        text = bootstrap_hanoi()
    except ImportError as exc:
        raise UsageError("bootstrap needs the package vietnam-provinces==0.6.0 "
                         "(pip install 'netmon[bootstrap]')") from exc
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}")


# ---------------------------------------------------------------- device, ssh

@device_app.command("history")
@handles_errors
def device_history(
    ctx: typer.Context,
    device_id: Annotated[str, typer.Argument(metavar="ID")],
    limit: Annotated[int, typer.Option("--limit", "-n")] = 50,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Changes seen on a device: down/up, serial, model, OS version, conflicts, host keys."""
    from netmon.monitor.state import StateStore

    settings = _ctx(ctx).settings
    if not settings.state_path.exists():
        raise UsageError(f"no state yet in {settings.data_dir}: run a scan first")
    store = StateStore(settings.state_path)
    events = store.history(device_id, limit)
    latest = store.get(device_id, "device")
    store.close()
    if latest is None and not events:
        raise UsageError(f"no observation of device {device_id!r} in {settings.data_dir}")
    if as_json:
        print_json({"device": device_id,
                    "latest": None if latest is None else {
                        "at": latest.at.isoformat(), "status": latest.status,
                        "reach": str(latest.reach), **latest.data},
                    "events": [{"at": e.at.isoformat(), "kind": e.kind, "old": e.old,
                                "new": e.new, "message": e.message} for e in events]})
        return
    if latest is not None:
        out.print(f"[bold]{device_id}[/bold] last seen {latest.at:%Y-%m-%d %H:%M:%S} UTC: "
                  f"{latest.reach} ({latest.status})")
    out.print(render.history_table(device_id, events))


@ssh_app.command("trust")
@handles_errors
def ssh_trust(
    ctx: typer.Context,
    device_id: Annotated[str, typer.Argument(metavar="DEVICE")],
) -> None:
    """Accept a device's current SSH host key, after a human checked it."""
    from netmon.collectors.ssh import HostKeyStore
    from netmon.monitor.app import ensure_data_dir, load_inventory

    settings = _ctx(ctx).settings
    inv = load_inventory(settings)
    if device_id not in inv.devices:
        raise UsageError(f"no device {device_id!r} in the inventory")
    target = inv.target(device_id)
    if target.ssh is None:
        raise UsageError(f"device {device_id!r} has no SSH profile")
    ensure_data_dir(settings)
    store = HostKeyStore(settings.data_dir / "ssh_known_hosts")
    fingerprint = store.trust(device_id, target.address, target.ssh.port)
    out.print(f"trusted {device_id} ({target.address}:{target.ssh.port}) {fingerprint}")


def main() -> None:
    from netmon.monitor import cli_ops, cli_scan  # noqa: F401  (they register commands)

    try:
        app()
    except SystemExit:
        raise
    except BrokenPipeError:
        os._exit(0)
