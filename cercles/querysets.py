"""Scoping and common filters of the cercles models.

Every model follows its site through ``quartiers.querysets.SiteScopedQuerySet`` and the
model's ``site_path``: what a user may see or change of a cercle, a meeting, a decision
or a commitment is exactly what they may see or change of its site.
"""

import datetime

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone

from cercles.enums import CommitmentStatus, MeetingStatus, MemberRole
from quartiers.querysets import VIEW, SiteScopedQuerySet


class CercleQuerySet(SiteScopedQuerySet):
    def active(self):
        return self.filter(closed_on__isnull=True)


class CercleMemberQuerySet(SiteScopedQuerySet):
    def current(self, on: datetime.date | None = None):
        """Memberships running on ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(joined_on__lte=on).filter(Q(left_on__isnull=True) | Q(left_on__gte=on))

    def ordered(self):
        """Animateur·rices first, then members, then guests; by name within each."""
        rank = Case(
            *(When(role=role, then=Value(index)) for index, role in enumerate(MemberRole)),
            default=Value(len(MemberRole)),
        )
        return self.order_by(rank, "personne__last_name", "personne__first_name", "pk")

    def of_user(self, user):
        """Memberships whose person is this account's: the ``Personne`` linked to it or,
        failing a link, one with its e-mail address (as ``CommitmentQuerySet.owned_by``)."""
        if not (user and user.is_authenticated):
            return self.none()
        by_email = (
            Q(personne__user__isnull=True, personne__email__iexact=user.email)
            if user.email
            else Q(pk__in=[])
        )
        return self.filter(Q(personne__user=user) | by_email)


class MeetingQuerySet(SiteScopedQuerySet):
    def upcoming(self):
        """Not over yet (cancelled ones included, shown as such)."""
        return self.filter(ends_at__gte=timezone.now()).exclude(status=MeetingStatus.TENUE)

    def past(self):
        return self.filter(Q(ends_at__lt=timezone.now()) | Q(status=MeetingStatus.TENUE))

    def in_personal_calendar(self, user, since_days: int = 90):
        """The meetings of « my » sites, for a user's personal calendar feed.

        A site member, observer or resource centre gets the meetings of every site they
        see. The ANCT roles see every site, so they get the sites they follow as chef de
        projet and the cercles whose member is their own ``Personne``. Meetings that ended
        more than ``since_days`` ago are left out.
        """
        from cercles.models import CercleMember

        meetings = self.for_user(user, VIEW).filter(
            ends_at__gte=timezone.now() - datetime.timedelta(days=since_days)
        )
        if user.is_national:
            sits_in = CercleMember.objects.filter(
                cercle=OuterRef("cercle"), personne__user=user, left_on__isnull=True
            )
            meetings = meetings.filter(Q(cercle__site__chef_de_projet=user) | Exists(sits_in))
        return meetings


class CommitmentQuerySet(SiteScopedQuerySet):
    def open(self):
        return self.filter(status=CommitmentStatus.A_FAIRE)

    def overdue(self, today: datetime.date | None = None):
        """Still to do, and due before today: late by at least one day."""
        today = today or timezone.localdate()
        return self.open().filter(due_on__lt=today)

    def owned_by(self, user):
        """Commitments whose owner is this user.

        The owner is a ``Personne``: the one linked to the account (``Personne.user``) or,
        failing a link, one with the account's e-mail address (case-insensitive). A person
        linked to another account never counts, even with the same address.
        """
        if not (user and user.is_authenticated):
            return self.none()
        by_email = (
            Q(owner__user__isnull=True, owner__email__iexact=user.email)
            if user.email
            else Q(pk__in=[])
        )
        return self.filter(Q(owner__user=user) | by_email)

    def with_lateness(self, today: datetime.date | None = None):
        """Annotate ``late`` (bool), for ordering the overdue ones first in SQL."""
        today = today or timezone.localdate()
        return self.annotate(
            late=Case(
                When(status=CommitmentStatus.A_FAIRE, due_on__lt=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )


class ProposalQuerySet(SiteScopedQuerySet):
    def open(self):
        return self.filter(status="ouverte")

    def closed(self):
        return self.filter(status="close")
