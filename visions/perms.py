"""Who may do what with visions, indicators and actions, as documented predicates.

Rows are scoped by ``Model.objects.for_user(user, action)``: each follows its site
(``quartiers.querysets.SiteScopedQuerySet``), so changing an objective, an indicator, a
measurement or an action is changing its site (``quartiers.perms.can_change``). The
pages and the API ask the questions below.
"""

from quartiers.models import Site
from quartiers.querysets import CHANGE


def can_contribute(user) -> bool:
    """Adding something to a site's vision, measurement or action plan needs at least
    one site the user may change (which site: the row's link, checked on its own)."""
    return Site.objects.for_user(user, CHANGE).exists()


def can_edit_vision_text(vision) -> bool:
    """An adopted text is frozen until a revision is opened."""
    return vision.is_editable
