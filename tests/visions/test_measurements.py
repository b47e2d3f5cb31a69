"""Indicators and their values: defining an indicator, entering a quarter's values for all
of a site's indicators from one grid (whole form, or row by row with HTMX), bad input, and
the chart that moves."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tests import factories
from tests.conftest import client_for
from tests.visions.helpers import page_text, soup
from visions.enums import Direction, Frequency
from visions.models import Indicator, Measurement

pytestmark = pytest.mark.django_db

# Mid-October 2026: the quarter to report is Q3, ended 30/09.
TODAY = datetime.datetime(2026, 10, 15, 12, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def indicators(site_a):
    vision = factories.VisionFactory(site=site_a)
    education = factories.ObjectiveFactory(vision=vision, title="Réussite éducative")
    emploi = factories.ObjectiveFactory(vision=vision, title="Emploi des jeunes")
    return [
        factories.IndicatorFactory(
            objective=education, name="Taux de réussite au brevet", unit="%"
        ),
        factories.IndicatorFactory(
            objective=emploi,
            name="Jeunes accompagnés par la mission locale",
            unit="personnes",
            baseline_value=Decimal(900),
            target_value=Decimal(1500),
        ),
        factories.IndicatorFactory(
            objective=emploi,
            name="Part des 16-25 ans ni en emploi ni en formation",
            direction=Direction.BAISSE,
            baseline_value=Decimal(30),
            target_value=Decimal(20),
            frequency=Frequency.ANNUELLE,
        ),
    ]


def grid_url(site):
    return reverse("visions:indicator_grid", args=[site.pk])


def row_url(site, indicator):
    return reverse("visions:indicator_grid_row", args=[site.pk, indicator.pk])


def grid_data(rows):
    """POST data of the grid: {indicator: (date, value, comment)}."""
    data = {}
    for indicator, (day, value, comment) in rows.items():
        data[f"i{indicator.pk}-date"] = day
        data[f"i{indicator.pk}-value"] = value
        data[f"i{indicator.pk}-comment"] = comment
    return data


def values():
    return sorted(
        (m.indicator.name, m.date, m.value) for m in Measurement.objects.select_related("indicator")
    )


def test_the_grid_proposes_the_end_of_each_indicators_last_closed_period(
    site_a, member_a, indicators
):
    page = soup(client_for(member_a).get(grid_url(site_a)))
    dates = [page.select_one(f"#id_i{i.pk}-date")["value"] for i in indicators]
    assert dates == ["2026-09-30", "2026-09-30", "2025-12-31"]  # quarterly, quarterly, yearly
    value_input = page.select_one(f"#id_i{indicators[0].pk}-value")
    assert value_input["inputmode"] == "decimal"
    label = page.select_one(f"label[for=id_i{indicators[0].pk}-value]")
    assert "Taux de réussite au brevet" in label.get_text()
    # Grouped by objective, in the vision's order.
    groups = [th.get_text(strip=True) for th in page.select("th[scope=colgroup]")]
    assert groups == ["Objectif : Réussite éducative", "Objectif : Emploi des jeunes"]


def test_a_member_enters_this_quarters_values_for_every_indicator_in_one_post(
    site_a, member_a, indicators
):
    brevet, jeunes, neet = indicators
    client = client_for(member_a)
    response = client.post(
        grid_url(site_a),
        grid_data(
            {
                brevet: ("2026-09-30", "82,5", "Session de juin"),
                jeunes: ("2026-09-30", "1 234", ""),
                neet: ("2025-12-31", "27,3", ""),
            }
        ),
    )
    assert response.status_code == 302
    assert values() == [
        ("Jeunes accompagnés par la mission locale", datetime.date(2026, 9, 30), Decimal("1234")),
        ("Part des 16-25 ans ni en emploi ni en formation", datetime.date(2025, 12, 31), Decimal("27.3")),
        ("Taux de réussite au brevet", datetime.date(2026, 9, 30), Decimal("82.5")),
    ]  # fmt: skip
    assert Measurement.objects.get(indicator=brevet).entered_by == member_a
    assert "3 valeur(s) enregistrée(s)." in page_text(client.get(response["Location"]))


def test_empty_rows_are_skipped(site_a, member_a, indicators):
    brevet, jeunes, neet = indicators
    response = client_for(member_a).post(
        grid_url(site_a),
        grid_data(
            {
                brevet: ("2026-09-30", "81", ""),
                jeunes: ("2026-09-30", "", ""),
                neet: ("2025-12-31", "  ", ""),
            }
        ),
    )
    assert response.status_code == 302
    assert [name for name, _day, _value in values()] == ["Taux de réussite au brevet"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("2026-12-31", "12", ""), "La date ne peut pas être dans le futur."),
        (("2026-09-30", "douze", ""), "« douze » n'est pas un nombre"),
        (("2026-09-30", "12,345", ""), "Pas plus de 2 chiffres après la virgule."),
        (("", "12", ""), "Indiquez la date de la valeur."),
        (("30/09/2026x", "12", ""), "Saisissez une date valide."),
    ],
)
def test_one_bad_row_saves_nothing_and_says_why_in_french(
    site_a, member_a, indicators, row, message
):
    brevet, jeunes, _neet = indicators
    before = Measurement.objects.count()
    response = client_for(member_a).post(
        grid_url(site_a), grid_data({brevet: ("2026-09-30", "80", ""), jeunes: row})
    )
    assert response.status_code == 200
    assert Measurement.objects.count() == before
    alert = soup(response).select_one("#erreurs")
    assert "Rien n'a été enregistré" in alert.get_text()
    assert message in " ".join(alert.get_text().split())
    # The error is next to its field, which is marked invalid and keeps what was typed.
    field = "date" if "date" in message.lower() else "value"
    box = soup(response).select_one(f"#id_i{jeunes.pk}-{field}")
    assert box["aria-invalid"] == "true"
    assert box.get("value", "") == row[0 if field == "date" else 1]
    assert soup(response).select_one(f"#id_i{brevet.pk}-value")["value"] == "80"


def test_a_second_value_for_the_same_date_is_refused(site_a, member_a, indicators):
    brevet = indicators[0]
    factories.MeasurementFactory(indicator=brevet, date=datetime.date(2026, 9, 30))
    before = Measurement.objects.count()
    client = client_for(member_a)
    response = client.post(grid_url(site_a), grid_data({brevet: ("2026-09-30", "80", "")}))
    assert "Une valeur existe déjà pour cet indicateur au 30/09/2026" in page_text(response)
    response = client.post(
        reverse("visions:measurement_create", args=[brevet.pk]),
        {"date": "2026-09-30", "value": "80"},
    )
    assert "Une valeur existe déjà pour cet indicateur au 30/09/2026" in page_text(response)
    assert Measurement.objects.count() == before


def test_a_row_is_saved_alone_with_htmx_and_swapped_in_place(site_a, member_a, indicators):
    brevet, jeunes, _neet = indicators
    client = client_for(member_a)
    data = grid_data(
        {brevet: ("2026-09-30", "83,5", "Brevet 2026"), jeunes: ("2026-09-30", "x", "")}
    )
    response = client.post(row_url(site_a, brevet), data, headers={"HX-Request": "true"})
    assert response.status_code == 201  # created, swapped in like a 200
    assert "HX-Request" in response["Vary"]
    fragment = soup(response)
    assert fragment.find("html") is None
    row = fragment.select_one(f"tr#ligne-{brevet.pk}")
    status = row.select_one("[role=status]")
    assert " ".join(status.get_text().split()) == "Enregistré : 83,5 au 30/09/2026."
    assert "83,5 %" in " ".join(row.get_text().split())  # the latest value shown
    # Only that row was saved; the other row's bad value did not matter.
    assert values() == [("Taux de réussite au brevet", datetime.date(2026, 9, 30), Decimal("83.5"))]
    # Swapped into the page, the row is what a fresh page shows (bar the message).
    status.decompose()
    page_row = soup(client.get(grid_url(site_a))).select_one(f"tr#ligne-{brevet.pk}")
    assert row.decode().split() == page_row.decode().split()


def test_a_row_with_an_error_comes_back_with_it_and_saves_nothing(site_a, member_a, indicators):
    brevet = indicators[0]
    response = client_for(member_a).post(
        row_url(site_a, brevet),
        grid_data({brevet: ("2026-09-30", "beaucoup", "")}),
        headers={"HX-Request": "true"},
    )
    row = soup(response).select_one(f"tr#ligne-{brevet.pk}")
    value = row.select_one(f"#id_i{brevet.pk}-value")
    assert value["aria-invalid"] == "true" and value["value"] == "beaucoup"
    assert "« beaucoup » n'est pas un nombre" in " ".join(row.get_text().split())
    assert Measurement.objects.count() == 0


def test_a_row_saves_without_javascript_too(site_a, member_a, indicators):
    brevet = indicators[0]
    response = client_for(member_a).post(
        row_url(site_a, brevet), grid_data({brevet: ("2026-09-30", "80", "")})
    )
    assert response.status_code == 302
    assert response["Location"] == grid_url(site_a) + f"#ligne-{brevet.pk}"
    assert Measurement.objects.get().value == Decimal(80)


def test_the_chart_moves_when_a_value_is_entered(site_a, member_a, indicators):
    brevet = indicators[0]
    client = client_for(member_a)
    detail = reverse("visions:indicator_detail", args=[brevet.pk])
    before = soup(client.get(detail)).select_one(f"svg#courbe-{brevet.pk}, svg")
    assert before["role"] == "img"
    assert before.select("circle.qic-chart__point") == []
    client.post(row_url(site_a, brevet), grid_data({brevet: ("2026-09-30", "45,5", "")}))
    page = soup(client.get(detail))
    svg = page.select_one("svg.qic-chart")
    points = [c.title.get_text() for c in svg.select("circle.qic-chart__point")]
    assert points == ["30/09/2026 : 45,5\xa0%"]
    assert "30/09/2026 : 45,5" in svg.desc.get_text()
    cells = [td.get_text(strip=True) for td in page.select("#donnees tbody tr td")[:2]]
    assert cells == ["30/09/2026", "45,5"]


def test_a_member_defines_an_indicator_with_french_numbers(site_a, member_a):
    objective = factories.ObjectiveFactory(vision=factories.VisionFactory(site=site_a))
    data = {
        "objective": objective.pk,
        "name": "Taux d'emploi des 15-64 ans",
        "unit": "%",
        "source": "INSEE",
        "direction": "hausse",
        "baseline_value": "38,5",
        "baseline_date": "2024-01-01",
        "target_value": "45",
        "target_date": "2030-12-31",
        "frequency": "annuelle",
    }
    client = client_for(member_a)
    url = reverse("visions:indicator_create", args=[objective.pk])
    assert client.post(url, data).status_code == 302
    indicator = Indicator.objects.get()
    assert (indicator.baseline_value, indicator.target_value) == (Decimal("38.5"), Decimal(45))

    wrong_way = {**data, "name": "Autre", "target_value": "30"}
    response = client.post(url, wrong_way)
    assert "la cible doit dépasser la valeur de référence" in page_text(response)
    no_date = {**data, "name": "Autre", "target_date": ""}
    assert "Indiquez la valeur cible et son échéance, ou aucune." in page_text(
        client.post(url, no_date)
    )
    assert Indicator.objects.count() == 1


@pytest.mark.parametrize(("persona", "status"), [("member_b", 404), ("observer", 403)])
def test_others_cannot_enter_values(site_a, personas, indicators, persona, status):
    brevet = indicators[0]
    client = client_for(personas[persona])
    data = grid_data({brevet: ("2026-09-30", "80", "")})
    attempts = [
        client.post(grid_url(site_a), data),
        client.post(row_url(site_a, brevet), data, headers={"HX-Request": "true"}),
        client.post(
            reverse("visions:measurement_create", args=[brevet.pk]),
            {"date": "2026-09-30", "value": "80"},
        ),
    ]
    assert [r.status_code for r in attempts] == [status] * 3
    assert Measurement.objects.count() == 0


def test_an_observer_reads_the_grid_without_inputs(site_a, observer, indicators):
    page = soup(client_for(observer).get(grid_url(site_a)))
    assert page.select("input[inputmode=decimal]") == []
    assert page.select_one("form#grille") is None
    assert "Taux de réussite au brevet" in page.get_text()
