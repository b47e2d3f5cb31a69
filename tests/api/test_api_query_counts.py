"""Every API list (and the main details) runs a pinned number of queries, whatever the
page size and however much data there is: measured with 5 and 50 rows a page, on a small
world and again once it has grown tenfold (tests/query_counts.json, ``api.*``)."""

import pytest
from django.urls import reverse

from tests import factories
from tests.conftest import client_for, small, small_and_grown_worlds
from tests.test_query_counts import build_world, grow

pytestmark = pytest.mark.django_db


def _small_world(site_a, personas, centre):
    world = build_world(site_a, personas, centre)
    # build_world gives site A a vision already (the public page shows it).
    vision = getattr(site_a, "vision", None) or factories.VisionFactory(site=site_a)
    objective = factories.ObjectiveFactory(vision=vision)
    indicator = factories.IndicatorFactory(objective=objective)
    factories.MeasurementFactory(indicator=indicator)
    action = factories.ActionFactory(site=site_a, objectives=[objective])
    factories.MilestoneFactory(action=action)
    factories.SelfAssessmentFactory(site=site_a)
    call = factories.CallFactory(site=site_a, objectives=[objective])
    _grow_financements(action, call, objective)
    return {**world, "indicator": indicator, "action": action, "call": call}


def _grow_financements(action, call, objective):
    """A funding line, an envelope, a criterion, a proposal asking it, a scored review."""
    factories.FundingLineFactory(action=action)
    envelope = factories.CallEnvelopeFactory(call=call)
    criterion = factories.CriterionFactory(call=call)
    proposal = factories.CallProposalFactory(call=call)
    proposal.objectives.add(objective)
    proposal.budget.create(envelope=envelope, amount=100)
    review = factories.ReviewFactory(proposal=proposal)
    review.scores.create(criterion=criterion, value=3)


def grow_more(world, personas, size=10):
    grow(world, personas, size)
    for index in range(size):
        factories.CohortFactory(year=2030 + index)
        epci = factories.EPCIFactory()
        commune = factories.CommuneFactory(epci=epci)
        factories.QuartierFactory(epci=epci, communes=[commune, factories.CommuneFactory()])
        factories.StructureFactory(commune=commune)
        # Visions rows the lists show (grow() adds objectives, indicators, measurements…).
        action = factories.ActionFactory(
            site=world["site"], partners=[factories.StructureFactory()]
        )
        action.objectives.add(world["indicator"].objective)
        factories.MilestoneFactory(action=action)
        factories.MilestoneFactory(action=world["action"])
        factories.SelfAssessmentFactory(site=world["site"])
        factories.MeasurementFactory(indicator=world["indicator"])
        _grow_financements(world["action"], world["call"], world["indicator"].objective)
        factories.CallFactory(site=world["site"], objectives=[world["indicator"].objective])
        other = factories.SiteFactory()
        factories.SiteAccessFactory(site=other, user=personas["member_a"])
        factories.IndicatorFactory(
            objective=factories.ObjectiveFactory(vision=factories.VisionFactory(site=other))
        )


world, grown_world = small_and_grown_worlds(
    build=lambda cast: {
        **_small_world(cast.site_a, cast.personas, cast.centre),
        "small_rows": {},
    },
    grow=lambda world: grow_more(world, world["personas"]),
)

ENDPOINTS = [
    # (budget name, route, kwargs from the world, persona)
    ("api.region_list", "api:region-list", {}, "member_a"),
    ("api.departement_list", "api:departement-list", {}, "member_a"),
    ("api.epci_list", "api:epci-list", {}, "member_a"),
    ("api.commune_list", "api:commune-list", {}, "member_a"),
    ("api.quartier_list", "api:quartier-list", {}, "member_a"),
    ("api.quartier_detail", "api:quartier-detail", {"pk": "quartier"}, "member_a"),
    ("api.variable_list", "api:variable-list", {}, "member_a"),
    ("api.statvalue_list", "api:statvalue-list", {}, "member_a"),
    ("api.structure_list", "api:structure-list", {}, "member_a"),
    ("api.personne_list", "api:personne-list", {}, "member_a"),
    ("api.site_list.admin", "api:site-list", {}, "admin_user"),
    ("api.site_list.membre", "api:site-list", {}, "member_a"),
    ("api.site_list.centre", "api:site-list", {}, "centre_user"),
    ("api.site_detail", "api:site-detail", {"pk": "site"}, "member_a"),
    ("api.site_statuts", "api:site-statuts", {"pk": "site"}, "member_a"),
    ("api.site_trinome", "api:site-trinome", {"pk": "site"}, "member_a"),
    ("api.status_change_list", "api:sitestatuschange-list", {}, "member_a"),
    ("api.mandate_list", "api:trinomemandate-list", {}, "member_a"),
    ("api.accompaniment_list", "api:accompaniment-list", {}, "centre_user"),
    ("api.cohort_list", "api:cohort-list", {}, "member_a"),
    ("api.session_list", "api:formationsession-list", {}, "member_a"),
    ("api.moi", "api:moi", {}, "member_a"),
    ("api.vision_list", "api:vision-list", {}, "member_a"),
    ("api.vision_version_list", "api:visionversion-list", {}, "member_a"),
    ("api.objective_list", "api:objective-list", {}, "member_a"),
    ("api.indicator_list", "api:indicator-list", {}, "member_a"),
    ("api.indicator_detail", "api:indicator-detail", {"pk": "indicator"}, "member_a"),
    ("api.measurement_list", "api:measurement-list", {}, "member_a"),
    ("api.action_list", "api:action-list", {}, "member_a"),
    ("api.milestone_list", "api:milestone-list", {}, "member_a"),
    ("api.self_assessment_list", "api:selfassessment-list", {}, "member_a"),
    ("api.site_indicators_list.admin", "api:siteindicators-list", {}, "admin_user"),
    ("api.site_indicators_list.membre", "api:siteindicators-list", {}, "member_a"),
    ("api.site_indicateurs", "api:site-indicateurs-list", {"site_pk": "site"}, "member_a"),
    ("api.site_mesures", "api:site-mesures-list", {"site_pk": "site"}, "member_a"),
    ("api.cercle_list", "api:cercle-list", {}, "member_a"),
    ("api.cercle_member_list", "api:cerclemember-list", {}, "member_a"),
    ("api.meeting_list", "api:meeting-list", {}, "member_a"),
    ("api.meeting_detail", "api:meeting-detail", {"pk": "meeting"}, "member_a"),
    ("api.decision_list", "api:decision-list", {}, "member_a"),
    ("api.commitment_list", "api:commitment-list", {}, "member_a"),
    ("api.proposal_list", "api:proposal-list", {}, "member_a"),
    ("api.proposalanswer_list", "api:proposalanswer-list", {}, "member_a"),
    ("api.notification_list", "api:notification-list", {}, "member_a"),
    ("api.fundingline_list", "api:fundingline-list", {}, "member_a"),
    ("api.call_list", "api:call-list", {}, "member_a"),
    ("api.call_detail", "api:call-detail", {"pk": "call"}, "member_a"),
    ("api.callproposal_list", "api:callproposal-list", {}, "member_a"),
    ("api.review_list", "api:review-list", {}, "member_a"),
]


def _measure(client, url, budget, query_budget):
    for page_size in (5, 50):
        with query_budget(budget):
            response = client.get(url, {"page_size": page_size})
            assert response.status_code == 200, response.content
    return response.json()


def _url(world, route, kwargs):
    return reverse(route, kwargs={key: world[obj].pk for key, obj in kwargs.items()})


@pytest.mark.parametrize(
    ("budget", "route", "kwargs", "persona"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS]
)
def test_api_query_count_is_pinned_and_independent_of_page_size(
    budget, route, kwargs, persona, world, db, query_budget
):
    client = client_for(small(world)["personas"][persona])
    answer = _measure(client, _url(world, route, kwargs), budget, query_budget)
    if isinstance(answer, dict) and "results" in answer:
        world["small_rows"][budget] = len(answer["results"])


@pytest.mark.parametrize(
    ("budget", "route", "kwargs", "persona"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS]
)
def test_api_query_count_does_not_grow_with_data(
    budget, route, kwargs, persona, grown_world, db, query_budget
):
    client = client_for(grown_world["personas"][persona])
    grown = _measure(client, _url(grown_world, route, kwargs), budget, query_budget)
    small_rows = grown_world["small_rows"].get(budget)
    if isinstance(grown, dict) and "results" in grown and small_rows is not None:
        # The grown world really fills the page (or this test would prove nothing). The
        # small world's count is known when its test ran first on this worker.
        rows = len(grown["results"])
        assert rows > small_rows or rows == 50, budget
