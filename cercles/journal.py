"""The site journal: one chronological feed of what happened on a site.

It is built from the records themselves, never copied: each *source* is a function
that takes a site's pk and returns ``values()`` querysets of one fixed shape (the
``COLUMNS`` below, built with ``shape()``). The journal is the ``UNION ALL`` of the
sources the reader asked for, ordered and paginated by the database: two queries per
page (count and rows) whatever the number of records or sources.

Adding a source is a function returning shaped querysets and one entry in ``SOURCES``
(see ``_visions_adopted`` below: every adopted version of the site's vision).
"""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import (
    CharField,
    Count,
    DateField,
    F,
    IntegerField,
    Min,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Concat, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercles.enums import CommitmentStatus, MeetingStatus
from qic.text import plural
from quartiers.enums import SiteStatus, TrinomeSeat

# The shape every source returns, in this order.
COLUMNS = ("j_kind", "j_event", "j_on", "j_pk", "j_label", "j_detail", "j_link")
# (kind, event, pk) names one row: the order is total, so pages never overlap.
ORDERING = ("-j_on", "j_kind", "j_event", "-j_pk")


def _text(value) -> Cast:
    if isinstance(value, str):
        value = Value(value)
    return Cast(value, output_field=TextField())


def shape(
    queryset: QuerySet,
    *,
    kind: str,
    on,
    label,
    detail="",
    event: str = "",
    link=None,
    pk=None,
) -> QuerySet:
    """``queryset`` as journal rows: ``values()`` of ``COLUMNS`` in that order.

    ``on`` is an expression giving a date; ``label``, ``detail`` and ``link`` (the pk
    the row links to, or None) are expressions or constants.
    """
    return (
        queryset.annotate(
            j_kind=_text(kind),
            j_event=_text(event),
            j_on=Cast(on, output_field=DateField()),
            j_pk=Cast(pk if pk is not None else F("pk"), output_field=IntegerField()),
            j_label=_text(label),
            j_detail=_text(detail),
            j_link=Cast(link if link is not None else Value(None), output_field=IntegerField()),
        )
        .values(*COLUMNS)
        .order_by()
    )


@dataclass
class JournalEntry:
    kind: str
    event: str
    pk: int
    title: str
    badge: str
    on: datetime.date
    label: str
    detail: str = ""
    url: str = ""
    days_late: int = 0


@dataclass(frozen=True)
class JournalSource:
    kind: str  # the key in URLs (?type=…)
    label: str  # French, for the filter
    queries: Callable[[int, datetime.date], list[QuerySet]]
    title: str = ""  # French, what one row says happened
    badge: str = ""  # DSFR badge colour class
    url_name: str | None = None  # reverse(url_name, args=[j_link])
    describe: Callable[[dict, "JournalEntry"], None] | None = field(default=None)

    def entry(self, row: dict) -> JournalEntry:
        entry = JournalEntry(
            kind=self.kind,
            event=row["j_event"] or "",
            pk=row["j_pk"],
            title=str(self.title),
            badge=self.badge,
            on=row["j_on"],
            label=row["j_label"] or "",
            detail=row["j_detail"] or "",
            url=reverse(self.url_name, args=[row["j_link"]])
            if self.url_name and row["j_link"]
            else "",
        )
        if self.describe:
            self.describe(row, entry)
        return entry


# --- The sources of this app and of quartiers ---------------------------------------------


def _meetings_held(site_id, today):
    from cercles.models import Meeting

    meetings = Meeting.objects.filter(cercle__site_id=site_id, status=MeetingStatus.TENUE)
    return [
        shape(
            meetings,
            kind="reunion",
            on=TruncDate("starts_at"),
            label=F("cercle__name"),
            detail=Concat(Value("réunion n° "), Cast("sequence", CharField())),
            link=F("pk"),
        )
    ]


def _decisions(site_id, today):
    from cercles.models import Decision

    decisions = Decision.objects.filter(meeting__cercle__site_id=site_id)
    return [
        shape(
            decisions,
            kind="decision",
            on=TruncDate("meeting__starts_at"),
            label=F("text"),
            detail=F("meeting__cercle__name"),
            link=F("meeting_id"),
        )
    ]


def _owner_name():
    return Concat(F("owner__first_name"), Value(" "), F("owner__last_name"))


def _commitments_done(site_id, today):
    from cercles.models import Commitment

    done = Commitment.objects.filter(meeting__cercle__site_id=site_id, status=CommitmentStatus.FAIT)
    return [
        shape(
            done,
            kind="engagement_tenu",
            on=F("done_on"),
            label=F("text"),
            detail=_owner_name(),
            link=F("meeting_id"),
        )
    ]


def _commitments_overdue(site_id, today):
    from cercles.models import Commitment

    late = Commitment.objects.filter(meeting__cercle__site_id=site_id).overdue(today)
    return [
        shape(
            late,
            kind="engagement_en_retard",
            on=F("due_on"),
            label=F("text"),
            detail=_owner_name(),
            link=F("meeting_id"),
        )
    ]


def _describe_overdue(row, entry):
    entry.days_late = (timezone.localdate() - row["j_on"]).days
    entry.title = str(_("Échéance dépassée"))


def _status_changes(site_id, today):
    from quartiers.models import SiteStatusChange

    return [
        shape(
            SiteStatusChange.objects.filter(site_id=site_id),
            kind="statut",
            event=F("status"),
            on=F("date"),
            label=F("status"),
            detail=F("comment"),
        )
    ]


def _describe_status(row, entry):
    entry.label = (
        SiteStatus(row["j_event"]).label if row["j_event"] in SiteStatus else row["j_label"]
    )


def _trinome(site_id, today):
    from quartiers.models import TrinomeMandate

    mandates = TrinomeMandate.objects.filter(site_id=site_id)
    name = Concat(F("personne__first_name"), Value(" "), F("personne__last_name"))
    return [
        shape(
            mandates,
            kind="trinome",
            event="debut",
            on=F("start_date"),
            label=name,
            detail=F("seat"),
            link=F("personne_id"),
        ),
        shape(
            mandates.filter(end_date__isnull=False, end_date__lte=today),
            kind="trinome",
            event="fin",
            on=F("end_date"),
            label=name,
            detail=F("seat"),
            link=F("personne_id"),
        ),
    ]


def _describe_trinome(row, entry):
    seat = TrinomeSeat(row["j_detail"]).label if row["j_detail"] in TrinomeSeat else row["j_detail"]
    if row["j_event"] == "fin":
        entry.title = str(_("Fin de mandat au trinôme"))
    entry.detail = str(_("siège « %(seat)s »") % {"seat": seat})


def _visions_adopted(site_id, today):
    from visions.models import VisionVersion

    versions = VisionVersion.objects.filter(vision__site_id=site_id)
    return [
        shape(
            versions,
            kind="vision",
            on=F("adopted_on"),
            label=Cast(F("number"), CharField()),
            detail=F("adopted_by"),
            link=F("vision__site_id"),
        )
    ]


def _describe_vision(row, entry):
    entry.label = str(_("Version %(number)s") % {"number": row["j_label"]})


def _measurements(site_id, today):
    """One row per day measurements were entered for: a grid saves many at once."""
    from visions.models import Measurement

    by_day = (
        Measurement.objects.filter(indicator__objective__vision__site_id=site_id)
        .values("date")
        .annotate(first_pk=Min("pk"), count=Count("pk"))
    )
    return [
        shape(
            by_day,
            kind="mesures",
            on=F("date"),
            pk=F("first_pk"),
            label=Cast(F("count"), CharField()),
            link=Value(site_id),
        )
    ]


def _describe_measurements(row, entry):
    count = int(row["j_label"] or 0)
    entry.label = plural(count, "%(count)d mesure", "%(count)d mesures")


SOURCES: list[JournalSource] = [
    JournalSource(
        "reunion",
        _("réunions tenues"),
        _meetings_held,
        title=_("Réunion tenue"),
        badge="fr-badge--blue-ecume",
        url_name="cercles:meeting_detail",
    ),
    JournalSource(
        "decision",
        _("décisions"),
        _decisions,
        title=_("Décision"),
        badge="fr-badge--purple-glycine",
        url_name="cercles:meeting_detail",
    ),
    JournalSource(
        "engagement_tenu",
        _("engagements tenus"),
        _commitments_done,
        title=_("Engagement tenu"),
        badge="fr-badge--success",
        url_name="cercles:meeting_detail",
    ),
    JournalSource(
        "engagement_en_retard",
        _("engagements en retard"),
        _commitments_overdue,
        title=_("Échéance dépassée"),
        badge="fr-badge--error",
        url_name="cercles:meeting_detail",
        describe=_describe_overdue,
    ),
    JournalSource(
        "statut",
        _("changements de statut du site"),
        _status_changes,
        title=_("Statut du site"),
        badge="fr-badge--green-menthe",
        describe=_describe_status,
    ),
    JournalSource(
        "trinome",
        _("changements au trinôme"),
        _trinome,
        title=_("Arrivée au trinôme"),
        badge="fr-badge--yellow-tournesol",
        url_name="quartiers:personne_detail",
        describe=_describe_trinome,
    ),
    JournalSource(
        "vision",
        _("visions adoptées"),
        _visions_adopted,
        title=_("Vision adoptée"),
        badge="fr-badge--green-emeraude",
        url_name="visions:vision_detail",
        describe=_describe_vision,
    ),
    JournalSource(
        "mesures",
        _("mesures saisies"),
        _measurements,
        title=_("Mesures saisies"),
        badge="fr-badge--blue-cumulus",
        url_name="visions:indicator_grid",
        describe=_describe_measurements,
    ),
]


def sources_by_kind() -> dict[str, JournalSource]:
    return {source.kind: source for source in SOURCES}


def _chosen(kinds) -> list[JournalSource]:
    return [s for s in SOURCES if not kinds or s.kind in kinds] or SOURCES


def _combined(site_id: int, today: datetime.date, sources: list[JournalSource]) -> QuerySet:
    queries = [query for source in sources for query in source.queries(site_id, today)]
    first, *others = queries
    combined = first.union(*others, all=True) if others else first
    return combined.order_by(*ORDERING)


def journal_queryset(site_id: int, kinds: list[str] | None = None) -> QuerySet:
    """Rows of the chosen sources (all when ``kinds`` is empty), newest first."""
    return _combined(site_id, timezone.localdate(), _chosen(kinds))


# Building and compiling the UNION of up to nine querysets costs about 10 ms of Python,
# more than PostgreSQL takes to run it; its SQL only differs by the site and the day.
# So a page's statement is compiled once per choice of sources with two marker values
# in place of those, and each request substitutes its own into the parameters.
_SITE_MARKERS = (-2_000_000_011, -2_000_000_013)
_DAY_MARKERS = (datetime.date(1970, 1, 3), datetime.date(1970, 1, 5))


@dataclass(frozen=True)
class _Statement:
    sql: str
    params: tuple
    site_slots: tuple[int, ...]  # where the site id goes in ``params``
    day_slots: tuple[int, ...]  # where today goes

    def bind(self, site_id: int, today: datetime.date) -> list:
        params = list(self.params)
        for slot in self.site_slots:
            params[slot] = site_id
        for slot in self.day_slots:
            params[slot] = today
        return params


@functools.lru_cache(maxsize=128)
def _statement(kinds: tuple[str, ...], alias: str) -> _Statement | None:
    """The journal's SELECT for ``kinds`` (sorted), or None when its parameters do not
    depend on the site and the day alone (a source computing a date from today, say):
    then it is built per request."""
    compiled = []
    for site_id, today in zip(_SITE_MARKERS, _DAY_MARKERS, strict=True):
        journal = _combined(site_id, today, _chosen(kinds)).order_by()
        compiled.append(journal.query.get_compiler(using=alias).as_sql())
    (sql, params), (other_sql, other_params) = compiled
    if sql != other_sql or len(params) != len(other_params):
        return None
    site_slots, day_slots = [], []
    for slot, (first, second) in enumerate(zip(params, other_params, strict=True)):
        if (first, second) == _SITE_MARKERS:
            site_slots.append(slot)
        elif (first, second) == _DAY_MARKERS:
            day_slots.append(slot)
        elif first != second:
            return None
    return _Statement(sql, tuple(params), tuple(site_slots), tuple(day_slots))


def _select(site_id: int, kinds, alias: str) -> tuple[str, list]:
    """The SQL and parameters of ``journal_queryset(site_id, kinds)``, unordered."""
    today = timezone.localdate()
    statement = _statement(tuple(sorted(source.kind for source in _chosen(kinds))), alias)
    if statement is None:
        journal = _combined(site_id, today, _chosen(kinds)).order_by()
        return journal.query.get_compiler(using=alias).as_sql()
    return statement.sql, statement.bind(site_id, today)


def _sql_ordering() -> str:
    return ", ".join(f"{name[1:]} DESC" if name.startswith("-") else name for name in ORDERING)


def _cursor(connection):
    """A cursor for the journal's statement. On PostgreSQL, one binding its parameters on
    the server: the statement's text is then the same at every request, and psycopg
    prepares it after a few runs on a connection, so PostgreSQL stops planning the UNION
    again (its planning cost more than its execution)."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    import psycopg

    connection.ensure_connection()
    return connection._prepare_cursor(psycopg.Cursor(connection.connection))


def journal_rows(
    site_id: int, kinds=None, *, limit: int, offset: int = 0, using: str = "default"
) -> tuple[list[dict], int | None]:
    """``limit`` rows of the site's journal from ``offset``, newest first, and the number
    of rows of the whole journal, read by one statement (``COUNT(*) OVER ()`` is computed
    before ``LIMIT``). The total is None when no row is returned (past the end, or an
    empty journal)."""
    sql, params = _select(site_id, kinds, using)
    statement = (
        f"SELECT journal.*, COUNT(*) OVER () AS j_total FROM ({sql}) journal "
        f"ORDER BY {_sql_ordering()} LIMIT %s OFFSET %s"
    )
    with _cursor(connections[using]) as cursor:
        cursor.execute(statement, (*params, limit, offset))
        fetched = cursor.fetchall()
    rows = [dict(zip(COLUMNS, row[:-1], strict=True)) for row in fetched]
    for row in rows:  # SQLite hands dates over as text; PostgreSQL as dates
        if isinstance(row["j_on"], str):
            row["j_on"] = datetime.date.fromisoformat(row["j_on"])
    return rows, (fetched[0][-1] if fetched else None)


def journal_page(site_id: int, kinds, number, per_page: int) -> Page:
    """``Paginator(journal_queryset(site_id, kinds), per_page).get_page(number)``, in one
    statement instead of two: the journal is a ``UNION ALL`` of up to nine queries whose
    planning alone costs PostgreSQL several milliseconds, once for the count and once for
    the page. Django's paginator (two statements) still answers what this cannot: a page
    past the end or a number below 1 (both give the last page)."""
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 1
    # An offset no SQL integer holds (?page=99999999999999999999) is past the end too.
    if number >= 1 and (number - 1) * per_page < 2**63:
        rows, total = journal_rows(site_id, kinds, limit=per_page, offset=(number - 1) * per_page)
        if total is not None or number == 1:
            paginator = Paginator(rows, per_page)
            paginator.count = total or 0  # what Paginator.count would have counted
            return Page(rows, number, paginator)
    return Paginator(journal_queryset(site_id, kinds), per_page).get_page(number)


def journal_entries(rows) -> list[JournalEntry]:
    by_kind = sources_by_kind()
    return [by_kind[row["j_kind"]].entry(row) for row in rows]
