"""The kinds of site events this app owns (registry and writing: ``quartiers.events``)."""

import datetime

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cercles.enums import CommitmentStatus, MeetingStatus, ProposalStatus
from cercles.models import Commitment, Meeting
from quartiers.events import EventKind, Fact, register, sync


def _meeting_held(meeting, today) -> Fact | None:
    if meeting.status != MeetingStatus.TENUE:
        return None
    return Fact(
        meeting.cercle.site_id,
        meeting.starts_at,
        meeting.cercle.name,
        _("réunion n° %(number)s") % {"number": meeting.sequence},
        link_id=meeting.pk,
    )


def _decision(decision, today) -> Fact | None:
    """A decision taken in a meeting; one taken by closing a proposal is that
    proposal's « proposition close » event."""
    meeting = decision.meeting
    if meeting is None:
        return None
    return Fact(
        meeting.cercle.site_id,
        meeting.starts_at,  # taken at the meeting
        decision.text,
        meeting.cercle.name,
        link_id=meeting.pk,
        actor_id=decision.created_by_id,
    )


def _commitment(commitment, on: datetime.date) -> Fact:
    return Fact(
        commitment.meeting.cercle.site_id,
        on,
        commitment.text,
        str(commitment.owner),
        link_id=commitment.meeting_id,
    )


def _commitment_done(commitment, today) -> Fact | None:
    if commitment.status != CommitmentStatus.FAIT or commitment.done_on is None:
        return None
    return _commitment(commitment, commitment.done_on)


def _commitment_late(commitment, today) -> Fact | None:
    """Late from the day after its due date: still to do then, or done after it."""
    if commitment.status == CommitmentStatus.ABANDONNE:
        return None
    done = commitment.done_on if commitment.status == CommitmentStatus.FAIT else None
    if commitment.due_on >= (done or today):
        return None
    return _commitment(commitment, commitment.due_on + datetime.timedelta(days=1))


def _proposal_opened(proposal, today) -> Fact:
    return Fact(
        proposal.cercle.site_id,
        proposal.opened_at,
        proposal.title,
        proposal.cercle.name,
        link_id=proposal.pk,
        actor_id=proposal.opened_by_id,
    )


def _proposal_closed(proposal, today) -> Fact | None:
    """Its outcome, a decision of the cercle's register taken between meetings."""
    if proposal.status != ProposalStatus.CLOSE or proposal.closed_at is None:
        return None
    return Fact(
        proposal.cercle.site_id,
        proposal.closed_at,
        proposal.outcome or proposal.title,
        proposal.cercle.name,
        link_id=proposal.pk,
        actor_id=proposal.closed_by_id,
    )


COMMITMENT = {
    "model": "cercles.Commitment",
    "url_name": "cercles:meeting_detail",
    "related": ("meeting__cercle", "owner"),
}

register(
    EventKind(
        "reunion",
        "cercles.Meeting",
        _meeting_held,
        title=gettext_lazy("Réunion tenue"),
        group="reunion",
        group_label=gettext_lazy("réunions tenues"),
        badge="fr-badge--blue-ecume",
        url_name="cercles:meeting_detail",
        related=("cercle",),
    )
)
register(
    EventKind(
        "decision",
        "cercles.Decision",
        _decision,
        title=gettext_lazy("Décision"),
        group="decision",
        group_label=gettext_lazy("décisions"),
        badge="fr-badge--purple-glycine",
        url_name="cercles:meeting_detail",
        related=("meeting__cercle",),
    )
)
register(
    EventKind(
        "engagement_tenu",
        fact=_commitment_done,
        title=gettext_lazy("Engagement tenu"),
        group="engagement_tenu",
        group_label=gettext_lazy("engagements tenus"),
        badge="fr-badge--success",
        **COMMITMENT,
    )
)
register(
    EventKind(
        "engagement_en_retard",
        fact=_commitment_late,
        title=gettext_lazy("Échéance dépassée"),
        group="engagement_en_retard",
        group_label=gettext_lazy("engagements en retard"),
        badge="fr-badge--error",
        activity=False,  # a sign of silence, not of activity
        due=lambda today: Commitment.objects.overdue(today),
        **COMMITMENT,
    )
)

register(
    EventKind(
        "proposition_ouverte",
        "cercles.Proposal",
        _proposal_opened,
        title=gettext_lazy("Proposition ouverte"),
        group="proposition",
        group_label=gettext_lazy("propositions"),
        badge="fr-badge--info",
        url_name="cercles:proposal_detail",
        related=("cercle",),
    )
)
register(
    EventKind(
        "proposition_close",
        "cercles.Proposal",
        _proposal_closed,
        title=gettext_lazy("Proposition close : décision"),
        group="decision",
        group_label=gettext_lazy("décisions"),
        badge="fr-badge--purple-glycine",
        url_name="cercles:proposal_detail",
        related=("cercle",),
    )
)


@receiver(post_save, sender=Meeting, dispatch_uid="site-events:meeting-moved")
def meeting_moved(sender, instance, raw=False, **kwargs):
    """A meeting's decisions are dated by it: they move with it."""
    if not raw:
        for decision in instance.decisions.select_related("meeting__cercle"):
            sync(decision)
