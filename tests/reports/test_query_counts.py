"""The reports' pages run a pinned number of queries, whatever the data (the world and
its growth are those of tests/test_query_counts.py, plus more reports)."""

import pytest
from django.urls import reverse

from tests import factories
from tests.conftest import client_for
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


@pytest.fixture
def world(site_a, personas, centre):
    world = build_world(site_a, personas, centre)
    world["report"] = factories.ReportJobFactory(requested_by=personas["member_a"])
    return world


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
    budget, url_name, kwargs, persona, world, personas, query_budget
):
    client = client_for(personas[persona])
    url = _url(world, url_name, kwargs)
    with query_budget(budget):
        assert client.get(url).status_code == 200
    grow(world, personas)
    for index in range(10):
        factories.ReportJobFactory(requested_by=personas["member_a"], title=f"Rapport {index}")
        factories.ReportJobFactory(requested_by=personas["member_b"], status="echec", file="")
        factories.CohortFactory(year=2030 + index)
    with query_budget(budget):
        assert client.get(url).status_code == 200
