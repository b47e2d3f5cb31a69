"""Scoping of practices: the one exception to per-site scoping.

A published practice is read by **every** signed-in user of the programme (that is what
it is for: other sites learn from it); a draft or a proposed practice follows its site,
like any site-scoped row. Changing one always follows its site. The permission matrix
(tests/test_permissions.py) holds the exception row by row.
"""

from django.db.models import Count, Q, QuerySet

from pratiques.enums import PracticeStatus
from quartiers.querysets import CHANGE, VIEW, SiteScopedQuerySet, _check_action, is_signed_in


class PracticeQuerySet(SiteScopedQuerySet):
    def for_user(self, user, action: str = VIEW):
        _check_action(action)
        if not is_signed_in(user):
            return self.none()
        from quartiers.models import Site

        own = Q(site__in=Site.objects.for_user(user, action).values("pk"))
        if action == CHANGE:
            return self.filter(own)
        # The exception: once published, a practice is the whole programme's to read.
        return self.filter(own | Q(status=PracticeStatus.PUBLIEE))

    def published(self):
        return self.filter(status=PracticeStatus.PUBLIEE)

    def with_adoption_count(self):
        return self.annotate(adoption_count=Count("adoptions", distinct=True))


class PracticePartQuerySet(SiteScopedQuerySet):
    """Rows of a practice (its documents): seen with their practice, changed with it."""

    def for_user(self, user, action: str = VIEW):
        from pratiques.models import Practice

        return self.filter(practice__in=Practice.objects.for_user(user, action).values("pk"))


class BookmarkQuerySet(QuerySet):
    """A bookmark is its user's alone."""

    def for_user(self, user, action: str = VIEW):
        _check_action(action)
        if not is_signed_in(user):
            return self.none()
        return self.filter(user=user)
