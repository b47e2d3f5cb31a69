"""The dashboards run the same number of queries with a tenfold bigger programme, and with
what the « à relancer » rules and the figures read on every site (meetings, commitments,
indicators, visions, formation-action sessions)."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from cercles.enums import MeetingStatus
from quartiers.enums import SiteStatus
from quartiers.models import Site
from tests import factories
from tests.conftest import client_for, paris, small, small_and_grown_worlds
from tests.test_query_counts import build_world, grow
from visions.enums import VisionStatus

pytestmark = pytest.mark.django_db

PAGES = [
    ("dashboard.national.admin", "dashboards:national", "admin_user", {}),
    ("dashboard.national.chef", "dashboards:national", "chef", {}),
    (
        "dashboard.national.table_fragment",
        "dashboards:national",
        "admin_user",
        {"HX-Request": "true", "HX-Target": "tableau-sites"},
    ),
    (
        "dashboard.national.filtered_fragment",
        "dashboards:national",
        "admin_user",
        {"HX-Request": "true"},
    ),
    ("dashboard.centre.centre", "dashboards:centre", "centre_user", {}),
    ("dashboard.site.membre", "dashboards:site", "member_a", {}),
]


def _enrich(sites, index):
    """On every site: a meeting held long ago, an overdue commitment, an overdue indicator,
    a draft vision after the cohort's formation-action, a self-assessment."""
    for n, site in enumerate(sites):
        if not hasattr(site, "vision"):
            factories.VisionFactory(site=site, status=VisionStatus.BROUILLON)
        held = factories.MeetingFactory(
            cercle__site=site, starts_at=paris(2024, 1, 1 + (n % 27)), status=MeetingStatus.TENUE
        )
        factories.CommitmentFactory(meeting=held, due_on=datetime.date(2024, 3, 1))
        factories.IndicatorFactory(objective__vision=site.vision)
        factories.SelfAssessmentFactory(
            site=site, date=datetime.date(2020, 1, 1) + datetime.timedelta(days=index * 100 + n)
        )
        factories.ActionFactory(site=site)
        site.status = SiteStatus.MISE_EN_OEUVRE
        site.save()


def _small(cast):
    world = build_world(cast.site_a, cast.personas, cast.centre)
    factories.FormationSessionFactory(cohort=cast.site_a.cohort, date=datetime.date(2024, 6, 1))
    return world


def _grow(world):
    """The programme ten times bigger."""
    grow(world, world["personas"])
    _enrich(list(Site.objects.all()), 1)
    for _ in range(9):
        factories.SiteFactory(quartiers=[factories.QuartierFactory()], cohort=world["cohort"])
    _enrich(list(Site.objects.all()), 2)
    assert Site.objects.count() >= 10 * 2


world, grown_world = small_and_grown_worlds(build=_small, grow=_grow)


def _get(world, url_name, persona, headers, query_budget, budget):
    kwargs = {"pk": world["centre"].pk} if url_name == "dashboards:centre" else {}
    if url_name == "dashboards:site":
        kwargs = {"pk": world["site"].pk}
    client = client_for(world["personas"][persona])
    with query_budget(budget):
        assert client.get(reverse(url_name, kwargs=kwargs), headers=headers).status_code == 200


@pytest.mark.parametrize(
    ("budget", "url_name", "persona", "headers"), PAGES, ids=[p[0] for p in PAGES]
)
def test_dashboard_query_count_is_pinned(
    budget, url_name, persona, headers, world, db, query_budget
):
    _get(small(world), url_name, persona, headers, query_budget, budget)


HEALTH_SORTS = ["retards", "-bonne-voie", "reunions"]


def _sorted(world, sort, query_budget):
    """The table sorted on a health column, and its export: the counts are computed in
    the sites' query (subqueries), not one query per site."""
    client = client_for(world["personas"]["admin_user"])
    fragment = {"HX-Request": "true", "HX-Target": "tableau-sites"}
    with query_budget("dashboard.national.table_fragment.by_health"):
        response = client.get(reverse("dashboards:national"), {"tri": sort}, headers=fragment)
        assert response.status_code == 200
    export = reverse("dashboards:national_export", args=["csv"])
    cache.clear()  # the per-site figures of every site computed, not read: as a first visit
    with query_budget("dashboard.national.export.by_health"):
        assert client.get(export, {"tri": sort}).status_code == 200


@pytest.mark.parametrize("sort", HEALTH_SORTS)
def test_sorting_on_a_health_column_is_pinned(sort, world, db, query_budget):
    _sorted(small(world), sort, query_budget)


@pytest.mark.parametrize(
    ("budget", "url_name", "persona", "headers"), PAGES, ids=[p[0] for p in PAGES]
)
def test_dashboard_queries_do_not_grow_with_the_programme(
    budget, url_name, persona, headers, grown_world, db, query_budget
):
    _get(grown_world, url_name, persona, headers, query_budget, budget)


@pytest.mark.parametrize("sort", HEALTH_SORTS)
def test_sorting_on_a_health_column_does_not_grow(sort, grown_world, db, query_budget):
    _sorted(grown_world, sort, query_budget)
