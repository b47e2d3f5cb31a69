"""Reminders about cercles: commitments due and overdue, meetings, decisions to review.

Exact recipients (nobody from another cercle or site, nobody who left), each
threshold tried the day before, the day of and the day after, never twice.
"""

import datetime
from email import message_from_string

import pytest
from django.core import mail

from cercles.enums import CommitmentStatus, MeetingStatus, MemberRole
from cercles.services import AgendaLine, meeting_create
from notifications.enums import ReminderStatus
from notifications.models import Notification, Reminder, ReminderSettings
from notifications.services import reminders_sweep
from tests import factories
from tests.notifications.conftest import addressees, mails, paris

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 1, 20)  # a Tuesday
MEETING_AT = paris(2026, 1, 22, 18, 0)  # a Thursday
REVIEW = datetime.date(2026, 2, 2)


def member(cercle, email, role=MemberRole.MEMBRE, user=None, **extra):
    personne = factories.PersonneFactory(email=email, user=user)
    return factories.CercleMemberFactory(cercle=cercle, personne=personne, role=role, **extra)


@pytest.fixture
def cercles(clock, site_a, site_b, member_a, member_b, chef, observer):
    """A cercle on each site. Site A's is animated by member_a (an account); Paul
    (no account) carries a commitment; others must never hear of it."""
    cercle_a = factories.CercleFactory(site=site_a, name="Cercle réussite éducative")
    animateur = member(cercle_a, "membre-a@exemple.fr", MemberRole.ANIMATEUR, user=member_a)
    paul = member(cercle_a, "paul@exemple.fr")
    member(cercle_a, "invitee@exemple.fr", MemberRole.INVITE)
    member(cercle_a, "")  # no address: cannot be written to
    member(
        cercle_a,
        "partie@exemple.fr",
        joined_on=datetime.date(2024, 1, 1),
        left_on=datetime.date(2025, 6, 30),
    )
    cercle_b = factories.CercleFactory(site=site_b, name="Cercle emploi")
    member(cercle_b, "anim-b@exemple.fr", MemberRole.ANIMATEUR)
    carol = member(cercle_b, "carol@exemple.fr")
    held_a = factories.MeetingFactory(
        cercle=cercle_a, starts_at=paris(2025, 12, 9, 18, 0), status=MeetingStatus.TENUE
    )
    held_b = factories.MeetingFactory(
        cercle=cercle_b, starts_at=paris(2025, 12, 10, 18, 0), status=MeetingStatus.TENUE
    )
    return {
        "cercle_a": cercle_a,
        "cercle_b": cercle_b,
        "animateur": animateur,
        "paul": paul,
        "carol": carol,
        "held_a": held_a,
        "held_b": held_b,
    }


def reminded(kind) -> set[tuple[str, str]]:
    return {(r.object_repr, r.email) for r in Reminder.objects.filter(kind=kind)}


def sweep_at(clock, *moment):
    clock.move_to(paris(*moment))
    return reminders_sweep()


# -- commitment due soon --------------------------------------------------------------


@pytest.fixture
def commitments(cercles):
    a = factories.CommitmentFactory(
        meeting=cercles["held_a"],
        owner=cercles["paul"].personne,
        text="Réserver la salle du forum",
        due_on=DUE,
    )
    b = factories.CommitmentFactory(
        meeting=cercles["held_b"],
        owner=cercles["carol"].personne,
        text="Appeler la mission locale",
        due_on=DUE,
    )
    mine = factories.CommitmentFactory(
        meeting=cercles["held_a"],
        owner=cercles["animateur"].personne,
        text="Envoyer le compte rendu",
        due_on=DUE,
    )
    return {"a": a, "b": b, "mine": mine}


@pytest.mark.parametrize(
    ("day", "expected"),
    [(16, set()), (17, {"paul", "carol", "mine"}), (18, {"paul", "carol", "mine"})],
    ids=["veille", "jour", "lendemain"],
)
def test_commitment_due_soon_three_days_before_to_its_owner_only(commitments, clock, day, expected):
    sweep_at(clock, 2026, 1, day, 9, 0)
    emails = {"paul": "paul@exemple.fr", "carol": "carol@exemple.fr", "mine": "membre-a@exemple.fr"}
    assert {email for _obj, email in reminded("engagement_echeance")} == {
        emails[who] for who in expected
    }
    assert sorted(addressees("engagement_echeance")) == sorted(emails[who] for who in expected)


def test_commitment_due_soon_is_sent_once_and_says_so_in_french(commitments, clock, member_a):
    sweep_at(clock, 2026, 1, 17, 9, 0)
    sweep_at(clock, 2026, 1, 17, 9, 5)
    sweep_at(clock, 2026, 1, 19, 9, 0)
    assert addressees("engagement_echeance").count("paul@exemple.fr") == 1
    message = next(m for m in mails("engagement_echeance") if m.to == ["paul@exemple.fr"])
    assert message.subject == "Engagement à tenir d'ici le 20/01/2026 : Réserver la salle du forum"
    assert "au sein du cercle « Cercle réussite éducative »" in message.body
    assert "L'échéance est le mardi 20/01/2026, dans 3 jours." in message.body
    assert message.alternatives[0][1] == "text/html"
    assert "List-Unsubscribe" in message.extra_headers
    # member_a owns one too: an account, so also under the bell.
    note = Notification.objects.get(user=member_a, kind="engagement_echeance")
    assert "« Envoyer le compte rendu »" in note.message
    assert note.url == commitments["mine"].meeting.get_absolute_url()


def test_a_commitment_done_or_moved_is_not_reminded(commitments, clock):
    done = commitments["a"]
    done.status, done.done_on = CommitmentStatus.FAIT, datetime.date(2026, 1, 15)
    done.save()
    moved = commitments["b"]
    moved.due_on = datetime.date(2026, 1, 31)
    moved.save()
    sweep_at(clock, 2026, 1, 17, 9, 0)
    assert addressees("engagement_echeance") == ["membre-a@exemple.fr"]
    sweep_at(clock, 2026, 1, 28, 9, 0)  # three days before the new date: a new reminder
    assert addressees("engagement_echeance") == ["carol@exemple.fr", "membre-a@exemple.fr"]


def test_the_notice_is_a_setting(commitments, clock):
    ReminderSettings(commitment_notice_days=7).save()
    sweep_at(clock, 2026, 1, 13, 9, 0)
    assert len(addressees("engagement_echeance")) == 3


# -- commitment overdue ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (20, set()),  # the due date itself: not late yet
        (21, {"paul@exemple.fr", "carol@exemple.fr", "membre-a@exemple.fr"}),
        (22, {"paul@exemple.fr", "carol@exemple.fr", "membre-a@exemple.fr"}),
    ],
    ids=["echeance", "lendemain", "surlendemain"],
)
def test_overdue_the_day_after_the_due_date_to_its_owner(commitments, clock, day, expected):
    sweep_at(clock, 2026, 1, day, 9, 0)
    assert set(addressees("engagement_en_retard")) == expected


@pytest.mark.parametrize(
    ("day", "animateurs"),
    [
        (26, []),
        (27, ["anim-b@exemple.fr", "membre-a@exemple.fr"]),
        (28, ["anim-b@exemple.fr", "membre-a@exemple.fr"]),
    ],
    ids=["veille", "jour", "lendemain"],
)
def test_the_animateur_is_told_once_seven_days_late(commitments, clock, day, animateurs):
    sweep_at(clock, 2026, 1, 21, 9, 0)  # the owners
    owners = ["carol@exemple.fr", "membre-a@exemple.fr", "paul@exemple.fr"]
    sweep_at(clock, 2026, 1, day, 9, 0)
    sweep_at(clock, 2026, 1, day, 18, 0)
    # Paul's commitment: Paul, then member_a as animateur. Carol's: Carol, then site B's
    # animateur. member_a's own: member_a once, as its owner.
    assert sorted(addressees("engagement_en_retard")) == sorted(owners + animateurs)
    if animateurs:
        to_animateur = next(
            m
            for m in mails("engagement_en_retard")
            if m.to == ["membre-a@exemple.fr"] and "Vous animez" in m.body
        )
        assert f"Cet engagement de {commitments['a'].owner}" in to_animateur.body
        assert f"{day - 20} jours après son échéance du 20/01/2026" in to_animateur.body
        assert "Réserver la salle du forum" in to_animateur.body
        sweep_at(clock, 2026, 2, 10, 9, 0)
        assert len(addressees("engagement_en_retard")) == len(owners + animateurs)


def test_the_escalation_delay_is_a_setting(commitments, clock):
    ReminderSettings(commitment_escalation_days=2).save()
    sweep_at(clock, 2026, 1, 22, 9, 0)
    assert "anim-b@exemple.fr" in addressees("engagement_en_retard")


# -- meeting in two days -----------------------------------------------------------------


@pytest.fixture
def meetings(cercles, member_a):
    a = meeting_create(
        cercle=cercles["cercle_a"],
        starts_at=MEETING_AT,
        ends_at=MEETING_AT + datetime.timedelta(hours=2),
        place="Centre social Pablo-Picasso",
        agenda=[AgendaLine("Bilan du forum"), AgendaLine("Calendrier du printemps")],
        author=member_a,
    )
    b = meeting_create(
        cercle=cercles["cercle_b"],
        starts_at=MEETING_AT,
        ends_at=MEETING_AT + datetime.timedelta(hours=2),
    )
    return {"a": a, "b": b}


SITE_A_MEMBERS = ["invitee@exemple.fr", "membre-a@exemple.fr", "paul@exemple.fr"]
SITE_B_MEMBERS = ["anim-b@exemple.fr", "carol@exemple.fr"]


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ((2026, 1, 19, 20, 0), []),
        ((2026, 1, 20, 7, 59), []),  # before the send hour
        ((2026, 1, 20, 8, 0), SITE_A_MEMBERS + SITE_B_MEMBERS),
        ((2026, 1, 21, 9, 0), SITE_A_MEMBERS + SITE_B_MEMBERS),
    ],
    ids=["veille", "jour-avant-8h", "jour", "lendemain"],
)
def test_meeting_reminder_two_days_before_to_current_members(meetings, clock, moment, expected):
    sweep_at(clock, *moment)
    assert sorted(addressees("reunion_prochaine")) == sorted(expected)


def test_meeting_reminder_carries_the_agenda_and_the_invitation_once(meetings, clock):
    sweep_at(clock, 2026, 1, 20, 8, 0)
    sweep_at(clock, 2026, 1, 20, 8, 5)
    sweep_at(clock, 2026, 1, 22, 9, 0)
    assert addressees("reunion_prochaine").count("paul@exemple.fr") == 1
    message = next(m for m in mails("reunion_prochaine") if m.to == ["paul@exemple.fr"])
    assert message.subject == "Cercle réussite éducative : réunion le jeudi 22/01/2026 à 18:00"
    assert "se réunit le jeudi 22/01/2026 à 18:00, jusqu'à 20:00" in message.body
    assert "Lieu : Centre social Pablo-Picasso" in message.body
    assert "1. Bilan du forum\n2. Calendrier du printemps" in message.body
    assert "<li>Bilan du forum</li>" in message.alternatives[0][0]
    ((name, content, mimetype),) = message.attachments
    assert (name, mimetype) == ("reunion.ics", "text/calendar")
    assert "BEGIN:VEVENT" in content
    assert f"UID:reunion-{meetings['a'].uid}@" in content
    assert "DTSTART;TZID=Europe/Paris:20260122T180000" in content
    # The whole message is valid MIME with the calendar part.
    assert "text/calendar" in message_from_string(message.message().as_string()).as_string()


def test_a_rescheduled_meeting_is_reminded_again_a_cancelled_one_not(meetings, clock):
    sweep_at(clock, 2026, 1, 20, 9, 0)
    moved = meetings["a"]
    moved.starts_at = paris(2026, 1, 29, 18, 0)
    moved.ends_at = paris(2026, 1, 29, 20, 0)
    moved.save()
    cancelled = meetings["b"]
    cancelled.starts_at = paris(2026, 1, 29, 18, 0)
    cancelled.ends_at = paris(2026, 1, 29, 20, 0)
    cancelled.status = MeetingStatus.ANNULEE
    cancelled.save()
    mail.outbox.clear()
    sweep_at(clock, 2026, 1, 27, 9, 0)
    assert sorted(addressees("reunion_prochaine")) == SITE_A_MEMBERS


def test_a_meeting_cancelled_before_sending_is_not_sent(meetings, clock):
    clock.move_to(paris(2026, 1, 20, 8, 0))
    ReminderSettings(meeting_notice_days=3).save()
    sweep_at(clock, 2026, 1, 19, 9, 0)  # created now, for three days ahead
    assert len(addressees("reunion_prochaine")) == 5
    mail.outbox.clear()
    Reminder.objects.filter(kind="reunion_prochaine").update(status=ReminderStatus.PENDING)
    meetings["a"].status = MeetingStatus.ANNULEE
    meetings["a"].save()
    reminders_sweep()
    assert sorted(addressees("reunion_prochaine")) == SITE_B_MEMBERS
    assert (
        Reminder.objects.filter(kind="reunion_prochaine", status=ReminderStatus.CANCELLED).count()
        == 3
    )


# -- decision to review ------------------------------------------------------------------


@pytest.fixture
def decisions(cercles):
    a = factories.DecisionFactory(
        meeting=cercles["held_a"], text="Ouvrir le forum aux parents", review_on=REVIEW
    )
    b = factories.DecisionFactory(
        meeting=cercles["held_b"], text="Tester un atelier CV", review_on=REVIEW
    )
    factories.DecisionFactory(meeting=cercles["held_a"], text="Sans date de revue")
    return {"a": a, "b": b}


@pytest.mark.parametrize(
    ("day", "expected"),
    [(1, []), (2, ["anim-b@exemple.fr", "membre-a@exemple.fr"])],
    ids=["veille", "jour"],
)
def test_decision_review_goes_to_the_animateur_on_the_day(decisions, clock, day, expected):
    sweep_at(clock, 2026, 2, day, 9, 0)
    assert sorted(addressees("decision_a_revoir")) == expected


def test_decision_review_is_sent_once_and_stops_once_on_an_agenda(decisions, clock, cercles):
    sweep_at(clock, 2026, 2, 3, 9, 0)  # the day after: caught up
    sweep_at(clock, 2026, 2, 4, 9, 0)
    assert sorted(addressees("decision_a_revoir")) == ["anim-b@exemple.fr", "membre-a@exemple.fr"]
    message = next(m for m in mails("decision_a_revoir") if m.to == ["membre-a@exemple.fr"])
    assert message.subject == "Cercle réussite éducative : une décision est à revoir"
    assert "Ouvrir le forum aux parents" in message.body
    assert "Tester un atelier CV" not in message.body
    # A new review date: reminded again, unless a meeting has it on its agenda by then.
    for decision in decisions.values():
        decision.review_on = datetime.date(2026, 3, 2)
        decision.save()
    meeting_create(
        cercle=cercles["cercle_a"],
        starts_at=paris(2026, 3, 10, 18, 0),
        ends_at=paris(2026, 3, 10, 20, 0),
        agenda=[AgendaLine("Revoir : forum", decision=decisions["a"])],
    )
    mail.outbox.clear()
    sweep_at(clock, 2026, 3, 2, 9, 0)
    assert addressees("decision_a_revoir") == ["anim-b@exemple.fr"]


def test_old_news_is_not_sent_when_a_kind_meets_old_data(commitments, decisions, clock):
    """More than a month after the day, no reminder is created any more (a kind
    deployed on old data, a very long outage): the digest still lists what is late."""
    sweep_at(clock, 2026, 3, 6, 9, 0)  # 45 days late, 32 days after the review date
    assert addressees("engagement_en_retard") == []
    assert addressees("decision_a_revoir") == []
    ReminderSettings(commitment_escalation_days=20).save()
    sweep_at(clock, 2026, 3, 6, 9, 0)  # within a month of the escalation day (9 February)
    assert sorted(addressees("engagement_en_retard")) == [
        "anim-b@exemple.fr",
        "membre-a@exemple.fr",
    ]


def test_each_reminder_goes_to_its_own_cercle_only(commitments, meetings, decisions, clock):
    """Object by object: nobody hears of another cercle's (or site's) business."""
    a_members = {"invitee@exemple.fr", "membre-a@exemple.fr", "paul@exemple.fr"}
    b_members = {"anim-b@exemple.fr", "carol@exemple.fr"}
    sweep_at(clock, 2026, 1, 20, 9, 0)
    by_object = {}
    for obj, email in reminded("reunion_prochaine") | reminded("engagement_echeance"):
        by_object.setdefault(obj, set()).add(email)
    assert by_object == {
        str(meetings["a"]): a_members,
        str(meetings["b"]): b_members,
        "Réserver la salle du forum": {"paul@exemple.fr"},
        "Envoyer le compte rendu": {"membre-a@exemple.fr"},
        "Appeler la mission locale": {"carol@exemple.fr"},
    }
    sweep_at(clock, 2026, 2, 2, 9, 0)
    assert reminded("decision_a_revoir") == {
        ("Ouvrir le forum aux parents", "membre-a@exemple.fr"),
        ("Tester un atelier CV", "anim-b@exemple.fr"),
    }
    assert reminded("engagement_en_retard") == {
        ("Réserver la salle du forum", "paul@exemple.fr"),
        ("Réserver la salle du forum", "membre-a@exemple.fr"),  # as animateur·rice
        ("Envoyer le compte rendu", "membre-a@exemple.fr"),
        ("Appeler la mission locale", "carol@exemple.fr"),
        ("Appeler la mission locale", "anim-b@exemple.fr"),
    }
