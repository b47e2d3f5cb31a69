"""The reports' pages run a pinned number of queries, whatever the data (the world and
its growth are those of tests/test_query_counts.py, plus more reports)."""

import pytest
from django.urls import reverse

from tests import factories
from tests.conftest import client_for, small, small_and_grown_worlds
from tests.test_query_counts import build_world, grow

pytestmark = pytest.mark.django_db

PAGES = [
    # (budget name, url name, kwargs from the world, persona)
    ("reports.job_list", "reports:job_list", {}, "member_a"),
    ("reports.job_detail", "reports:job_detail", {"pk": "report.pk"}, "member_a"),
    ("reports.fiche_site_request", "reports:fiche_site_request", {"pk": "site.pk"}, "member_a"),
    ("reports.national_request", "reports:national_request", {}, "admin_user"),
    ("reports.export_request", "reports:export_request", {}, "centre_user"),
]


def _small(cast):
    world = build_world(cast.site_a, cast.personas, cast.centre)
    world["report"] = factories.ReportJobFactory(requested_by=cast.personas["member_a"])
    return world


def _grow(world):
    """The world grown, with more reports."""
    personas = world["personas"]
    grow(world, personas)
    for index in range(10):
        factories.ReportJobFactory(requested_by=personas["member_a"], title=f"Rapport {index}")
        factories.ReportJobFactory(requested_by=personas["member_b"], status="echec", file="")
        factories.CohortFactory(year=2030 + index)


world, grown_world = small_and_grown_worlds(build=_small, grow=_grow)


def _url(world, name, kwargs):
    return reverse(
        name,
        kwargs={
            key: getattr(world[obj], attr)
            for key, (obj, attr) in ((k, v.split(".")) for k, v in kwargs.items())
        },
    )


@pytest.mark.parametrize(
    ("budget", "url_name", "kwargs", "persona"), PAGES, ids=[p[0] for p in PAGES]
)
def test_report_page_query_count_is_pinned(
    budget, url_name, kwargs, persona, world, db, query_budget
):
    client = client_for(small(world)["personas"][persona])
    with query_budget(budget):
        assert client.get(_url(world, url_name, kwargs)).status_code == 200


@pytest.mark.parametrize(
    ("budget", "url_name", "kwargs", "persona"), PAGES, ids=[p[0] for p in PAGES]
)
def test_report_page_query_count_does_not_grow_with_data(
    budget, url_name, kwargs, persona, grown_world, db, query_budget
):
    client = client_for(grown_world["personas"][persona])
    with query_budget(budget):
        assert client.get(_url(grown_world, url_name, kwargs)).status_code == 200
