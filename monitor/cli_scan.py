"""``netmon scan host|district|all`` and ``netmon coverage``."""

from __future__ import annotations

import asyncio
import sys
from contextlib import nullcontext
from typing import Annotated, Any

import typer
from pydantic import SecretStr
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from netmon.collectors.observation import Status, facts_json
from netmon.errors import UsageError
from netmon.inventory.checks import V3_MIN_KEY
from netmon.monitor.cli import _ctx, app, err, handles_errors, out, print_json
from netmon.monitor.runner import DevicePoll
from netmon.target import SnmpCredentials, SshCredentials, Target

scan_app = typer.Typer(help="Poll devices now.", no_args_is_help=True)
app.add_typer(scan_app, name="scan")

AUTH = ("md5", "sha", "sha224", "sha256", "sha384", "sha512")
PRIV = ("des", "3des", "aes", "aes128", "aes192", "aes256")


def _secret(value: str | None) -> SecretStr | None:
    """A secret given on the command line: a reference (env:/file:) or the value itself."""
    if value is None:
        return None
    if value.startswith(("env:", "file:")):
        from netmon.inventory import resolve_secret

        return resolve_secret(value)
    return SecretStr(value)


@scan_app.command("host")
@handles_errors
def scan_host(
    ctx: typer.Context,
    address: Annotated[str, typer.Argument(help="IP address (or name) of the device.")],
    port: Annotated[int | None, typer.Option("--port", "-p", min=1, max=65535,
                    help="SNMP port (161), or the SSH port (22) with --ssh and no SNMP.")] = None,
    community: Annotated[str | None, typer.Option("--community", help="v1/v2c community, or "
                         "env:NAME / file:PATH (default $NETMON_COMMUNITY, else public).")] = None,
    snmp_version: Annotated[str, typer.Option("--snmp-version", help="1, 2c or 3.")] = "2c",
    v3_user: Annotated[str | None, typer.Option("--v3-user")] = None,
    auth_protocol: Annotated[str | None, typer.Option("--auth-protocol",
                             help="md5, sha, sha224, sha256, sha384, sha512.")] = None,
    auth_key: Annotated[str | None, typer.Option("--auth-key", help="Or env:NAME.")] = None,
    priv_protocol: Annotated[str | None, typer.Option("--priv-protocol",
                             help="des, 3des, aes, aes128, aes192, aes256.")] = None,
    priv_key: Annotated[str | None, typer.Option("--priv-key", help="Or env:NAME.")] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0.05, help="Seconds per "
                       "request.")] = 2.0,
    retries: Annotated[int, typer.Option("--retries", min=0, max=10)] = 1,
    max_repetitions: Annotated[int, typer.Option("--max-repetitions", min=1, max=200)] = 25,
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
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Inventory one device now over SNMP (and SSH with --ssh). Exit 1 if it did not answer."""
    target = _host_target(address, port, community, snmp_version, v3_user, auth_protocol,
                          auth_key, priv_protocol, priv_key, timeout, retries, max_repetitions,
                          ssh, no_snmp, platform, ssh_port, username, password_ref, key_file)
    from netmon.monitor.app import Scanner, ensure_data_dir

    settings = _ctx(ctx).settings
    if ssh:
        ensure_data_dir(settings)
    scanner = Scanner(settings, inventory=None)

    async def scan() -> DevicePoll:
        try:
            result = await scanner.scan([target], scope="host", coverage=False,
                                        reachability=False, deadline_s=deadline)
        finally:
            await scanner.aclose()
        return result.polls[0]

    poll = asyncio.run(scan())
    if as_json:
        print_json(_device_json(poll))
    else:
        out.print(render_host(poll))
    raise typer.Exit(0 if poll.status in ANSWERED else 1)


# The device answered, even if not all it said could be used: exit 0.
ANSWERED = frozenset({Status.OK, Status.UNSUPPORTED, Status.PARSE_ERROR})


def render_host(poll: DevicePoll) -> Any:
    from netmon.monitor.render import host_summary

    return host_summary(poll.target.address, poll.status, poll.facts, poll.error)


def _host_target(address: str, port: int | None, community: str | None, version: str,
                 v3_user: str | None, auth_protocol: str | None, auth_key: str | None,
                 priv_protocol: str | None, priv_key: str | None, timeout: float,
                 retries: int, max_repetitions: int, ssh: bool, no_snmp: bool,
                 platform: str | None, ssh_port: int | None, username: str | None,
                 password_ref: str | None, key_file: str | None) -> Target:
    import os

    if version not in ("1", "2c", "3"):
        raise UsageError(f"--snmp-version must be 1, 2c or 3, not {version!r}")
    if auth_protocol is not None and auth_protocol.lower() not in AUTH:
        raise UsageError(f"--auth-protocol must be one of {', '.join(AUTH)}")
    if priv_protocol is not None and priv_protocol.lower() not in PRIV:
        raise UsageError(f"--priv-protocol must be one of {', '.join(PRIV)}")
    if no_snmp and not ssh:
        raise UsageError("--no-snmp needs --ssh")
    snmp = None
    if not no_snmp:
        if version == "3":
            if not v3_user:
                raise UsageError("SNMPv3 needs --v3-user")
            if priv_protocol and not auth_protocol:
                raise UsageError("--priv-protocol needs --auth-protocol (authPriv)")
            if auth_protocol and not auth_key:
                raise UsageError("--auth-protocol needs --auth-key")
            if priv_protocol and not priv_key:
                raise UsageError("--priv-protocol needs --priv-key")
        auth_secret, priv_secret = _secret(auth_key), _secret(priv_key)
        for option, secret in (("--auth-key", auth_secret), ("--priv-key", priv_secret)):
            if secret is not None and len(secret.get_secret_value()) < V3_MIN_KEY:
                raise UsageError(f"{option}: an SNMPv3 key needs at least {V3_MIN_KEY} "
                                 f"characters")
        comm = community or ("env:NETMON_COMMUNITY" if os.environ.get("NETMON_COMMUNITY")
                             else "public")
        snmp = SnmpCredentials(
            version=version,  # type: ignore[arg-type]
            community=_secret(comm) if version != "3" else None,
            user=v3_user, auth_protocol=auth_protocol.lower() if auth_protocol else None,  # type: ignore[arg-type]
            auth_key=auth_secret,
            priv_protocol=priv_protocol.lower() if priv_protocol else None,  # type: ignore[arg-type]
            priv_key=priv_secret, port=port or 161, timeout_s=timeout, retries=retries,
            max_repetitions=max_repetitions)
    creds = None
    if ssh:
        if not platform:
            raise UsageError("--ssh needs --platform (cisco_ios, huawei_vrp, ...)")
        if not username:
            raise UsageError("--ssh needs --username")
        if password_ref is None and key_file is None:
            raise UsageError("--ssh needs --password-ref env:NAME or --key-file PATH")
        if password_ref is not None and not password_ref.startswith(("env:", "file:")):
            raise UsageError("--password-ref takes env:NAME or file:PATH, never the password")
        sport = ssh_port or (port if no_snmp and port else 22)
        creds = SshCredentials(platform=platform, username=username,
                               password=_secret(password_ref), key_file=key_file, port=sport,
                               timeout_s=max(timeout * 5, 5.0))
    return Target(id=address, address=address, snmp=snmp, ssh=creds)


def _device_json(poll: DevicePoll) -> dict[str, Any]:
    d = facts_json(poll.target.address, poll.status, poll.facts)
    d["state"] = str(poll.state)
    d["error"] = poll.error
    d["collectors"] = {o.collector: str(o.status) for o in poll.observations}
    if poll.reach.method != "none":
        d["reachability"] = {"method": poll.reach.method, "state": str(poll.reach.reach),
                             "status": str(poll.reach.status), "rtt_ms": poll.reach.rtt_ms,
                             "loss_pct": poll.reach.loss_pct}
    raw = {k: v for o in poll.observations for k, v in o.raw.items()}
    if raw:
        d["raw"] = raw
    return d


def _scan(ctx: typer.Context, scope: str | None, as_json: bool, no_write: bool) -> None:
    from netmon.monitor.app import (
        Scanner,
        ScanResult,
        ensure_data_dir,
        load_inventory,
        open_sink,
    )
    from netmon.monitor.render import coverage_table, print_events, scan_table
    from netmon.monitor.state import StateStore

    settings = _ctx(ctx).settings
    inv = load_inventory(settings)
    district = None
    if scope is not None:
        district = inv.resolve_agency(scope, level="district")
        devices = inv.select(district.id)
    else:
        devices = inv.select(None)
    ensure_data_dir(settings)
    targets = [inv.target(d.id) for d in devices]
    sink = None
    if not no_write:
        sink = open_sink(settings)
        if sink is None:
            err.print("InfluxDB is not configured (influxdb.url or NETMON_INFLUX_URL): "
                      "nothing is written to it", style="yellow")
    try:
        store = StateStore(settings.state_path)
    except BaseException:
        if sink is not None:
            sink.close()
        raise
    scanner = Scanner(settings, inv, sink=sink, state=store)
    show_progress = not as_json and sys.stderr.isatty()
    progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(),
                        MofNCompleteColumn(), TimeElapsedColumn(),
                        TextColumn("{task.fields[last]}"),
                        console=err, transient=True) if show_progress else None
    label = district.name if district else "all devices"
    with progress if progress is not None else nullcontext():
        task = progress.add_task(f"polling {label}", total=len(targets), last="") \
            if progress is not None else None

        def done(p: DevicePoll) -> None:
            if progress is not None and task is not None:
                progress.update(task, advance=1, last=f"{p.target.id} {p.state}")

        async def scan() -> ScanResult:
            try:
                return await scanner.scan(
                    targets, scope=district.id if district else "all",
                    district=district.id if district else None, on_done=done)
            finally:
                await scanner.aclose()

        try:
            result = asyncio.run(scan())
        finally:
            if sink is not None:
                sink.close()
            store.close()
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
                     "failed": result.summary.failed,
                     "duration_s": result.summary.duration_s},
        })
    else:
        out.print(scan_table(inv, result.polls, result.coverage))
        if result.coverage is not None:
            out.print(coverage_table(inv, result.coverage))
        print_events(out, result.events)
        s = result.summary
        out.print(f"{s.targets} devices polled in {s.duration_s:.2f} s: {s.ok} answered, "
                  f"{s.failed} did not")
    if result.write_error:
        err.print(result.write_error, style="yellow")
    elif sink is not None and not as_json:
        err.print(f"{result.points} points written to InfluxDB")


@scan_app.command("district")
@handles_errors
def scan_district(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="District name (with or without diacritics), "
                    "id or code.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
    no_write: Annotated[bool, typer.Option("--no-write", help="Do not write InfluxDB.")] = False,
) -> None:
    """Poll every device of a district (its agencies and communes) now."""
    _scan(ctx, name, as_json, no_write)


@scan_app.command("all")
@handles_errors
def scan_all(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    no_write: Annotated[bool, typer.Option("--no-write", help="Do not write InfluxDB.")] = False,
) -> None:
    """Poll every device of the inventory now."""
    _scan(ctx, None, as_json, no_write)


@app.command("coverage")
@handles_errors
def coverage(
    ctx: typer.Context,
    district: Annotated[str | None, typer.Option("--district", "-d")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    no_write: Annotated[bool, typer.Option("--no-write")] = False,
) -> None:
    """WAN coverage from the latest stored state, for the city and per district."""
    from netmon.collectors.observation import utcnow
    from netmon.monitor.app import ensure_data_dir, load_inventory, open_sink, spool_message
    from netmon.monitor.coverage import compute
    from netmon.monitor.points import coverage_points
    from netmon.monitor.render import coverage_table
    from netmon.monitor.state import StateStore

    settings = _ctx(ctx).settings
    inv = load_inventory(settings)
    district_id = inv.resolve_agency(district, level="district").id if district else None
    states = {}
    if settings.state_path.exists():
        store = StateStore(settings.state_path)
        try:
            states = store.latest("device")
        finally:
            store.close()
    report = compute(inv, states, utcnow(), settings.stale_after, district=district_id)
    if not no_write:
        ensure_data_dir(settings)
        sink = open_sink(settings)
        if sink is not None:
            try:
                sink.write(coverage_points(report, inv))
                message = spool_message(sink)
            finally:
                sink.close()
            if message:
                err.print(message, style="yellow")
    if as_json:
        print_json(report.to_json())
        return
    if not states:
        err.print("no device has been observed yet: every device is unknown "
                  "(run netmon scan or the daemon)", style="yellow")
    out.print(coverage_table(inv, report))
