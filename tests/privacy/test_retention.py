"""Retention: inactive accounts and contacts are warned, then anonymised 30 days later."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from privacy.models import Erasure, RetentionNotice
from privacy.tasks import run_retention
from qic.models import JobHeartbeat, SubmissionClaim
from tests import factories
from tests.conftest import T0

pytestmark = pytest.mark.django_db

TWO_YEARS = timedelta(days=730)


@pytest.fixture
def sleeper(clock):
    """An account last used at T0, with its directory entry."""
    user = factories.UserFactory(
        email="dormant@exemple.fr", first_name="Dora", last_name="Dormante", last_login=T0
    )
    factories.PersonneFactory(user=user, first_name="Dora", last_name="Dormante")
    return user


def test_an_active_account_is_left_alone(sleeper, clock):
    clock.move_to(T0 + TWO_YEARS - timedelta(days=31))
    outcome = run_retention()
    assert outcome.warned == 0 and not mail.outbox


def test_warned_30_days_before_then_anonymised(sleeper, clock):
    clock.move_to(T0 + TWO_YEARS - timedelta(days=30))
    outcome = run_retention()
    assert outcome.warned == 2  # the account and its directory entry, one e-mail
    assert [m.to for m in mail.outbox] == [["dormant@exemple.fr"]]
    assert "anonymisé" in mail.outbox[0].body
    # A second run the same day sends nothing more.
    run_retention()
    assert len(mail.outbox) == 1

    clock.shift(timedelta(days=29))
    assert run_retention().anonymised == 0
    clock.shift(timedelta(days=1))
    assert run_retention().anonymised >= 1

    sleeper.refresh_from_db()
    assert not sleeper.is_active and sleeper.email.endswith("@anonyme.invalid")
    assert sleeper.personne.last_name.startswith("n° ")
    assert Erasure.objects.filter(reason="conservation").count() == 2
    assert not RetentionNotice.objects.exists()
    assert JobHeartbeat.objects.get(name="privacy.retention").last_succeeded_at is not None


def test_logging_in_after_the_notice_cancels_it(sleeper, clock):
    clock.move_to(T0 + TWO_YEARS - timedelta(days=30))
    run_retention()
    clock.shift(timedelta(days=10))
    sleeper.last_login = timezone.now()
    sleeper.save(update_fields=["last_login"])
    clock.shift(timedelta(days=25))
    outcome = run_retention()
    assert outcome.anonymised == 0 and outcome.cancelled == 2
    sleeper.refresh_from_db()
    assert sleeper.is_active


def test_a_contact_in_a_current_cercle_is_kept(clock, site_a):
    personne = factories.PersonneFactory(email="membre@exemple.fr")
    factories.CercleMemberFactory(personne=personne, cercle__site=site_a)
    clock.move_to(T0 + TWO_YEARS * 2)
    assert run_retention().warned == 0


def test_an_idle_contact_without_account_is_warned_and_anonymised(clock):
    personne = factories.PersonneFactory(email="ancien@exemple.fr", last_name="Ancien")
    clock.move_to(T0 + TWO_YEARS)
    run_retention()
    assert mail.outbox[0].to == ["ancien@exemple.fr"]
    clock.shift(timedelta(days=30))
    run_retention()
    personne.refresh_from_db()
    assert personne.email == "" and personne.last_name != "Ancien"


def test_a_contact_with_a_commitment_still_to_do_is_kept(clock, site_a):
    personne = factories.PersonneFactory(email="porteur@exemple.fr")
    member = factories.CercleMemberFactory(personne=personne, cercle__site=site_a)
    factories.CommitmentFactory(meeting__cercle=member.cercle, owner=personne)
    member.left_on = member.joined_on
    member.save()
    clock.move_to(T0 + TWO_YEARS * 2)
    assert run_retention().warned == 0


def test_submissions_already_answered_are_forgotten_after_a_day(clock, site_a, member_a):
    """An API answer kept to replay an Idempotency-Key may name people: a day, no more."""
    from tests.api.conftest import call
    from tests.conftest import client_for

    meeting = factories.MeetingFactory(cercle__site=site_a)
    payload = {"meeting": meeting.pk, "text": "Ouvrir le samedi."}
    key = {"Idempotency-Key": "k1"}
    assert (
        call(client_for(member_a), "POST", "/api/v1/decisions/", payload, **key).status_code == 201
    )
    clock.shift(timedelta(hours=23))
    run_retention()
    assert SubmissionClaim.objects.count() == 1
    clock.shift(timedelta(hours=2))
    run_retention()
    assert not SubmissionClaim.objects.exists()
