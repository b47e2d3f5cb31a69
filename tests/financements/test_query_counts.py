"""The funding pages run a pinned number of queries that does not grow with data."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from financements.enums import FunderKind, FundingStatus
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def grow(site, action, objectives, index):
    kinds = list(FunderKind)
    other = factories.ActionFactory(site=site, objectives=objectives[: 1 + index % 2])
    for target in (action, other):
        factories.FundingLineFactory(
            action=target,
            funder_kind=kinds[index % len(kinds)],
            year=2020 + index % 7,
            convention_date=datetime.date(2020 + index % 7, 2, 1),
        )
    factories.FundingLineFactory(
        action=factories.ActionFactory(),
        status=FundingStatus.DEMANDE,
        granted=None,
        paid=Decimal(0),
        convention_date=None,
    )


@pytest.fixture
def world(site_a):
    vision = factories.VisionFactory(site=site_a)
    objectives = [factories.ObjectiveFactory(vision=vision) for _ in range(2)]
    action = factories.ActionFactory(site=site_a, objectives=objectives)
    factories.FundingLineFactory(action=action)
    return {"site": site_a, "action": action, "objectives": objectives}


PAGES = [
    ("financements.action_funding", "financements:action_funding", "action", "member_a"),
    ("financements.site_funding", "financements:site_funding", "site", "member_a"),
    ("financements.national_funding", "financements:national_funding", None, "chef"),
]


@pytest.mark.parametrize(("budget", "url_name", "obj", "persona"), PAGES, ids=[p[0] for p in PAGES])
def test_funding_pages_are_pinned(budget, url_name, obj, persona, world, personas, query_budget):
    client = client_for(personas[persona])
    url = reverse(url_name, args=[world[obj].pk] if obj else [])
    for htmx in (False, True):
        name = budget + (".fragment" if htmx else "")
        headers = {"HX-Request": "true"} if htmx else {}
        with query_budget(name):
            assert client.get(url, headers=headers).status_code == 200
    for index in range(10):
        grow(world["site"], world["action"], world["objectives"], index)
    for htmx in (False, True):
        name = budget + (".fragment" if htmx else "")
        headers = {"HX-Request": "true"} if htmx else {}
        with query_budget(name):
            assert client.get(url, headers=headers).status_code == 200
