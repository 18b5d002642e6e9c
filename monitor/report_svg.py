"""The report's charts as inline SVG, drawn here: no script, no library, nothing fetched.

Two kinds, where a reader would rather look than read:

- ``bars``: one horizontal bar per district (names are long in Vietnamese, so they sit on
  the left, readable), the bar green when the district meets the target, red when not,
  grey hatching when unknown, and the target as a dashed vertical line;
- ``trend``: the month's daily values of one indicator as a line, with the target dashed.

Every chart is an ``<svg class="chart" data-chart=NAME>`` whose marks carry
``class="mark"``: the report test counts them in the browser to see that each chart drew.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

GREEN = "#2e7d32"
RED = "#c62828"
GREY = "#9e9e9e"
INK = "#212121"
TARGET = "#1565c0"


@dataclass(frozen=True)
class Bar:
    label: str
    share: float | None  # 0..1, None: unknown
    meets: bool
    note: str = ""  # shown after the bar: "12/13"


def _pct(v: float) -> str:
    return f"{v * 100:.0f} %"


def bars(name: str, title: str, items: Sequence[Bar], target: float,
         unknown_label: str = "?") -> str:
    label_w, bar_w, row_h, top = 230, 380, 22, 30
    width = label_w + bar_w + 90
    height = top + row_h * max(1, len(items)) + 24
    out = [f'<svg class="chart" data-chart="{escape(name)}"'
           f' width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img"'
           f' aria-label="{escape(title)}">',
           f'<text x="0" y="16" font-size="14" font-weight="bold" fill="{INK}">'
           f'{escape(title)}</text>']
    for i, item in enumerate(items):
        y = top + i * row_h
        out.append(f'<text x="{label_w - 8}" y="{y + 15}" font-size="12" text-anchor="end" '
                   f'fill="{INK}">{escape(item.label)}</text>')
        if item.share is None:
            out.append(f'<rect class="mark unknown" x="{label_w}" y="{y + 3}" width="{bar_w}" '
                       f'height="{row_h - 6}" fill="none" stroke="{GREY}" '
                       f'stroke-dasharray="3 3"/>')
            text = unknown_label
        else:
            w = max(1.0, bar_w * max(0.0, min(1.0, item.share)))
            colour = GREEN if item.meets else RED
            out.append(f'<rect class="mark" x="{label_w}" y="{y + 3}" width="{w:.1f}" '
                       f'height="{row_h - 6}" fill="{colour}"/>')
            text = _pct(item.share)
        if item.note:
            text += f"  ({item.note})"
        out.append(f'<text x="{label_w + bar_w + 6}" y="{y + 15}" font-size="11" '
                   f'fill="{INK}">{escape(text)}</text>')
    tx = label_w + bar_w * target
    out.append(f'<line class="target" x1="{tx:.1f}" y1="{top - 4}" x2="{tx:.1f}" '
               f'y2="{height - 20}" stroke="{TARGET}" stroke-width="2" '
               f'stroke-dasharray="6 4"/>')
    out.append(f'<text x="{tx:.1f}" y="{height - 6}" font-size="11" text-anchor="middle" '
               f'fill="{TARGET}">{_pct(target)}</text>')
    out.append("</svg>")
    return "".join(out)


def trend(name: str, title: str, days: Sequence[int], values: Sequence[float | None],
          target: float, last_day: int) -> str:
    """``days``: day numbers of the month; ``values``: 0..1 or None for a missing day."""
    width, height, left, right, top, bottom = 340, 150, 40, 12, 10, 26
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(day: int) -> float:
        return left + plot_w * (day - 1) / max(1, last_day - 1)

    def y(v: float) -> float:
        return top + plot_h * (1 - max(0.0, min(1.0, v)))

    out = [f'<svg class="chart" data-chart="{escape(name)}"'
           f' width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img"'
           f' aria-label="{escape(title)}">']  # the title is the figure's caption
    for v in (0.0, 0.5, 1.0):
        out.append(f'<line x1="{left}" y1="{y(v):.1f}" x2="{width - right}" y2="{y(v):.1f}" '
                   f'stroke="#e0e0e0"/><text x="{left - 4}" y="{y(v) + 4:.1f}" font-size="10" '
                   f'text-anchor="end" fill="{INK}">{_pct(v)}</text>')
    for d in sorted({1, (last_day + 1) // 2, last_day}):
        out.append(f'<text x="{x(d):.1f}" y="{height - 8}" font-size="10" text-anchor="middle"'
                   f' fill="{INK}">{d}</text>')
    out.append(f'<line class="target" x1="{left}" y1="{y(target):.1f}" x2="{width - right}" '
               f'y2="{y(target):.1f}" stroke="{TARGET}" stroke-width="1.5" '
               f'stroke-dasharray="6 4"/>')
    segment: list[str] = []
    segments: list[list[str]] = []
    points: list[tuple[int, float]] = []
    for d, value in zip(days, values, strict=True):
        if value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{x(d):.1f},{y(value):.1f}")
        points.append((d, value))
    if segment:
        segments.append(segment)
    for seg in segments:
        out.append(f'<polyline class="mark" points="{" ".join(seg)}" fill="none" '
                   f'stroke="{INK}" stroke-width="2"/>')
    for d, v in points:
        colour = GREEN if v + 1e-9 >= target else RED
        out.append(f'<circle class="mark" cx="{x(d):.1f}" cy="{y(v):.1f}" r="2.5" '
                   f'fill="{colour}"/>')
    out.append("</svg>")
    return "".join(out)
