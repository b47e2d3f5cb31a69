"""Who may do what with cercles, as documented predicates.

Row scoping is ``Model.objects.for_user(user, action)`` (each model follows its site,
see ``cercles.querysets``); the yes/no questions below build on the site's rules.
"""

from quartiers import perms as site_perms


def can_manage_cercles(user, site) -> bool:
    """Creating cercles and recording their meetings is editing the site: members of the
    site, its chef de projet, its accompanying centre and administrators; observers read."""
    return site_perms.can_change(user, site)


def can_manage_cercles_somewhere(user) -> bool:
    """Creating a cercle, a member, a meeting, a decision or a commitment through the API
    needs at least one site the user may change (which one: the row's link, checked on
    its own)."""
    from quartiers.models import Site
    from quartiers.querysets import CHANGE

    return Site.objects.for_user(user, CHANGE).exists()
