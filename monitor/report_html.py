"""The monthly report as one self-contained HTML page: inline CSS and SVG, no script, no
font or image fetched (it must print the same on an offline machine)."""

from __future__ import annotations

from html import escape
from typing import Any

from netmon.monitor import report_svg as svg
from netmon.monitor.report import PROGRAMME, Report, shown
from netmon.monitor.report_i18n import indicator_name, level_name, t

CSS = """
@page { size: A4; margin: 14mm 12mm; }
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; color: #212121;
       font-size: 12px; margin: 0 auto; max-width: 760px; }
h1 { font-size: 20px; margin: 0 0 2px; } h2 { font-size: 15px; margin: 22px 0 6px;
     border-bottom: 2px solid #1565c0; padding-bottom: 2px; break-after: avoid; }
.sub { color: #616161; margin: 0 0 10px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; break-inside: auto; }
th, td { border: 1px solid #cfd8dc; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eceff1; } td.num { text-align: right; white-space: nowrap; }
.met { color: #2e7d32; font-weight: bold; } .not_met { color: #c62828; font-weight: bold; }
.unknown { color: #757575; font-style: italic; }
.charts { display: flex; flex-wrap: wrap; gap: 8px 16px; }
figure { margin: 6px 0; break-inside: avoid; }
.charts figure { width: 350px; } figcaption { font-weight: bold; font-size: 12px;
     min-height: 30px; }
footer { margin-top: 20px; color: #757575; font-size: 10px; }
"""


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.1f} %"


def _status(lang: str, row: dict[str, Any] | None) -> str:
    if row is None or shown(row) is None:
        return f'<span class="unknown">{t(lang, "unknown")}</span>'
    key = "met" if row["meets_target"] else "not_met"
    return f'<span class="{key}">{t(lang, key)}</span>'


def _name(r: Report, agency_id: str | None) -> str:
    if agency_id is None:
        return ""
    a = r.inventory.agencies.get(agency_id)
    return a.name if a is not None else agency_id


def render(r: Report, lang: str = "vi") -> str:
    parts = [f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">',
             f"<title>{escape(t(lang, 'title', month=r.month, year=r.year))}</title>",
             f"<style>{CSS}</style></head><body>",
             f"<h1>{escape(t(lang, 'title', month=r.month, year=r.year))}</h1>",
             f'<p class="sub">{escape(t(lang, "subtitle", at=f"{r.generated_at:%Y-%m-%d %H:%M}"))}'
             f" · {escape(t(lang, 'days_note', n=r.snapshot_days))}</p>"]
    parts += _summary(r, lang)
    parts += _districts(r, lang)
    parts += _trend(r, lang)
    parts += _short(r, lang)
    parts += _data_centre(r, lang)
    parts += _changes(r, lang)
    parts.append(f"<footer>{escape(t(lang, 'footer'))}</footer></body></html>")
    return "".join(parts)


def _summary(r: Report, lang: str) -> list[str]:
    out = [f"<h2>{escape(t(lang, 'summary'))}</h2>"]
    if not r.city:
        return [*out, f"<p>{escape(t(lang, 'no_data'))}</p>"]
    out.append(f"<table><tr><th>{t(lang, 'indicator')}</th><th>{t(lang, 'level')}</th>"
               f"<th>{t(lang, 'value')}</th><th>{t(lang, 'target')}</th>"
               f"<th>{t(lang, 'count')}</th><th>{t(lang, 'status')}</th></tr>")
    for indicator, level in PROGRAMME:
        row = r.city.get((indicator, level))
        if row is None:
            continue
        count = f"{row['meeting']}/{row['total']}"
        if row["unknown"]:
            count += f" ({t(lang, 'unknown_n', n=row['unknown'])})"
        out.append(f"<tr><td>{escape(indicator_name(lang, indicator, level))}</td>"
                   f"<td>{escape(level_name(lang, level))}</td>"
                   f'<td class="num">{_pct(shown(row))}</td>'
                   f'<td class="num">{_pct(row["target"])}</td><td class="num">{count}</td>'
                   f"<td>{_status(lang, row)}</td></tr>")
    out.append("</table>")
    return out


BAR_CHARTS = (("wan", "district", "bars:wan:district"),
              ("lan_wan", "commune", "bars:lan_wan:commune"),
              ("computers", None, "bars:computers"),
              ("portals", "district", "bars:portals:district"))


def _districts(r: Report, lang: str) -> list[str]:
    out = [f"<h2>{escape(t(lang, 'per_district'))}</h2>"]
    drawn = 0
    for indicator, level, key in BAR_CHARTS:
        rows = [row for (ind, lvl), rows in r.districts.items() if ind == indicator
                and (level is None or lvl == level) for row in rows]
        per: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            per.setdefault(row["district"], []).append(row)
        if not per:
            continue
        bars = []
        target = rows[0]["target"]
        for district, drows in sorted(per.items(), key=lambda kv: _name(r, kv[0])):
            total = sum(x["total"] for x in drows)
            meeting = sum(x["meeting"] for x in drows)
            unknown = sum(x["unknown"] for x in drows)
            share = meeting / total if total and unknown < total else None
            bars.append(svg.Bar(_name(r, district), share,
                                share is not None and share + 1e-9 >= target,
                                f"{meeting}/{total}"))
        chart = svg.bars(f"district-{indicator}", t(lang, key), bars, target,
                         t(lang, "unknown"))
        out.append(f"<figure>{chart}</figure>")
        drawn += 1
    if not drawn:
        out.append(f"<p>{escape(t(lang, 'no_data'))}</p>")
    return out


def _trend(r: Report, lang: str) -> list[str]:
    out = [f"<h2>{escape(t(lang, 'trend'))}</h2>", '<div class="charts">']
    for indicator, level in PROGRAMME:
        points = r.trend.get((indicator, level))
        if not points:
            continue
        row = r.city.get((indicator, level))
        target = float(row["target"]) if row else 1.0
        title = f"{indicator_name(lang, indicator, level)} — {level_name(lang, level)}" \
            if indicator in ("computers", "portals") else indicator_name(lang, indicator, level)
        days = [d for d, _ in points]
        chart = svg.trend(f"trend-{indicator}-{level}", title, days,
                          [v for _, v in points], target, r.last_day)
        out.append(f"<figure><figcaption>{escape(title)}</figcaption>{chart}</figure>")
    out.append("</div>")
    return out


def _short(r: Report, lang: str) -> list[str]:
    out = [f"<h2>{escape(t(lang, 'short'))}</h2>"]
    details = {(a.indicator, a.id): a for a in r.results}
    any_short = False
    for indicator, level in PROGRAMME:
        if indicator == "data_centre":
            continue
        ids = r.short(indicator, level)
        if not ids:
            continue
        any_short = True
        out.append(f"<h3>{escape(indicator_name(lang, indicator, level))} — "
                   f"{escape(level_name(lang, level))} ({len(ids)})</h3>")
        out.append(f"<table><tr><th>{t(lang, 'agency')}</th><th>{t(lang, 'district')}</th>"
                   f"<th>{t(lang, 'detail')}</th></tr>")
        for agency in ids:
            a = details.get((indicator, agency))
            detail = ""
            if a is not None:
                detail = a.detail if a.value is None else f"{_pct(a.value)} ({a.detail})"
            district = r.inventory.district_of(agency)
            out.append(f"<tr><td>{escape(_name(r, agency))}</td>"
                       f"<td>{escape(_name(r, district) if district != agency else '')}</td>"
                       f"<td>{escape(detail)}</td></tr>")
        out.append("</table>")
    if not any_short:
        out.append(f"<p>{escape(t(lang, 'none_short'))}</p>")
    return out


def _data_centre(r: Report, lang: str) -> list[str]:
    out = [f"<h2>{escape(t(lang, 'dc'))}</h2>"]
    dc = r.data_centre
    if dc is None or dc.row is None:
        return [*out, f"<p>{escape(t(lang, 'no_data'))}</p>"]
    row = dc.row.to_json()
    out.append(f"<p>{escape(t(lang, 'dc_availability'))}: <b>{_pct(shown(row))}</b> "
               f"({t(lang, 'target')} {_pct(row['target'])}) — {_status(lang, row)}</p>")
    out.append(f"<table><tr><th>{t(lang, 'item')}</th><th>{t(lang, 'availability')}</th></tr>")
    for item, value in dc.per_item.items():
        out.append(f'<tr><td>{escape(item)}</td><td class="num">{_pct(value)}</td></tr>')
    out.append(f"</table><h3>{escape(t(lang, 'incidents'))}</h3>")
    if not r.incidents:
        return [*out, f"<p>{escape(t(lang, 'none_incidents'))}</p>"]
    out.append(f"<table><tr><th>{t(lang, 'when')}</th><th>{t(lang, 'item')}</th>"
               f"<th>{t(lang, 'what')}</th><th>{t(lang, 'until')}</th></tr>")
    for i in r.incidents:
        until = f"{i.until:%d/%m %H:%M}" if i.until else t(lang, "ongoing")
        if i.kind.startswith("cert_"):
            until = ""
        out.append(f"<tr><td>{i.at:%d/%m %H:%M}</td><td>{escape(i.item)}</td>"
                   f"<td>{escape(t(lang, 'kind:' + i.kind))}</td><td>{escape(until)}</td></tr>")
    out.append("</table>")
    return out


def _changes(r: Report, lang: str) -> list[str]:
    out = [f"<h2>{escape(t(lang, 'changes'))}</h2>"]
    if not r.changes:
        return [*out, f"<p>{escape(t(lang, 'none_changes'))}</p>"]
    out.append(f"<table><tr><th>{t(lang, 'when')}</th><th>{t(lang, 'device')}</th>"
               f"<th>{t(lang, 'agency')}</th><th>{t(lang, 'what')}</th>"
               f"<th>{t(lang, 'old')}</th><th>{t(lang, 'new')}</th></tr>")
    for e in r.changes:
        device = r.inventory.devices.get(e.device_id)
        agency = _name(r, device.agency) if device else ""
        out.append(f"<tr><td>{e.at:%d/%m}</td><td>{escape(e.device_id)}</td>"
                   f"<td>{escape(agency)}</td><td>{escape(t(lang, 'kind:' + e.kind))}</td>"
                   f"<td>{escape(e.old or '')}</td><td>{escape(e.new or '')}</td></tr>")
    out.append("</table>")
    return out
