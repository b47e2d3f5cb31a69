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


# --- Proposals -------------------------------------------------------------------------------


def member_of(user, cercle):
    """The user's current membership of the cercle (through their ``Personne``), or None."""
    from cercles.models import CercleMember

    return (
        CercleMember.objects.current()
        .of_user(user)
        .filter(cercle=cercle)
        .select_related("personne")
        .order_by("pk")
        .first()
    )


def is_own(member, user) -> bool:
    """The membership is this account's (as ``CercleMemberQuerySet.of_user``), from a
    membership loaded with its person."""
    if not (user and user.is_authenticated):
        return False
    personne = member.personne
    if personne.user_id is not None:
        return personne.user_id == user.pk
    return bool(user.email) and personne.email.lower() == user.email.lower()


def can_lead(user, cercle, member=None) -> bool:
    """The animateur·rice of the cercle (a current member with that role), or an ANCT
    role that may change its site: they may restrict, close and write the outcome."""
    if member is not None and member.role == "animateur":
        return True
    return bool(user.is_authenticated and user.is_national) and can_manage_cercles(
        user, cercle.site
    )


def can_open_proposal(user, cercle, member=None) -> bool:
    """Any member of an active cercle, or anyone who may change its site; only its
    animateur·rices (and ANCT roles) when the cercle says so."""
    if not cercle.is_active:
        return False
    if can_lead(user, cercle, member):
        return True
    if cercle.proposals_animateurs_only:
        return False
    return member is not None or can_manage_cercles(user, cercle.site)
