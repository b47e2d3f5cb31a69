"""Reminders due on the day of the seeding, so that ``manage.py send_reminders
--dry-run`` on the demo lists some of each kind about cercles (measurements due come
from the indicators of the « overdue » scenario).

In the demo site member's cercle, keyed by what does not move with the date (a place,
a text within the cercle): a meeting in two days, a commitment due in three days, one
late enough for the animateur·rice to hear of it, a decision to review today. A run
on the same day changes nothing; a run on a later day moves the same rows.
"""

import datetime

from django.utils import timezone

from cercles import models as c
from cercles.enums import CercleKind, CommitmentStatus, MeetingStatus, MemberRole
from cercles.services import AgendaLine, meeting_create
from notifications.models import ReminderSettings
from quartiers import models as q

PLACE = "Maison des projets, salle du premier étage"
DUE_SOON = "Envoyer aux partenaires le bilan de l'atelier parents"
LATE = "Recenser les salles disponibles le samedi matin"
DECISION = "Ouvrir les ateliers du soir aux parents, à revoir après un trimestre"


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _put(model, lookup: dict, values: dict):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj


def seed_reminder_examples(member) -> None:
    today = timezone.localdate()
    settings = ReminderSettings.current()
    personne = q.Personne.objects.filter(user=member).first()
    cercle = (
        c.Cercle.objects.filter(
            kind=CercleKind.CERCLE,
            closed_on__isnull=True,
            memberships__personne=personne,
            memberships__left_on__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    held = (
        cercle and cercle.meetings.filter(status=MeetingStatus.TENUE).order_by("-starts_at").first()
    )
    if personne is None or held is None:
        return
    others = list(
        cercle.memberships.filter(left_on__isnull=True, role=MemberRole.MEMBRE)
        .exclude(personne=personne)
        .select_related("personne")
        .order_by("pk")
    )
    # A meeting in two days (the notice of ReminderSettings), with its agenda.
    day = today + datetime.timedelta(days=settings.meeting_notice_days)
    starts_at, ends_at = _at(day, 18), _at(day, 20)
    meeting = cercle.meetings.filter(place=PLACE).first()
    if meeting is None:
        meeting_create(
            cercle=cercle,
            starts_at=starts_at,
            ends_at=ends_at,
            place=PLACE,
            agenda=[
                AgendaLine("Bilan de l'atelier parents"),
                AgendaLine("Ateliers du soir : qui accueille, quand ?"),
                AgendaLine("Points divers"),
            ],
        )
    elif (meeting.starts_at, meeting.ends_at, meeting.status) != (
        starts_at,
        ends_at,
        MeetingStatus.PREVUE,
    ):
        meeting.starts_at, meeting.ends_at, meeting.status = (
            starts_at,
            ends_at,
            MeetingStatus.PREVUE,
        )
        meeting.save()
    # A commitment of the member's due in three days; another's, a week and a day late.
    late_owner = others[0].personne if others else personne
    escalation = settings.commitment_escalation_days + 1
    for text, owner, due_on in (
        (DUE_SOON, personne, today + datetime.timedelta(days=settings.commitment_notice_days)),
        (LATE, late_owner, today - datetime.timedelta(days=escalation)),
    ):
        _put(
            c.Commitment,
            {"meeting__cercle": cercle, "text": text},
            {
                "meeting": held,
                "text": text,
                "owner": owner,
                "due_on": due_on,
                "status": CommitmentStatus.A_FAIRE,
                "done_on": None,
            },
        )
    # A decision whose review date is today.
    _put(
        c.Decision,
        {"meeting__cercle": cercle, "text": DECISION},
        {"meeting": held, "text": DECISION, "review_on": today},
    )
