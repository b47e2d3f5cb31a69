"""« Ce qui vous attend » on a member's home: their late commitments, the meetings of
their cercles this week, the open proposals they have not answered, and the measurements
overdue on their sites — and nothing of cercles they do not sit in."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from cercles.enums import MeetingStatus
from cercles.models import CercleMember
from tests import factories
from tests.conftest import T0, client_for

pytestmark = pytest.mark.django_db


def _waiting(user):
    html = client_for(user).get(reverse("home")).content.decode()
    section = BeautifulSoup(html, "html.parser").select_one("section[aria-labelledby=pour-vous]")
    return " ".join(section.get_text(" ").split())


@pytest.fixture
def cercle(clock, site_a, member_a):
    cercle = factories.CercleFactory(site=site_a, name="Cercle emploi")
    factories.CercleMemberFactory(
        cercle=cercle, personne=factories.PersonneFactory(user=member_a, sites=[site_a])
    )
    return cercle


def test_what_waits_for_a_member(clock, cercle, member_a, site_a):
    member = CercleMember.objects.get(cercle=cercle)
    me = member.personne
    held = factories.MeetingFactory(
        cercle=cercle, starts_at=T0 - datetime.timedelta(days=30), status=MeetingStatus.TENUE
    )
    factories.CommitmentFactory(meeting=held, owner=me, due_on=datetime.date(2025, 12, 20))
    factories.MeetingFactory(cercle=cercle, starts_at=T0 + datetime.timedelta(days=3, hours=8))
    factories.MeetingFactory(cercle=cercle, starts_at=T0 + datetime.timedelta(days=10))
    factories.ProposalFactory(cercle=cercle, title="Date de la fête de quartier")
    answered = factories.ProposalFactory(cercle=cercle, title="Lettre aux habitants")
    factories.ProposalAnswerFactory(proposal=answered, member=member)
    elsewhere = factories.CercleFactory(site=site_a, name="Cercle santé")
    factories.ProposalFactory(cercle=elsewhere, title="Pas pour moi")
    factories.MeetingFactory(cercle=elsewhere, starts_at=T0 + datetime.timedelta(days=2))
    factories.IndicatorFactory(objective__vision__site=site_a, name="Taux d'emploi des jeunes")

    text = _waiting(member_a)
    assert "1 de vos engagements est en retard" in text
    assert "Réunion cette semaine : Cercle emploi, jeudi 8 janvier à 18h00" in text
    assert text.count("Réunion cette semaine") == 1  # not next week's, not another cercle's
    assert "À répondre : Date de la fête de quartier" in text
    assert "Lettre aux habitants" not in text and "Pas pour moi" not in text
    assert "1 mesure attendue est en retard : Taux d'emploi des jeunes" in text


def test_nothing_waiting_is_said_plainly(clock, cercle, member_a):
    assert "Rien ne vous attend aujourd'hui" in _waiting(member_a)


def test_an_observer_is_not_asked_for_measurements(clock, site_a, observer):
    factories.IndicatorFactory(objective__vision__site=site_a)
    assert "mesure" not in _waiting(observer).split("Rien")[0]
