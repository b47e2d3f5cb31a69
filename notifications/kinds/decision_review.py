"""A decision whose review date has come (``Decision.review_on``).

To: the cercle's current animateur·rices. Nobody else. From the review date, until a
meeting held on or after that date puts it back on its agenda (« préparer la
suivante » does). The occurrence is the review date: a new date, a new reminder.
Review dates more than a month old are not chased (``registry.STALE_AFTER``); the
cercle's page and « préparer la suivante » still list them.
"""

from datetime import date

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cercles.models import AgendaItem, Decision
from notifications.audience import as_recipient, unique_recipients
from notifications.emails import absolute
from notifications.enums import Delivery
from notifications.kinds.commitment_overdue import animateurs
from notifications.registry import STALE_AFTER, Due, ReminderKind, SweepContext, register


def reviewed() -> Exists:
    """A meeting on or after the review date has the decision on its agenda."""
    return Exists(
        AgendaItem.objects.filter(
            decision=OuterRef("pk"), meeting__starts_at__date__gte=OuterRef("review_on")
        )
    )


@register
class DecisionReview(ReminderKind):
    key = "decision_a_revoir"  # stored in rows: never rename
    label = gettext_lazy("Décision à revoir")
    description = gettext_lazy(
        "Le jour où une décision d'un cercle est à revoir, à l'animateur·rice du cercle, "
        "pour la remettre à l'ordre du jour."
    )
    default_delivery = Delivery.IMMEDIATE
    target_related = ("cercle__site", "meeting")

    def due(self, ctx: SweepContext):
        decisions = (
            Decision.objects.filter(
                review_on__lte=ctx.today,
                review_on__gte=ctx.today - STALE_AFTER,
                cercle__closed_on__isnull=True,
            )
            .exclude(reviewed())
            .select_related("cercle")
            .prefetch_related(animateurs(ctx.today, "cercle__memberships"))
            .order_by("review_on", "pk")
        )
        for decision in decisions:
            cercle = decision.cercle
            data = {
                "text": str(decision),
                "cercle": cercle.name,
                "review_on": decision.review_on.isoformat(),
                "url": cercle.get_absolute_url(),
            }
            team = [as_recipient(m.personne) for m in cercle.animateurs]
            for recipient in unique_recipients(team):
                yield Due(
                    obj=decision, recipient=recipient, occurrence=decision.review_on, data=data
                )

    def still_due(self, reminder, ctx: SweepContext) -> bool:
        decision = reminder.target
        if decision.review_on is None or decision.review_on.isoformat() != reminder.occurrence:
            return False
        return not Decision.objects.filter(pk=decision.pk).filter(reviewed()).exists()

    def message(self, reminder) -> str:
        return _("La décision « %(text)s » (%(cercle)s) est à revoir depuis le %(date)s.") % {
            "text": reminder.data["text"],
            "cercle": reminder.data["cercle"],
            "date": date.fromisoformat(reminder.data["review_on"]).strftime("%d/%m/%Y"),
        }

    def url(self, reminder) -> str:
        return reminder.data["url"]

    def context(self, reminder, ctx: SweepContext) -> dict:
        decision = reminder.target
        return {
            **super().context(reminder, ctx),
            "decision": decision,
            "meeting": decision.meeting,
            "cercle": decision.cercle,
            "link": absolute(reminder.data["url"]),
        }
