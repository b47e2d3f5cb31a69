"""``make screenshots``: each persona's home, a site's workspace, a meeting and the map, at
the desktop's and the phone's sizes, full page, on the demo's data (issue #24).

The PNGs land in ``test-output/screenshots/<persona>-<page>-<size>.png``, to be looked at
by a person. Skipped unless ``QIC_SCREENSHOTS`` is set (the Makefile's target sets it):
seeding the demo takes minutes. Console errors fail it, as any journey.
"""

import datetime
import io
import os
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from cercles.enums import MeetingStatus
from cercles.models import Meeting
from quartiers.models import Site
from tests.browser.conftest import DESKTOP, PHONE, sign_in

pytestmark = pytest.mark.skipif(
    not os.environ.get("QIC_SCREENSHOTS"),
    reason="captures d'écran : lancées par « make screenshots » (QIC_SCREENSHOTS=1)",
)

OUTPUT = Path(os.environ.get("QIC_SCREENSHOTS_DIR", "test-output/screenshots"))
# The demo at a fixed moment, so that two runs give comparable pictures.
DEMO_MOMENT = datetime.datetime(2026, 6, 16, 8, 0, tzinfo=datetime.UTC)
PERSONAS = {
    "admin": "admin@qic.demo",
    "chef": "chef@qic.demo",
    "membre": "membre@qic.demo",
    "observateur": "observateur@qic.demo",
    "centre": "centre@qic.demo",
}
SIZES = {"desktop": DESKTOP, "phone": PHONE}


def _site_and_meeting(user):
    """The first site the persona sees that has held meetings, and its latest one."""
    held = Meeting.objects.filter(status=MeetingStatus.TENUE)
    site = (
        Site.objects.for_user(user)
        .filter(cercles__meetings__in=held)
        .distinct()
        .order_by("name")
        .first()
    )
    meeting = held.filter(cercle__site=site).order_by("-starts_at").first()
    return site, meeting


def _settle(page):
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")


def test_each_personas_pages_at_both_sizes(browser, live_server):
    with time_machine.travel(DEMO_MOMENT, tick=True):
        call_command("seed_demo", stdout=io.StringIO())
        OUTPUT.mkdir(parents=True, exist_ok=True)
        taken = []
        for persona, email in PERSONAS.items():
            user = User.objects.get(email=email)
            site, meeting = _site_and_meeting(user)
            assert site and meeting, persona
            pages = {
                "accueil": "/",
                "site": site.get_absolute_url(),
                "reunion": meeting.get_absolute_url(),
                "carte": "/tableau-de-bord/"
                if user.is_national
                else f"/sites/{site.pk}/carte-des-acteurs/",
            }
            for size, viewport in SIZES.items():
                context = browser.new_context(
                    base_url=live_server.url,
                    locale="fr-FR",
                    timezone_id="Europe/Paris",
                    viewport=viewport,
                )
                sign_in(context, user, live_server)
                page = context.new_page()
                for name, url in pages.items():
                    response = page.goto(url)
                    assert response.status == 200, (persona, name, url)
                    path = OUTPUT / f"{persona}-{name}-{size}.png"
                    _settle(page)
                    if name == "carte" and user.is_national:
                        # The national dashboard's map: the map itself, not the page again.
                        map_ = page.locator(".qic-map")
                        expect(map_.locator(".qic-marker").first).to_be_visible()
                        map_.scroll_into_view_if_needed()
                        map_.screenshot(path=path)
                    else:
                        page.screenshot(path=path, full_page=True)
                    taken.append(path)
                context.close()
    assert len(taken) == len(PERSONAS) * 4 * len(SIZES)
