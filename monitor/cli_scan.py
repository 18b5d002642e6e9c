"""``netmon scan host|district|all`` and ``netmon coverage``."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer

from netmon.errors import UsageError
from netmon.monitor.cli_common import (
    JsonOpt,
    command,
    err,
    out,
    print_json,
    run_async,
    settings,
)
from netmon.target import AuthProtocol, PrivProtocol, SnmpVersion, Target

if TYPE_CHECKING:  # the CLI starts without pydantic, pysnmp or the collectors
    from netmon.monitor.runner import DevicePoll

scan_app = typer.Typer(help="Poll devices now.", no_args_is_help=True, rich_markup_mode=None)


@scan_app.command("host")
@command
def scan_host(
    address: Annotated[str, typer.Argument(help="IP address (or name) of the device.")],
    port: Annotated[int | None, typer.Option("--port", "-p", min=1, max=65535,
                    help="The SNMP port (default 161). With --ssh --no-snmp, the SSH port; "
                    "else the SSH port is --ssh-port (default 22).")] = None,
    community: Annotated[str | None, typer.Option("--community", help="v1/v2c community, or "
                         "env:NAME / file:PATH (default $NETMON_COMMUNITY, else public).")] = None,
    snmp_version: Annotated[SnmpVersion, typer.Option("--snmp-version")] = "2c",
    v3_user: Annotated[str | None, typer.Option("--v3-user")] = None,
    auth_protocol: Annotated[AuthProtocol | None, typer.Option("--auth-protocol")] = None,
    auth_key: Annotated[str | None, typer.Option("--auth-key", help="Or env:NAME.")] = None,
    priv_protocol: Annotated[PrivProtocol | None, typer.Option("--priv-protocol")] = None,
    priv_key: Annotated[str | None, typer.Option("--priv-key", help="Or env:NAME.")] = None,
    timeout: Annotated[float | None, typer.Option("--timeout", min=0.05, help="Seconds per "
                       "request (default 2).")] = None,
    retries: Annotated[int | None, typer.Option("--retries", min=0, max=10,
                       help="Default 1.")] = None,
    max_repetitions: Annotated[int | None, typer.Option("--max-repetitions", min=1, max=200,
                               help="Default 25.")] = None,
    deadline: Annotated[float, typer.Option("--deadline", min=1, help="Seconds for the whole "
                        "device (a big chassis has thousands of rows).")] = 120.0,
    ssh: Annotated[bool, typer.Option("--ssh", help="Also log in over SSH (netmiko).")] = False,
    no_snmp: Annotated[bool, typer.Option("--no-snmp", help="With --ssh: SSH only.")] = False,
    platform: Annotated[str | None, typer.Option("--platform", help="netmiko device type "
                        "(cisco_ios, huawei_vrp, ...).")] = None,
    ssh_port: Annotated[int | None, typer.Option("--ssh-port", min=1, max=65535)] = None,
    username: Annotated[str | None, typer.Option("--username", "-u")] = None,
    password_ref: Annotated[str | None, typer.Option("--password-ref",
                            help="env:NAME or file:PATH holding the SSH password.")] = None,
    key_file: Annotated[str | None, typer.Option("--key-file")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Inventory one device now over SNMP (and SSH with --ssh). Exit 1 if it did not answer."""
    if no_snmp and not ssh:
        raise UsageError("--no-snmp needs --ssh")
    if password_ref is not None and not password_ref.startswith(("env:", "file:")):
        raise UsageError("--password-ref takes env:NAME or file:PATH, never the password")
    snmp_port = None if no_snmp else port
    ssh_port = ssh_port or (port if no_snmp else None)
    community = community or ("env:NETMON_COMMUNITY" if os.environ.get("NETMON_COMMUNITY")
                              else "public")
    snmp = None if no_snmp else {
        "version": snmp_version, "community": community if snmp_version != "3" else None,
        "user": v3_user, "auth_protocol": auth_protocol, "auth_key": auth_key,
        "priv_protocol": priv_protocol, "priv_key": priv_key, "port": snmp_port,
        "timeout_s": timeout, "retries": retries, "max_repetitions": max_repetitions}
    creds = None if not ssh else {
        "platform": platform, "username": username, "password": password_ref,
        "key_file": key_file, "port": ssh_port,
        "timeout_s": max((timeout or 2.0) * 5, 5.0)}
    if ssh and not platform:
        raise UsageError("--ssh needs --platform (cisco_ios, huawei_vrp, ...)")
    from netmon.inventory.adhoc import host_target

    target = host_target(address, snmp, creds, OPTION_NAMES)
    from netmon.monitor.resources import ensure_data_dir
    from netmon.monitor.session import Session

    if ssh:
        ensure_data_dir(settings())  # the pinned host keys live there

    async def scan() -> DevicePoll:
        session = Session(settings(), None)
        try:
            result = await session.poll([target], scope="host", coverage=False,
                                        reachability=False, deadline_s=deadline)
        finally:
            await session.aclose()
        return result.polls[0]

    poll = run_async(scan)
    if as_json:
        print_json(_device_json(poll))
    else:
        from netmon.monitor.render import host_summary

        out.print(host_summary(poll.target.address, poll.status, poll.facts, poll.error))
        if not _answered(poll):
            err.print(f"nothing answered: {_ports(target)}", style="yellow")
    raise typer.Exit(0 if _answered(poll) else 1)


OPTION_NAMES = {
    "version": "--snmp-version", "community": "--community", "user": "--v3-user",
    "auth_protocol": "--auth-protocol", "auth_key": "--auth-key",
    "priv_protocol": "--priv-protocol", "priv_key": "--priv-key", "port": "--port",
    "timeout_s": "--timeout", "retries": "--retries", "max_repetitions": "--max-repetitions",
    "platform": "--platform", "username": "--username", "password": "--password-ref",
    "key_file": "--key-file",
}


# The scan worked, even if not all the device said could be used: exit 0. Bad
# credentials, a changed host key or silence exit 1 (the device may well be up:
# that verdict is device_state's, and shows as "state").
POLLED = frozenset({"ok", "partial", "unsupported", "parse_error"})


def _answered(poll: DevicePoll) -> bool:
    return str(poll.status) in POLLED


def _ports(target: Target) -> str:
    used = []
    if target.snmp is not None:
        used.append(f"SNMP v{target.snmp.version} on UDP {target.snmp.port}")
    if target.ssh is not None:
        used.append(f"SSH on TCP {target.ssh.port}")
    return ", ".join(used)


def _device_json(poll: DevicePoll) -> dict[str, Any]:
    from netmon.collectors.observation import facts_json

    d = facts_json(poll.target.address, poll.status, poll.facts)
    d["state"] = str(poll.state)
    d["error"] = poll.error
    d["missing"] = [m for o in poll.observations for m in o.missing]
    d["collectors"] = {o.collector: str(o.status) for o in poll.observations}
    r = poll.reach
    if r.method != "none":
        d["reachability"] = {"method": r.method, "status": str(r.status), "rtt_ms": r.rtt_ms,
                             "loss_pct": r.loss_pct, "confirmed_by": r.confirmed_by,
                             "confirm_status": str(r.confirm_status) if r.confirm_status
                             else None}
    raw = {k: v for o in poll.observations for k, v in o.raw.items()}
    if raw:
        d["raw"] = raw
    return d


def _scan(scope: str | None, as_json: bool, no_write: bool, wide: bool) -> None:
    from netmon.monitor.resources import load_inventory
    from netmon.monitor.session import ScanResult, Session

    s = settings()
    inv = load_inventory(s)
    district = inv.resolve_agency(scope, level="district") if scope is not None else None
    devices = inv.select(district.id if district else None)
    label = district.name if district else "all devices"
    with Session.open(s, inv, write=not no_write) as session:
        if not no_write and session.sink is None:
            err.print("InfluxDB is not configured (influxdb.url or NETMON_INFLUX_URL): "
                      "nothing is written to it", style="yellow")
        targets = session.targets(d.id for d in devices)
        with _progress(not as_json and sys.stderr.isatty(), label, len(targets)) as done:

            async def scan() -> ScanResult:
                try:
                    return await session.poll(
                        targets, scope=district.id if district else "all",
                        district=district.id if district else None, recheck=True,
                        on_done=done)
                finally:
                    await session.aclose()

            result = run_async(scan)
        wrote = session.sink is not None
    if as_json:
        print_json({
            "scope": district.id if district else "all",
            "devices": [{"id": p.target.id, "agency": inv.devices[p.target.id].agency,
                         "role": inv.devices[p.target.id].role, **_device_json(p)}
                        for p in result.polls],
            "coverage": {"rows": [r.to_json() for r in result.coverage.rows]
                         if result.coverage else []},
            "events": [{"device": e.device_id, "kind": e.kind, "old": e.old, "new": e.new,
                        "message": e.message} for e in result.events],
            "poll": {"targets": result.summary.targets, "ok": result.summary.ok,
                     "failed": result.summary.failed, "not_asked": result.summary.not_asked,
                     "duration_s": result.summary.duration_s},
        })
    else:
        from netmon.monitor.render import coverage_table, print_events, scan_table

        out.print(scan_table(inv, result.polls, result.coverage, wide=wide))
        if result.coverage is not None:
            out.print(coverage_table(inv, result.coverage, wide=wide))
        print_events(out, result.events)
        sm = result.summary
        out.print(f"{sm.targets} devices polled in {sm.duration_s:.2f} s: {sm.ok} answered, "
                  f"{sm.failed} silent" + (f", {sm.not_asked} not asked" if sm.not_asked
                                           else ""))
    if result.write_error:
        err.print(result.write_error, style="yellow")
    elif wrote and not as_json:
        err.print(f"{result.points} points written to InfluxDB")


@contextmanager
def _progress(show: bool, label: str, total: int) -> Iterator[Callable[[DevicePoll], None]]:
    """A progress bar on a terminal (not when piped); yields the per-device callback."""
    if not show:
        yield lambda p: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(),
                        MofNCompleteColumn(), TimeElapsedColumn(),
                        TextColumn("{task.fields[last]}"), console=err, transient=True)
    with progress:
        task = progress.add_task(f"polling {label}", total=total, last="")
        yield lambda p: progress.update(task, advance=1, last=f"{p.target.id} {p.state}")


WideOpt = Annotated[bool, typer.Option("--wide", "-w", help="Every column and every name "
                                       "(the default fits 80 columns).")]
NoWriteOpt = Annotated[bool, typer.Option("--no-write", help="Do not write InfluxDB.")]


@scan_app.command("district")
@command
def scan_district(
    name: Annotated[str, typer.Argument(help="District name (with or without diacritics), "
                    "id or code.")],
    as_json: JsonOpt = False,
    no_write: NoWriteOpt = False,
    wide: WideOpt = False,
) -> None:
    """Poll every device of a district (its agencies and communes) now."""
    _scan(name, as_json, no_write, wide)


@scan_app.command("all")
@command
def scan_all(as_json: JsonOpt = False, no_write: NoWriteOpt = False,
             wide: WideOpt = False) -> None:
    """Poll every device of the inventory now."""
    _scan(None, as_json, no_write, wide)


@command
def coverage(
    district: Annotated[str | None, typer.Option("--district", "-d")] = None,
    as_json: JsonOpt = False,
    no_write: NoWriteOpt = False,
    wide: WideOpt = False,
) -> None:
    """WAN coverage and the programme's other indicators (computers, portals, the data
    centre), from the stored state, for the city and per district."""
    from netmon.monitor.render import coverage_table, indicator_table
    from netmon.monitor.resources import load_inventory
    from netmon.monitor.session import Session

    s = settings()
    inv = load_inventory(s)
    district_id = inv.resolve_agency(district, level="district").id if district else None
    with Session.open(s, inv, write=not no_write) as session:
        assert session.state is not None
        observed = bool(session.state.latest())
        report = session.coverage(district_id, write=not no_write)
        others = session.indicators(write=not no_write)
        if session.write_error:
            err.print(session.write_error, style="yellow")
    rows = [r for r in others.rows if district_id is None or r.district in (None, district_id)]
    if as_json:
        print_json({**report.to_json(), "indicators": [r.to_json() for r in rows]})
        return
    if not observed:
        err.print("no device has been observed yet: every device is unknown "
                  "(run netmon scan or the daemon)", style="yellow")
    out.print(coverage_table(inv, report, wide=wide))
    out.print(indicator_table(inv, rows, wide=wide))
