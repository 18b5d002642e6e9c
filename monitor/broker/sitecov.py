"""Coverage per site (a province, in a national deployment), beside the country's and the
districts' rows: the same rules (``coverage.level_row``), the agencies grouped by the site
they belong to (``Inventory.agency_site``: their own ``site:`` or an ancestor's).

Written as ``netmon_coverage`` points with ``scope=site`` and a ``site`` tag; agencies
without a site count in the country's rows only.
"""

from __future__ import annotations

from netmon.inventory import Inventory
from netmon.monitor import points
from netmon.monitor.coverage import AgencyCoverage, CoverageReport, CoverageRow, level_row
from netmon.monitor.sinks.point import Point


def site_rows(report: CoverageReport, inv: Inventory) -> dict[str, list[CoverageRow]]:
    by_site: dict[str, dict[str, list[AgencyCoverage]]] = {}
    for a in report.agencies:
        site = inv.agency_site(a.id)
        if site is not None:
            by_site.setdefault(site, {}).setdefault(a.level, []).append(a)
    return {site: [level_row("site", None, level, inv.targets.get(level, 1.0), members)
                   for level, members in sorted(levels.items())]
            for site, levels in sorted(by_site.items())}


def site_coverage_points(report: CoverageReport, inv: Inventory) -> list[Point]:
    out = []
    for site, rows in site_rows(report, inv).items():
        for p in points.coverage_points(CoverageReport(report.at, tuple(rows), ()), inv):
            out.append(Point(p.measurement, {**p.tags, "site": site}, p.fields, p.time))
    return out
