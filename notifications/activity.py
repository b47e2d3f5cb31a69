"""The last activity of a site: one definition, used by reminders and, later, dashboards.

Activity is anything someone recorded about the site in QIC. Each source is a
subquery giving, per site, the time of its latest entry; the last activity is the
latest of them all, or the site's creation when there is none.

To add a source (after the merge: the cercles journal, meetings, measurements…),
append one function to ``ACTIVITY_SOURCES`` that returns such a subquery, e.g.::

    def _cercle_journal():
        return _latest(JournalEntry.objects.filter(cercle__site=OuterRef("pk")), "created_at")
"""

from datetime import datetime

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import DateTimeField, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from quartiers.models import Accompaniment, Site, SiteStatusChange, TrinomeMandate


def _latest(queryset: QuerySet, field: str) -> Subquery:
    """The latest ``field`` of ``queryset`` (already filtered on ``OuterRef("pk")``)."""
    return Subquery(
        queryset.order_by(F(field).desc()).values(field)[:1], output_field=DateTimeField()
    )


def _journal(model, **lookup) -> Subquery:
    """The latest change-journal entry about rows of ``model`` matching ``lookup``."""
    return _latest(
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), **lookup),
        "timestamp",
    )


def _status_changes():
    return _latest(SiteStatusChange.objects.filter(site=OuterRef("pk")), "created_at")


def _site_journal():
    return _journal(Site, object_id=OuterRef("pk"))


def _trinome_journal():
    mandates = TrinomeMandate.objects.filter(site=OuterRef(OuterRef("pk"))).values("pk")
    return _journal(TrinomeMandate, object_id__in=mandates)


def _accompaniment_journal():
    accompaniments = Accompaniment.objects.filter(site=OuterRef(OuterRef("pk"))).values("pk")
    return _journal(Accompaniment, object_id__in=accompaniments)


ACTIVITY_SOURCES = [_status_changes, _site_journal, _trinome_journal, _accompaniment_journal]


def with_last_activity(sites: QuerySet) -> QuerySet:
    """``sites`` annotated with ``last_activity`` (a datetime, never null)."""
    # Greatest() returns NULL on SQLite as soon as one argument is NULL: each source
    # falls back to the creation date.
    latest = [Coalesce(source(), F("created_at")) for source in ACTIVITY_SOURCES]
    return sites.annotate(last_activity=Greatest(F("created_at"), *latest))


def site_last_activity(site: Site) -> datetime:
    """The time of the latest activity on ``site``."""
    return (
        with_last_activity(Site.objects.filter(pk=site.pk))
        .values_list("last_activity", flat=True)
        .get()
    )
