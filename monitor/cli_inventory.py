"""``netmon inventory check|show|bootstrap``, ``netmon device history``, ``netmon ssh trust``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from netmon.errors import UsageError
from netmon.monitor.cli_common import JsonOpt, command, err, out, print_json, settings

inventory_app = typer.Typer(help="Check and show the inventory.", no_args_is_help=True,
                            rich_markup_mode=None)
device_app = typer.Typer(help="One device's state and history.", no_args_is_help=True,
                         rich_markup_mode=None)
ssh_app = typer.Typer(help="SSH host keys.", no_args_is_help=True, rich_markup_mode=None)


@inventory_app.command("check")
@command
def inventory_check(
    path: Annotated[Path | None, typer.Argument(help="Inventory file or folder (default: "
                    "--inventory, $NETMON_INVENTORY or the config's).")] = None,
) -> None:
    """Validate an inventory: every problem as FILE:LINE: what is wrong; exit 2 if any."""
    from netmon.inventory import check

    if path is None:
        path = settings().inventory
        if path is None:
            raise UsageError("which inventory? pass PATH, --inventory PATH or set "
                             "NETMON_INVENTORY")
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
@command
def inventory_show(
    district: Annotated[str | None, typer.Option("--district", "-d")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List agencies and devices as a tree (one district with --district)."""
    from netmon.inventory import tree
    from netmon.monitor import render
    from netmon.monitor.resources import load_inventory

    inv = load_inventory(settings())
    nodes = tree(inv, district)
    if as_json:
        print_json(nodes)
        return
    title = str(inv.path) if district is None else \
        inv.resolve_agency(district, level="district").name
    out.print(render.inventory_tree(nodes, title))


@inventory_app.command("bootstrap")
@command
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


@device_app.command("history")
@command
def device_history(
    device_id: Annotated[str, typer.Argument(metavar="ID")],
    limit: Annotated[int, typer.Option("--limit", "-n")] = 50,
    as_json: JsonOpt = False,
) -> None:
    """Changes seen on a device: down/up, serial, model, OS version, conflicts, host keys."""
    from netmon.collectors.observation import utcnow
    from netmon.monitor import render
    from netmon.monitor.state import StateStore

    s = settings()
    if not s.state_path.exists():
        raise UsageError(f"no state yet in {s.data_dir}: run a scan first")
    store = StateStore(s.state_path)
    events = store.history(device_id, limit)
    latest = store.get(device_id)
    store.close()
    if latest is None and not events:
        raise UsageError(f"no observation of device {device_id!r} in {s.data_dir}")
    reach = latest.reach(utcnow(), s.rules) if latest is not None else None
    if as_json:
        print_json({"device": device_id,
                    "latest": None if latest is None else {
                        "at": latest.at.isoformat(), "status": latest.status,
                        "reach": str(reach), "tracked": latest.tracked.to_json(),
                        **latest.data},
                    "events": [{"at": e.at.isoformat(), "kind": e.kind, "old": e.old,
                                "new": e.new, "message": e.message} for e in events]})
        return
    if latest is not None:
        out.print(f"[bold]{device_id}[/bold] last seen {latest.at:%Y-%m-%d %H:%M:%S} UTC: "
                  f"{reach} ({latest.status})")
    out.print(render.history_table(device_id, events))


@ssh_app.command("trust")
@command
def ssh_trust(
    device_id: Annotated[str, typer.Argument(metavar="DEVICE")],
) -> None:
    """Accept a device's current SSH host key, after a human checked it."""
    from netmon.collectors.ssh import HostKeyStore
    from netmon.monitor.resources import ensure_data_dir, load_inventory

    s = settings()
    inv = load_inventory(s)
    if device_id not in inv.devices:
        raise UsageError(f"no device {device_id!r} in the inventory")
    target = inv.target(device_id)
    if target.ssh is None:
        raise UsageError(f"device {device_id!r} has no SSH profile")
    ensure_data_dir(s)
    store = HostKeyStore(s.data_dir / "ssh_known_hosts")
    fingerprint = store.trust(device_id, target.address, target.ssh.port)
    out.print(f"trusted {device_id} ({target.address}:{target.ssh.port}) {fingerprint}")
