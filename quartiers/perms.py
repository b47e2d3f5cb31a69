"""Business rules about who may do what, as documented predicates.

Row scoping (which sites a user reaches) is ``Model.objects.for_user`` in
``quartiers.querysets``; the predicates here answer yes/no questions for one object
and are used by views and templates alike.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.enums import Role
from quartiers.querysets import CHANGE, VIEW, is_signed_in


def get_object_or_deny(user, queryset, action: str = VIEW, **lookup):
    """The object ``lookup`` finds, if ``user`` may ``action`` it.

    Out of the user's sight, it does not exist (404); in sight but not theirs to
    change, the refusal is explicit (403).
    """
    obj = get_object_or_404(queryset.for_user(user, VIEW), **lookup)
    if action == CHANGE and not can_change(user, obj):
        raise PermissionDenied
    return obj


def _in_scope(user, obj, action: str) -> bool:
    return type(obj).objects.for_user(user, action).filter(pk=obj.pk).exists()


def can_view(user, obj) -> bool:
    return _in_scope(user, obj, VIEW)


def can_change(user, obj) -> bool:
    return _in_scope(user, obj, CHANGE)


def can_create_site(user) -> bool:
    """ANCT roles open sites; a chef de projet follows the sites they open."""
    return is_signed_in(user) and user.is_national


def can_delete_site(user) -> bool:
    return is_signed_in(user) and user.is_admin


def can_change_reference(user) -> bool:
    """Territories come from official files: only national administrators touch them."""
    return is_signed_in(user) and user.is_admin


def can_manage_programme(user) -> bool:
    """Cohorts and formation-action sessions are kept by the ANCT roles."""
    return is_signed_in(user) and user.is_national


def can_create_directory_entry(user) -> bool:
    """Anyone who edits something may add a structure or a person; observers only read."""
    return is_signed_in(user) and (user.is_admin or user.role != Role.OBSERVATEUR)


def can_assign_chef_de_projet(user) -> bool:
    return is_signed_in(user) and user.is_admin


def can_manage_users(user) -> bool:
    return is_signed_in(user) and user.is_admin


def accompaniment_centres(user):
    """The resource centres a user may name on an accompaniment: a centre's staff only
    their own centre(s), everyone else any centre."""
    from quartiers.enums import StructureKind
    from quartiers.models import Structure

    centres = Structure.objects.filter(kind=StructureKind.CENTRE_RESSOURCES)
    if user.role == Role.CENTRE:
        centres = centres.filter(members=user)
    return centres


def can_follow_up(user, site) -> bool:
    """Chasing a site « à relancer » is the work of ANCT and of the resource centres,
    on the sites they see."""
    if not is_signed_in(user) or not (user.is_national or user.role == Role.CENTRE):
        return False
    return _in_scope(user, site, VIEW)


def can_manage_accompaniment(user, accompaniment) -> bool:
    """ANCT roles that edit the site, or the accompanying centre's own staff."""
    if not is_signed_in(user):
        return False
    if user.role == Role.CENTRE:
        return accompaniment.centre.members.filter(pk=user.pk).exists() and can_change(
            user, accompaniment.site
        )
    return can_change(user, accompaniment.site)
