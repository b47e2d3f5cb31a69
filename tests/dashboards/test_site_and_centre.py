"""The site dashboard and the resource-centre dashboard."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from cercles.enums import MeetingStatus
from quartiers.enums import SiteStatus
from tests import factories
from tests.conftest import client_for, paris
from visions.enums import ActionStatus, VisionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def lively_site(clock, site_a):
    vision = factories.VisionFactory(
        site=site_a, status=VisionStatus.ADOPTEE, adopted_on=datetime.date(2025, 3, 1)
    )
    indicator = factories.IndicatorFactory(
        objective__vision=vision,
        objective__title="Réussite éducative",
        name="Taux de réussite au brevet",
    )
    for day, value in [(datetime.date(2025, 3, 31), "41"), (datetime.date(2025, 9, 30), "44")]:
        factories.MeasurementFactory(indicator=indicator, date=day, value=Decimal(value))
    factories.SelfAssessmentFactory(site=site_a, date=datetime.date(2025, 10, 1))
    factories.ActionFactory(site=site_a, status=ActionStatus.EN_COURS)
    factories.ActionFactory(site=site_a, status=ActionStatus.EN_COURS)
    factories.ActionFactory(site=site_a, status=ActionStatus.TERMINEE)
    cercle = factories.CercleFactory(site=site_a, name="Cercle éducation")
    factories.MeetingFactory(cercle=cercle, starts_at=paris(2026, 1, 20))
    held = factories.MeetingFactory(
        cercle=cercle, starts_at=paris(2025, 12, 1), status=MeetingStatus.TENUE
    )
    factories.CommitmentFactory(
        meeting=held, text="Envoyer le compte rendu", due_on=datetime.date(2025, 12, 15)
    )
    factories.TrinomeMandateFactory(site=site_a)
    return site_a


def test_the_site_dashboard_says_where_the_site_stands(lively_site, member_a):
    response = client_for(member_a).get(reverse("dashboards:site", args=[lively_site.pk]))
    page = BeautifulSoup(response.content, "html.parser")
    text = page.get_text(" ", strip=True)
    assert page.h1.text == f"Tableau de bord — {lively_site.name}"
    assert "Taux de réussite au brevet" in text
    assert page.select_one("svg[aria-labelledby^='tendance-']") is not None  # sparkline
    assert page.select_one("svg[aria-labelledby^='radar-']") is not None  # five conditions
    assert "Cercle éducation" in text and "Envoyer le compte rendu" in text
    assert page.select_one("#site-engagements-retard").text == "1"
    rows = {
        tr.select("td")[0].get_text(strip=True): tr.select("td")[1].text
        for tr in page.select("section[aria-labelledby=suivi] tbody tr")
    }
    assert rows["en cours"] == "2" and rows["terminée"] == "1"
    assert "Réunion tenue" in text  # the journal


def test_a_member_lands_on_their_site_dashboard(lively_site, member_a, member_b):
    page = BeautifulSoup(client_for(member_a).get(reverse("home")).content, "html.parser")
    assert page.h1.text == f"Tableau de bord — {lively_site.name}"
    assert (
        client_for(member_b).get(reverse("dashboards:site", args=[lively_site.pk])).status_code
        == 404
    )


def test_a_member_without_site_is_told_whom_to_ask(db):
    user = factories.UserFactory(role="membre")
    assert (
        "Aucun site ne vous est encore ouvert"
        in client_for(user).get(reverse("home")).content.decode()
    )


def test_the_centre_dashboard_lists_its_sites_hours_and_whom_to_chase(
    clock, centre, centre_user, site_b
):
    site = centre.accompaniments.get().site
    factories.AccompanimentFactory(centre=centre, site=site, hours_planned=10, hours_done=4)
    other_centre = factories.CentreFactory()
    factories.AccompanimentFactory(centre=other_centre, site=site, hours_planned=99, hours_done=99)
    factories.AccompanimentFactory(centre=other_centre, site=site_b)
    site.status = SiteStatus.MISE_EN_OEUVRE
    site.save()
    clock.shift(datetime.timedelta(days=120))
    for url in (reverse("home"), reverse("dashboards:centre", args=[centre.pk])):
        page = BeautifulSoup(client_for(centre_user).get(url).content, "html.parser")
        rows = page.select("section[aria-labelledby=sites-accompagnes] tbody tr")
        assert [row.select("td")[0].text for row in rows] == [site.name]
        cells = [td.text for td in rows[0].select("td")]
        assert cells[2:4] == ["25", "10"]  # 15 + 10 planned, 6 + 4 done: this centre's only
        assert site_b.name not in page.get_text()
        assert "Aucune activité enregistrée" in page.get_text()
    # Another centre's dashboard is not theirs.
    other = client_for(centre_user).get(reverse("dashboards:centre", args=[other_centre.pk]))
    assert other.status_code == 403


def test_the_site_page_leads_to_the_site_dashboard(site_a, observer):
    page = BeautifulSoup(client_for(observer).get(site_a.get_absolute_url()).content, "html.parser")
    link = page.find("a", string="Tableau de bord du site")
    assert link["href"] == reverse("dashboards:site", args=[site_a.pk])
    assert client_for(observer).get(link["href"]).status_code == 200
