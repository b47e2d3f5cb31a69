"""A cercle on site A with members, one past meeting and what came out of it."""

import datetime

import pytest

from cercles.enums import MeetingStatus, MemberRole
from tests import factories


@pytest.fixture
def cercle_world(site_a, member_a):
    cercle = factories.CercleFactory(site=site_a, name="Cercle réussite éducative")
    animatrice = factories.PersonneFactory(
        first_name="Claire", last_name="Fauvel", user=member_a, sites=[site_a]
    )
    partner = factories.PersonneFactory(
        first_name="Karim", last_name="Benali", email="karim@mission-locale.fr", sites=[site_a]
    )
    members = [
        factories.CercleMemberFactory(
            cercle=cercle, personne=animatrice, role=MemberRole.ANIMATEUR
        ),
        factories.CercleMemberFactory(cercle=cercle, personne=partner),
    ]
    meeting = factories.MeetingFactory(
        cercle=cercle,
        starts_at=factories.paris(2025, 3, 11, 18),
        ends_at=factories.paris(2025, 3, 11, 20),
        status=MeetingStatus.TENUE,
        minutes="## Points abordés\n\n- rentrée scolaire",
    )
    factories.AgendaItemFactory(meeting=meeting, title="Tour de table", position=1)
    decision = factories.DecisionFactory(
        meeting=meeting,
        text="Ouvrir l'aide aux devoirs le samedi",
        review_on=datetime.date(2025, 4, 1),
    )
    commitment = factories.CommitmentFactory(
        meeting=meeting,
        owner=animatrice,
        text="Réunir les parents",
        due_on=datetime.date(2025, 4, 30),
    )
    document = factories.MeetingDocumentFactory(meeting=meeting)
    return {
        "site": site_a,
        "cercle": cercle,
        "members": members,
        "animatrice": animatrice,
        "partner": partner,
        "meeting": meeting,
        "decision": decision,
        "commitment": commitment,
        "document": document,
    }
