"""Who may do what with funding and calls, as documented predicates.

Row scoping is ``Model.objects.for_user`` (funding lines follow their action's site;
a call's rows follow its site, and its reviewers read them too).
"""

from django.utils import timezone

from quartiers import perms as site_perms
from quartiers.querysets import is_signed_in


def can_manage_calls(user, site) -> bool:
    """Opening a call, entering proposals and deciding is editing the site (the trinôme,
    its chef de projet, its members, its centre, administrators); observers read."""
    return site_perms.can_change(user, site)


def is_reviewer(user, call) -> bool:
    """A current member of one of the cercles the call names as reviewers."""
    from cercles.models import CercleMember

    if not is_signed_in(user):
        return False
    return CercleMember.objects.filter(
        cercle__in=call.reviewer_cercles.all(), personne__user=user, left_on__isnull=True
    ).exists()


def can_review(user, proposal, today=None) -> bool:
    """Reviewers score a counted proposal once the call is closed, until it is decided."""
    return (
        proposal.call.is_closed(today or timezone.localdate())
        and proposal.status == "deposee"
        and is_reviewer(user, proposal.call)
    )


def can_decide(user, proposal, today=None) -> bool:
    return (
        proposal.call.is_closed(today or timezone.localdate())
        and proposal.status != "a_confirmer"
        and can_manage_calls(user, proposal.call.site)
    )
