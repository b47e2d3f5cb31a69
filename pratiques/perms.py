"""Who may do what with practices, as documented predicates.

Reading is ``Practice.objects.for_user`` (``pratiques.querysets``): a published practice
is the whole programme's; a draft or a proposed one stays on its site. The questions
below are asked by the pages and the API alike.
"""

from accounts.enums import Role
from pratiques.enums import PracticeStatus
from quartiers.models import Site
from quartiers.querysets import CHANGE, is_signed_in


def can_write(user) -> bool:
    """Writing a practice needs a site the user may change."""
    return Site.objects.for_user(user, CHANGE).exists()


def can_edit(user, practice) -> bool:
    """The site edits its practice until it is published (then it is the programme's)."""
    return (
        is_signed_in(user)
        and practice.status != PracticeStatus.PUBLIEE
        and Site.objects.for_user(user, CHANGE).filter(pk=practice.site_id).exists()
    )


def is_reviewer(user, site) -> bool:
    """ANCT (administrators and chefs de projet) or the resource centre that currently
    accompanies the site."""
    if not is_signed_in(user):
        return False
    if user.is_national:
        return True
    return (
        user.role == Role.CENTRE
        and Site.objects.for_user(user, CHANGE).filter(pk=site.pk if site else None).exists()
    )


def can_review(user, practice) -> bool:
    return practice.status == PracticeStatus.PROPOSEE and is_reviewer(user, practice.site)


def adoptable_sites(user, practice):
    """The sites where ``user`` may adopt ``practice``: those they change, other than its
    own, that have not adopted it yet."""
    return (
        Site.objects.for_user(user, CHANGE)
        .exclude(pk=practice.site_id)
        .exclude(practice_adoptions__practice=practice)
        .order_by("name")
    )


def can_adopt(user, practice) -> bool:
    return practice.is_published and adoptable_sites(user, practice).exists()


def can_ask(user, practice) -> bool:
    """A question goes to a named contact who agreed, never to oneself."""
    return (
        is_signed_in(user)
        and practice.is_published
        and practice.contact_id is not None
        and practice.contact_agreed
        and practice.contact_id != user.pk
        and practice.contact.is_active
    )
