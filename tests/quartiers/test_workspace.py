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


def _heading(html):
    """The page's heading with what stands beside it (the site's page: name and badges)."""
    return BeautifulSoup(html, "html.parser").h1.parent.get_text(" ", strip=True)


@pytest.mark.parametrize("section", SECTIONS, ids=[s.key for s in SECTIONS])
@pytest.mark.parametrize("persona", ["member_a", "observer", "centre_user", "chef"])
def test_every_section_links_to_every_other_and_marks_itself(section, persona, request, site_a):
    factories.VisionFactory(site=site_a)
    client = client_for(request.getfixturevalue(persona))
    response = client.get(reverse(section.url_name, args=[site_a.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    text, links = _nav(html)
    # The site's own page names it in its heading, with its status; the nav does not
    # repeat them there.
    named_by = _heading(html) if section is SECTIONS[0] else text
    assert site_a.name in named_by and site_a.get_status_display() in named_by
    assert (site_a.name in text) is (section is not SECTIONS[0])
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


def test_a_member_s_home_is_the_site_page_in_its_workspace(member_a, site_a):
    """The home of a member with one site is the site's page: « Tableau de bord » marked,
    and each section of the site one click away from it."""
    client = client_for(member_a)
    _text, links = _nav(client.get("/").content.decode())
    assert [label for label, _href, current in links if current == "page"] == ["Tableau de bord"]
    assert links[0][1] == site_a.get_absolute_url()
    for _label, href, _current in links:
        assert client.get(href).status_code == 200, href


def test_the_workspace_has_one_landing_page_and_a_documents_section():
    keys = [section.key for section in SECTIONS]
    assert keys[0] == "tableau" and "fiche" not in keys
    assert keys.index("documents") == keys.index("journal") + 1


def test_the_vision_page_does_not_repeat_the_workspace_s_sections(member_a, site_a):
    factories.VisionFactory(site=site_a)
    page = BeautifulSoup(
        client_for(member_a).get(reverse("visions:vision_detail", args=[site_a.pk])).content,
        "html.parser",
    )
    nav_hrefs = {a["href"] for a in page.select(".qic-site-nav a")}
    own = page.select_one("nav[aria-label='Vision du site']")
    own_hrefs = [a["href"] for a in own.select("a")]
    # Its own pages only: the vision, its tree, the self-assessments.
    assert own_hrefs == [
        reverse(name, args=[site_a.pk])
        for name in ("visions:vision_detail", "visions:vision_tree", "visions:assessment_overview")
    ]
    assert nav_hrefs & set(own_hrefs) == {reverse("visions:vision_detail", args=[site_a.pk])}
    for name in ("visions:indicator_grid", "visions:action_list", "financements:site_funding"):
        assert reverse(name, args=[site_a.pk]) not in own_hrefs
