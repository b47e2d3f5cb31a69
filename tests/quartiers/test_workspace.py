"""A site's workspace: from any of its sections, every other one is one click away, with
the site's name and status in sight, for everyone who reads the site."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from quartiers.workspace import SECTIONS
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _nav(html):
    nav = BeautifulSoup(html, "html.parser").select_one(".qic-site-nav")
    assert nav is not None, "no workspace navigation on the page"
    links = [(a.get_text(strip=True), a["href"], a.get("aria-current")) for a in nav.select("a")]
    return nav.get_text(" ", strip=True), links


@pytest.mark.parametrize("section", SECTIONS, ids=[s.key for s in SECTIONS])
@pytest.mark.parametrize("persona", ["member_a", "observer", "centre_user", "chef"])
def test_every_section_links_to_every_other_and_marks_itself(section, persona, request, site_a):
    factories.VisionFactory(site=site_a)
    client = client_for(request.getfixturevalue(persona))
    response = client.get(reverse(section.url_name, args=[site_a.pk]))
    assert response.status_code == 200
    text, links = _nav(response.content.decode())
    assert site_a.name in text and site_a.get_status_display() in text
    assert [href for _label, href, _current in links] == [
        reverse(other.url_name, args=[site_a.pk]) for other in SECTIONS
    ]
    assert [label for label, _href, current in links if current == "page"] == [section.label]


def test_a_meeting_page_is_in_the_cercles_section(member_a, site_a):
    meeting = factories.MeetingFactory(cercle__site=site_a)
    page = client_for(member_a).get(meeting.get_absolute_url()).content.decode()
    _text, links = _nav(page)
    assert [label for label, _href, current in links if current == "page"] == [
        "Cercles et réunions"
    ]
