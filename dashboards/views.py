"""The dashboards: national (ANCT roles), the site's page (whoever sees the site: its
workspace's landing page, « Site » below), resource centre.

Each runs a fixed number of queries whatever the data (pinned in
tests/test_query_counts.py). The figures are the read functions of ``summaries/``
(grouped queries, cached per site under its data stamp), shared with the reports.
"""

import dataclasses
import datetime
import io

from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.expressions import OrderBy
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.vary import vary_on_headers

from accounts.enums import Role
from cercles.journal import journal_entries, journal_queryset
from cercles.models import Meeting
from dashboards.figures import NationalFigures, first_quartier
from qic.history import history_for
from qic.htmx import paginate, render_page_or_fragment
from qic.maps import map_config
from qic.spreadsheets import Sheet, write_csv, write_xlsx
from quartiers import perms
from quartiers.enums import SiteStatus, StructureKind
from quartiers.filters import SiteFilter
from quartiers.models import Accompaniment, Site, Structure
from summaries.activity import last_activity_of, with_last_activity
from summaries.programme import (
    cached_site_figures,
    commitments_overdue_of_site,
    meetings_90_days_of_site,
    on_track_of_site,
    on_track_share_of_site,
    programme_figures,
)
from summaries.site import site_summary
from summaries.waiting import waiting_for
from visions.charts import radar, recent_values
from visions.models import Indicator

PER_PAGE = 20
# « À relancer » lines shown before « voir les N sites »: the longest-waiting first.
CHASE_SHOWN = 25
# The national aggregates' fragments: their key changes with any write on their sites
# and with the day, so they are never read stale; this only lets them expire.
FRAGMENT_SECONDS = 26 * 3600
MINE, ALL = "mes-sites", "tous"

_STATUS_RANK = Case(
    *(When(status=status, then=Value(index)) for index, status in enumerate(SiteStatus)),
    default=Value(len(SiteStatus)),
)


@dataclasses.dataclass(frozen=True)
class Kept:
    """A term of a sort that « descending » does not reverse: the tie-breaker of a
    stable sort (sites with the same count stay in name order)."""

    expression: object


@dataclasses.dataclass(frozen=True)
class NullsLast:
    """A term whose missing values come last whichever the direction."""

    expression: object


# ?tri=… → the ordering of the sites table and of its export; "-" in front reverses it.
# A callable is given the day (the health columns count up to today).
SORTS = {
    "nom": ("name",),
    "statut": (_STATUS_RANK, "name"),
    "programme": ("programme", "name"),
    "cohorte": (F("cohort__year").asc(nulls_last=True), "name"),
    "departement": (F("dep_code").asc(nulls_last=True), "name"),
    "activite": ("last_activity", "name"),
    # The health columns: their counts, then the name whichever the direction.
    "retards": lambda today: (commitments_overdue_of_site(today), Kept(F("name").asc())),
    # « 7 sur 11 »: by the share on track, then by how many; sites without indicators
    # (« — ») last whichever the direction.
    "bonne-voie": lambda today: (
        NullsLast(on_track_share_of_site()),
        on_track_of_site(),
        Kept(F("name").asc()),
    ),
    "reunions": lambda today: (meetings_90_days_of_site(today), Kept(F("name").asc())),
}
# Columns whose first click sorts from the most: the sites with the most overdue
# commitments first, those to nudge (the others start from the least, where stalls show).
FIRST_DESCENDING = {"retards"}
SORT_LABELS = {
    "nom": gettext_lazy("Site"),
    "statut": gettext_lazy("Statut"),
    "programme": gettext_lazy("Programme"),
    "cohorte": gettext_lazy("Cohorte"),
    "departement": gettext_lazy("Département"),
    "activite": gettext_lazy("Dernière activité"),
    "retards": gettext_lazy("Engagements en retard"),
    "bonne-voie": gettext_lazy("Indicateurs en bonne voie"),
    "reunions": gettext_lazy("Réunions (90 jours)"),
}


def _ordering(key: str, today: datetime.date):
    descending = key.startswith("-")
    fields = SORTS.get(key.lstrip("-"))
    if fields is None:
        return ("name", "pk"), "nom"
    if callable(fields):
        fields = fields(today)
    ordered = []
    for field in fields:
        if isinstance(field, Kept):
            ordered.append(field.expression)
            continue
        if isinstance(field, NullsLast):
            ordered.append(OrderBy(field.expression, descending=descending, nulls_last=True))
            continue
        expression = F(field) if isinstance(field, str) else field
        if not isinstance(expression, OrderBy):
            expression = expression.asc()
        if descending:
            expression = expression.copy()
            expression.reverse_ordering()
        ordered.append(expression)
    return (*ordered, "pk"), key


def home(request):
    """The home page is the dashboard of the user's role."""
    user = request.user
    if user.is_national:
        return national(request)
    if user.role == Role.CENTRE:
        centres = Structure.objects.filter(kind=StructureKind.CENTRE_RESSOURCES, members=user)
        return _centre(
            request,
            list(centres.order_by("name")),
            title=_("Tableau de bord du centre de ressources"),
        )
    return _member_home(request)


# National ------------------------------------------------------------------------------


def _national_scope(request):
    """The sites of the dashboard: all those the user sees; a chef de projet starts with
    the sites they follow (when there are some) and gets all of them on request."""
    sites = Site.objects.for_user(request.user)
    if request.user.role != Role.CHEF_DE_PROJET:
        return sites, None
    wanted = request.GET.get("perimetre")
    mine = sites.filter(chef_de_projet=request.user)
    if wanted == ALL:
        return sites, ALL
    if wanted == MINE or mine.exists():
        return mine, MINE
    return sites, ALL


def _with_place(sites):
    """The département and région of each site's first QPV: the table's and export's."""
    return sites.annotate(
        dep_code=first_quartier("departement__code"),
        dep_name=first_quartier("departement__name"),
        region_name=first_quartier("departement__region__name"),
    )


def _sites_table(request, sites, today, figures=None):
    order, sort = _ordering(request.GET.get("tri", "nom"), today)
    # The last activity (a dozen subqueries per site) is read for the shown page only,
    # from the per-site cache (summaries.activity) — unless the table is sorted by it.
    by_activity = sort.lstrip("-") == "activite"
    rows = (
        _with_place(with_last_activity(sites) if by_activity else sites)
        .select_related("cohort")
        # The columns the table shows: PostgreSQL sorts 1,600 narrow rows, not whole
        # sites (EXPLAIN ANALYZE: sort 3.9–17.8 ms → 1.1–1.8 ms).
        .only("pk", "name", "status", "programme", "cohort__year", "data_version")
        .order_by(*order)
    )
    page = paginate(request, rows, per_page=PER_PAGE)
    stamps = [(site.pk, site.data_version) for site in page.object_list]
    if not by_activity:
        activity = last_activity_of(stamps)
        for site in page.object_list:
            site.last_activity = activity.get(site.pk)
    # The health columns: the per-site figures the programme's aggregates read too (from
    # the per-site cache; a whole page passes those it has read for every site).
    health = figures if figures is not None else cached_site_figures(sites, stamps, today)
    for site in page.object_list:
        site.health = health.get(site.pk)
    columns = []
    for key, label in SORT_LABELS.items():
        current = sort.lstrip("-") == key
        descending = sort.startswith("-")
        columns.append(
            {
                "key": key,
                "label": label,
                "sort": (
                    (f"-{key}" if not descending else key)
                    if current
                    else (f"-{key}" if key in FIRST_DESCENDING else key)
                ),
                "aria_sort": ("descending" if descending else "ascending") if current else "",
            }
        )
    return {"page_obj": page, "columns": columns, "sort": sort}


@vary_on_headers("HX-Request", "HX-Target")
def national(request):
    if not request.user.is_national:
        raise PermissionDenied
    scope_sites, scope = _national_scope(request)
    filterset = SiteFilter(request.GET, queryset=scope_sites)
    sites = filterset.qs
    context = {
        "filter": filterset,
        "scope": scope,
        "MINE": MINE,
        "ALL": ALL,
        "table_only": False,
    }
    today = timezone.localdate()
    if request.htmx and request.htmx.target == "tableau-sites":
        context.update(_sites_table(request, sites, today), table_only=True)
        return render_page_or_fragment(request, "dashboards/national.html", context, "table")
    # The aggregates are template fragments cached under the digest of the sites' data
    # stamps (docs/architecture.md, « Dashboards »): read, not computed, until a write.
    programme = programme_figures(sites, today)
    context.update(_sites_table(request, sites, today, figures=programme.per_site))
    context.update(
        programme=programme,
        national=NationalFigures(programme),
        fragment_seconds=FRAGMENT_SECONDS,
        chase_all=request.GET.get("relancer") == ALL,
        chase_shown=CHASE_SHOWN,
        chase_slice=f":{CHASE_SHOWN}",
        map_config=map_config(),
    )
    return render_page_or_fragment(request, "dashboards/national.html", context)


def _health_cells(figures):
    if figures is None:
        return [None, None, None, None]
    return [
        figures.commitments_overdue,
        figures.on_track,
        figures.indicators,
        figures.meetings_90_days,
    ]


EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def national_export(request, extension):
    """The national table as filtered and sorted on the page, every row, in CSV or XLSX."""
    if not request.user.is_national:
        raise PermissionDenied
    if extension not in EXPORT_FORMATS:
        raise Http404
    scope_sites, _scope = _national_scope(request)
    sites = SiteFilter(request.GET, queryset=scope_sites).qs
    today = timezone.localdate()
    order, _sort = _ordering(request.GET.get("tri", "nom"), today)
    rows = _with_place(with_last_activity(sites)).select_related("cohort").order_by(*order)
    stamps = sites.order_by().values_list("pk", "data_version")
    health = cached_site_figures(sites, list(stamps), today)
    sheet = Sheet(
        name=_("Sites"),
        headers=[
            _("Site"),
            _("Statut"),
            _("Programme"),
            _("Cohorte"),
            _("Département"),
            _("Code département"),
            _("Région"),
            _("Dernière activité"),
            _("Engagements en retard"),
            _("Indicateurs en bonne voie"),
            _("Indicateurs"),
            _("Réunions (90 jours)"),
        ],
        rows=(
            [
                site.name,
                site.get_status_display(),
                site.get_programme_display(),
                site.cohort.year if site.cohort else None,
                site.dep_name,
                site.dep_code,
                site.region_name,
                timezone.localdate(site.last_activity),
                *_health_cells(health.get(site.pk)),
            ]
            for site in rows
        ),
    )
    buffer = io.BytesIO()
    if extension == "csv":
        write_csv(sheet, buffer)
    else:
        write_xlsx([sheet], buffer, on_sheet=lambda _number: None)
    response = HttpResponse(buffer.getvalue(), content_type=EXPORT_FORMATS[extension])
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="sites-{day}.{extension}"'
    return response


# Site ----------------------------------------------------------------------------------
#
# A site's page: the landing page of its workspace (quartiers/workspace.py), at the address
# of the site (/sites/<pk>/, ``Site.get_absolute_url``), and a member's home page. It lives
# here, not in ``quartiers``, because it reads what quartiers may not import (the vision,
# the cercles, ``summaries``); quartiers only names it, by its URL name.


def _site_context(request, site):
    today = timezone.localdate()
    summary = site_summary(site, today)
    # The sparklines' values in one query (``visions.charts``, as the grid and the tree).
    recent = recent_values(Indicator.objects.filter(objective__vision__site=site))
    for indicator in summary.indicators:
        indicator.recent_values = recent.get(indicator.pk, [])
    assessment = summary.assessment
    can_change = perms.can_change(request.user, site)
    return {
        "site": site,
        "vision": summary.vision,
        "objectives": summary.objectives,
        "status_changes": summary.status_changes,
        "trinome": summary.trinome_seats,
        "assessment": assessment,
        "radar": radar(assessment, summary.previous_assessment) if assessment else "",
        "actions_by_status": summary.actions_by_status,
        "actions_total": summary.actions_total,
        "next_meetings": Meeting.objects.filter(cercle__site=site)
        .upcoming()
        .select_related("cercle")
        .order_by("starts_at")[:5],
        "overdue_commitments": summary.overdue_commitments()[:10],
        "commitment_counts": summary.commitments,
        "journal": journal_entries(journal_queryset(site.pk)[:8]),
        "can_change": can_change,
        "can_delete": perms.can_delete_site(request.user),
        # The site's administration, lower on the page.
        "quartiers": site.quartiers.select_related("departement__region").prefetch_related(
            "communes"
        ),
        "accompaniments": site.accompaniments.select_related("centre").order_by(
            "-start_date", "pk"
        ),
        "accesses": (
            site.accesses.select_related("user").order_by("user__last_name", "user__email")
            if can_change
            else []
        ),
        "history": history_for(site),
    }


def site(request, pk):
    site = perms.get_object_or_deny(
        request.user, Site.objects.select_related("cohort", "chef_de_projet", "vision"), pk=pk
    )
    return render(request, "dashboards/site.html", _site_context(request, site))


def _member_home(request):
    """A site member or observer: the page of their first site, the others a click away.
    Same queries with one site or fifty."""
    sites = list(
        Site.objects.for_user(request.user)
        .select_related("cohort", "chef_de_projet", "vision")
        .order_by("name", "pk")
    )
    if not sites:
        return render(request, "dashboards/no_site.html", {})
    context = _site_context(request, sites[0])
    context.update(other_sites=sites[1:], is_home=True, waiting=waiting_for(request.user))
    return render(request, "dashboards/site.html", context)


# Resource centre -----------------------------------------------------------------------


def centre(request, pk):
    structure = get_object_or_404(
        Structure.objects.for_user(request.user).filter(kind=StructureKind.CENTRE_RESSOURCES),
        pk=pk,
    )
    if not (request.user.is_national or structure.members.filter(pk=request.user.pk).exists()):
        raise PermissionDenied
    return _centre(
        request,
        [structure],
        title=_("Tableau de bord — %(centre)s") % {"centre": structure.name},
    )


def _hours(field, centres):
    return Coalesce(
        Subquery(
            Accompaniment.objects.filter(site=OuterRef("pk"), centre__in=centres)
            .values("site")
            .annotate(total=Sum(field))
            .values("total")
        ),
        Value(0),
        output_field=Accompaniment._meta.get_field(field),
    )


def _centre(request, centres: list[Structure], title):
    today = timezone.localdate()
    user = request.user
    centre_ids = [centre.pk for centre in centres]
    accompanied = Accompaniment.objects.filter(centre__in=centre_ids).values("site")
    sites = Site.objects.for_user(user).filter(pk__in=accompanied)
    ongoing = Accompaniment.objects.filter(site=OuterRef("pk"), centre__in=centre_ids).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    rows = list(
        sites.annotate(
            hours_planned=_hours("hours_planned", centre_ids),
            hours_done=_hours("hours_done", centre_ids),
            ongoing=Subquery(ongoing.values("pk")[:1]),
        )
        .select_related("cohort")
        .order_by("name", "pk")
    )
    # « À relancer » and the last activity from the per-site caches (summaries/); the
    # hours depend on the centre, are cheap, and stay live.
    stamps = [(row.pk, row.data_version) for row in rows]
    activity = last_activity_of(stamps)
    for row in rows:
        row.last_activity = activity.get(row.pk)
    chase = programme_figures(sites, stamps=stamps).chase
    return render(
        request,
        "dashboards/centre.html",
        {
            "title": title,
            "centres": centres,
            "sites": rows,
            "totals": {
                "planned": sum(row.hours_planned for row in rows),
                "done": sum(row.hours_done for row in rows),
                "ongoing": sum(1 for row in rows if row.ongoing),
            },
            "chase": chase,
            "chase_shown": chase,
        },
    )
