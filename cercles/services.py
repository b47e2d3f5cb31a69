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
from cercles.enums import (
    FORM_VALUES,
    OPTION_FORMS,
    REASON_REQUIRED,
    AnswerValue,
    CommitmentStatus,
    MeetingStatus,
    ProposalForm,
    ProposalStatus,
    ReplyAnswer,
)
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
    MeetingReply,
    Proposal,
    ProposalAnswer,
    ProposalOption,
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
    already_planned: Meeting | None = None  # the cercle's last meeting still to come


def decisions_to_review(cercle: Cercle, by: datetime.date):
    """Decisions of the cercle whose review date has come by ``by`` and that no meeting
    has put back on its agenda since that date."""
    reviewed = AgendaItem.objects.filter(
        decision=OuterRef("pk"),
        meeting__starts_at__date__gte=OuterRef("review_on"),
    )
    return (
        Decision.objects.filter(cercle=cercle, review_on__lte=by)
        .exclude(Exists(reviewed))
        .select_related("meeting")
        .order_by("review_on", "pk")
    )


# How many months « préparer la suivante » looks ahead for a free slot.
FREE_SLOT_SEARCH_MONTHS = 36


def next_meeting_proposal(meeting: Meeting) -> NextMeetingProposal:
    """What « préparer la suivante » proposes: the same weekday and time a month after
    the cercle's LAST planned meeting (this one when none comes after it), on the first
    such day from now on that no meeting of the cercle takes; the same place, the
    cercle's open commitments and the decisions due for review."""
    tz = timezone.get_default_timezone()
    now = timezone.now()
    planned = Meeting.objects.filter(cercle_id=meeting.cercle_id).exclude(
        status=MeetingStatus.ANNULEE
    )
    last = planned.order_by("-starts_at", "-pk").first()
    base = last if last is not None and last.starts_at > meeting.starts_at else meeting
    taken = {
        timezone.localtime(starts_at, tz).date()
        for starts_at in planned.filter(starts_at__gte=base.starts_at).values_list(
            "starts_at", flat=True
        )
    }
    start = timezone.localtime(base.starts_at, tz)
    day = same_weekday_next_month(start.date())
    for _month in range(FREE_SLOT_SEARCH_MONTHS):
        starts_at = timezone.make_aware(datetime.datetime.combine(day, start.time()), tz)
        if day not in taken and starts_at > now:
            break
        day = same_weekday_next_month(day)
    ends_at = starts_at + (base.ends_at - base.starts_at)
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
        already_planned=base if base.pk != meeting.pk and base.starts_at > now else None,
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
            "date": timezone.localtime(decision.taken_at).strftime("%d/%m/%Y"),
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


# --- Proposals -------------------------------------------------------------------------------


@dataclass
class OptionLine:
    label: str = ""
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None


@transaction.atomic
def proposal_open(
    *,
    cercle: Cercle,
    author,
    form: str,
    title: str,
    closes_at: datetime.datetime,
    text: str = "",
    options: list[OptionLine] = (),
    quorum: int | None = None,
    hide_results: bool = False,
    anonymous: bool = False,
    multiple: bool = False,
    max_volunteers: int | None = None,
) -> Proposal:
    """A new proposal put to the cercle's members, with its options (choix, date)."""
    if form in OPTION_FORMS and len([o for o in options if o.label or o.starts_at]) < 2:
        raise ValidationError(_("Proposez au moins deux options."))
    if closes_at <= timezone.now():
        raise ValidationError({"closes_at": _("La clôture doit être dans le futur.")})
    proposal = Proposal(
        cercle=cercle,
        form=form,
        title=title,
        text=text,
        closes_at=closes_at,
        quorum=quorum,
        hide_results=hide_results,
        anonymous=anonymous and form == ProposalForm.CHOIX,
        multiple=multiple and form == ProposalForm.CHOIX,
        max_volunteers=max_volunteers if form == ProposalForm.VOLONTAIRES else None,
        opened_by=author,
    )
    proposal.full_clean()
    with site_events.acting(author):
        proposal.save()
    if form in OPTION_FORMS:
        ProposalOption.objects.bulk_create(
            ProposalOption(
                proposal=proposal,
                position=position,
                label=line.label,
                starts_at=line.starts_at,
                ends_at=line.ends_at,
            )
            for position, line in enumerate((o for o in options if o.label or o.starts_at), start=1)
        )
    return proposal


def _check_member(proposal: Proposal, member: CercleMember) -> None:
    if member is None or member.cercle_id != proposal.cercle_id or not member.is_current():
        raise ValidationError(_("Seuls les membres du cercle répondent à ses propositions."))


@transaction.atomic
def proposal_answer(
    *,
    proposal: Proposal,
    member: CercleMember,
    value: str = "",
    reason: str = "",
    choices: dict[int, str] | None = None,
) -> None:
    """Record (or change) a member's answer while the proposal accepts answers.

    ``value`` answers the proposal itself (avis, consentement; « volontaire » or "" to
    withdraw); ``choices`` maps option ids to values (choix: the chosen ones, which
    replace the earlier choice; date: oui / si besoin / non per candidate date).
    """
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)  # one at a time
    if not proposal.accepts_answers():
        raise ValidationError(_("La proposition est close : les réponses ne sont plus acceptées."))
    _check_member(proposal, member)
    reason = reason.strip()
    allowed = FORM_VALUES[proposal.form]
    if proposal.form in OPTION_FORMS:
        options = {o.pk: o for o in proposal.options.all()}
        choices = {int(pk): v for pk, v in (choices or {}).items() if v}
        if any(pk not in options for pk in choices) or any(
            v not in allowed for v in choices.values()
        ):
            raise ValidationError(_("Cette réponse ne correspond pas à la proposition."))
        if not choices:
            raise ValidationError(_("Choisissez au moins une option."))
        if proposal.form == ProposalForm.CHOIX and not proposal.multiple and len(choices) > 1:
            raise ValidationError(_("Une seule option peut être choisie."))
        existing = {a.option_id: a for a in proposal.answers.filter(member=member)}
        if proposal.form == ProposalForm.CHOIX:
            for option_id, answer in existing.items():
                if option_id not in choices:
                    answer.delete()
        for option_id, chosen in choices.items():
            answer = existing.get(option_id)
            if answer is None:
                ProposalAnswer.objects.create(
                    proposal=proposal,
                    member=member,
                    option_id=option_id,
                    value=chosen,
                    reason=reason,
                )
            elif answer.value != chosen or answer.reason != reason:
                answer.value, answer.reason = chosen, reason
                answer.save(update_fields=["value", "reason", "updated_at"])
        return
    answer = proposal.answers.filter(member=member, option__isnull=True).first()
    if proposal.form == ProposalForm.VOLONTAIRES and not value:
        if answer is not None:
            answer.delete()  # withdrawn
        return
    if value not in allowed:
        raise ValidationError(_("Cette réponse ne correspond pas à la proposition."))
    if value in REASON_REQUIRED and not reason:
        raise ValidationError(
            {"reason": _("Une objection ou un blocage doit être motivé : donnez la raison.")}
        )
    if (
        proposal.form == ProposalForm.VOLONTAIRES
        and answer is None
        and proposal.max_volunteers
        and proposal.answers.count() >= proposal.max_volunteers
    ):
        raise ValidationError(
            _("Les %(count)s volontaires recherchés sont déjà inscrits.")
            % {"count": proposal.max_volunteers}
        )
    if answer is None:
        ProposalAnswer.objects.create(proposal=proposal, member=member, value=value, reason=reason)
    elif answer.value != value or answer.reason != reason:
        answer.value, answer.reason = value, reason
        answer.save(update_fields=["value", "reason", "updated_at"])


def best_date(proposal: Proposal) -> ProposalOption | None:
    """The candidate date with the most « oui », then the most « si besoin », then the
    earliest."""
    scored = []
    for option in proposal.options.all():
        answers = [a.value for a in option.answers.all()]
        scored.append(
            (
                -answers.count(AnswerValue.OUI),
                -answers.count(AnswerValue.SI_BESOIN),
                option.starts_at or timezone.now(),
                option.pk,
                option,
            )
        )
    return min(scored)[-1] if scored else None


@transaction.atomic
def proposal_close(
    *,
    proposal: Proposal,
    author,
    outcome: str,
    review_on: datetime.date | None = None,
    create_meeting: bool = False,
) -> Proposal:
    """Close the proposal: its outcome becomes a decision of the cercle's register (with
    its review date); a date poll may also create the meeting at the best date."""
    proposal = Proposal.objects.select_for_update().select_related("cercle").get(pk=proposal.pk)
    if proposal.is_closed:
        raise ValidationError(_("Cette proposition est déjà close."))
    outcome = outcome.strip()
    if not outcome:
        raise ValidationError({"outcome": _("Écrivez l'issue de la proposition.")})
    now = timezone.now()
    decision = Decision(
        cercle=proposal.cercle, text=outcome, review_on=review_on, created_by=author
    )
    decision.full_clean(exclude=["meeting"])
    decision.save()
    proposal.status = ProposalStatus.CLOSE
    proposal.outcome = outcome
    proposal.closed_at = now
    proposal.closed_by = author
    proposal.decision = decision
    if create_meeting and proposal.form == ProposalForm.DATE:
        option = best_date(proposal)
        if option is not None and option.starts_at:
            proposal.meeting = meeting_create(
                cercle=proposal.cercle,
                starts_at=option.starts_at,
                ends_at=option.ends_at or option.starts_at + datetime.timedelta(hours=2),
                agenda=[AgendaLine(title=proposal.title)],
                author=author,
            )
    with site_events.acting(author):
        proposal.save()
    return proposal


# --- Meetings people answer ------------------------------------------------------------------


@transaction.atomic
def meeting_reply(*, meeting: Meeting, member: CercleMember, answer: str) -> MeetingReply:
    """A member says whether they will come, until the meeting starts."""
    if answer not in ReplyAnswer.values:
        raise ValidationError(_("Réponse inconnue."))
    if member is None or member.cercle_id != meeting.cercle_id or not member.is_current():
        raise ValidationError(_("Seuls les membres du cercle répondent à ses invitations."))
    if meeting.status != MeetingStatus.PREVUE or meeting.starts_at <= timezone.now():
        raise ValidationError(_("Cette réunion a commencé ou n'a plus lieu : réponse impossible."))
    reply, _created = MeetingReply.objects.update_or_create(
        meeting=meeting, member=member, defaults={"answer": answer}
    )
    return reply


@dataclass
class MeetingSummary:
    """After a meeting: who came, which structures were there, what was decided."""

    present: int
    expected: int  # members of the cercle on that day
    structures: list[str]
    decisions: int
    commitments: int


def meeting_summary(meeting: Meeting, attendance_rows, decisions, commitments) -> MeetingSummary:
    """From what the meeting page already loaded (no query)."""
    present = [m for m, status in attendance_rows if status == "present"]
    structures = sorted(
        {str(m.personne.structure) for m in present if m.personne.structure_id is not None}
    )
    return MeetingSummary(
        present=len(present),
        expected=len(attendance_rows),
        structures=structures,
        decisions=len(decisions),
        commitments=len(commitments),
    )
