"""The programme's figures, from one place: the national dashboard (key figures, map,
« à relancer », statuses by month), the resource-centre dashboard's « à relancer », the
bilan national (PDF) and, later, the public statistics page read ``programme_figures``.

Everything is derived from per-site figures (``SiteFigures``), each cached under the key
``(site, its data stamp, the day)``: ``Site.data_version`` changes in the transaction
of every write that concerns the site (quartiers/stamps.py), so an entry is never read
stale, and after a write on one site only that site is recomputed — in a fixed number
of grouped queries for however many sites miss. The day is in the key because « late »
and « in the last 90 days » move with it.

« À relancer »: a site is listed while it is on the programme's active path (from the
formation-action to essaimage) and at least one of these holds:

- **no activity**: nothing happened on it for ``DASHBOARD_CHASE_INACTIVE_DAYS`` days (60
  by default), counted in whole days: its last activity (``quartiers.activity``, the
  definition of the « site sans activité » reminder and of the reports), or its creation
  when it has no event at all;
- **overdue commitments**: commitments still « à faire » past their due date
  (``cercles``' rule), since the oldest due date;
- **overdue measurements**: indicators whose due value is missing (``visions``' rule),
  since the oldest latest value (or baseline);
- **vision not adopted**: no adopted vision ``DASHBOARD_CHASE_VISION_DAYS_AFTER_FORMATION``
  days after its cohort's last formation-action session, since that session.
"""

import dataclasses
import datetime
import hashlib
from collections import Counter
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Avg,
    Count,
    FloatField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cercles.enums import MeetingStatus
from cercles.models import Commitment, Meeting
from quartiers.activity import with_last_activity
from quartiers.enums import Programme, SiteStatus
from quartiers.models import FormationSession, Quartier, Site, SiteFollowUp, SiteStatusChange
from visions.enums import ActionStatus, Track
from visions.models import Action, Indicator

# Part of every key: change it when ``SiteFigures`` changes shape.
FORMAT = 4
# Entries carry the day in their key: a day and a bit is all they are read for.
CACHE_SECONDS = 26 * 3600
# More sites missing than this: computed over the whole scope (a subquery) rather than
# an IN list of ids.
MISSING_AS_LIST = 100

MEETINGS_WINDOW_DAYS = 90
YEAR_DAYS = 365

ACTIVE_STATUSES = [
    SiteStatus.FORMATION_ACTION,
    SiteStatus.VISION_ADOPTEE,
    SiteStatus.MISE_EN_OEUVRE,
    SiteStatus.ESSAIMAGE,
]

INACTIVE = "activite"
COMMITMENTS = "engagements"
MEASUREMENTS = "mesures"
VISION = "vision"
REASON_ORDER = {INACTIVE: 0, COMMITMENTS: 1, MEASUREMENTS: 2, VISION: 3}


@dataclasses.dataclass(frozen=True)
class Reason:
    """Why a site is to chase, since when; ``count``: the late commitments or
    indicators, or for « no activity » 1 when the site has an event, 0 otherwise. The
    text is written when read, in the reader's language."""

    kind: str
    since: datetime.date | None
    count: int = 0

    @property
    def text(self) -> str:
        date = f"{self.since:%d/%m/%Y}" if self.since else ""
        if self.kind == INACTIVE:
            if self.count:
                return _("Aucune activité enregistrée depuis le %(date)s") % {"date": date}
            return _("Aucune activité enregistrée depuis l'entrée dans le programme (%(date)s)") % {
                "date": date
            }
        if self.kind == COMMITMENTS:
            return ngettext(
                "%(count)d engagement en retard, le plus ancien dû le %(date)s",
                "%(count)d engagements en retard, le plus ancien dû le %(date)s",
                self.count,
            ) % {"count": self.count, "date": date}
        if self.kind == MEASUREMENTS:
            return ngettext(
                "%(count)d indicateur sans sa mesure attendue, dernière valeur le %(date)s",
                "%(count)d indicateurs sans leur mesure attendue, plus ancienne dernière valeur le %(date)s",
                self.count,
            ) % {"count": self.count, "date": date}
        return _(
            "Vision pas encore adoptée après la formation-action (dernière session le %(date)s)"
        ) % {"date": date}


@dataclasses.dataclass
class ChaseLine:
    site_id: int
    name: str
    status: str
    reasons: list[Reason]
    followed_up: "FollowUpMark | None" = None

    @property
    def oldest(self) -> datetime.date:
        return min((r.since for r in self.reasons if r.since), default=datetime.date.max)

    def get_status_display(self):
        return SiteStatus(self.status).label


@dataclasses.dataclass(frozen=True)
class FollowUpMark:
    """« Relancé le … par … » on a site to chase, until the site is active again."""

    on: datetime.date
    by: str
    note: str


@dataclasses.dataclass
class SiteFigures:
    """What the programme's figures need of one site, on one day."""

    site_id: int
    name: str
    status: str
    programme: str
    cohort_id: int | None
    vision_adopted: bool
    # The centre of its QPV, or None when none has coordinates.
    position: tuple[float, float] | None
    meetings_90_days: int
    meetings_year: int
    commitments_open: int
    commitments_overdue: int
    indicators: int
    on_track: int
    off_track: int
    indicators_overdue: int
    actions_running: int
    actions_total: int
    chase: tuple[Reason, ...]
    followed_up: FollowUpMark | None = None
    commune: str = ""  # the first of its QPV's communes, by name


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
    indicators_overdue: int

    @property
    def vision_share(self) -> int:
        return round(100 * self.with_vision / self.total) if self.total else 0


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


# Indicator standing: read in this one function ----------------------------------------


def indicator_counts(indicators: QuerySet, today: datetime.date, group_by: str) -> dict:
    """``{group: {total, on, off, overdue, oldest}}`` of ``indicators`` grouped by
    ``group_by``, in one query: on/off track and overdue by the visions rules
    (``oldest``: the oldest latest value, or baseline, of the overdue ones), read from
    their stored standing."""
    overdue = Q(next_due_on__lt=today)
    rows = (
        indicators.values(group_by)
        .annotate(
            total=Count("pk"),
            on=Count("pk", filter=Q(track__in=Track.on_track())),
            off=Count("pk", filter=Q(track__in=Track.off_track())),
            late=Count("pk", filter=overdue),
            oldest=Min(Coalesce("latest_date", "baseline_date"), filter=overdue),
        )
        .order_by()
    )
    return {row.pop(group_by): row for row in rows}


# Per-site figures ---------------------------------------------------------------------


def _grouped(queryset: QuerySet, field: str, **aggregates) -> dict:
    rows = queryset.values(field).annotate(**aggregates).order_by()
    return {row.pop(field): row for row in rows}


def _per_site(queryset: QuerySet, site: str, aggregate):
    """``aggregate`` over the rows of ``queryset`` of the site ``OuterRef("pk")``: a
    correlated subquery, so the sites' query needs no GROUP BY."""
    return Subquery(
        queryset.filter(**{site: OuterRef("pk")})
        .order_by()
        .values(site)
        .annotate(value=aggregate)
        .values("value")
    )


def _start_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


def _held_since(today: datetime.date, days: int) -> QuerySet:
    """The meetings held in the ``days`` days up to today."""
    return Meeting.objects.filter(
        status=MeetingStatus.TENUE,
        starts_at__lt=_start_of(today + datetime.timedelta(days=1)),
        starts_at__gte=_start_of(today - datetime.timedelta(days=days)),
    )


# The health columns of the sites' table, as expressions on a site (``OuterRef("pk")``),
# so that the table and its export sort on them in the database. Same rules as
# ``compute_site_figures``, which the cells show.


def meetings_90_days_of_site(today: datetime.date):
    """Meetings held in the last 90 days (0 when none)."""
    held = _held_since(today, MEETINGS_WINDOW_DAYS)
    return Coalesce(_per_site(held, "cercle__site", Count("pk")), 0)


def commitments_overdue_of_site(today: datetime.date):
    """Commitments still to do past their due date (``Commitment.objects.overdue``)."""
    overdue = Commitment.objects.overdue(today)
    return Coalesce(_per_site(overdue, "meeting__cercle__site", Count("pk")), 0)


def on_track_of_site():
    """Indicators on track, by their stored standing (0 when none)."""
    on = Indicator.objects.filter(track__in=Track.on_track())
    return Coalesce(_per_site(on, "objective__vision__site", Count("pk")), 0)


def on_track_share_of_site():
    """The share of its indicators on track, from 0 to 1; None without indicators."""
    share = Cast(Count("pk", filter=Q(track__in=Track.on_track())), FloatField()) / Cast(
        Count("pk"), FloatField()
    )
    return _per_site(Indicator.objects.all(), "objective__vision__site", share)


def compute_site_figures(sites: QuerySet, today: datetime.date) -> dict[int, SiteFigures]:
    """The figures of ``sites``: three queries whatever their number (the sites with
    their own counts, their commitments, their indicators)."""
    ids = sites.order_by().values("pk")
    tomorrow = _start_of(today + datetime.timedelta(days=1))
    held = Meeting.objects.filter(status=MeetingStatus.TENUE, starts_at__lt=tomorrow)
    last_session = (
        FormationSession.objects.filter(cohort=OuterRef("cohort"))
        .order_by("-date")
        .values("date")[:1]
    )
    places = Site.quartiers.through.objects.all()
    actions = Action.objects.all()
    last_follow_up = SiteFollowUp.objects.filter(site=OuterRef("pk")).order_by(
        "-contacted_on", "-pk"
    )
    rows = (
        with_last_activity(Site.objects.filter(pk__in=ids))
        .annotate(
            meetings_90_days=meetings_90_days_of_site(today),
            meetings_year=_per_site(
                held.filter(starts_at__gte=_start_of(today - datetime.timedelta(days=YEAR_DAYS))),
                "cercle__site",
                Count("pk"),
            ),
            formation_end=Subquery(last_session),
            lat=_per_site(places, "site", Avg("quartier__latitude")),
            lon=_per_site(places, "site", Avg("quartier__longitude")),
            # The map's table names a commune rather than coordinates (the first by name).
            commune=_per_site(places, "site", Min("quartier__communes__name")),
            actions_total=_per_site(actions, "site", Count("pk")),
            actions_running=_per_site(
                actions.filter(status=ActionStatus.EN_COURS), "site", Count("pk")
            ),
            followed_up_on=Subquery(last_follow_up.values("contacted_on")[:1]),
            followed_up_note=Subquery(last_follow_up.values("message")[:1]),
            followed_up_by=Subquery(
                last_follow_up.annotate(
                    by=Concat("created_by__first_name", Value(" "), "created_by__last_name")
                ).values("by")[:1]
            ),
        )
        .values(
            "pk",
            "name",
            "status",
            "programme",
            "cohort_id",
            "created_at",
            "vision__adopted_on",
            "last_activity",
            "meetings_90_days",
            "meetings_year",
            "commune",
            "formation_end",
            "lat",
            "lon",
            "actions_total",
            "actions_running",
            "followed_up_on",
            "followed_up_note",
            "followed_up_by",
        )
    )
    # ``Commitment.objects.overdue(today)``'s rule: open and due before today.
    commitments = _grouped(
        Commitment.objects.filter(meeting__cercle__site__in=ids).open(),
        "meeting__cercle__site",
        open=Count("pk"),
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        oldest=Min("due_on", filter=Q(due_on__lt=today)),
    )
    indicators = indicator_counts(
        Indicator.objects.filter(objective__vision__site__in=ids),
        today,
        "objective__vision__site",
    )

    inactive_days = settings.DASHBOARD_CHASE_INACTIVE_DAYS
    vision_days = settings.DASHBOARD_CHASE_VISION_DAYS_AFTER_FORMATION
    empty: dict = {}
    figures = {}
    for row in rows:
        pk = row["pk"]
        counts = indicators.get(pk, empty)
        late = commitments.get(pk, empty)
        chase = []
        if row["status"] in ACTIVE_STATUSES:
            last = row["last_activity"]
            since = timezone.localtime(last).date()
            if since < today - datetime.timedelta(days=inactive_days):
                # No event at all: ``with_last_activity`` falls back to the creation.
                chase.append(Reason(INACTIVE, since, 0 if last == row["created_at"] else 1))
            if late.get("overdue"):
                chase.append(Reason(COMMITMENTS, late["oldest"], late["overdue"]))
            if counts.get("late"):
                chase.append(Reason(MEASUREMENTS, counts["oldest"], counts["late"]))
            end = row["formation_end"]
            if (
                end
                and row["vision__adopted_on"] is None
                and end + datetime.timedelta(days=vision_days) < today
            ):
                chase.append(Reason(VISION, end))
        figures[pk] = SiteFigures(
            site_id=pk,
            name=row["name"],
            status=row["status"],
            programme=row["programme"],
            cohort_id=row["cohort_id"],
            vision_adopted=row["vision__adopted_on"] is not None,
            position=(row["lat"], row["lon"])
            if row["lat"] is not None and row["lon"] is not None
            else None,
            meetings_90_days=row["meetings_90_days"] or 0,
            meetings_year=row["meetings_year"] or 0,
            commitments_open=late.get("open", 0),
            commitments_overdue=late.get("overdue", 0),
            indicators=counts.get("total", 0),
            on_track=counts.get("on", 0),
            off_track=counts.get("off", 0),
            indicators_overdue=counts.get("late", 0),
            actions_running=row["actions_running"] or 0,
            actions_total=row["actions_total"] or 0,
            chase=tuple(sorted(chase, key=lambda r: REASON_ORDER[r.kind])),
            followed_up=_follow_up_mark(row),
            commune=row["commune"] or "",
        )
    return figures


FOLLOW_UP_NOTE_LENGTH = 140


def _follow_up_mark(row) -> FollowUpMark | None:
    """The last follow-up, while the site has not been active since (the day of the
    follow-up itself counts: the mark goes with the next activity)."""
    on = row["followed_up_on"]
    if on is None or on < timezone.localtime(row["last_activity"]).date():
        return None
    note = " ".join((row["followed_up_note"] or "").split())
    if len(note) > FOLLOW_UP_NOTE_LENGTH:
        note = note[: FOLLOW_UP_NOTE_LENGTH - 1] + "…"
    return FollowUpMark(on, (row["followed_up_by"] or "").strip(), note)


def _rules_key(today: datetime.date) -> str:
    return (
        f"{FORMAT}:{today.isoformat()}:{settings.DASHBOARD_CHASE_INACTIVE_DAYS}"
        f":{settings.DASHBOARD_CHASE_VISION_DAYS_AFTER_FORMATION}"
    )


def site_figures_key(site_id: int, stamp, today: datetime.date) -> str:
    return f"summaries:site:{_rules_key(today)}:{site_id}:{stamp.hex}"


def cached_site_figures(sites: QuerySet, stamps, today: datetime.date) -> dict[int, SiteFigures]:
    """The figures of the sites ``stamps`` (``(id, data stamp)`` pairs of ``sites``):
    read from the cache, the missing ones computed together and stored."""
    keys = {site_figures_key(pk, stamp, today): pk for pk, stamp in stamps}
    found = cache.get_many(keys)
    figures = {keys[key]: value for key, value in found.items()}
    missing = [pk for key, pk in keys.items() if key not in found]
    if missing:
        scope = sites if len(missing) > MISSING_AS_LIST else Site.objects.filter(pk__in=missing)
        computed = compute_site_figures(scope, today)
        by_pk = {pk: key for key, pk in keys.items()}
        cache.set_many(
            {by_pk[pk]: value for pk, value in computed.items() if pk in by_pk},
            timeout=CACHE_SECONDS,
        )
        figures.update(computed)
    return figures


# The programme ------------------------------------------------------------------------


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _add_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


class ProgrammeFigures:
    """The figures of the sites ``sites`` (already scoped to their reader) on ``today``.

    Built with one query (the sites' ids and data stamps, which ``digest`` sums up for
    keys of fragments); the per-site figures are read when a figure is first asked for.
    Two figures are not sums of per-site ones and are one query each: the QPV covered
    (sites may share one) and the statuses by month.
    """

    def __init__(self, sites: QuerySet, today: datetime.date | None = None, stamps=None):
        self.sites = sites
        self.today = today or timezone.localdate()
        # Unordered: sorting 1,600 names by collation costs milliseconds.
        if stamps is None:
            stamps = sites.order_by().values_list("pk", "data_version")
        self.stamps = list(stamps)

    @cached_property
    def digest(self) -> str:
        """Changes when any of the sites, its data, the day or the rules change."""
        text = ";".join(f"{pk}:{stamp.hex}" for pk, stamp in sorted(self.stamps))
        return hashlib.sha256(f"{_rules_key(self.today)}|{text}".encode()).hexdigest()

    @cached_property
    def site_ids(self) -> list[int]:
        return [pk for pk, _stamp in self.stamps]

    @cached_property
    def per_site(self) -> dict[int, SiteFigures]:
        return cached_site_figures(self.sites, self.stamps, self.today)

    def _sum(self, field: str) -> int:
        return sum(getattr(figures, field) for figures in self.per_site.values())

    @cached_property
    def by_status(self) -> list[tuple[SiteStatus, int]]:
        counts = Counter(figures.status for figures in self.per_site.values())
        return [(status, counts.get(status.value, 0)) for status in SiteStatus]

    @cached_property
    def key_figures(self) -> KeyFigures:
        sites = self.per_site.values()
        programmes = Counter(figures.programme for figures in sites)
        return KeyFigures(
            total=len(self.per_site),
            by_status=self.by_status,
            by_programme=[(p, programmes.get(p.value, 0)) for p in Programme],
            cohorts=len({f.cohort_id for f in sites if f.cohort_id is not None}),
            # Sites may share a QPV: counted by the database, not summed.
            qpv=Quartier.objects.filter(sites__in=self.sites.order_by().values("pk"))
            .values("pk")
            .distinct()
            .count(),
            with_vision=sum(f.vision_adopted for f in sites),
            meetings_90_days=self._sum("meetings_90_days"),
            sites_with_meeting=sum(1 for f in sites if f.meetings_90_days),
            commitments_open=self._sum("commitments_open"),
            commitments_overdue=self._sum("commitments_overdue"),
            indicators=self._sum("indicators"),
            on_track=self._sum("on_track"),
            off_track=self._sum("off_track"),
            indicators_overdue=self._sum("indicators_overdue"),
        )

    @cached_property
    def chase(self) -> list[ChaseLine]:
        """The sites to chase, the longest-waiting first."""
        lines = [
            ChaseLine(f.site_id, f.name, f.status, list(f.chase), f.followed_up)
            for f in self.per_site.values()
            if f.chase
        ]
        return sorted(lines, key=lambda line: (line.oldest, line.name, line.site_id))

    @cached_property
    def positions(self) -> list[SiteFigures]:
        """The sites placed on a map (at the centre of their QPV), by name."""
        placed = [f for f in self.per_site.values() if f.position is not None]
        return sorted(placed, key=lambda f: (f.name, f.site_id))

    @property
    def without_position(self) -> int:
        return len(self.per_site) - len(self.positions)

    @cached_property
    def timeline(self) -> StatusTimeline:
        return self.status_timeline()

    def status_timeline(self, months: int = 24) -> StatusTimeline:
        """How many sites had reached each step of the path at the end of each of the
        last ``months`` months (a site reaches a step on its first change to it)."""
        end = _month_start(self.today)
        start = end
        for _month in range(months - 1):
            start = (start - datetime.timedelta(days=1)).replace(day=1)
        months = []
        month = start
        while month <= end:
            months.append(month)
            month = _add_month(month)
        series = {status: [0] * len(months) for status in SiteStatus.progression()}
        first_reached = (
            SiteStatusChange.objects.filter(
                site__in=self.sites.order_by().values("pk"), status__in=SiteStatus.progression()
            )
            .values("site", "status")
            .annotate(first=Min("date"))
            .order_by()
            .values_list("site", "status", "first")
        )
        for _site, status, first in first_reached:
            reached = _month_start(first)
            counts = series[SiteStatus(status)]
            for index, month in enumerate(months):
                if reached <= month:
                    counts[index] += 1
        return StatusTimeline(months, series)

    def recent_status_changes(self, limit: int = 8) -> QuerySet:
        return (
            SiteStatusChange.objects.filter(site__in=self.sites.order_by().values("pk"))
            .select_related("site")
            .order_by("-date", "-created_at")[:limit]
        )


def programme_figures(
    sites: QuerySet, today: datetime.date | None = None, *, stamps=None
) -> ProgrammeFigures:
    """The figures of ``sites`` (scoped to their reader by the caller; ``stamps``: their
    ``(id, data stamp)`` pairs when the caller has read them)."""
    return ProgrammeFigures(sites, today, stamps)
