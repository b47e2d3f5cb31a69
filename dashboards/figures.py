"""The figures of the dashboards, computed in the database: each function runs a fixed
number of queries whatever the number of sites, meetings or indicators."""

import dataclasses
import datetime

from django.db.models import Avg, Count, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from cercles.enums import MeetingStatus
from cercles.models import Commitment, Meeting
from quartiers.enums import Programme, SiteStatus
from quartiers.models import Quartier, Site, SiteStatusChange
from visions.enums import Track
from visions.models import Indicator

MEETINGS_WINDOW_DAYS = 90


@dataclasses.dataclass
class KeyFigures:
    total: int
    by_status: list[tuple[SiteStatus, int]]
    by_programme: list[tuple[Programme, int]]
    cohorts: int
    qpv: int
    with_vision: int
    meetings_90_days: int
    sites_with_meeting: int
    commitments_open: int
    commitments_overdue: int
    indicators: int
    on_track: int
    off_track: int

    @property
    def vision_share(self) -> int:
        return round(100 * self.with_vision / self.total) if self.total else 0


def key_figures(sites, user, today: datetime.date | None = None) -> KeyFigures:
    """Five queries: sites, QPV, meetings, commitments, indicators."""
    today = today or timezone.localdate()
    site_ids = sites.values("pk")
    figures = sites.aggregate(
        total=Count("pk"),
        cohorts=Count("cohort", distinct=True),
        with_vision=Count("pk", filter=Q(vision__adopted_on__isnull=False)),
        **{f"status_{s.value}": Count("pk", filter=Q(status=s)) for s in SiteStatus},
        **{f"programme_{p.value}": Count("pk", filter=Q(programme=p)) for p in Programme},
    )
    qpv = Quartier.objects.for_user(user).filter(sites__in=site_ids).distinct().count()
    since = timezone.now() - datetime.timedelta(days=MEETINGS_WINDOW_DAYS)
    meetings = (
        Meeting.objects.for_user(user)
        .filter(
            cercle__site__in=site_ids,
            status=MeetingStatus.TENUE,
            starts_at__gte=since,
            starts_at__lte=timezone.now(),
        )
        .aggregate(count=Count("pk"), sites=Count("cercle__site", distinct=True))
    )
    commitments = (
        Commitment.objects.for_user(user)
        .filter(meeting__cercle__site__in=site_ids)
        .open()
        .aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    )
    indicators = (
        Indicator.objects.for_user(user)
        .filter(objective__vision__site__in=site_ids)
        .aggregate(
            total=Count("pk"),
            on=Count("pk", filter=Q(track__in=Track.on_track())),
            off=Count("pk", filter=Q(track__in=Track.off_track())),
        )
    )
    return KeyFigures(
        total=figures["total"],
        by_status=[(s, figures[f"status_{s.value}"]) for s in SiteStatus],
        by_programme=[(p, figures[f"programme_{p.value}"]) for p in Programme],
        cohorts=figures["cohorts"],
        qpv=qpv,
        with_vision=figures["with_vision"],
        meetings_90_days=meetings["count"],
        sites_with_meeting=meetings["sites"],
        commitments_open=commitments["open"],
        commitments_overdue=commitments["overdue"],
        indicators=indicators["total"],
        on_track=indicators["on"],
        off_track=indicators["off"],
    )


def map_points(sites) -> tuple[list[dict], int]:
    """One marker per site at the centre of its QPV (one query), and how many sites have
    no position."""
    rows = (
        sites.annotate(lat=Avg("quartiers__latitude"), lon=Avg("quartiers__longitude"))
        .values("pk", "name", "status", "lat", "lon")
        .order_by("name", "pk")
    )
    points, missing = [], 0
    for row in rows:
        if row["lat"] is None or row["lon"] is None:
            missing += 1
            continue
        points.append(
            {
                "id": row["pk"],
                "name": row["name"],
                "status": row["status"],
                "statusLabel": str(SiteStatus(row["status"]).label),
                "url": reverse("dashboards:site", args=[row["pk"]]),
                "lat": round(row["lat"], 5),
                "lon": round(row["lon"], 5),
            }
        )
    return points, missing


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _add_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


@dataclasses.dataclass
class StatusTimeline:
    months: list[datetime.date]
    # status → cumulative number of sites that had reached it by the end of each month.
    series: dict[SiteStatus, list[int]]

    @property
    def rows(self):
        return [
            (month, [self.series[status][index] for status in self.series])
            for index, month in enumerate(self.months)
        ]


def status_timeline(user, sites, months: int = 24, today=None) -> StatusTimeline:
    """How many sites had reached each step of the path, at the end of each of the last
    ``months`` months (a site reaches a step on its first change to it). One query."""
    today = today or timezone.localdate()
    first_reached = (
        SiteStatusChange.objects.for_user(user)
        .filter(site__in=sites.values("pk"), status__in=SiteStatus.progression())
        .values("site", "status")
        .annotate(first=Min("date"))
        .order_by()
    )
    end = _month_start(today)
    start = end
    for _ in range(months - 1):
        start = (start - datetime.timedelta(days=1)).replace(day=1)
    month_list = []
    month = start
    while month <= end:
        month_list.append(month)
        month = _add_month(month)
    series = {status: [0] * len(month_list) for status in SiteStatus.progression()}
    for row in first_reached:
        reached = _month_start(row["first"])
        status = SiteStatus(row["status"])
        for index, month in enumerate(month_list):
            if reached <= month:
                series[status][index] += 1
    return StatusTimeline(month_list, series)


def first_quartier(field: str):
    """A subquery giving ``field`` of a site's first QPV (by code), for tables."""
    return Subquery(
        Site.quartiers.through.objects.filter(site=OuterRef("pk"))
        .order_by("quartier__code")
        .values(f"quartier__{field}")[:1]
    )
