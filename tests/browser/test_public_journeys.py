"""A trinôme publishes its site's page with two indicators, opens it in a private window
(no session) and sees exactly what it chose; withdrawn, the page answers 404."""

import datetime

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import sign_in


# Chromium logs the 404 of the withdrawn public page: that is what is checked.
@pytest.mark.console_errors_allowed(r"status of 404 .*/quartiers-publics/\d+/\)$")
def test_a_trinome_publishes_its_page_and_withdraws_it(
    page, context, browser, live_server, site_a, member_a, console_errors
):
    vision = factories.VisionFactory(site=site_a, status="adoptee")
    vision.versions.create(
        number=1,
        statement="En 2032, Montreynaud est un quartier ouvert sur la ville.",
        horizon=2032,
        adopted_on=datetime.date(2025, 3, 1),
        adopted_by="comité de pilotage",
    )
    objective = factories.ObjectiveFactory(vision=vision, title="Réussir au collège")
    for name in ("Taux de réussite au brevet", "Jeunes en emploi", "Décrochage scolaire"):
        indicator = factories.IndicatorFactory(objective=objective, name=name)
        factories.MeasurementFactory(indicator=indicator, value="44")
    sign_in(context, member_a, live_server)

    page.goto(site_a.get_absolute_url())
    page.get_by_role("link", name="Page publique du site").click()
    assert_accessible(page)
    page.locator("label", has_text="Taux de réussite au brevet").click()
    page.locator("label", has_text="Jeunes en emploi").click()
    page.get_by_role("button", name="Enregistrer les choix").click()
    expect(page.get_by_text("Les choix de la page publique sont enregistrés.")).to_be_visible()
    page.get_by_role("link", name="Aperçu").click()
    expect(page.get_by_text("la page n'est pas publiée")).to_be_visible()
    page.go_back()
    page.get_by_role("button", name="Publier la page").click()
    expect(page.get_by_text("La page publique est en ligne.")).to_be_visible()

    # A private window: no session.
    private = browser.new_context(base_url=live_server.url)
    visitor = private.new_page()
    visitor.goto(f"/quartiers-publics/{site_a.pk}/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(site_a.name)
    expect(visitor.get_by_text("En 2032, Montreynaud est un quartier ouvert")).to_be_visible()
    expect(visitor.get_by_role("heading", name="Taux de réussite au brevet")).to_be_visible()
    expect(visitor.get_by_role("heading", name="Jeunes en emploi")).to_be_visible()
    expect(visitor.get_by_text("Décrochage scolaire")).to_have_count(0)
    assert_accessible(visitor)

    page.get_by_role("button", name="Retirer la page").click()
    expect(page.get_by_text("La page publique est retirée")).to_be_visible()
    response = visitor.goto(f"/quartiers-publics/{site_a.pk}/")
    assert response.status == 404
    private.close()
