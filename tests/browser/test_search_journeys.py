"""The search box of the header, in Chromium: live results while typing, Enter for the
full results page, keyboard only."""

import re

from playwright.sync_api import expect

from tests import factories
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import both_sizes, open_header_search, sign_in


@both_sizes
def test_a_member_types_in_the_header_sees_live_results_and_opens_the_page(
    page, context, live_server, console_errors
):
    site = factories.SiteFactory(name="Saint-Étienne — Montreynaud")
    other = factories.SiteFactory(name="Bordeaux — Les Aubiers")
    user = factories.UserFactory(email="membre@exemple.fr")
    factories.SiteAccessFactory(site=site, user=user)
    action = factories.ActionFactory(site=site, title="Équipement sportif de proximité")
    factories.ActionFactory(site=other, title="Équipement culturel des Aubiers")
    sign_in(context, user, live_server)

    page.goto("/")
    open_header_search(page)
    field = page.get_by_role("searchbox", name="Rechercher dans QIC")
    field.focus()
    page.keyboard.type("equipement")
    preview = page.locator("#recherche-apercu")
    expect(preview.get_by_role("link", name=action.title)).to_be_visible()
    expect(preview).not_to_contain_text("Aubiers")  # another site's action: out of scope
    expect(preview.locator("mark").first).to_have_text("Équipement")

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/recherche/\?q=equipement"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Recherche")
    expect(page.get_by_role("heading", name=re.compile("Actions"))).to_be_visible()
    assert_accessible(page)

    # The page's own field filters live, and a result opens with the keyboard.
    page.get_by_role("searchbox", name="Rechercher", exact=True).fill("proximite")
    expect(page).to_have_url(re.compile(r"q=proximite"))
    link = page.locator("#resultats").get_by_role("link", name=action.title)
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(action.title)
    assert console_errors == []
