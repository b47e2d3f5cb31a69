"""The privacy pages run a pinned number of queries, whatever the data.

The JSON export runs one query per kind of link to a person (every reverse relation of
``Personne`` and ``User``): each new model pointing at a user adds one, so its count is
checked against that number rather than pinned in tests/query_counts.json.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from privacy.services import FREE_TEXT_MODELS
from quartiers.models import Personne
from tests.conftest import client_for
from tests.test_query_counts import build_world, grow

pytestmark = pytest.mark.django_db

PAGES = [
    ("privacy.personne_anonymise", "privacy:personne_anonymise", "me"),
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


def _reverse_relations(model) -> int:
    return sum(
        1
        for relation in model._meta.get_fields(include_hidden=True)
        if relation.auto_created and not relation.concrete and relation.related_model
    )


# Beyond one query per link: session, the person, history, devices, failed log-ins…, and
# one per model of free texts searched for mentions.
EXPORT_OVERHEAD = 16 + len(FREE_TEXT_MODELS)


@pytest.mark.parametrize("target", ["me", "member_a"])
def test_the_export_costs_one_query_per_kind_of_link_whatever_the_data(
    target, site_a, personas, centre
):
    world = build_world(site_a, personas, centre)
    obj = world["me"] if target == "me" else personas[target]
    name = "privacy:personne_export" if target == "me" else "privacy:user_export"
    client = client_for(personas["admin_user"])
    url = reverse(name, args=[obj.pk])
    counts = []
    for grown in (False, True):
        if grown:
            grow(world, personas)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], "the export's cost grows with data"
    links = _reverse_relations(Personne) + _reverse_relations(User)
    assert counts[0] <= links + EXPORT_OVERHEAD, (counts[0], links)
