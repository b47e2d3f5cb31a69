"""A site's last activity, for dashboards: the one definition of the notifications app
(``notifications.activity``: status changes, edits, trinôme, accompaniments, cercles,
meetings, commitments, vision, measurements), so that the dashboards and the « site sans
activité » reminder never disagree. One annotation, no extra query."""

from django.db.models import F, QuerySet

from notifications.activity import with_last_activity as base_last_activity


def with_last_activity(sites: QuerySet) -> QuerySet:
    """``sites`` annotated with ``activity_at`` (a datetime, never null)."""
    return base_last_activity(sites).annotate(activity_at=F("last_activity"))
