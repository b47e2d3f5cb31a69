"""The last activity of a site: one definition, for reminders, dashboards and reports.

A site's last activity is the moment of its latest event (``SiteEvent``, see
``quartiers.events``) of a kind that counts as activity — a status reached, a trinôme
or accompaniment change, a vision adopted, a measurement entered (dated by the day it
is for), an action launched or finished, a meeting held, a decision taken, a
commitment kept — up to now (a mandate starting next month is not activity yet). A
commitment becoming late is an event, not activity. A site without any event falls
back to its creation: it has been silent since it was registered. Creating or editing
rows (an import, the demo, a fix in the admin) is never activity in itself.
"""

from datetime import datetime

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from quartiers.events import activity_kinds
from quartiers.models import Site, SiteEvent


def _activity() -> QuerySet:
    return SiteEvent.objects.filter(kind__in=activity_kinds(), happened_at__lte=timezone.now())


def with_last_activity(sites: QuerySet) -> QuerySet:
    """``sites`` annotated with ``last_activity`` (a datetime, never null)."""
    latest = (
        _activity().filter(site=OuterRef("pk")).order_by("-happened_at").values("happened_at")[:1]
    )
    return sites.annotate(last_activity=Coalesce(Subquery(latest), F("created_at")))


def sites_inactive_since(sites: QuerySet, moment: datetime) -> QuerySet:
    """Those of ``sites`` with no activity at or after ``moment``, annotated with
    ``last_activity``. The sites active since ``moment`` are found from the recent events
    alone (index on ``happened_at``); the last activity is computed for the others."""
    recent = _activity().filter(happened_at__gte=moment).values("site_id")
    return with_last_activity(sites.exclude(pk__in=recent)).filter(last_activity__lt=moment)


def site_last_activity(site: Site) -> datetime:
    """The moment of the latest activity on ``site``."""
    return (
        with_last_activity(Site.objects.filter(pk=site.pk))
        .values_list("last_activity", flat=True)
        .get()
    )
