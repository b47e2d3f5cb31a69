"""The digest's sections about cercles and visions: upcoming meetings, one's own
commitments, measurements due, what happened on one's sites — nothing of other sites."""

import datetime

import pytest

from cercles.enums import CommitmentStatus, MeetingStatus, MemberRole
from notifications.services import reminders_sweep
from tests import factories
from tests.notifications.conftest import mails, paris

pytestmark = pytest.mark.django_db


@pytest.fixture
def life(clock, site_a, site_b, member_a, member_b, chef):
    """A week on each site; member_a carries commitments in site A's cercle."""
    cercles = {}
    for key, site in (("a", site_a), ("b", site_b)):
        cercle = factories.CercleFactory(site=site, name=f"Cercle du site {key.upper()}")
        cercles[key] = cercle
        owner = factories.PersonneFactory(
            email=f"membre-{key}@exemple.fr", user=member_a if key == "a" else member_b
        )
        factories.CercleMemberFactory(cercle=cercle, personne=owner, role=MemberRole.ANIMATEUR)
        clock.move_to(paris(2026, 1, 8, 18, 0))
        held = factories.MeetingFactory(
            cercle=cercle, starts_at=paris(2026, 1, 8, 18, 0), status=MeetingStatus.TENUE
        )
        factories.DecisionFactory(meeting=held, text=f"Décision du site {key.upper()}")
        factories.CommitmentFactory(
            meeting=held,
            owner=owner,
            text=f"Engagement tardif {key}",
            due_on=datetime.date(2026, 1, 9),
        )
        factories.CommitmentFactory(
            meeting=held,
            owner=owner,
            text=f"Engagement à venir {key}",
            due_on=datetime.date(2026, 2, 9),
        )
        factories.CommitmentFactory(
            meeting=held,
            owner=owner,
            text=f"Engagement tenu {key}",
            due_on=datetime.date(2026, 1, 9),
            status=CommitmentStatus.FAIT,
            done_on=datetime.date(2026, 1, 9),
        )
        factories.MeetingFactory(cercle=cercle, starts_at=paris(2026, 1, 15, 18, 0))
        factories.MeetingFactory(cercle=cercle, starts_at=paris(2026, 2, 15, 18, 0))  # too far
        indicator = factories.IndicatorFactory(
            objective__vision__site=site,
            name=f"Indicateur du site {key.upper()}",
            frequency="mensuelle",
        )
        factories.MeasurementFactory(indicator=indicator, date=datetime.date(2025, 11, 30))
    return cercles


def digest_to(email):
    return next(m for m in mails("resume_hebdomadaire") if m.to == [email])


def test_the_digest_tells_a_member_about_their_own_sites_and_commitments(life, clock):
    clock.move_to(paris(2026, 1, 12, 8, 5))
    reminders_sweep()
    body = digest_to("membre-a@exemple.fr").body
    upcoming = body.split("RÉUNIONS À VENIR")[1]
    assert "Cercle du site A : réunion n° 2 le jeudi 15/01/2026 à 18:00" in upcoming
    assert "15/02/2026" not in upcoming
    mine = body.split("VOS ENGAGEMENTS")[1]
    assert mine.index("En retard : « Engagement tardif a »") < mine.index(
        "« Engagement à venir a » (Cercle du site A), pour le 09/02/2026"
    )
    assert "Engagement tenu a" not in mine.split("SUR VOS SITES")[0]
    assert "MESURES ATTENDUES" in body
    assert "« Indicateur du site A », valeur « déc. 2025 » attendue d'ici le 15/01/2026" in body
    news = body.split("SUR VOS SITES")[1]
    assert "Réunion tenue le 08/01/2026 — Cercle du site A (réunion n° 1)" in news
    assert "Décision le 08/01/2026 — Décision du site A" in news
    assert "Engagement tenu le 09/01/2026 — Engagement tenu a" in news
    assert "1 mesure saisie" in news
    assert "site B" not in body and "Site B" not in body
    html = digest_to("membre-a@exemple.fr").alternatives[0][0]
    assert "<h2>Réunions à venir</h2>" in html


def test_the_next_digest_does_not_repeat_last_weeks_news(life, clock):
    clock.move_to(paris(2026, 1, 12, 8, 5))
    reminders_sweep()
    clock.move_to(paris(2026, 1, 19, 8, 5))
    reminders_sweep()
    second = [m for m in mails("resume_hebdomadaire") if m.to == ["membre-a@exemple.fr"]][1]
    assert "Réunion tenue le 08/01/2026" not in second.body
    assert "En retard : « Engagement tardif a »" in second.body  # still to do
