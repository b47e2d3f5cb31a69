"""The privacy pages run a pinned number of queries, whatever the data."""

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.test_query_counts import build_world, grow

pytestmark = pytest.mark.django_db

PAGES = [
    ("privacy.personne_export", "privacy:personne_export", "me"),
    ("privacy.personne_anonymise", "privacy:personne_anonymise", "me"),
    ("privacy.user_export", "privacy:user_export", "member_a"),
    ("privacy.user_anonymise", "privacy:user_anonymise", "member_a"),
]


@pytest.mark.parametrize(("budget", "url_name", "target"), PAGES, ids=[p[0] for p in PAGES])
def test_privacy_pages_have_a_pinned_query_count(
    budget, url_name, target, site_a, personas, centre, query_budget
):
    world = build_world(site_a, personas, centre)
    obj = world["me"] if target == "me" else personas[target]
    client = client_for(personas["admin_user"])
    url = reverse(url_name, args=[obj.pk])
    with query_budget(budget):
        assert client.get(url).status_code == 200
    grow(world, personas)
    with query_budget(budget):
        assert client.get(url).status_code == 200
