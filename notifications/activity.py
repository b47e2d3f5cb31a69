"""The last activity of a site: one definition, used by reminders and, later, dashboards.

Activity is anything someone recorded about the site in QIC. Each source is a
subquery giving, per site, the time of its latest entry; the last activity is the
latest of them all, or the site's creation when there is none.

Sources: the site's status changes and change journal, its trinôme mandates and
accompaniments, and its life in QIC: cercles created, meetings planned, moved or held,
decisions, commitments (created, then done or moved: their change journal), the vision
written or adopted, measurements entered. To add one, append a function to
``ACTIVITY_SOURCES`` that returns such a subquery.
"""

from datetime import datetime

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import DateTimeField, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from cercles.models import Cercle, Commitment, Decision, Meeting
from quartiers.models import Accompaniment, Site, SiteStatusChange, TrinomeMandate
from visions.models import Measurement, Vision, VisionVersion


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


def _cercles():
    return _latest(Cercle.objects.filter(site=OuterRef("pk")), "created_at")


def _meetings():
    """A meeting planned, moved, held or given its minutes (``updated_at``)."""
    return _latest(Meeting.objects.filter(cercle__site=OuterRef("pk")), "updated_at")


def _decisions():
    return _latest(Decision.objects.filter(meeting__cercle__site=OuterRef("pk")), "created_at")


def _commitments():
    return _latest(Commitment.objects.filter(meeting__cercle__site=OuterRef("pk")), "created_at")


def _commitments_journal():
    """A commitment done, abandoned or moved: its change-journal entries."""
    commitments = Commitment.objects.filter(meeting__cercle__site=OuterRef(OuterRef("pk")))
    return _journal(Commitment, object_id__in=commitments.values("pk"))


def _vision():
    """The vision written or edited (``updated_at``), or adopted (a new version)."""
    return _latest(Vision.objects.filter(site=OuterRef("pk")), "updated_at")


def _vision_adoptions():
    return _latest(VisionVersion.objects.filter(vision__site=OuterRef("pk")), "created_at")


def _measurements():
    """Values entered (when they were entered, not the period they are for)."""
    return _latest(
        Measurement.objects.filter(indicator__objective__vision__site=OuterRef("pk")),
        "created_at",
    )


ACTIVITY_SOURCES = [
    _status_changes,
    _site_journal,
    _trinome_journal,
    _accompaniment_journal,
    _cercles,
    _meetings,
    _decisions,
    _commitments,
    _commitments_journal,
    _vision,
    _vision_adoptions,
    _measurements,
]


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
