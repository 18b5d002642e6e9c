"""``netmon report --month YYYY-MM`` and ``netmon indicators``: the other indicators and the
monthly report, both from the stored history (no InfluxDB needed)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from netmon.errors import UsageError
from netmon.monitor.cli_common import JsonOpt, command, err, out, print_json, settings

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> tuple[int, int]:
    m = _MONTH.match(text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise UsageError(f"--month {text!r}: write the month as YYYY-MM, e.g. 2026-11")
    return int(m.group(1)), int(m.group(2))


def write_report(inv_settings: object, year: int, month: int, lang: str, out_dir: Path,
                 pdf: bool, now: datetime | None = None) -> tuple[Path, Path | None]:
    """Build, render and print; returns (html, pdf or None). Used by the CLI and daemon."""
    from netmon.monitor.config import Settings
    from netmon.monitor.report import build
    from netmon.monitor.report_html import render
    from netmon.monitor.report_pdf import print_pdf
    from netmon.monitor.resources import load_inventory

    assert isinstance(inv_settings, Settings)
    settings = inv_settings
    inv = load_inventory(settings)
    report = build(inv, settings.state_path, year, month, now or datetime.now(UTC),
                   settings.rules.stale_after)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"netmon-report-{year:04d}-{month:02d}"
    html = out_dir / f"{stem}.html"
    html.write_text(render(report, lang), encoding="utf-8")
    if not pdf:
        return html, None
    pdf_path = out_dir / f"{stem}.pdf"
    print_pdf(html, pdf_path)
    return html, pdf_path


@command
def report_cmd(
    month: Annotated[str, typer.Option("--month", help="The month, YYYY-MM.")],
    lang: Annotated[str, typer.Option("--lang", help="vi (default) or en.")] = "vi",
    out_dir: Annotated[Path | None, typer.Option("--out", help="Folder (default: the "
                       "working directory).")] = None,
    no_pdf: Annotated[bool, typer.Option("--no-pdf", help="HTML only (no Chromium).")] = False,
) -> None:
    """The monthly report to the city's leadership: DIR/netmon-report-YYYY-MM.html and .pdf."""
    from netmon.monitor.report_i18n import LANGS

    if lang not in LANGS:
        raise UsageError(f"--lang {lang!r}: choose {' or '.join(LANGS)}")
    year, mon = parse_month(month)
    s = settings()
    if not s.state_path.exists():
        err.print(f"no state yet in {s.data_dir}: the report will say there is no "
                  "data", style="yellow")
    html, pdf = write_report(s, year, mon, lang, out_dir or Path.cwd(), not no_pdf)
    out.print(f"wrote {html}" + (f" and {pdf}" if pdf else ""))


@command
def indicators_cmd(as_json: JsonOpt = False) -> None:
    """Computers, portals and data centre from the stored history (last 30 days)."""
    from netmon.monitor.indicator_poll import IndicatorPoller
    from netmon.monitor.report_i18n import indicator_name, level_name
    from netmon.monitor.resources import load_inventory

    s = settings()
    inv = load_inventory(s)
    poller = IndicatorPoller(inv, s.state_path, stale_after=s.rules.stale_after)
    try:
        cur = poller.current(datetime.now(UTC))
    finally:
        poller.close()
    if as_json:
        print_json({"rows": [r.to_json() for r in cur.rows],
                    "incidents": [i.to_json() for i in cur.incidents]})
        return
    from rich.table import Table

    table = Table(title="netmon indicators", title_justify="left")
    for col in ("indicator", "scope", "level", "meeting", "unknown", "share", "value",
                "target", "met"):
        table.add_column(col)
    for r in cur.rows:
        where = "city" if r.district is None else inv.agencies[r.district].name
        table.add_row(indicator_name("en", r.indicator, r.level), where,
                      level_name("en", r.level), f"{r.meeting}/{r.total}", str(r.unknown),
                      f"{r.share:.1%}", "—" if r.value is None else f"{r.value:.1%}",
                      f"{r.target:.0%}", "yes" if r.meets_target else "[red]no[/red]")
    out.print(table)
