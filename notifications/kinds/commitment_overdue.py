"""A commitment past its due date and still « à faire ».

To: the person who carries it, from the day after the due date; and the cercle's
animateur·rices too once it is ``ReminderSettings.commitment_escalation_days`` late
(7 by default). Same occurrence (the due date), different recipients: each gets it
once. Nobody else. A commitment late for more than a month when the reminder would be
created (the kind deployed on old data, a long outage) is not reminded: the digest's
« Vos engagements » still shows it.
"""

from datetime import date, timedelta

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cercles.enums import MemberRole
from cercles.models import CercleMember
from notifications.audience import as_recipient, unique_recipients
from notifications.emails import absolute
from notifications.enums import Delivery
from notifications.kinds.commitment_due import PLANNED_FIELDS, commitment_data, open_commitments
from notifications.registry import STALE_AFTER, Due, ReminderKind, SweepContext, register

OWNER, ANIMATEUR = "porteur", "animateur"


def animateurs(today: date, lookup: str = "memberships") -> Prefetch:
    """``cercle.animateurs``: the cercle's current animateur·rices, with their account
    (``lookup`` leads to the cercle's memberships)."""
    return Prefetch(
        lookup,
        queryset=CercleMember.objects.current(today)
        .filter(role=MemberRole.ANIMATEUR)
        .select_related("personne__user")
        .order_by("pk"),
        to_attr="animateurs",
    )


@register
class CommitmentOverdue(ReminderKind):
    key = "engagement_en_retard"  # stored in rows: never rename
    label = gettext_lazy("Engagement en retard")
    description = gettext_lazy(
        "Le lendemain de l'échéance d'un engagement qui n'est pas fait, à la personne qui le "
        "porte ; au bout de 7 jours de retard (par défaut), aussi à l'animateur·rice du cercle."
    )
    default_delivery = Delivery.IMMEDIATE
    target_related = ("meeting__cercle__site", "owner")

    def due(self, ctx: SweepContext):
        escalation = ctx.settings.commitment_escalation_days
        commitments = (
            open_commitments(ctx.today)
            .filter(
                due_on__lt=ctx.today,
                due_on__gte=ctx.today - timedelta(days=escalation) - STALE_AFTER,
            )
            .only(*PLANNED_FIELDS)
            .prefetch_related(animateurs(ctx.today, "meeting__cercle__memberships"))
        )
        for commitment in commitments:
            data = commitment_data(commitment)
            owner = as_recipient(commitment.owner)
            if commitment.due_on >= ctx.today - STALE_AFTER:
                yield Due(
                    obj=commitment,
                    recipient=owner,
                    occurrence=commitment.due_on,
                    data={**data, "role": OWNER},
                )
            if (ctx.today - commitment.due_on).days < escalation:
                continue
            team = [as_recipient(m.personne) for m in commitment.meeting.cercle.animateurs]
            for recipient in unique_recipients(team):
                if recipient == owner:
                    continue  # the animateur carries it: told once, as its owner
                yield Due(
                    obj=commitment,
                    recipient=recipient,
                    occurrence=commitment.due_on,
                    data={**data, "role": ANIMATEUR},
                )

    def still_due(self, reminder, ctx: SweepContext) -> bool:
        commitment = reminder.target
        return commitment.is_open and commitment.due_on.isoformat() == reminder.occurrence

    def message(self, reminder) -> str:
        values = {
            "text": reminder.data["text"],
            "cercle": reminder.data["cercle"],
            "owner": reminder.data["owner"],
            "date": date.fromisoformat(reminder.data["due_on"]).strftime("%d/%m/%Y"),
        }
        if reminder.data.get("role") == ANIMATEUR:
            return (
                _(
                    "L'engagement « %(text)s » de %(owner)s (%(cercle)s) est en retard depuis "
                    "le %(date)s."
                )
                % values
            )
        return _("Votre engagement « %(text)s » (%(cercle)s) était à tenir le %(date)s.") % values

    def url(self, reminder) -> str:
        return reminder.data["url"]

    def context(self, reminder, ctx: SweepContext) -> dict:
        commitment = reminder.target
        return {
            **super().context(reminder, ctx),
            "commitment": commitment,
            "cercle": commitment.meeting.cercle,
            "days_late": (ctx.today - commitment.due_on).days,
            "as_animateur": reminder.data.get("role") == ANIMATEUR,
            "link": absolute(reminder.data["url"]),
        }
