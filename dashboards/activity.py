"""A site's last activity, for dashboards: the one definition (``quartiers.activity``:
the latest site event that counts as activity), so that the dashboards and the « site
sans activité » reminder never disagree. One annotation, no extra query."""

from django.db.models import F, QuerySet

from quartiers.activity import with_last_activity as base_last_activity


def with_last_activity(sites: QuerySet) -> QuerySet:
    """``sites`` annotated with ``activity_at`` (a datetime, never null)."""
    return base_last_activity(sites).annotate(activity_at=F("last_activity"))
