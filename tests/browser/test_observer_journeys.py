"""An observer reads its site — its home, the site's page — and a meeting, at both sizes, and is offered
nothing to change."""

import datetime

from playwright.sync_api import expect

from cercles.enums import MeetingStatus
from tests import factories
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import both_sizes, sign_in


@both_sizes
def test_an_observer_reads_its_site_and_a_meeting_without_being_offered_changes(
    page, context, live_server, site_a, observer
):
    meeting = factories.MeetingFactory(
        cercle__site=site_a,
        cercle__name="Cercle réussite éducative",
        starts_at=factories.paris(2025, 10, 2),
        status=MeetingStatus.TENUE,
    )
    factories.CommitmentFactory(
        meeting=meeting, text="Réserver la salle", due_on=datetime.date(2025, 11, 1)
    )
    sign_in(context, observer, live_server)

    # Its home is its site's page.
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(site_a.name)
    expect(page.get_by_role("link", name="Modifier", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Changer de statut")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert_accessible(page)

    page.goto(meeting.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Réunion")
    expect(page.get_by_text("Réserver la salle").first).to_be_visible()
    expect(page.get_by_role("button", name="Ajouter la décision")).to_have_count(0)
    expect(page.get_by_role("button", name="Ajouter l'engagement")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert_accessible(page)
