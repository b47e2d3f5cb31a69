"""The last activity of a site: one definition, used by reminders and dashboards.

Activity is anything someone recorded about the site in QIC. Each source is a table
(or the change journal of a table) whose rows lead to a site and carry a time; the last
activity is the latest time of them all, or the site's creation when there is none.

Sources: the site's status changes and change journal, its trinôme mandates and
accompaniments, and its life in QIC: cercles created, meetings planned, moved or held,
decisions, commitments (created, then done or moved: their change journal), the vision
written or adopted, measurements entered. To add one, append a ``Source`` to
``ACTIVITY_SOURCES``.

Each source gives two queries, so that both agree by construction:

- ``latest()``, a subquery per site (``with_last_activity``: a site's exact last
  activity, for pages that show or sort by it);
- ``sites_since(moment)``, the sites with an entry at or after ``moment``, read from
  the recent rows only (``sites_inactive_since``: « site sans activité » over the whole
  programme, without computing the last activity of every active site).
"""

from dataclasses import dataclass
from datetime import datetime

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import DateTimeField, F, Model, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from cercles.models import Cercle, Commitment, Decision, Meeting
from quartiers.models import Accompaniment, Site, SiteStatusChange, TrinomeMandate
from visions.models import Measurement, Vision, VisionVersion


@dataclass(frozen=True)
class Source:
    """Rows of ``model`` leading to their site by ``site`` (a lookup), at ``time``; or,
    with ``journal``, the change-journal entries about those rows (their timestamp)."""

    model: type[Model]
    site: str
    time: str = "created_at"
    journal: bool = False

    def _rows(self, site) -> QuerySet:
        return self.model._default_manager.filter(**{self.site: site})

    def _entries(self) -> QuerySet:
        return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(self.model))

    def latest(self) -> Subquery:
        """The time of the latest entry of the site ``OuterRef("pk")``."""
        if self.journal:
            rows = self._rows(OuterRef(OuterRef("pk"))).values("pk")
            entries, field = self._entries().filter(object_id__in=rows), "timestamp"
        else:
            entries, field = self._rows(OuterRef("pk")), self.time
        return Subquery(
            entries.order_by(F(field).desc()).values(field)[:1], output_field=DateTimeField()
        )

    def sites_since(self, moment: datetime) -> QuerySet:
        """Ids of the sites with an entry at or after ``moment`` (indexed on the time:
        only the recent entries are read)."""
        rows = self.model._default_manager.all()
        if self.journal:
            recent = self._entries().filter(timestamp__gte=moment).values("object_id")
            rows = rows.filter(pk__in=recent)
        else:
            rows = rows.filter(**{f"{self.time}__gte": moment})
        return rows.values(self.site)


ACTIVITY_SOURCES = [
    Source(SiteStatusChange, "site"),
    Source(Site, "pk", journal=True),
    Source(TrinomeMandate, "site", journal=True),
    Source(Accompaniment, "site", journal=True),
    Source(Cercle, "site"),
    # A meeting planned, moved, held or given its minutes.
    Source(Meeting, "cercle__site", time="updated_at"),
    Source(Decision, "meeting__cercle__site"),
    Source(Commitment, "meeting__cercle__site"),
    # A commitment done, abandoned or moved.
    Source(Commitment, "meeting__cercle__site", journal=True),
    # The vision written or edited, or adopted (a new version).
    Source(Vision, "site", time="updated_at"),
    Source(VisionVersion, "vision__site"),
    # Values entered (when they were entered, not the period they are for).
    Source(Measurement, "indicator__objective__vision__site"),
]


def with_last_activity(sites: QuerySet) -> QuerySet:
    """``sites`` annotated with ``last_activity`` (a datetime, never null)."""
    # Greatest() returns NULL on SQLite as soon as one argument is NULL: each source
    # falls back to the creation date.
    latest = [Coalesce(source.latest(), F("created_at")) for source in ACTIVITY_SOURCES]
    return sites.annotate(last_activity=Greatest(F("created_at"), *latest))


def sites_inactive_since(sites: QuerySet, moment: datetime) -> QuerySet:
    """Those of ``sites`` with no activity at or after ``moment``, annotated with
    ``last_activity`` like ``with_last_activity``. The sites active since ``moment`` are
    found from the recent entries alone; the exact last activity is computed for the
    others only (on a programme that lives, a few sites instead of all)."""
    active = Q(created_at__gte=moment)
    for source in ACTIVITY_SOURCES:
        active |= Q(pk__in=source.sites_since(moment))
    return with_last_activity(sites.exclude(pk__in=Site.objects.filter(active).values("pk")))


def site_last_activity(site: Site) -> datetime:
    """The time of the latest activity on ``site``."""
    return (
        with_last_activity(Site.objects.filter(pk=site.pk))
        .values_list("last_activity", flat=True)
        .get()
    )
