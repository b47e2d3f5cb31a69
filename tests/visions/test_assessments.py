"""The five-conditions self-assessment: filled by the site, shown as a radar compared with
the previous one, and as a table."""

import datetime

import pytest
from django.urls import reverse

from tests import factories
from tests.conftest import client_for
from tests.visions.helpers import page_text, soup
from visions.enums import Condition
from visions.models import SelfAssessment

pytestmark = pytest.mark.django_db


def form_data(date, scores, comment="Vision écrite avec les habitants."):
    data = {"date": date}
    for condition, score in zip(Condition, scores, strict=True):
        data[f"{condition.value}_score"] = score
        data[f"{condition.value}_comment"] = comment if condition == Condition.COMMON_AGENDA else ""
    return data


def test_a_member_fills_a_self_assessment_and_sees_it_against_the_previous_one(site_a, member_a):
    factories.SelfAssessmentFactory(
        site=site_a,
        date=datetime.date(2025, 6, 1),
        common_agenda_score=2,
        shared_measurement_score=1,
        reinforcing_activities_score=2,
        communication_score=2,
        backbone_score=3,
    )
    client = client_for(member_a)
    response = client.post(
        reverse("visions:assessment_create", args=[site_a.pk]),
        form_data("2026-06-01", [3, 2, 2, 3, 4]),
    )
    assert response.status_code == 302
    latest = SelfAssessment.objects.get(date="2026-06-01")
    assert (latest.common_agenda_score, latest.backbone_score, latest.author) == (3, 4, member_a)

    page = client.get(reverse("visions:assessment_overview", args=[site_a.pk]))
    svg = soup(page).select_one("svg.qic-chart")
    assert svg["role"] == "img" and svg.title.get_text().startswith("Les cinq conditions")
    polygons = svg.select("polygon.qic-chart__radar")
    assert len(polygons) == 2  # this one and the previous one
    assert [p.get("stroke-dasharray") for p in polygons] == ["6 4", None]
    assert "Programme commun (agenda commun) : 3 sur 4 (précédemment 2)" in svg.desc.get_text()
    rows = [
        [cell.get_text(" ", strip=True) for cell in tr.select("th, td")]
        for tr in soup(page).select("table tbody tr")
    ]
    assert rows[0] == [
        "Programme commun (agenda commun) Vision écrite avec les habitants.",
        "3 — en place",
        "2",
        "+1",
    ]
    assert rows[4][1:] == ["4 — solide", "3", "+1"]
    assert "total 14 sur 20" in page_text(page)


def test_a_score_outside_1_to_4_or_a_second_one_the_same_day_is_refused(site_a, member_a):
    factories.SelfAssessmentFactory(site=site_a, date=datetime.date(2026, 6, 1))
    client = client_for(member_a)
    url = reverse("visions:assessment_create", args=[site_a.pk])
    response = client.post(url, form_data("2026-06-01", [3, 2, 2, 3, 4]))
    assert "Une auto-évaluation existe déjà à cette date pour ce site." in page_text(response)
    response = client.post(url, form_data("2026-07-01", [5, 2, 2, 3, 4]))
    assert "Sélectionnez un choix valide" in page_text(response)
    assert SelfAssessment.objects.count() == 1


@pytest.mark.parametrize(("persona", "status"), [("member_b", 404), ("observer", 403)])
def test_others_cannot_fill_the_self_assessment(site_a, personas, persona, status):
    response = client_for(personas[persona]).post(
        reverse("visions:assessment_create", args=[site_a.pk]),
        form_data("2026-06-01", [3, 2, 2, 3, 4]),
    )
    assert response.status_code == status
    assert SelfAssessment.objects.count() == 0


def test_the_form_shows_dsfr_radios_and_a_labelled_comment_per_condition(site_a, member_a):
    page = soup(client_for(member_a).get(reverse("visions:assessment_create", args=[site_a.pk])))
    assert len(page.select(".fr-radio-group input[type=radio]")) == 5 * 4
    label = page.select_one("label[for=id_shared_measurement_comment]").get_text(" ", strip=True)
    assert label.startswith("Pourquoi cette note ? (mesure partagée)")
