"""Cercles and the vision: the objectives a cercle carries, commitments serving actions,
and the vision's events in the site journal."""

import datetime

import pytest
from django.urls import reverse

from cercles.models import Commitment
from tests import factories
from tests.conftest import client_for
from visions.models import VisionVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def vision_a(site_a):
    return factories.VisionFactory(site=site_a)


def test_a_cercle_carries_objectives_of_its_own_site_only(site_a, site_b, member_a, vision_a):
    mine = factories.ObjectiveFactory(vision=vision_a, title="Réussite éducative")
    other = factories.ObjectiveFactory(vision=factories.VisionFactory(site=site_b))
    cercle = factories.CercleFactory(site=site_a)
    url = reverse("cercles:cercle_edit", args=[cercle.pk])
    offered = client_for(member_a).get(url).context["form"].fields["objectives"].queryset
    assert list(offered) == [mine]
    response = client_for(member_a).post(
        url, {"kind": cercle.kind, "name": cercle.name, "objectives": [mine.pk, other.pk]}
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not cercle.objectives.exists()
    client_for(member_a).post(
        url, {"kind": cercle.kind, "name": cercle.name, "objectives": [mine.pk]}
    )
    page = client_for(member_a).get(cercle.get_absolute_url()).content.decode()
    assert "Objectifs portés" in page and "Réussite éducative" in page


def test_a_commitment_serves_an_action_of_the_site(site_a, site_b, member_a):
    action = factories.ActionFactory(site=site_a, title="Aide aux devoirs au collège")
    foreign = factories.ActionFactory(site=site_b)
    cercle = factories.CercleFactory(site=site_a)
    owner = factories.CercleMemberFactory(cercle=cercle).personne
    meeting = factories.MeetingFactory(cercle=cercle)
    url = reverse("cercles:commitment_add", args=[meeting.pk])
    data = {"text": "Réunir les parents", "owner": owner.pk, "due_on": "2030-01-15"}
    refused = client_for(member_a).post(url, {**data, "action": foreign.pk})
    assert "Sélectionnez un choix valide" in refused.content.decode()
    assert not Commitment.objects.exists()
    client_for(member_a).post(url, {**data, "action": action.pk})
    assert Commitment.objects.get().action == action
    page = client_for(member_a).get(meeting.get_absolute_url()).content.decode()
    assert "Action : " in page and "Aide aux devoirs au collège" in page


def test_the_journal_shows_adoptions_and_each_measurement_on_its_day(site_a, member_a, vision_a):
    VisionVersion.objects.create(
        vision=vision_a,
        number=1,
        statement="En 2030…",
        horizon=2030,
        adopted_on=datetime.date(2025, 3, 12),
        adopted_by="comité de pilotage",
    )
    objective = factories.ObjectiveFactory(vision=vision_a)
    for name in ("Taux d'emploi", "Réussite au brevet", "Familles accompagnées"):
        indicator = factories.IndicatorFactory(objective=objective, name=name)
        factories.MeasurementFactory(indicator=indicator, date=datetime.date(2025, 9, 30))
    response = client_for(member_a).get(reverse("cercles:site_journal", args=[site_a.pk]))
    text = " ".join(response.content.decode().split())
    assert "Vision adoptée" in text and "Version 1" in text
    # One line per value, dated by the day it is for, naming its indicator.
    assert text.count("Mesure saisie") == 3 and "30/09/2025" in text
    assert "Réussite au brevet" in text
    only_measurements = client_for(member_a).get(
        reverse("cercles:site_journal", args=[site_a.pk]), {"type": "mesures"}
    )
    assert "Vision adoptée" not in only_measurements.content.decode()
