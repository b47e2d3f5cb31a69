"""API test helpers: JSON calls with a session or a personal token, and a small world."""

import datetime
import json

import pytest
from django.test import Client

from accounts.models import ApiToken
from notifications.models import Notification
from quartiers.enums import StructureKind
from tests import factories
from tests.conftest import client_for, make_cast, shared_for_the_module
from tests.standing import standing_checked
from visions.models import VisionVersion


@pytest.fixture(autouse=True)
def _indicator_standing_checked(request):
    yield from standing_checked(request)


def call(client: Client, method: str, url: str, payload=None, **headers):
    """One JSON request; the response's ``.json()`` is the body."""
    body = json.dumps(payload) if payload is not None else None
    kwargs = {"content_type": "application/json"} if body is not None else {}
    return client.generic(method.upper(), url, data=body or "", headers=headers, **kwargs)


def token_client(user, name="Script de test") -> tuple[Client, ApiToken, str]:
    token, raw = ApiToken.issue(user=user, name=name)
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    return client, token, raw


@pytest.fixture(scope="module")
def api_world(django_db_setup, django_db_blocker):
    """Objects of site A (and a few programme-wide ones) that the API's URLs point to,
    built once for the module (``shared_for_the_module``); the personas are its
    « personas »."""
    with shared_for_the_module(django_db_blocker):
        cast = make_cast()
        yield {
            **_api_world(cast.site_a, cast.site_b, cast.personas, cast.centre),
            "personas": cast.personas,
        }


def _api_world(site_a, site_b, personas, centre):
    mandate = factories.TrinomeMandateFactory(site=site_a)
    structure = factories.StructureFactory(created_by=personas["admin_user"])
    etat = factories.StructureFactory(kind=StructureKind.ETAT, name="Préfecture de la Loire")
    session = factories.FormationSessionFactory(cohort=site_a.cohort)
    session.sites_present.add(site_a)
    quartier = site_a.quartiers.first()
    commune = quartier.communes.first()
    return {
        **_visions_world(site_a),
        **_cercles_world(site_a, personas["member_a"]),
        "site": site_a,
        "site_b": site_b,
        "status_change": site_a.status_changes.get(),
        "mandate": mandate,
        "personne": mandate.personne,
        "structure": structure,
        "etat": etat,
        "centre": centre,
        "accompaniment": centre.accompaniments.get(),
        "cohort": site_a.cohort,
        "session": session,
        "quartier": quartier,
        "commune": commune,
        "departement": quartier.departement,
        "region": quartier.departement.region,
        "epci": factories.EPCIFactory(),
        "practice": factories.PracticeFactory(site=site_a, published=True),
        "draft_practice": factories.PracticeFactory(site=site_a),
        "definition": factories.IndicatorDefinitionFactory(),
        "vision_template": factories.TemplateIndicatorFactory().objective.template,
        "statvalue": factories.StatValueFactory(quartier=quartier),
        "variable": factories.VariableFactory(code="DISP_MED"),
    }


def _visions_world(site):
    """Site A's vision, objective, indicator, measurement, action, milestone, version and
    self-assessment."""
    vision = factories.VisionFactory(site=site)
    version = VisionVersion.objects.create(
        vision=vision,
        number=1,
        statement="En 2030, le quartier… (première version)",
        horizon=2030,
        adopted_on=datetime.date(2024, 6, 1),
        adopted_by="comité de pilotage",
    )
    objective = factories.ObjectiveFactory(vision=vision)
    indicator = factories.IndicatorFactory(objective=objective)
    action = factories.ActionFactory(site=site, objectives=[objective])
    return {
        "vision": vision,
        "version": version,
        "objective": objective,
        "indicator": indicator,
        "measurement": factories.MeasurementFactory(
            indicator=indicator, date=datetime.date(2024, 10, 1)
        ),
        "action": action,
        "milestone": factories.MilestoneFactory(action=action),
        "assessment": factories.SelfAssessmentFactory(site=site),
        **_financements_world(site, action),
    }


def _financements_world(site, action):
    """A funding line of site A's action; a call of site A, a proposal and a review."""
    call = factories.CallFactory(site=site)
    factories.CallEnvelopeFactory(call=call)
    criterion = factories.CriterionFactory(call=call)
    proposal = factories.CallProposalFactory(call=call)
    review = factories.ReviewFactory(proposal=proposal)
    review.scores.create(criterion=criterion, value=4)
    return {
        "funding_line": factories.FundingLineFactory(action=action),
        "call": call,
        "call_proposal": proposal,
        "review": review,
    }


def _cercles_world(site, user):
    """Site A's cercle, a member, a meeting, a decision, a commitment; a person of site A
    who is in no cercle yet; a notification of member A."""
    cercle = factories.CercleFactory(site=site)
    member = factories.CercleMemberFactory(
        cercle=cercle, personne=factories.PersonneFactory(sites=[site])
    )
    meeting = factories.MeetingFactory(cercle=cercle)
    factories.AgendaItemFactory(meeting=meeting)
    factories.AttendanceFactory(meeting=meeting, member=member)
    proposal = factories.ProposalFactory(cercle=cercle, form="choix")
    option = factories.ProposalOptionFactory(proposal=proposal)
    own = factories.CercleMemberFactory(
        cercle=cercle, personne=factories.PersonneFactory(user=user, sites=[site])
    )
    return {
        "proposal": proposal,
        "own_answer": factories.ProposalAnswerFactory(
            proposal=proposal, member=own, option=option, value="choisi"
        ),
        "cercle": cercle,
        "cercle_member": member,
        "meeting": meeting,
        "decision": factories.DecisionFactory(meeting=meeting),
        "commitment": factories.CommitmentFactory(meeting=meeting, owner=member.personne),
        "newcomer": factories.PersonneFactory(sites=[site]),
        "notification": Notification.objects.create(
            user=user, kind="site_inactif", message="Site A sans activité", url="/"
        ),
    }


__all__ = ["call", "client_for", "token_client"]


@pytest.fixture
def fuzz_world(site_a, site_b, personas, centre):
    """Something on every resource, so that generated ids sometimes exist."""
    factories.TrinomeMandateFactory(site=site_a)
    factories.TrinomeMandateFactory(site=site_b)
    session = factories.FormationSessionFactory(cohort=site_a.cohort)
    session.sites_present.add(site_a, site_b)
    factories.PersonneFactory(sites=[site_a])
    factories.StructureFactory(kind="etat")
    factories.EPCIFactory()
    # Visions and cercles rows on both sites (the fuzzer's ids sometimes hit them).
    for site in (site_a, site_b):
        objective = factories.ObjectiveFactory(vision=factories.VisionFactory(site=site))
        factories.MeasurementFactory(indicator=factories.IndicatorFactory(objective=objective))
        factories.MilestoneFactory(action=factories.ActionFactory(site=site))
        factories.SelfAssessmentFactory(site=site)
        member = factories.CercleMemberFactory(
            cercle=factories.CercleFactory(site=site),
            personne=factories.PersonneFactory(sites=[site]),
        )
        meeting = factories.MeetingFactory(cercle=member.cercle)
        factories.AttendanceFactory(meeting=meeting, member=member)
        factories.DecisionFactory(meeting=meeting)
        factories.CommitmentFactory(meeting=meeting, owner=member.personne)
    for user in personas.values():
        if user is not None:
            Notification.objects.create(user=user, kind="site_inactif", message="À lire", url="/")
