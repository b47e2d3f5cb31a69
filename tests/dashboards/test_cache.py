"""The dashboards' cached figures (summaries/, keyed by each site's data stamp): a write
shows on the next request and recomputes its site only, two scopes never share an entry,
a warm request costs fewer queries."""

import datetime

import pytest
from auditlog.models import LogEntry
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from cercles.enums import MeetingStatus
from quartiers.enums import SiteStatus
from quartiers.models import Site
from summaries import programme
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


@pytest.fixture
def recomputed(monkeypatch):
    """The ids of the sites whose figures are computed (not read from the cache)."""
    sites = []
    compute = programme.compute_site_figures

    def spy(scope, today):
        figures = compute(scope, today)
        sites.extend(figures)
        return figures

    monkeypatch.setattr(programme, "compute_site_figures", spy)
    return sites


def test_a_write_on_one_site_recomputes_that_site_only(site_a, site_b, admin_user, recomputed):
    client = client_for(admin_user)
    assert _kpi(client) == ("2", "0")
    assert sorted(recomputed) == sorted([site_a.pk, site_b.pk])
    recomputed.clear()
    assert _kpi(client) == ("2", "0")
    assert recomputed == []  # nothing changed: the page's fragments are read
    meeting = factories.MeetingFactory(cercle__site=site_a)
    commitment = factories.CommitmentFactory(meeting=meeting, due_on=datetime.date(2020, 1, 1))
    recomputed.clear()
    assert _kpi(client) == ("2", "1")
    assert recomputed == [site_a.pk]
    recomputed.clear()
    commitment.delete()
    assert _kpi(client) == ("2", "0")
    assert recomputed == [site_a.pk]


def _stamps():
    return dict(Site.objects.values_list("pk", "data_version"))


def test_writes_change_the_data_stamp_of_their_sites_only(site_a, site_b):
    site_b.cohort = factories.CohortFactory(year=2031)
    site_b.save()
    before = _stamps()
    meeting = factories.MeetingFactory(cercle__site=site_a)
    after = _stamps()
    assert after[site_a.pk] != before[site_a.pk] and after[site_b.pk] == before[site_b.pk]
    # A link (the site's QPV), a deletion, a programme row shared by a cohort's sites.
    for write in (
        lambda: site_b.quartiers.add(factories.QuartierFactory()),
        meeting.delete,
        lambda: factories.FormationSessionFactory(cohort=site_b.cohort),
    ):
        before = _stamps()
        write()
        after = _stamps()
        changed = {pk for pk in after if after[pk] != before[pk]}
        assert len(changed) == 1, write


def test_a_site_saved_from_an_old_copy_never_brings_an_old_stamp_back(site_a):
    """Figures cached under a stamp must never be read for other data: a form saving a
    site read before another write gets a new stamp, not the one it read."""
    stale = Site.objects.get(pk=site_a.pk)
    factories.MeetingFactory(cercle__site=site_a)
    seen = Site.objects.get(pk=site_a.pk).data_version
    stale.save()
    assert Site.objects.get(pk=site_a.pk).data_version not in (stale.data_version, seen)


def test_a_change_journal_entry_edited_afterwards_changes_its_sites_stamp(site_a, site_b):
    """The last activity reads the change journal: an entry rewritten later (anonymised)
    is a write on the site of the row it describes."""
    commitment = factories.CommitmentFactory(meeting__cercle__site=site_a)
    entry = LogEntry.objects.get_for_object(commitment).get()
    before = _stamps()
    entry.timestamp = entry.timestamp - datetime.timedelta(days=400)
    entry.save()
    after = _stamps()
    assert after[site_a.pk] != before[site_a.pk] and after[site_b.pk] == before[site_b.pk]


def test_the_sites_table_shows_a_new_last_activity_on_the_next_request(clock, site_a, admin_user):
    url = reverse("dashboards:national")

    def activity():
        # Signed in again each time: days pass, sessions expire.
        response = client_for(admin_user).get(url)
        assert response.status_code == 200, response
        page = BeautifulSoup(response.content, "html.parser")
        row = page.select_one("#tableau-sites").find("a", string=site_a.name).find_parent("tr")
        return row.select("td")[5].text

    first = activity()
    assert activity() == first  # from the cache
    clock.shift(datetime.timedelta(days=3))
    # Something that happened (a meeting held today), not a row created: activity.
    factories.MeetingFactory(
        cercle__site=site_a,
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
        status=MeetingStatus.TENUE,
    )
    assert activity() != first


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
