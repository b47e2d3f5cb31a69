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
    ("financements.funding_import", "financements:funding_import", "site", "member_a"),
    ("financements.site_scdl_export", "financements:site_scdl_export", "site", "member_a"),
    ("financements.national_scdl_export", "financements:national_scdl_export", None, "chef"),
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


@pytest.fixture
def calls_world(site_a):
    from financements import services

    vision = factories.VisionFactory(site=site_a)
    objective = factories.ObjectiveFactory(vision=vision)
    cercle = factories.CercleFactory(site=site_a)
    call = factories.CallFactory(site=site_a, objectives=[objective], reviewer_cercles=[cercle])
    proposal = factories.CallProposalFactory(call=call)
    proposal.carrier_token_hash = services._hash("jeton")
    proposal.save()
    criterion = factories.CriterionFactory(call=call)
    factories.ReviewFactory(proposal=proposal).scores.create(criterion=criterion, value=3)
    return {
        "site": site_a,
        "call": call,
        "proposal": proposal,
        "objective": objective,
        "link": services.call_link_token(call),
    }


def grow_call(world, index):
    call = world["call"]
    envelope = factories.CallEnvelopeFactory(call=call)
    criterion = factories.CriterionFactory(call=call)
    for proposal in (world["proposal"], factories.CallProposalFactory(call=call)):
        proposal.objectives.add(world["objective"])
        proposal.budget.create(envelope=envelope, amount=Decimal(100 + index))
        review = factories.ReviewFactory(proposal=proposal)
        for each in call.criteria.all():
            review.scores.create(criterion=each, value=index % 5)
    factories.CallFactory(site=world["site"], objectives=[world["objective"]])
    assert criterion


CALL_PAGES = [
    ("financements.call_list", "financements:call_list", "site", "member_a"),
    ("financements.call_detail", "financements:call_detail", "call", "member_a"),
    ("financements.proposal_detail", "financements:proposal_detail", "proposal", "member_a"),
    ("financements.carrier_submit", "financements:carrier_submit", "link", "anonymous"),
    ("financements.carrier_proposal", "financements:carrier_proposal", "jeton", "anonymous"),
]


@pytest.mark.parametrize(
    ("budget", "url_name", "obj", "persona"), CALL_PAGES, ids=[p[0] for p in CALL_PAGES]
)
def test_call_pages_are_pinned(budget, url_name, obj, persona, calls_world, personas, query_budget):
    client = client_for(personas[persona])
    if obj == "link":
        args = [calls_world["link"]]
    elif obj == "jeton":
        args = ["jeton"]
    else:
        args = [calls_world[obj].pk]
    url = reverse(url_name, args=args)
    with query_budget(budget):
        assert client.get(url).status_code == 200
    for index in range(5):
        grow_call(calls_world, index)
    with query_budget(budget):
        assert client.get(url).status_code == 200
