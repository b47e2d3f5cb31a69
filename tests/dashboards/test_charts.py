"""The statuses-by-month chart: standalone accessible SVG, one line per step, whole numbers."""

import datetime

from dashboards.charts import status_timeline_chart
from qic import charts
from quartiers.enums import SiteStatus
from summaries.programme import StatusTimeline
from tests.visions.test_charts import SVG, parse


def test_multi_line_chart_draws_one_line_per_series_with_a_legend():
    root = parse(
        charts.multi_line_chart(
            ["janv.", "févr.", "mars"],
            [charts.Series("Candidat", [0, 1, 3]), charts.Series("Repéré", [2, 2, 7], dash="2 3")],
            chart_id="essai",
            title="Essai",
            description="Deux séries.",
            integer=True,
        )
    )
    assert len(root.findall(f"{SVG}polyline")) == 2
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"Candidat", "Repéré", "janv.", "mars"} <= set(texts)
    assert not any("," in (t or "") for t in texts)  # whole numbers only on the axis


def test_status_timeline_chart_describes_where_the_programme_stands():
    months = [datetime.date(2025, 11, 1), datetime.date(2025, 12, 1)]
    timeline = StatusTimeline(months, {status: [0, 1] for status in SiteStatus.progression()})
    root = parse(status_timeline_chart(timeline))
    assert "À ce jour : repéré : 1" in root.find(f"{SVG}desc").text
    assert len(root.findall(f"{SVG}polyline")) == len(SiteStatus.progression())
