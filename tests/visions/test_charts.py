"""qic.charts: SVG that stands alone (no script, no style, explicit size), says what it shows
(role, title, desc) and draws the data it is given."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

from qic import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # well-formed XML, as WeasyPrint needs
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    width, height = root.get("width"), root.get("height")
    assert root.get("viewBox") == f"0 0 {width} {height}"
    labelled = root.get("aria-labelledby").split()
    assert [root.find(f"{SVG}title").get("id"), root.find(f"{SVG}desc").get("id")] == labelled
    for element in root.iter():
        assert element.tag not in (f"{SVG}script", f"{SVG}style", f"{SVG}image")
        assert "style" not in element.attrib
        assert not any(name.startswith("on") for name in element.attrib)
    return root


def test_line_chart_draws_points_reference_lines_and_trajectory():
    points = [
        charts.Point(datetime.date(2025, 3, 31), Decimal("41")),
        charts.Point(datetime.date(2024, 12, 31), Decimal("40.5")),
        charts.Point(datetime.date(2025, 6, 30), Decimal("1234.5")),
    ]
    root = parse(
        charts.line_chart(
            points,
            chart_id="courbe-1",
            title="Évolution <du> taux",
            description="Des valeurs.",
            unit="%",
            references=[
                charts.ReferenceLine(Decimal(40), "Référence", "baseline"),
                charts.ReferenceLine(Decimal(50), "Cible 2028", "target"),
            ],
            trajectory=(
                charts.Point(datetime.date(2024, 1, 1), 40),
                charts.Point(datetime.date(2028, 1, 1), 50),
            ),
        )
    )
    assert root.find(f"{SVG}title").text == "Évolution <du> taux"  # escaped, then read back
    circles = root.findall(f".//{SVG}circle")
    # Sorted by date, French numbers.
    assert [c.find(f"{SVG}title").text for c in circles] == [
        "31/12/2024 : 40,5\xa0%",
        "31/03/2025 : 41\xa0%",
        "30/06/2025 : 1\u202f234,5\xa0%",
    ]
    xs = [float(c.get("cx")) for c in circles]
    assert xs == sorted(xs)
    refs = {line.get("class"): line for line in root.iter(f"{SVG}line") if line.get("class")}
    assert "qic-chart__ref qic-chart__ref--target" in refs
    assert refs["qic-chart__ref qic-chart__ref--baseline"].get("stroke-dasharray")
    assert "qic-chart__trajectory" in refs
    texts = [t.text for t in root.iter(f"{SVG}text") if t.text]
    assert "Cible 2028 : 50\xa0%" in texts and "2025" in texts


def test_a_higher_value_is_drawn_higher():
    points = [
        charts.Point(datetime.date(2025, 1, 1), 10),
        charts.Point(datetime.date(2025, 6, 1), 20),
    ]
    root = parse(charts.line_chart(points, chart_id="c", title="t", description="d"))
    low, high = (float(c.get("cy")) for c in root.findall(f".//{SVG}circle"))
    assert high < low  # SVG's y axis points down


def test_an_empty_line_chart_says_so():
    root = parse(charts.line_chart([], chart_id="vide", title="t", description="d"))
    assert "Aucune mesure pour l'instant." in [t.text for t in root.iter(f"{SVG}text")]


def test_sparkline_and_radar_are_standalone_svg():
    spark = parse(charts.sparkline([1, 3, 2], chart_id="s", title="Tendance", reference=4))
    assert len(spark.find(f"{SVG}polyline").get("points").split()) == 3
    assert spark.find(f"{SVG}desc").text == "Valeurs successives : 1, 3, 2."
    radar = parse(
        charts.radar_chart(
            ["A", "B", "C", "D", "E"],
            [
                charts.RadarSeries("Maintenant", [4, 3, 2, 1, 4]),
                charts.RadarSeries("Avant", [1, 1, 1, 1, None], dashed=True),
            ],
            chart_id="r",
            title="Radar",
            description="Cinq notes.",
        )
    )
    polygons = [p for p in radar.iter(f"{SVG}polygon") if p.get("class")]
    assert len(polygons) == 2
    assert len(polygons[0].get("points").split()) == 5


def test_nice_ticks_cover_the_range_with_round_steps():
    assert charts.nice_ticks(38.5, 50) == [37.5, 40.0, 42.5, 45.0, 47.5, 50.0]
    assert charts.nice_ticks(0, 1234) == [0.0, 250.0, 500.0, 750.0, 1000.0, 1250.0]
    assert charts.nice_ticks(7, 7)[0] < 7 < charts.nice_ticks(7, 7)[-1]
