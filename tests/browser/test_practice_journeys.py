"""A member of another site finds a published practice by a word of its text, reads it
(with its curve), bookmarks it and adopts it into their plan — in Chromium, with axe."""

import re

from playwright.sync_api import expect

from tests import factories
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import sign_in


def test_a_member_finds_and_adopts_another_sites_practice(
    page, context, live_server, site_a, site_b, member_b, console_errors
):
    indicator = factories.IndicatorFactory(
        objective__vision__site=site_a, name="Parents présents aux réunions"
    )
    factories.MeasurementFactory(indicator=indicator)
    practice = factories.PracticeFactory(
        site=site_a,
        published=True,
        title="Les cafés des parents",
        what_was_done="Chaque mardi, un café au pied des tours avec le centre social.",
    )
    practice.indicators.add(indicator)
    factories.PracticeFactory(site=site_a, published=True, title="Le comité des financeurs")
    sign_in(context, member_b, live_server)

    page.goto("/")
    nav = page.get_by_role("navigation", name="Menu principal")
    nav.get_by_role("link", name="Pratiques inspirantes").click()
    expect(page.locator("#resultats tbody tr")).to_have_count(2)
    assert_accessible(page)
    page.get_by_label("Mots").fill("mardi")
    # HTMX filters live and keeps the words in the address bar.
    expect(page.locator("#resultats tbody tr")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"q=mardi"))
    page.get_by_role("link", name="Les cafés des parents").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Les cafés des parents")
    expect(page.locator("figcaption", has_text="Parents présents aux réunions")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Ajouter aux favoris").click()
    expect(page.get_by_role("button", name="Retirer des favoris")).to_be_visible()
    page.get_by_role("link", name="Adopter").click()
    page.get_by_label("Site qui adopte la pratique").select_option(label=site_b.name)
    page.get_by_role("button", name="Adopter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Les cafés des parents")
    expect(page.get_by_text("La pratique est adoptée")).to_be_visible()
    page.goto(practice.get_absolute_url())
    expect(page.get_by_text("adoptée par 1 site")).to_be_visible()
