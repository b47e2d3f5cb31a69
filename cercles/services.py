"""Writes that touch several models or have a side effect. Plain saves stay form saves."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from cercles.documents import DocumentType
from cercles.enums import CommitmentStatus, MeetingStatus
from cercles.models import (
    AgendaItem,
    Attendance,
    CalendarToken,
    Cercle,
    CercleMember,
    Commitment,
    Decision,
    Meeting,
    MeetingDocument,
)
from cercles.models.calendars import hash_token
from cercles.scheduling import same_weekday_next_month
from quartiers import events as site_events
from quartiers.models import Personne


@transaction.atomic
def cercle_member_add(
    *, cercle: Cercle, personne: Personne, role: str, joined_on: datetime.date, author
) -> CercleMember:
    """Make a person a member of a cercle; a new person (not saved yet) is created.

    As for the trinôme, a member acts on the cercle's site: the person is attached to it
    (``Personne.sites``), so that those who see the site see them.
    """
    if personne.pk is None:
        personne.created_by = author
        personne.save()
    membership = CercleMember(cercle=cercle, personne=personne, role=role, joined_on=joined_on)
    membership.full_clean()
    membership.save()
    personne.sites.add(cercle.site)
    return membership


@dataclass
class AgendaLine:
    title: str
    notes: str = ""
    commitment: Commitment | None = None
    decision: Decision | None = None


@transaction.atomic
def meeting_create(
    *,
    cercle: Cercle,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str = "",
    video_url: str = "",
    agenda: list[AgendaLine] = (),
    author=None,
) -> Meeting:
    """A new meeting, numbered after the cercle's last one, with its agenda in order."""
    Cercle.objects.select_for_update().filter(pk=cercle.pk).first()  # numbers one at a time
    meeting = Meeting(
        cercle=cercle,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_url=video_url,
        created_by=author,
    )
    meeting.full_clean(exclude=["sequence"])
    meeting.save()
    for position, line in enumerate(agenda, start=1):
        AgendaItem.objects.create(
            meeting=meeting,
            position=position,
            title=line.title,
            notes=line.notes,
            commitment=line.commitment,
            decision=line.decision,
        )
    return meeting


def _mark_held_if_past(meeting: Meeting) -> None:
    """Recording what happened at a meeting that has started says it was held."""
    if meeting.status == MeetingStatus.PREVUE and meeting.starts_at <= timezone.now():
        meeting.status = MeetingStatus.TENUE


@transaction.atomic
def attendance_record(*, meeting: Meeting, statuses: dict[CercleMember, str], author=None) -> None:
    """Set each member's attendance at once (one form for all members)."""
    existing = {a.member_id: a for a in meeting.attendances.all()}
    for member, status in statuses.items():
        attendance = existing.get(member.pk)
        if attendance is None:
            Attendance.objects.create(meeting=meeting, member=member, status=status)
        elif attendance.status != status:
            attendance.status = status
            attendance.save(update_fields=["status"])
    _mark_held_if_past(meeting)
    with site_events.acting(author):  # a meeting held: its event
        meeting.save(update_fields=["status", "updated_at"])


@transaction.atomic
def minutes_record(*, meeting: Meeting, minutes: str, author=None) -> None:
    meeting.minutes = minutes
    _mark_held_if_past(meeting)
    with site_events.acting(author):  # a meeting held: its event
        meeting.save(update_fields=["minutes", "status", "updated_at"])


def commitment_set_status(*, commitment: Commitment, status: str, author=None) -> Commitment:
    """Move a commitment to « fait » (dated today), « abandonné » or back to « à faire »."""
    if status not in CommitmentStatus.values:
        raise ValidationError(_("Statut d'engagement inconnu."))
    commitment.status = status
    commitment.done_on = timezone.localdate() if status == CommitmentStatus.FAIT else None
    with site_events.acting(author):  # a commitment kept: its event
        commitment.save(update_fields=["status", "done_on", "updated_at"])
    return commitment


# --- Preparing the next meeting ------------------------------------------------------------


@dataclass
class NextMeetingProposal:
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    video_url: str
    commitments: list[Commitment]
    decisions: list[Decision]


def decisions_to_review(cercle: Cercle, by: datetime.date):
    """Decisions of the cercle whose review date has come by ``by`` and that no meeting
    has put back on its agenda since that date."""
    reviewed = AgendaItem.objects.filter(
        decision=OuterRef("pk"),
        meeting__starts_at__date__gte=OuterRef("review_on"),
    )
    return (
        Decision.objects.filter(meeting__cercle=cercle, review_on__lte=by)
        .exclude(Exists(reviewed))
        .select_related("meeting")
        .order_by("review_on", "pk")
    )


def next_meeting_proposal(meeting: Meeting) -> NextMeetingProposal:
    """What « préparer la suivante » proposes: the same weekday and time a month later,
    the same place, the cercle's open commitments and the decisions due for review."""
    tz = timezone.get_default_timezone()
    start = timezone.localtime(meeting.starts_at, tz)
    day = same_weekday_next_month(start.date())
    starts_at = timezone.make_aware(datetime.datetime.combine(day, start.time()), tz)
    ends_at = starts_at + (meeting.ends_at - meeting.starts_at)
    commitments = list(
        Commitment.objects.filter(meeting__cercle=meeting.cercle)
        .open()
        .select_related("owner")
        .order_by("due_on", "pk")
    )
    decisions = list(decisions_to_review(meeting.cercle, day))
    return NextMeetingProposal(
        starts_at=starts_at,
        ends_at=ends_at,
        place=meeting.place,
        video_url=meeting.video_url,
        commitments=commitments,
        decisions=decisions,
    )


def commitment_agenda_line(commitment: Commitment) -> AgendaLine:
    return AgendaLine(
        title=_("Suivi de l'engagement : %(text)s") % {"text": str(commitment)},
        notes=_("Porté par %(owner)s, échéance le %(due)s.")
        % {"owner": commitment.owner, "due": commitment.due_on.strftime("%d/%m/%Y")},
        commitment=commitment,
    )


def decision_agenda_line(decision: Decision) -> AgendaLine:
    return AgendaLine(
        title=_("Décision à revoir : %(text)s") % {"text": str(decision)},
        notes=_("Décidée le %(date)s, à revoir le %(review)s.")
        % {
            "date": timezone.localtime(decision.meeting.starts_at).strftime("%d/%m/%Y"),
            "review": decision.review_on.strftime("%d/%m/%Y"),
        },
        decision=decision,
    )


# --- Documents ------------------------------------------------------------------------------


@transaction.atomic
def document_attach(*, meeting: Meeting, upload, doctype: DocumentType, author) -> MeetingDocument:
    """Store an upload (already checked by ``cercles.documents.check_upload``) under a
    random name; if the transaction fails, the file is removed again."""
    document = MeetingDocument(
        meeting=meeting,
        original_name=upload.name[:255],
        content_type=doctype.content_type,
        size=upload.size,
        uploaded_by=author,
    )
    document.file.save("document", upload, save=False)
    try:
        document.save()
    except Exception:
        document.file.storage.delete(document.file.name)
        raise
    return document


@transaction.atomic
def document_delete(*, document: MeetingDocument) -> None:
    name, storage = document.file.name, document.file.storage
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- Calendar feed ---------------------------------------------------------------------------


def _lock_user(user) -> None:
    """One change of a user's feed address at a time: two at once would both delete the
    old row and both insert a new one, and the second would break the one-per-user rule."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk").first()


@transaction.atomic
def calendar_token_regenerate(*, user) -> str:
    """A new secret address for ``user``'s calendar feed; the old one stops working.

    Returns the raw token (``CalendarToken.raw`` gives it again later).
    """
    _lock_user(user)
    for token in CalendarToken.objects.filter(user=user):
        token.delete()  # one by one, so that the change journal records it
    nonce = CalendarToken.new_nonce()
    raw = CalendarToken.raw_for(user.pk, nonce)
    CalendarToken.objects.create(user=user, token_hash=hash_token(raw), nonce=nonce)
    return raw


@transaction.atomic
def calendar_token_revoke(*, user) -> None:
    _lock_user(user)
    for token in CalendarToken.objects.filter(user=user):
        token.delete()
