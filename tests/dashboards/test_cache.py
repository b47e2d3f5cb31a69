"""The national dashboard's cached aggregates (dashboards/cache.py): a write shows on the
next request, two scopes never share an entry, a warm request costs fewer queries."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from cercles.enums import MeetingStatus
from dashboards.cache import scope_key
from quartiers.enums import SiteStatus
from quartiers.models import Site
from tests import factories
from tests.conftest import client_for
from tests.test_query_counts import build_world

pytestmark = pytest.mark.django_db


def _kpi(client, query=""):
    page = BeautifulSoup(client.get(reverse("dashboards:national") + query).content, "html.parser")
    return page.select_one("#kpi-sites").text, page.select_one("#kpi-engagements").text


def test_a_write_changes_the_figures_on_the_next_request(site_a, site_b, admin_user):
    client = client_for(admin_user)
    assert _kpi(client) == ("2", "0")
    assert _kpi(client) == ("2", "0")  # from the cache
    meeting = factories.MeetingFactory(cercle__site=site_a)
    commitment = factories.CommitmentFactory(meeting=meeting, due_on=datetime.date(2020, 1, 1))
    assert _kpi(client) == ("2", "1")
    factories.SiteFactory()
    assert _kpi(client) == ("3", "1")
    commitment.delete()
    assert _kpi(client) == ("3", "0")


def test_two_scopes_never_share_an_entry(site_a, site_b, admin_user):
    chef = factories.UserFactory(role=Role.CHEF_DE_PROJET)
    site_a.chef_de_projet = chef
    site_a.save()
    assert _kpi(client_for(admin_user)) == ("2", "0")
    # The chef starts with the sites they follow: one, not the admin's cached two.
    assert _kpi(client_for(chef)) == ("1", "0")
    assert _kpi(client_for(chef), "?perimetre=tous") == ("2", "0")
    # Same sites, another role: another key.
    sites = Site.objects.all()
    ids = sites.values_list("pk", flat=True)
    assert scope_key("national", admin_user, ids) != scope_key("national", chef, ids)
    assert scope_key("national", chef, ids) != scope_key("national", chef, ids[:1])
    # A filter narrows the figures, from its own entry.
    assert _kpi(client_for(admin_user), f"?q={site_a.name}") == ("1", "0")
    assert _kpi(client_for(admin_user)) == ("2", "0")


def test_a_warm_request_runs_fewer_queries(site_a, personas, centre, query_budget):
    build_world(site_a, personas, centre)
    client = client_for(personas["admin_user"])
    url = reverse("dashboards:national")
    client.get(url)
    with query_budget("dashboard.national.admin.warm"):
        assert client.get(url).status_code == 200
    cache.clear()
    with query_budget("dashboard.national.admin"):
        assert client.get(url).status_code == 200


def test_writes_bump_the_version_at_once_and_once_more_at_commit(
    db, django_capture_on_commit_callbacks
):
    from dashboards.cache import bump_version, data_version

    before = data_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        factories.SiteFactory()
        factories.SiteFactory()
        during = data_version()
    assert during > before
    assert [c for c in callbacks if c is bump_version] == [bump_version]  # once
    assert data_version() > during


def _centre_page(client, centre):
    response = client.get(reverse("dashboards:centre", args=[centre.pk]))
    assert response.status_code == 200, response.content[:3000]
    page = BeautifulSoup(response.content, "html.parser")
    activity = page.select("section[aria-labelledby=sites-accompagnes] tbody td")[5].text
    return activity, page.select_one("section[aria-labelledby=relancer-titre]").get_text(" ")


def test_the_centre_dashboard_shows_a_write_on_the_next_request(clock, centre, centre_user):
    """Its « à relancer » and last activity are cached like the national aggregates."""
    site = centre.accompaniments.get().site
    site.status = SiteStatus.MISE_EN_OEUVRE
    site.save()
    client = client_for(centre_user)
    activity, chase = _centre_page(client, centre)
    assert "engagement en retard" not in chase
    assert _centre_page(client, centre) == (activity, chase)  # from the cache
    meeting = factories.MeetingFactory(cercle__site=site)
    factories.CommitmentFactory(meeting=meeting, due_on=datetime.date(2020, 1, 1))
    assert "1 engagement en retard" in _centre_page(client, centre)[1]
    # The last activity is cached by the same key: a meeting held on another day shows.
    clock.shift(datetime.timedelta(hours=30))
    meeting.starts_at, meeting.ends_at = (
        timezone.now(),
        timezone.now() + datetime.timedelta(hours=2),
    )
    meeting.status = MeetingStatus.TENUE
    meeting.save()
    # A day and more on, the session has expired: sign in again.
    assert _centre_page(client_for(centre_user), centre)[0] == "06/01/2026" != activity


def test_two_centres_never_share_an_entry(clock, centre, centre_user, site_b):
    """Same role, other sites: another entry."""
    other = factories.CentreFactory()
    factories.AccompanimentFactory(centre=other, site=site_b)
    other_user = factories.UserFactory(role=Role.CENTRE)
    other.members.add(other_user)
    for s in (centre.accompaniments.get().site, site_b):
        s.status = SiteStatus.MISE_EN_OEUVRE
        s.save()
    factories.CommitmentFactory(meeting__cercle__site=site_b, due_on=datetime.date(2020, 1, 1))
    assert "engagement en retard" not in _centre_page(client_for(centre_user), centre)[1]
    assert "1 engagement en retard" in _centre_page(client_for(other_user), other)[1]
    assert "engagement en retard" not in _centre_page(client_for(centre_user), centre)[1]


def test_a_warm_centre_dashboard_runs_fewer_queries(site_a, personas, centre, query_budget):
    world = build_world(site_a, personas, centre)
    client = client_for(personas["centre_user"])
    url = reverse("dashboards:centre", args=[world["centre"].pk])
    client.get(url)
    with query_budget("dashboard.centre.centre.warm"):
        assert client.get(url).status_code == 200
