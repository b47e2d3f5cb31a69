"""A site's last activity, for dashboards: the notifications app's definition (status
changes, edits of the site, its trinôme and accompaniments) plus what only apps on its
right know — meetings held and measurements entered. One annotation, no extra query."""

from django.db.models import DateTimeField, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from cercles.enums import MeetingStatus
from cercles.models import Meeting
from notifications.activity import with_last_activity as base_last_activity
from visions.models import Measurement


def _latest(queryset, field):
    return Subquery(
        queryset.order_by(F(field).desc()).values(field)[:1], output_field=DateTimeField()
    )


def with_last_activity(sites: QuerySet) -> QuerySet:
    """``sites`` annotated with ``activity_at`` (a datetime, never null)."""
    meetings = Meeting.objects.filter(cercle__site=OuterRef("pk"), status=MeetingStatus.TENUE)
    measurements = Measurement.objects.filter(indicator__objective__vision__site=OuterRef("pk"))
    return base_last_activity(sites).annotate(
        activity_at=Greatest(
            F("last_activity"),
            Coalesce(_latest(meetings, "starts_at"), F("created_at")),
            Coalesce(_latest(measurements, "created_at"), F("created_at")),
        )
    )
