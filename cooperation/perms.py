"""Who may see and change a site's map of actors, as documented predicates.

The map and its metrics are seen by whoever sees the site; hand-made links are added,
changed and removed by whoever may change the site (observers read). The national
comparison is for the ANCT roles.
"""

from quartiers import perms as site_perms
from quartiers.querysets import is_signed_in


def can_manage_links(user, site) -> bool:
    return site_perms.can_change(user, site)


def can_view_national(user) -> bool:
    return is_signed_in(user) and user.is_national
