"""The programme's activity month by month: what the public ``/stats`` page charts.

One grouped query per series (cercles opened, meetings held, decisions taken,
commitments kept on time, measurements entered), over the sites ``programme`` covers
(a ``ProgrammeFigures``): the sites by status and the indicators on track come from
``ProgrammeFigures`` itself (``status_timeline``, ``key_figures``), so ``/stats`` and the
national dashboard share one computation. Cached under the programme's digest (its
sites' data stamps, the day and the rules): every row counted here leads to a site, so
a write gives a new key.
"""

import dataclasses
import datetime

from django.core.cache import cache
from django.db.models import Count, F, Min, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cercles.enums import CommitmentStatus, MeetingStatus
from cercles.models import Cercle, Commitment, Decision, Meeting
from pratiques.models import PracticeAdoption
from summaries.programme import CACHE_SECONDS, ProgrammeFigures
from visions.models import Measurement

FORMAT = 2
MONTHS = 12


@dataclasses.dataclass(frozen=True)
class ImpactTimeline:
    months: list[datetime.date]
    cercles: list[int]  # cumulative: cercles opened by the end of each month
    meetings: list[int]  # meetings held in the month
    decisions: list[int]  # decisions taken in meetings of the month
    commitments_on_time: list[int]  # commitments done in the month, on or before due
    commitments_done: list[int]  # all commitments done in the month
    measurements: list[int]  # measurements entered in the month
    # cumulative: sites that had adopted a practice of another site by the end of each month
    adopting_sites: list[int]


def _months(today: datetime.date, count: int) -> list[datetime.date]:
    month = today.replace(day=1)
    months = [month]
    for _index in range(count - 1):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
        months.append(month)
    return months[::-1]


def _by_month(
    queryset: QuerySet, field: str, months: list[datetime.date], *, moment: bool = True
) -> list[int]:
    """Rows of ``queryset`` per month of ``field`` (a moment, in local time, or a day)."""
    start = months[0]
    if moment:
        start = datetime.datetime.combine(
            start, datetime.time.min, tzinfo=timezone.get_current_timezone()
        )
    rows = (
        queryset.filter(**{f"{field}__gte": start})
        .annotate(month=TruncMonth(field))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = {}
    for row in rows:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = timezone.localtime(month).date()
        counts[month] = counts.get(month, 0) + row["count"]
    return [counts.get(month, 0) for month in months]


def compute_impact(programme: ProgrammeFigures, months: int = MONTHS) -> ImpactTimeline:
    ids = programme.sites.order_by().values("pk")
    series = _months(programme.today, months)
    cercles = Cercle.objects.filter(site__in=ids)
    start = datetime.datetime.combine(
        series[0], datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    before = cercles.filter(created_at__lt=start).count()
    opened = _by_month(cercles, "created_at", series)
    cumulative, total = [], before
    for count in opened:
        total += count
        cumulative.append(total)
    held = Meeting.objects.filter(cercle__site__in=ids, status=MeetingStatus.TENUE)
    done = Commitment.objects.filter(
        meeting__cercle__site__in=ids, status=CommitmentStatus.FAIT, done_on__isnull=False
    )
    return ImpactTimeline(
        months=series,
        cercles=cumulative,
        meetings=_by_month(held, "starts_at", series),
        decisions=_by_month(
            Decision.objects.filter(meeting__in=held), "meeting__starts_at", series
        ),
        commitments_on_time=_by_month(
            done.filter(done_on__lte=F("due_on")), "done_on", series, moment=False
        ),
        commitments_done=_by_month(done, "done_on", series, moment=False),
        measurements=_by_month(
            Measurement.objects.filter(indicator__objective__vision__site__in=ids),
            "created_at",
            series,
        ),
        adopting_sites=_adopting_sites(ids, series),
    )


def _adopting_sites(ids, series: list[datetime.date]) -> list[int]:
    """Essaimage: how many sites had adopted a practice of another site by the end of each
    month (a site counts from its first adoption)."""
    firsts = (
        PracticeAdoption.objects.filter(site__in=ids)
        .exclude(practice__site=F("site"))
        .values("site")
        .annotate(first=Min("created_at"))
        .values_list("first", flat=True)
    )
    days = sorted(timezone.localtime(first).date() for first in firsts)
    counts = []
    for month in series:
        end = (month + datetime.timedelta(days=32)).replace(day=1)
        counts.append(sum(1 for day in days if day < end))
    return counts


def impact_timeline(programme: ProgrammeFigures, months: int = MONTHS) -> ImpactTimeline:
    """``compute_impact``, cached under the programme's digest."""
    key = f"summaries:impact:{FORMAT}:{months}:{programme.digest}"
    found = cache.get(key)
    if found is None:
        found = compute_impact(programme, months)
        cache.set(key, found, timeout=CACHE_SECONDS)
    return found
