"""The kinds of site events this app owns (registry and writing: ``quartiers.events``)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from financements.enums import FundingStatus
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
        related=("action", "funder"),
    )
)
