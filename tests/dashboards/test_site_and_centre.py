"""A site's page (its workspace's landing page, and a member's home) and the
resource-centre dashboard."""

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


def test_the_site_page_says_where_the_site_stands(lively_site, member_a):
    response = client_for(member_a).get(lively_site.get_absolute_url())
    page = BeautifulSoup(response.content, "html.parser")
    text = page.get_text(" ", strip=True)
    assert page.h1.text == lively_site.name
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


def test_a_member_lands_on_their_site_page(lively_site, member_a, member_b):
    page = BeautifulSoup(client_for(member_a).get(reverse("home")).content, "html.parser")
    assert page.h1.text == lively_site.name
    assert page.select_one("#pour-vous") is not None  # « Ce qui vous attend »
    assert page.select_one("#trinome") is not None and page.select_one("#vision") is not None
    assert page.select_one(".qic-site-nav a[aria-current=page]")["href"] == (
        lively_site.get_absolute_url()
    )
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


def test_one_page_shows_the_trinome_the_vision_and_the_meetings(lively_site, member_a):
    """The former « fiche du site » and « tableau de bord », merged: the day to day first,
    the administration below."""
    html = client_for(member_a).get(lively_site.get_absolute_url()).content
    page = BeautifulSoup(html, "html.parser")
    text = page.get_text(" ", strip=True)
    mandate = lively_site.trinome_mandates.get()
    trinome = page.select_one("section[aria-labelledby=trinome]").get_text(" ", strip=True)
    assert str(mandate.personne) in trinome
    assert reverse("quartiers:trinome_assign", args=[lively_site.pk, mandate.seat]) in str(
        page.select_one("section[aria-labelledby=trinome]")
    )
    assert "Taux de réussite au brevet" in text  # the vision's indicators
    assert "Cercle éducation" in page.select_one("#reunions").find_parent("section").text
    for quartier in lively_site.quartiers.all():
        assert quartier.name in text
    headings = [h.get_text(strip=True) for h in page.select("h2")]
    assert headings.index("Prochaines réunions") < headings.index("Administration du site")
    admin = page.select_one("section[aria-labelledby=administration]")
    assert admin.select_one("#accompagnements") and admin.select_one("#acces")
    assert admin.select_one("#historique") and admin.select_one("#suivi-national")


def test_an_observer_sees_the_administration_without_access_management(lively_site, observer):
    page = BeautifulSoup(
        client_for(observer).get(lively_site.get_absolute_url()).content, "html.parser"
    )
    assert page.select_one("#accompagnements") is not None
    assert page.select_one("#acces") is None
    assert page.select_one("section[aria-labelledby=trinome] .fr-card__footer") is None


def test_the_former_dashboard_address_moves_permanently_to_the_site_page(site_a, member_a):
    old = f"/sites/{site_a.pk}/tableau-de-bord/"
    response = client_for(member_a).get(f"{old}?x=1")
    assert response.status_code == 301
    assert response["Location"] == f"{site_a.get_absolute_url()}?x=1"
    assert site_a.get_absolute_url() == reverse("dashboards:site", args=[site_a.pk])
    assert site_a.get_absolute_url() == f"/sites/{site_a.pk}/"
