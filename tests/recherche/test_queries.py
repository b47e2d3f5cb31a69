"""The search costs a pinned number of queries (one per kind), whatever the data."""

import pytest
from django.urls import reverse

from tests import factories
from tests.conftest import client_for
from tests.recherche.conftest import WORD, _site_world

pytestmark = pytest.mark.django_db

PAGES = [
    # (budget name, url, query string, headers, persona)
    ("recherche.page.membre", "recherche:search", {}, {}, "member_a"),
    ("recherche.page.admin", "recherche:search", {}, {}, "admin_user"),
    ("recherche.page.centre", "recherche:search", {}, {}, "centre_user"),
    (
        "recherche.apercu",
        "recherche:search",
        {},
        {"HX-Request": "true", "HX-Target": "recherche-apercu"},
        "member_a",
    ),
    ("recherche.type", "recherche:search_kind", {"kind": "actions"}, {}, "member_a"),
    ("api.recherche", "api:recherche", {}, {}, "member_a"),
]


def _grow(personas, size=3):
    for number in range(size):
        site = factories.SiteFactory(name=f"Zeugma {number}")
        factories.SiteAccessFactory(site=site, user=personas["member_a"])
        _site_world(site, f"{number}")
        factories.ActionFactory(site=site, title=f"Zeugma bis {number}")


@pytest.mark.parametrize(
    ("budget", "url_name", "kwargs", "headers", "persona"), PAGES, ids=[p[0] for p in PAGES]
)
def test_search_query_count_is_pinned_and_independent_of_data(
    budget, url_name, kwargs, headers, persona, search_world, personas, query_budget
):
    client = client_for(personas[persona])
    url = reverse(url_name, kwargs=kwargs)
    with query_budget(budget):
        response = client.get(url, {"q": WORD}, headers=headers)
        assert response.status_code == 200
    _grow(personas)
    with query_budget(budget):
        response = client.get(url, {"q": WORD}, headers=headers)
        assert response.status_code == 200
