"""A commitment due soon (``ReminderSettings.commitment_notice_days``, 3 by default).

To: the person who carries it (``Commitment.owner``; their account when the person
has one). Nobody else. Once per due date: the occurrence is the due date, so moving it
makes a new reminder, and a missed sweep sends it later, once, until the due date.
Also the digest's « Vos engagements » section: the open commitments a person carries.
"""

from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cercles.models import Commitment, Meeting
from notifications.audience import as_recipient
from notifications.digest import DigestLine, DigestSection, DigestWindow, digest_section
from notifications.emails import absolute
from notifications.enums import Delivery
from notifications.registry import Due, ReminderKind, SweepContext, register


def commitment_data(commitment: Commitment) -> dict:
    """What the bell and the e-mail say, noted when the reminder is created (so that
    creating notifications never loads the objects again)."""
    return {
        "text": str(commitment),
        "due_on": commitment.due_on.isoformat(),
        "cercle": commitment.meeting.cercle.name,
        "owner": str(commitment.owner),
        "url": commitment.meeting.get_absolute_url(),
    }


# What the commitment kinds read of a commitment while planning (``commitment_data``,
# the recipients): 19,200 late commitments and their relations loaded whole cost
# seconds in model building and date parsing. The meeting keeps its calendar fields,
# which ``Meeting.from_db`` reads.
PLANNED_FIELDS = (
    "text",
    "due_on",
    "status",
    "owner__first_name",
    "owner__last_name",
    "owner__email",
    "owner__user__email",
    "owner__user__is_active",
    "meeting__cercle__name",
    *(f"meeting__{name}" for name in Meeting.CALENDAR_FIELDS),
)


def open_commitments(today: date):
    """Open commitments of cercles still running, with what the reminders need."""
    return (
        Commitment.objects.open()
        .filter(meeting__cercle__closed_on__isnull=True)
        .select_related("owner__user", "meeting__cercle")
        .order_by("due_on", "pk")
    )


def _day(value: str) -> str:
    return date.fromisoformat(value).strftime("%d/%m/%Y")


@register
class CommitmentDueSoon(ReminderKind):
    key = "engagement_echeance"  # stored in rows: never rename
    label = gettext_lazy("Engagement à échéance")
    description = gettext_lazy(
        "Quelques jours avant l'échéance d'un engagement (3 par défaut), à la personne qui "
        "le porte."
    )
    default_delivery = Delivery.IMMEDIATE  # a digest could arrive after the due date
    target_related = ("meeting__cercle__site", "owner")

    def due(self, ctx: SweepContext):
        horizon = ctx.today + timedelta(days=ctx.settings.commitment_notice_days)
        commitments = (
            open_commitments(ctx.today)
            .filter(due_on__gte=ctx.today, due_on__lte=horizon)
            .only(*PLANNED_FIELDS)
        )
        for commitment in commitments:
            yield Due(
                obj=commitment,
                recipient=as_recipient(commitment.owner),
                occurrence=commitment.due_on,
                data=commitment_data(commitment),
            )

    def still_due(self, reminder, ctx: SweepContext) -> bool:
        commitment = reminder.target
        return (
            commitment.is_open
            and commitment.due_on.isoformat() == reminder.occurrence
            and commitment.due_on >= ctx.today
        )

    def message(self, reminder) -> str:
        return _("Votre engagement « %(text)s » (%(cercle)s) arrive à échéance le %(date)s.") % {
            "text": reminder.data["text"],
            "cercle": reminder.data["cercle"],
            "date": _day(reminder.data["due_on"]),
        }

    def url(self, reminder) -> str:
        return reminder.data["url"]

    def context(self, reminder, ctx: SweepContext) -> dict:
        commitment = reminder.target
        return {
            **super().context(reminder, ctx),
            "commitment": commitment,
            "cercle": commitment.meeting.cercle,
            "days": (commitment.due_on - ctx.today).days,
            "link": absolute(reminder.data["url"]),
        }


@digest_section(order=12)
def my_commitments(user, sites, window: DigestWindow) -> DigestSection | None:
    """The open commitments the person carries, the late ones first."""
    commitments = (
        open_commitments(window.today)
        .owned_by(user)
        .with_lateness(window.today)
        .order_by("-late", "due_on", "pk")
    )
    lines = []
    for commitment in commitments:
        values = {
            "text": commitment,
            "cercle": commitment.meeting.cercle.name,
            "date": commitment.due_on.strftime("%d/%m/%Y"),
        }
        if commitment.late:
            text = _("En retard : « %(text)s » (%(cercle)s), échéance le %(date)s") % values
        else:
            text = _("« %(text)s » (%(cercle)s), pour le %(date)s") % values
        lines.append(DigestLine(text=text, url=absolute(commitment.meeting.get_absolute_url())))
    return DigestSection(title=_("Vos engagements"), lines=lines)
