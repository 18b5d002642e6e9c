"""``netmon report`` from a lab-like month: real peers polled at eight moments of November
2026 (tests/peers/indicator_lab.py), WAN coverage and an OS upgrade recorded in the state
file; the HTML rendered in headless Chromium (no console error, every chart drawn, a
screenshot checked), the PDF printed by it, in Vietnamese and English."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from netmon.collectors.observation import Status
from netmon.errors import UsageError
from netmon.inventory import load
from netmon.monitor.cli_report import parse_month
from netmon.monitor.coverage import compute
from netmon.monitor.device_state import Probe, Rules
from netmon.monitor.indicator_poll import IndicatorPoller
from netmon.monitor.report import build
from netmon.monitor.report_html import render
from netmon.monitor.report_pdf import chromium, print_pdf, run_chromium
from netmon.monitor.state import StateStore
from tests.peers.indicator_lab import IndicatorLab
from tests.peers.snmpsim import requires_snmpsim
from tests.pngread import count_colour, read_png

pytestmark = [pytest.mark.integration, requires_snmpsim,
              pytest.mark.skipif(chromium() is None, reason="chromium missing "
                                 "(apt-get install chromium)")]
POLL_DAYS = (1, 5, 9, 13, 17, 21, 25, 29)
NOW = datetime(2026, 11, 30, 9, tzinfo=UTC)
STALE = timedelta(days=5)
# One poll a few days apart: a silent poll is down at once (the daemon confirms over two).
RULES = Rules(down_after=1, stale_after=STALE)


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[IndicatorLab, Path]]:
    lab = IndicatorLab.start(tmp_path_factory.mktemp("report-lab"))
    state = lab.directory / "state.sqlite3"
    inv = load(lab.inventory)
    poller = IndicatorPoller(inv, state, stale_after=STALE, probe_interval_s=0)
    devices = StateStore(state)
    try:
        for day in POLL_DAYS:
            at = datetime(2026, 11, day, 8, tzinfo=UTC)
            # Hoàn Kiếm's portal answers 500 on two polls; the data centre's web on one.
            lab.web["portal-hk"].mode = "error" if day in (9, 13) else "ok"
            lab.web["dc-web"].mode = "error" if day == 17 else "ok"
            asyncio.run(poller.poll(at=at))
            # What the main poll records for the WAN, as the daemon would: Ba Đình's router
            # goes down from the 25th, Sở Y tế's on the 21st only; Phúc Tân's is upgraded.
            for router in ("tttt-rtr", "tc-rtr", "yt-rtr", "hk-rtr", "bd-rtr"):
                down = (router == "bd-rtr" and day >= 25) or (router == "yt-rtr" and day == 21)
                devices.record(router, at, "ok",
                               [Probe("icmp", Status.TIMEOUT if down else Status.OK)], {},
                               RULES)
            devices.record("pt-rtr", at, "ok", [Probe("icmp", Status.OK)], {
                "serial": "FOC1234X", "model": "WS-C3560G-48TS",
                "os_version": "12.2(55)SE3" if day < 17 else "15.0(2)SE11"}, RULES)
            poller.record_coverage(compute(inv, devices.latest(), at, RULES))
    finally:
        poller.close()
        devices.close()
    try:
        yield lab, state
    finally:
        lab.stop()


def test_month_parsing() -> None:
    assert parse_month("2026-11") == (2026, 11)
    for bad in ("2026-13", "11/2026", "2026-1"):
        with pytest.raises(UsageError):
            parse_month(bad)


def test_the_report_holds_the_month(month: tuple[IndicatorLab, Path]) -> None:
    lab, state = month
    r = build(load(lab.inventory), state, 2026, 11, NOW, STALE)
    assert r.snapshot_days == len(POLL_DAYS)
    portals = r.city[("portals", "district")]
    assert portals["total"] == 2 and portals["meeting"] == 0  # HK 6/8 probes; Ba Đình none
    assert set(portals["short"]) == {"hoan-kiem", "ba-dinh"}
    assert r.city[("portals", "department")]["meeting"] == 1  # only Sở TT&TT: 8/8
    computers = r.city[("computers", "department")]
    assert computers["short"] == ["so-tttt", "so-tc", "so-yt"]
    assert r.city[("lan_wan", "commune")]["total"] == 1
    assert r.city[("wan", "department")]["share"] == 1.0  # at the month's last snapshot
    assert r.city[("wan", "district")]["short"] == ["ba-dinh"]
    wan_trend = dict(r.trend[("wan", "department")])
    assert wan_trend[21] == pytest.approx(2 / 3) and wan_trend[29] == 1.0
    assert [p[0] for p in r.trend[("wan", "department")]] == list(POLL_DAYS)
    dc = r.data_centre
    assert dc is not None and dc.row is not None and dc.per_item["dc-web"] is not None
    assert 0.8 < dc.per_item["dc-web"] < 1.0 and not dc.row.meets_target
    kinds = [(i.item, i.kind) for i in r.incidents]
    assert ("dc-web", "down") in kinds and ("dc-mail", "cert_expiry_14") in kinds
    assert [(e.device_id, e.kind, e.old, e.new) for e in r.changes] == [
        ("pt-rtr", "os_version_changed", "12.2(55)SE3", "15.0(2)SE11")]


CHECK = """<script>
window.addEventListener('load', () => {
  const charts = [...document.querySelectorAll('svg.chart')].map(s => {
    const box = s.getBoundingClientRect();
    const marks = [...s.querySelectorAll('.mark')].filter(m => {
      const b = m.getBBox(); return b.width > 0 || b.height > 0; }).length;
    return {name: s.dataset.chart, w: box.width, h: box.height, marks: marks};
  });
  const pre = document.createElement('pre'); pre.id = 'netmon-check';
  pre.textContent = JSON.stringify(charts); document.body.appendChild(pre);
  console.log('netmon-check-ready');
});
</script></body>"""


def _render(month: tuple[IndicatorLab, Path], lang: str, out: Path) -> Path:
    lab, state = month
    html = out / f"report-{lang}.html"
    html.write_text(render(build(load(lab.inventory), state, 2026, 11, NOW, STALE), lang),
                    encoding="utf-8")
    return html


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_chromium_draws_every_chart_without_console_errors(month: tuple[IndicatorLab, Path],
                                                           tmp_path: Path, lang: str) -> None:
    html = _render(month, lang, tmp_path)
    text = html.read_text(encoding="utf-8")
    assert "<script" not in text and "http://" not in text and "https://" not in text.lower()
    expected = re.findall(r'data-chart="([^"]+)"', text)
    marks = [svg.count('class="mark') for svg in re.findall(r"<svg .*?</svg>", text)]
    assert len(expected) >= 10  # 3 district bar charts + a trend per indicator
    harness = tmp_path / f"check-{lang}.html"
    harness.write_text(text.replace("</body>", CHECK), encoding="utf-8")
    res = run_chromium(["--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000",
                        "--dump-dom", harness.as_uri()])
    assert res.returncode == 0, res.stderr[-2000:]
    assert "netmon-check-ready" in res.stderr  # the console is captured...
    console = [ln for ln in res.stderr.splitlines() if "CONSOLE" in ln]
    errors = [ln for ln in console if "netmon-check-ready" not in ln]
    assert errors == []  # ...and nothing else was said on it
    found = re.search(r'<pre id="netmon-check">(.*?)</pre>', res.stdout, re.S)
    assert found is not None, res.stdout[-2000:]
    charts = json.loads(found.group(1).replace("&quot;", '"'))
    assert [c["name"] for c in charts] == expected
    for c, n in zip(charts, marks, strict=True):
        assert c["w"] > 300 and c["h"] > 50, c  # laid out
        assert c["marks"] == n >= 1, c  # every bar, line and point drawn with a size


def test_screenshot_matches_expectations(month: tuple[IndicatorLab, Path],
                                         tmp_path: Path) -> None:
    html = _render(month, "vi", tmp_path)
    shot = tmp_path / "report.png"
    res = run_chromium(["--hide-scrollbars", "--window-size=800,2600",
                        f"--screenshot={shot}", html.as_uri()])
    assert res.returncode == 0 and shot.is_file(), res.stderr[-2000:]
    width, height, rows = read_png(shot)
    assert (width, height) == (800, 2600)
    green_rows = [count_colour([r], (0x2E, 0x7D, 0x32)) for r in rows]
    red_rows = [count_colour([r], (0xC6, 0x28, 0x28)) for r in rows]
    # Bars are 380 px at 100 %, 16 px high: Hoàn Kiếm's office is on the WAN (a full green
    # bar), half of its agencies have enough computers (a 190 px red bar).
    assert sum(1 for g in green_rows if 376 <= g <= 386) >= 14, max(green_rows)
    assert sum(1 for r in red_rows if 186 <= r <= 200) >= 14
    blue = count_colour(rows, (0x15, 0x65, 0xC0))
    assert blue > 1_500  # target lines and the headings' rules
    dark = sum(count_colour([r], (0x21, 0x21, 0x21), 40) for r in rows[:40])
    assert dark > 500  # the title is there
    if os.environ.get("NETMON_REPORT_SCREENSHOT"):  # to refresh docs/report-screenshot.png
        shutil.copyfile(shot, os.environ["NETMON_REPORT_SCREENSHOT"])


def test_pdf_in_vietnamese_with_diacritics(month: tuple[IndicatorLab, Path],
                                          tmp_path: Path) -> None:
    html = _render(month, "vi", tmp_path)
    pdf = tmp_path / "report.pdf"
    print_pdf(html, pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) missing: PDF text not checked")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    for phrase in ("Báo cáo tháng 11/2026", "Xã, phường, thị trấn", "Trung tâm dữ liệu",
                   "Quận Hoàn Kiếm", "nâng cấp phần mềm hệ điều hành", "Chưa đạt"):
        assert phrase in text, phrase
    assert "Monthly" not in text


def test_english_and_the_command(month: tuple[IndicatorLab, Path], tmp_path: Path) -> None:
    lab, state = month
    config = tmp_path / "netmon.yaml"
    config.write_text(f"inventory: {lab.inventory}\ndata_dir: {state.parent}\n")
    out = tmp_path / "out"

    def netmon(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "netmon", "--config", str(config), *args],
                              capture_output=True, text=True, timeout=300, check=False)

    res = netmon("report", "--month", "2026-11", "--lang", "en", "--out", str(out))
    assert res.returncode == 0, res.stdout + res.stderr
    html = (out / "netmon-report-2026-11.html").read_text(encoding="utf-8")
    assert "IT infrastructure report for 11/2026" in html and "Báo cáo" not in html
    assert (out / "netmon-report-2026-11.pdf").read_bytes()[:5] == b"%PDF-"
    bad = netmon("report", "--month", "11-2026")
    assert bad.returncode == 2 and "YYYY-MM" in bad.stderr
    listed = netmon("indicators", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)["rows"]
    assert {r["indicator"] for r in rows} == {"computers", "portals", "data_centre"}
