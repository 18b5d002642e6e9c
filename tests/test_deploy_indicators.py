"""The programme-indicators dashboard on real influxd, loaded with the dashboard test's
sample city (tests/test_deploy.py, whose sample includes tests/indicator_sample.py): each
panel says what netmon's indicator computation says."""

from __future__ import annotations

import pytest

from tests.peers.influxd import Influxd, requires_influxd
from tests.test_deploy import Sample, loaded_influxd, run_panels, sample

__all__ = ["loaded_influxd", "sample"]  # the module fixtures, imported explicitly


@pytest.mark.integration
@requires_influxd
def test_indicator_panels_say_what_the_indicators_say(loaded_influxd: Influxd,
                                                      sample: Sample) -> None:
    ind = sample.indicators
    assert ind is not None
    rows = run_panels(loaded_influxd, "all")
    last_rows, last_results = ind.rows[-1], ind.results[-1]
    city = {(r["indicator"], r["level"]): (r["meeting"], r["total"], r["share"])
            for r in rows["Programme indicators, city"]}
    assert city == {(r.indicator, r.level): (r.meeting, r.total, pytest.approx(r.share))
                    for r in last_rows if r.scope == "city"}
    short = {(r["agency_name"], r["indicator"], r.get("unknown")) for r in
             rows["Agencies short of target"]}
    assert short == {(a.name, a.indicator, int(a.unknown)) for a in last_results
                     if not a.meets}
    assert ("Sở Tài chính", "computers", 1) in short  # not read: unknown, never zero
    availability = {r["target"]: r["availability"]
                    for r in rows["Portal availability over the range"]}
    assert availability == {"https://sotttt.hanoi.test/": pytest.approx(50.0),
                            "https://hoankiem.hanoi.test/": pytest.approx(100.0),
                            "https://dvc.hoankiem.hanoi.test/": pytest.approx(100.0)}
    (ups,) = rows["UPS"]
    assert ups["on_battery"] == 1 and ups["charge_pct"] == ind.ups[-1].charge_pct
    (dc,) = rows["Data centre in operation"]
    last_dc = ind.data_centre[-1].row
    assert last_dc is not None and dc["availability"] == pytest.approx(last_dc.value)
    kinds = {(r["device"], r["kind"]) for r in rows["Data-centre incidents"]}
    assert kinds == {("dc-web", "down"), ("dc-ups", "on_battery"),
                     ("dc-web", "cert_expiry_14")}
    days = {r["target"]: r["days_left"] for r in rows["Certificates, days left"]}
    assert days["dc-web"] == pytest.approx(12.0)
