"""The kinds of site events this app owns (registry and writing: ``quartiers.events``)."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from financements.enums import FundingStatus
from financements.models import Call
from qic.numbers import format_decimal
from quartiers.events import EventKind, Fact, register


def _funding_granted(line, today) -> Fact | None:
    """Granted on the day of its convention (or decree)."""
    if line.status not in FundingStatus.granted_statuses() or line.convention_date is None:
        return None
    return Fact(
        line.action.site_id,
        line.convention_date,
        line.action.title,
        _("%(funder)s : %(amount)s €")
        % {"funder": line.funder.name, "amount": format_decimal(line.granted, places=2)},
        link_id=line.action_id,
    )


register(
    EventKind(
        "financement_accorde",
        "financements.FundingLine",
        _funding_granted,
        title=gettext_lazy("Financement accordé"),
        group="financement",
        group_label=gettext_lazy("financements accordés"),
        badge="fr-badge--green-emeraude",
        url_name="visions:action_detail",
        activity=False,  # a funder's decision, not something the site's people did
        related=("action", "funder"),
    )
)


def _call_opened(call, today) -> Fact | None:
    if call.opens_on > today:
        return None
    return Fact(call.site_id, call.opens_on, call.title, _("appel à vision"), link_id=call.pk)


def _call_closed(call, today) -> Fact | None:
    """Closed from the day after its last day."""
    if call.closes_on >= today:
        return None
    return Fact(
        call.site_id,
        call.closes_on + datetime.timedelta(days=1),
        call.title,
        _("appel à vision"),
        link_id=call.pk,
    )


def _proposal_decided(proposal, today) -> Fact | None:
    if not proposal.decision or proposal.decided_on is None:
        return None
    return Fact(
        proposal.call.site_id,
        proposal.decided_on,
        proposal.title,
        proposal.get_decision_display(),
        link_id=proposal.pk,
        actor_id=proposal.decided_by_id,
    )


def _recent(field):
    """Calls whose day came in the last week (the daily job may have missed a day)."""

    def rows(today):
        week = today - datetime.timedelta(days=7)
        return Call.objects.filter(**{f"{field}__gte": week, f"{field}__lte": today})

    return rows


register(
    EventKind(
        "appel_ouvert",
        "financements.Call",
        _call_opened,
        title=gettext_lazy("Appel à vision ouvert"),
        group="appel",
        group_label=gettext_lazy("appels à vision"),
        badge="fr-badge--blue-cumulus",
        url_name="financements:call_detail",
        due=_recent("opens_on"),
    )
)
register(
    EventKind(
        "appel_clos",
        "financements.Call",
        _call_closed,
        title=gettext_lazy("Appel à vision clos"),
        group="appel",
        group_label=gettext_lazy("appels à vision"),
        badge="fr-badge--blue-cumulus",
        url_name="financements:call_detail",
        due=lambda today: _recent("closes_on")(today - datetime.timedelta(days=1)),
    )
)
register(
    EventKind(
        "decision_appel",
        "financements.Proposal",
        _proposal_decided,
        title=gettext_lazy("Décision sur une proposition"),
        group="appel",
        group_label=gettext_lazy("appels à vision"),
        badge="fr-badge--purple-glycine",
        url_name="financements:proposal_detail",
        related=("call",),
    )
)
