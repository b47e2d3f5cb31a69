"""Who may do what with visions, indicators and actions, as documented predicates.

Rows are scoped by ``Model.objects.for_user(user, action)``: each follows its site
(``quartiers.querysets.SiteScopedQuerySet``), so changing an objective, an indicator, a
measurement or an action is changing its site (``quartiers.perms.can_change``). The
pages and the API ask the questions below.
"""

from accounts.enums import Role
from quartiers.models import Site
from quartiers.querysets import CHANGE, is_signed_in


def can_contribute(user) -> bool:
    """Adding something to a site's vision, measurement or action plan needs at least
    one site the user may change (which site: the row's link, checked on its own)."""
    return Site.objects.for_user(user, CHANGE).exists()


def can_edit_vision_text(vision) -> bool:
    """An adopted text is frozen until a revision is opened."""
    return vision.is_editable


def can_curate_library(user) -> bool:
    """ANCT (administrators and chefs de projet) curates the indicator library."""
    return is_signed_in(user) and user.is_national


def can_save_template(user) -> bool:
    """ANCT or a resource centre saves a template from an adopted vision."""
    return is_signed_in(user) and (user.is_national or user.role == Role.CENTRE)
