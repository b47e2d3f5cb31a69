"""Scoping: the one entry point that says which rows a user may see or change.

Every view, export and API endpoint starts from ``Model.objects.for_user(user, action)``
so that pages and API can never disagree. ``action`` is ``"view"`` or ``"change"``.
Role rules (see README, « Rôles ») live here and in ``quartiers.perms``; nowhere else.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.enums import Role

VIEW = "view"
CHANGE = "change"
ACTIONS = (VIEW, CHANGE)


def _check_action(action: str) -> None:
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}; expected one of {ACTIONS}.")


def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


class ReferenceQuerySet(models.QuerySet):
    """Official reference data (régions, communes, QPV…): all signed-in users read it,
    only national administrators change it (usually through ``import_qpv``)."""

    def for_user(self, user, action: str = VIEW):
        _check_action(action)
        if not is_signed_in(user):
            return self.none()
        if action == VIEW or user.is_admin:
            return self.all()
        return self.none()


class ProgrammeQuerySet(models.QuerySet):
    """Programme-wide records (cohorts, formation-action sessions): all signed-in users
    read them, the ANCT roles keep them."""

    def for_user(self, user, action: str = VIEW):
        _check_action(action)
        if not is_signed_in(user):
            return self.none()
        if action == VIEW or user.is_national:
            return self.all()
        return self.none()


class SiteQuerySet(models.QuerySet):
    def for_user(self, user, action: str = VIEW):
        _check_action(action)
        if not is_signed_in(user):
            return self.none()
        if user.is_admin:
            return self.all()
        from quartiers.models import Accompaniment, SiteAccess

        role = user.role
        if role == Role.CHEF_DE_PROJET:
            return self.all() if action == VIEW else self.filter(chef_de_projet=user)
        if role in (Role.MEMBRE, Role.OBSERVATEUR):
            if role == Role.OBSERVATEUR and action == CHANGE:
                return self.none()
            granted = SiteAccess.objects.filter(site=OuterRef("pk"), user=user)
            return self.filter(Exists(granted))
        if role == Role.CENTRE:
            # A centre reads every site it has accompanied, and edits those it still does.
            accompaniments = Accompaniment.objects.filter(site=OuterRef("pk"), centre__members=user)
            if action == CHANGE:
                today = timezone.localdate()
                accompaniments = accompaniments.filter(
                    Q(end_date__isnull=True) | Q(end_date__gte=today)
                )
            return self.filter(Exists(accompaniments))
        return self.none()


class SiteScopedQuerySet(models.QuerySet):
    """Rows that belong to a site: visible and changeable exactly as their site is.

    The model names the path to its site in ``site_path`` (``"site"`` by default).
    """

    def for_user(self, user, action: str = VIEW):
        from quartiers.models import Site

        sites = Site.objects.for_user(user, action)
        path = getattr(self.model, "site_path", "site")
        return self.filter(**{f"{path}__in": sites.values("pk")})


class TrinomeMandateQuerySet(SiteScopedQuerySet):
    def current(self, today=None):
        """The mandates held on ``today``: the trinôme a site shows (pages, API, PDF)."""
        today = today or timezone.localdate()
        return self.filter(start_date__lte=today).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today)
        )


class StructureQuerySet(models.QuerySet):
    """Organisations are a shared directory: every signed-in user reads it; a user changes
    the ones they created or belong to, national administrators all of them."""

    def for_user(self, user, action: str = VIEW):
        _check_action(action)
        if not is_signed_in(user):
            return self.none()
        if action == VIEW or user.is_admin:
            return self.all()
        if user.role == Role.OBSERVATEUR:
            return self.none()
        belongs = Exists(
            self.model.members.through.objects.filter(structure=OuterRef("pk"), user=user)
        )
        return self.filter(belongs | Q(created_by=user))


class PersonneQuerySet(models.QuerySet):
    """People are personal data: a user sees the people of the sites they see (and those
    they entered themselves); ANCT roles see everyone."""

    def for_user(self, user, action: str = VIEW):
        _check_action(action)
        if not is_signed_in(user):
            return self.none()
        if user.is_admin or (action == VIEW and user.is_national):
            return self.all()
        if action == CHANGE and user.role == Role.OBSERVATEUR:
            return self.none()
        from quartiers.models import Site

        sites = Site.objects.for_user(user, action).values("pk")
        on_sites = Exists(
            self.model.sites.through.objects.filter(personne=OuterRef("pk"), site__in=sites)
        )
        return self.filter(on_sites | Q(created_by=user))
