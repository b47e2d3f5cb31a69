"""A new proposal in a cercle, and « clôture dans 24 h ».

« Nouvelle proposition » (``proposition_nouvelle``): to every current member of the
cercle, once (the occurrence is the opening), while it accepts answers.
« Clôture dans 24 h » (``proposition_cloture``): to the current members who have not
answered, once per closing date, from 24 hours before it; cancelled at sending if they
answered since or the proposal closed.
Both carry one-click answers (``cercles.answer_links``: signed, expiring, single-use
links bound to the member, the proposal and the answer) where the form allows it.
"""

from datetime import timedelta

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cercles.answer_links import answer_links
from cercles.enums import ProposalStatus
from cercles.models import CercleMember, Proposal, ProposalAnswer
from notifications.audience import as_recipient
from notifications.emails import absolute
from notifications.enums import Delivery
from notifications.registry import STALE_AFTER, Due, ReminderKind, SweepContext, register

CLOSING_NOTICE = timedelta(hours=24)


def _open_proposals(ctx: SweepContext):
    return (
        Proposal.objects.filter(
            status=ProposalStatus.OUVERTE,
            closes_at__gt=ctx.now,
            cercle__closed_on__isnull=True,
        )
        .select_related("cercle")
        .order_by("closes_at", "pk")
    )


def _members(ctx: SweepContext):
    return CercleMember.objects.current(ctx.today).select_related("personne__user").order_by("pk")


def _data(proposal, member) -> dict:
    return {
        "title": proposal.title,
        "cercle": proposal.cercle.name,
        "form": proposal.get_form_display(),
        "closes_at": timezone.localtime(proposal.closes_at).strftime("%d/%m/%Y à %H:%M"),
        "url": proposal.get_absolute_url(),
        "member": member.pk,
    }


class _ProposalKind(ReminderKind):
    target_related = ("cercle__site",)
    default_delivery = Delivery.IMMEDIATE  # a digest could come after the closing

    def url(self, reminder) -> str:
        return reminder.data["url"]

    def _member(self, reminder):
        return (
            CercleMember.objects.select_related("personne")
            .filter(pk=reminder.data.get("member"), cercle_id=reminder.target.cercle_id)
            .first()
        )

    def still_due(self, reminder, ctx: SweepContext) -> bool:
        member = self._member(reminder)
        return (
            member is not None
            and member.is_current(ctx.today)
            and reminder.target.accepts_answers(ctx.now)
        )

    def context(self, reminder, ctx: SweepContext) -> dict:
        proposal, member = reminder.target, self._member(reminder)
        return {
            **super().context(reminder, ctx),
            "proposal": proposal,
            "cercle": proposal.cercle,
            "closes_at": reminder.data["closes_at"],
            "answers": answer_links(member, proposal) if member is not None else [],
            "link": absolute(reminder.data["url"]),
        }


@register
class ProposalNew(_ProposalKind):
    key = "proposition_nouvelle"  # stored in rows: never rename
    label = gettext_lazy("Nouvelle proposition")
    description = gettext_lazy(
        "Quand une proposition est ouverte dans un cercle, à ses membres, avec des liens "
        "pour répondre en un clic."
    )

    def due(self, ctx: SweepContext):
        proposals = _open_proposals(ctx).filter(opened_at__gte=ctx.now - STALE_AFTER)
        proposals = proposals.prefetch_related(
            Prefetch("cercle__memberships", queryset=_members(ctx), to_attr="current_members")
        )
        for proposal in proposals:
            for member in _unique(proposal.cercle.current_members):
                yield Due(
                    obj=proposal,
                    recipient=as_recipient(member.personne),
                    occurrence=proposal.opened_at,
                    data=_data(proposal, member),
                )

    def message(self, reminder) -> str:
        return (
            _(
                "Nouvelle proposition dans le cercle « %(cercle)s » : « %(title)s », "
                "réponses jusqu'au %(closes_at)s."
            )
            % reminder.data
        )


@register
class ProposalClosing(_ProposalKind):
    key = "proposition_cloture"  # stored in rows: never rename
    label = gettext_lazy("Proposition : clôture dans 24 h")
    description = gettext_lazy(
        "24 heures avant la clôture d'une proposition, aux membres du cercle qui n'y ont "
        "pas répondu."
    )
    digest_allowed = False  # a weekly digest would come after the closing

    def due(self, ctx: SweepContext):
        proposals = list(
            _open_proposals(ctx)
            .filter(closes_at__lte=ctx.now + CLOSING_NOTICE)
            .prefetch_related(
                Prefetch("cercle__memberships", queryset=_members(ctx), to_attr="current_members")
            )
        )
        answered = set(
            ProposalAnswer.objects.filter(proposal__in=proposals).values_list(
                "proposal_id", "member_id"
            )
        )
        for proposal in proposals:
            members = [
                m for m in proposal.cercle.current_members if (proposal.pk, m.pk) not in answered
            ]
            for member in _unique(members):
                yield Due(
                    obj=proposal,
                    recipient=as_recipient(member.personne),
                    occurrence=proposal.closes_at,
                    data=_data(proposal, member),
                )

    def still_due(self, reminder, ctx: SweepContext) -> bool:
        if not super().still_due(reminder, ctx):
            return False
        answered = ProposalAnswer.objects.filter(
            proposal=reminder.target, member_id=reminder.data.get("member")
        )
        return not answered.exists()

    def message(self, reminder) -> str:
        return (
            _(
                "La proposition « %(title)s » (%(cercle)s) se clôt le %(closes_at)s : "
                "vous n'y avez pas encore répondu."
            )
            % reminder.data
        )


def _unique(members):
    """One membership per recipient (a person is a member of a cercle once at a time;
    two people on one account: the first)."""
    seen, result = set(), []
    for member in members:
        recipient = as_recipient(member.personne)
        key = (type(recipient).__name__, recipient.pk)
        if key not in seen:
            seen.add(key)
            result.append(member)
    return result
