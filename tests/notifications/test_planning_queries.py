"""Planning what is due costs the same number of queries whatever the number of
objects and recipients (no N+1), for every kind; so does creating the rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cercles.enums import MeetingStatus, MemberRole
from notifications import registry
from notifications.models import Reminder
from notifications.registry import SweepContext
from notifications.services import plan_kind, reminders_create
from quartiers.enums import TrinomeSeat
from tests import factories
from tests.notifications.conftest import paris

pytestmark = pytest.mark.django_db

NOW = paris(2026, 2, 3, 9, 0)  # a Tuesday: no digest today


def build_site(index: int) -> None:
    """One site with everything due on NOW: a meeting in two days, commitments due in
    three days and eight days late, a decision to review, a measurement due, a quiet
    site — each with recipients with and without accounts."""
    site = factories.SiteFactory(chef_de_projet=factories.UserFactory())
    roles = [MemberRole.ANIMATEUR, MemberRole.MEMBRE, MemberRole.INVITE]
    # An account for the animateur and the guest; the member has none.
    people = [
        factories.PersonneFactory(user=factories.UserFactory() if n % 2 == 0 else None)
        for n in range(len(roles))
    ]
    cercle = factories.CercleFactory(site=site)
    for personne, role in zip(people, roles, strict=True):
        factories.CercleMemberFactory(cercle=cercle, personne=personne, role=role)
    held = factories.MeetingFactory(
        cercle=cercle, starts_at=paris(2026, 1, 6, 18, 0), status=MeetingStatus.TENUE
    )
    factories.MeetingFactory(cercle=cercle, starts_at=paris(2026, 2, 5, 18, 0))
    factories.CommitmentFactory(meeting=held, owner=people[1], due_on=datetime.date(2026, 2, 6))
    factories.CommitmentFactory(meeting=held, owner=people[2], due_on=datetime.date(2026, 1, 26))
    factories.DecisionFactory(meeting=held, review_on=datetime.date(2026, 2, 3))
    proposal = factories.ProposalFactory(
        cercle=cercle, closes_at=NOW + datetime.timedelta(hours=12)
    )
    factories.ProposalAnswerFactory(proposal=proposal, member=cercle.memberships.first())
    for personne, seat in zip(people, [TrinomeSeat.ASSOCIATION, TrinomeSeat.ETAT], strict=False):
        factories.TrinomeMandateFactory(site=site, personne=personne, seat=seat)
    indicator = factories.IndicatorFactory(objective__vision__site=site, frequency="mensuelle")
    factories.MeasurementFactory(indicator=indicator, date=datetime.date(2025, 11, 30))


def plan_and_create():
    """Queries of planning and of creating the rows, per kind."""
    counts, created = {}, {}
    for kind in registry.all_kinds():
        ctx = SweepContext.build(NOW)
        with CaptureQueriesContext(connection) as queries:
            planned = plan_kind(kind, ctx)
            created[kind.key] = reminders_create(planned, ctx)
        counts[kind.key] = len(queries)
    return counts, created


def test_planning_does_not_grow_with_the_data(clock):
    clock.move_to(NOW)
    build_site(0)
    plan_and_create()  # warm the content type cache
    Reminder.objects.all().delete()
    small, small_created = plan_and_create()
    Reminder.objects.all().delete()
    for index in range(1, 4):
        build_site(index)
    large, large_created = plan_and_create()
    for key in (
        "engagement_echeance",
        "engagement_en_retard",
        "reunion_prochaine",
        "decision_a_revoir",
        "mesure_attendue",
        "proposition_nouvelle",
        "proposition_cloture",
    ):
        assert large_created[key] > small_created[key] > 0, key
    assert large == small
