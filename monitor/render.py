"""What an engineer sees at the terminal: Rich tables for scans, coverage, inventory."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from netmon.collectors.observation import DeviceFacts, Reach, Status
from netmon.inventory import Inventory
from netmon.monitor.coverage import AgencyCoverage, CoverageReport
from netmon.monitor.indicators import IndicatorRow
from netmon.monitor.runner import DevicePoll
from netmon.monitor.state import Event

STATE_STYLE = {Reach.UP: "green", Reach.DOWN: "red", Reach.UNKNOWN: "yellow"}


def _v(value: object) -> str:
    return "—" if value in (None, "") else str(value)


def _uptime(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    s = int(seconds)
    d, s = divmod(s, 86400)
    h, s = divmod(s, 3600)
    m, _ = divmod(s, 60)
    return f"{d}d {h:02d}h{m:02d}m"


def host_summary(address: str, status: Status, facts: DeviceFacts | None,
                 error: str | None) -> Group:
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    style = "green" if status is Status.OK else "red"
    head.add_row("address", address)
    head.add_row("status", Text(str(status), style=style) + Text(f"  {error}" if error else ""))
    parts: list[Any] = [head]
    if facts is None:
        return Group(*parts)
    src = facts.sources
    for key in ("sys_name", "vendor", "model", "model_descr", "serial", "os", "os_version"):
        value = _v(getattr(facts, key))
        if key in src:
            value += f"  [dim]({src[key]})[/dim]"
        if key in facts.conflicts:
            value += "  [yellow]conflict: " + ", ".join(
                f"{k}={v}" for k, v in facts.conflicts[key].items()) + "[/yellow]"
        head.add_row(key, value)
    head.add_row("uptime", _uptime(facts.uptime_s))
    head.add_row("location", _v(facts.sys_location))
    head.add_row("descr", _v((facts.sys_descr or "").splitlines()[0] if facts.sys_descr
                             else None))
    if facts.interfaces:
        t = Table(title=f"Interfaces ({len(facts.interfaces)})", title_justify="left")
        for col in ("idx", "name", "alias", "type", "admin", "oper", "speed", "mac"):
            t.add_column(col, no_wrap=col in ("name", "mac"))
        for i in facts.interfaces:
            oper = "—" if i.oper_up is None else ("[green]up[/]" if i.oper_up else "[red]down[/]")
            admin = "—" if i.admin_up is None else ("up" if i.admin_up else "down")
            t.add_row(str(i.index), _v(i.name), _v(i.alias), _v(i.type), admin, oper,
                      _speed(i.speed_bps), _v(i.mac))
        parts.append(t)
    if facts.hardware:
        t = Table(title=f"Hardware ({len(facts.hardware)})", title_justify="left")
        for col in ("idx", "class", "name", "model", "serial", "software"):
            t.add_column(col)
        for h in facts.hardware:
            t.add_row(str(h.index), _v(h.class_), _v(h.name), _v(h.model), _v(h.serial),
                      _v(h.software))
        parts.append(t)
    return Group(*parts)


def _speed(bps: int | None) -> str:
    if not bps:
        return "—"
    for unit, div in (("T", 10**12), ("G", 10**9), ("M", 10**6), ("k", 10**3)):
        if bps >= div:
            return f"{bps / div:g}{unit}"
    return str(bps)


def _connected(cov: AgencyCoverage | None) -> Text:
    if cov is None:
        return Text("—")
    if cov.connected:
        return Text("yes", style="green")
    if cov.unknown:
        return Text("unknown", style="yellow")
    return Text("no", style="red")


def _table(title: str, columns: Sequence[tuple[str, int | None]], wide: bool) -> Table:
    """Narrow (the default) fits an 80-column terminal: cells never wrap, long values end
    in an ellipsis. ``wide`` folds instead, and shows every column."""
    t = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for name, width in columns:
        if wide:
            t.add_column(name, overflow="fold")
        else:
            t.add_column(name, no_wrap=True, overflow="ellipsis", max_width=width)
    return t


def scan_table(inv: Inventory, polls: Sequence[DevicePoll],
               report: CoverageReport | None, wide: bool = False) -> Table:
    by_agency: dict[str, list[DevicePoll]] = {}
    for p in polls:
        by_agency.setdefault(inv.devices[p.target.id].agency, []).append(p)
    coverage = {a.id: a for a in report.agencies} if report else {}
    columns: list[tuple[str, int | None]] = [("device", 24), ("state", 9), ("model", 16),
                                             ("serial", 12), ("os version", 12)]
    if wide:
        columns = [("agency", None), ("connected", None), ("device", None), ("role", None),
                   ("state", None), ("rtt", None), ("model", None), ("serial", None),
                   ("os version", None)]
    t = _table("Agencies and devices", columns, wide)
    for a in inv.agencies.values():
        if a.id not in by_agency and a.id not in coverage:
            continue
        conn = _connected(coverage.get(a.id))
        devs = by_agency.get(a.id, [])
        if not wide:  # the agency as a heading row, its devices under it
            t.add_row(Text(a.name, style="bold") + Text("  connected: ") + conn,
                      end_section=False)
        if not devs:
            lead: list[Text | str] = [a.name, conn] if wide else []
            t.add_row(*lead, Text("no device", style="dim"))
            continue
        for n, p in enumerate(devs):
            f = p.facts
            state = Text(str(p.state), style=STATE_STYLE[p.state])
            if p.status is not Status.OK and p.observations:
                state += Text(f" ({p.status})", style="dim")
            facts = (_v(f.model if f else None), _v(f.serial if f else None),
                     _v(f.os_version if f else None))
            if wide:
                rtt = f"{p.reach.rtt_ms:.1f} ms" if p.reach.rtt_ms is not None else "—"
                t.add_row(a.name if n == 0 else "", conn if n == 0 else "", p.target.id,
                          inv.devices[p.target.id].role, state, rtt, *facts)
            else:
                t.add_row("  " + p.target.id, state, *facts)
    return t


def short_names(names: Sequence[str], wide: bool, first: int = 2) -> str:
    """The agencies short of target: all of them with ``wide``, else a count and the
    first few, "+N more"."""
    if wide or len(names) <= first:
        return ", ".join(names)
    return f"{len(names)}: {', '.join(names[:first])} +{len(names) - first} more"


def coverage_table(inv: Inventory, report: CoverageReport, wide: bool = False) -> Table:
    columns: list[tuple[str, int | None]] = [
        ("scope", 16), ("level", 10), ("connected", 9), ("unk", 4), ("share", 5),
        ("target", 6), ("meets", 5), ("short of target", 22)]
    if wide:
        columns.insert(2, ("indicator", None))
    t = _table("WAN coverage against the programme's targets", columns, wide)
    for r in report.rows:
        scope = "city" if r.scope == "city" else inv.agencies[r.district or ""].name
        meets = Text("yes", style="green") if r.meets_target else Text("no", style="red")
        cells: list[Text | str] = [scope, r.level, f"{r.connected}/{r.total}", str(r.unknown),
                 f"{r.share:.0%}", f"{r.target:.0%}", meets,
                 short_names([inv.agencies[a].name for a in r.short], wide)]
        if wide:
            cells.insert(2, r.indicator)
        t.add_row(*cells)
    return t


def indicator_table(inv: Inventory, rows: Sequence[IndicatorRow], wide: bool = False) -> Table:
    """Computers, portals and the data centre, in coverage's columns."""
    columns: list[tuple[str, int | None]] = [
        ("indicator", 11), ("scope", 14), ("level", 10), ("meeting", 7), ("unk", 4),
        ("share", 5), ("target", 6), ("meets", 5), ("short of target", 14)]
    t = _table("The programme's other indicators", columns, wide)
    for r in rows:
        scope = "city" if r.scope == "city" else inv.agencies[r.district or ""].name
        meets = Text("yes", style="green") if r.meets_target else Text("no", style="red")
        t.add_row(r.indicator, scope, r.level, f"{r.meeting}/{r.total}", str(r.unknown),
                  f"{r.share:.0%}", f"{r.target:.0%}", meets,
                  short_names([inv.agencies[a].name if a in inv.agencies else a
                               for a in r.short], wide))
    return t


def history_table(device_id: str, events: Sequence[Event]) -> Table:
    t = Table(title=f"History of {device_id}", title_justify="left")
    for col in ("when (UTC)", "kind", "old", "new", "message"):
        t.add_column(col, overflow="fold")
    for e in events:
        t.add_row(e.at.strftime("%Y-%m-%d %H:%M:%S"), e.kind, _v(e.old), _v(e.new), e.message)
    return t


def inventory_tree(nodes: Sequence[dict[str, Any]], title: str) -> Tree:
    root = Tree(f"[bold]{title}[/bold]")

    def add(branch: Tree, node: dict[str, Any]) -> None:
        label = f"{node.get('name')} [dim]({node.get('id')}, {node.get('level')})[/dim]"
        sub = branch.add(label)
        for d in node.get("devices", []):
            sub.add(f"[cyan]{d.get('id')}[/cyan] {d.get('role')} {d.get('address')}"
                    + (f" [dim]{d.get('platform')}[/dim]" if d.get("platform") else ""))
        for child in node.get("children", []):
            add(sub, child)

    for node in nodes:
        add(root, node)
    return root


def print_events(console: Console, events: Sequence[Event]) -> None:
    for e in events:
        console.print(f"[yellow]event[/yellow] {e.kind}: {e.message}")
