"""The dashboards: national (ANCT roles), site (whoever sees the site), resource centre.

Each runs a fixed number of queries whatever the data (pinned in
tests/test_query_counts.py): figures are aggregated by the database, never per site.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Sum, Value, When, Window
from django.db.models.expressions import OrderBy
from django.db.models.functions import Coalesce, RowNumber
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.vary import vary_on_headers

from accounts.enums import Role
from cercles.journal import journal_entries, journal_queryset
from cercles.models import Commitment, Meeting
from dashboards import charts as dashboard_charts
from dashboards.activity import with_last_activity
from dashboards.cache import cached
from dashboards.chase import chase_list
from dashboards.figures import first_quartier, key_figures, map_points, status_timeline
from qic.htmx import paginate, render_page_or_fragment
from quartiers import perms
from quartiers.enums import Programme, SiteStatus, StructureKind
from quartiers.filters import SiteFilter
from quartiers.models import Accompaniment, Site, SiteStatusChange, Structure, TrinomeMandate
from visions.enums import ActionStatus
from visions.models import Action, Indicator, Measurement, Objective, SelfAssessment
from visions.views.assessments import radar
from visions.views.vision import SPARKLINE_POINTS

PER_PAGE = 20
# « À relancer » lines shown before « voir les N sites »: the longest-waiting first.
CHASE_SHOWN = 25
MINE, ALL = "mes-sites", "tous"

_STATUS_RANK = Case(
    *(When(status=status, then=Value(index)) for index, status in enumerate(SiteStatus)),
    default=Value(len(SiteStatus)),
)
# ?tri=… → the ordering of the sites table; "-" in front reverses it.
SORTS = {
    "nom": ("name",),
    "statut": (_STATUS_RANK, "name"),
    "programme": ("programme", "name"),
    "cohorte": (F("cohort__year").asc(nulls_last=True), "name"),
    "departement": (F("dep_code").asc(nulls_last=True), "name"),
    "activite": ("activity_at", "name"),
}
SORT_LABELS = {
    "nom": gettext_lazy("Site"),
    "statut": gettext_lazy("Statut"),
    "programme": gettext_lazy("Programme"),
    "cohorte": gettext_lazy("Cohorte"),
    "departement": gettext_lazy("Département"),
    "activite": gettext_lazy("Dernière activité"),
}


def _ordering(key: str):
    descending = key.startswith("-")
    fields = SORTS.get(key.lstrip("-"))
    if fields is None:
        return ("name", "pk"), "nom"
    ordered = []
    for field in fields:
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


def _last_activity(user, site_ids) -> dict:
    """Site id → last activity of the sites ``site_ids``, cached (a dozen subqueries per
    site)."""
    return cached(
        "activity",
        user,
        None,
        lambda: dict(
            with_last_activity(Site.objects.filter(pk__in=site_ids)).values_list(
                "pk", "activity_at"
            )
        ),
        site_ids=site_ids,
    )


def _sites_table(request, sites):
    order, sort = _ordering(request.GET.get("tri", "nom"))
    # The last activity (a dozen subqueries per site) is read for the shown page only,
    # and cached with the national aggregates — unless the table is sorted by it.
    by_activity = sort.lstrip("-") == "activite"
    rows = (
        (with_last_activity(sites) if by_activity else sites)
        .annotate(
            dep_code=first_quartier("departement__code"),
            dep_name=first_quartier("departement__name"),
            region_name=first_quartier("departement__region__name"),
        )
        .select_related("cohort")
        # The columns the table shows: PostgreSQL sorts 1,600 narrow rows, not whole
        # sites (EXPLAIN ANALYZE: sort 3.9–17.8 ms → 1.1–1.8 ms).
        .only("pk", "name", "status", "programme", "cohort__year")
        .order_by(*order)
    )
    page = paginate(request, rows, per_page=PER_PAGE)
    # The label from the enum: get_programme_display() hashes every lazy label.
    programmes = dict(Programme.choices)
    for site in page.object_list:
        site.programme_label = programmes.get(site.programme, site.programme)
    if not by_activity:
        activity = _last_activity(request.user, [site.pk for site in page.object_list])
        for site in page.object_list:
            site.activity_at = activity.get(site.pk)
    columns = []
    for key, label in SORT_LABELS.items():
        current = sort.lstrip("-") == key
        descending = sort.startswith("-")
        columns.append(
            {
                "key": key,
                "label": label,
                "sort": (f"-{key}" if current and not descending else key),
                "aria_sort": ("descending" if descending else "ascending") if current else "",
            }
        )
    return {"page_obj": page, "columns": columns, "sort": sort}


def _national_aggregates(user, sites) -> dict:
    """The national aggregates (key figures, map, « à relancer », statuses by month and
    the latest status changes), rendered to HTML and cached (dashboards/cache.py).

    HTML, not the objects: a warm request then reads a few strings instead of unpickling
    a thousand « à relancer » lines and rendering the map's table of every site. Nothing
    in these fragments depends on the request, only on the sites, the role, the day and
    the language, which the cache key holds.
    """
    # Unordered: the key sorts them, and sorting 1,600 names by collation costs ms.
    site_ids = list(sites.order_by().values_list("pk", flat=True))

    def compute():
        figures = key_figures(sites, user)
        chase = chase_list(sites, user)
        points, without_position = map_points(sites)
        timeline = status_timeline(user, sites)
        context = {
            "figures": figures,
            "map_points": points,
            "without_position": without_position,
            "timeline": timeline,
            "timeline_chart": dashboard_charts.status_timeline_chart(timeline),
            "recent_changes": SiteStatusChange.objects.for_user(user)
            .filter(site__in=sites.values("pk"))
            .select_related("site")
            .order_by("-date", "-created_at")[:8],
        }
        return {
            "key_figures": render_to_string("dashboards/includes/key_figures.html", context),
            "map": render_to_string("dashboards/includes/map.html", context),
            "chase": _chase_lines(chase[:CHASE_SHOWN]),
            "chase_count": len(chase),
            "timeline": render_to_string("dashboards/includes/status_timeline.html", context),
        }

    aggregates = cached("national", user, None, compute, site_ids=site_ids)
    return {**aggregates, "site_ids": site_ids}


def _chase_lines(lines) -> str:
    return render_to_string("dashboards/includes/chase.html", {"chase_shown": lines})


def _all_chase_lines(user, sites, site_ids) -> str:
    """Every « à relancer » line (« voir les N sites »): rendered on request only, and
    cached on its own so the usual request does not carry them."""
    return cached(
        "national-chase-all",
        user,
        None,
        lambda: _chase_lines(chase_list(sites, user)),
        site_ids=site_ids,
    )


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
    context.update(_sites_table(request, sites))
    if request.htmx and request.htmx.target == "tableau-sites":
        context["table_only"] = True
        return render_page_or_fragment(request, "dashboards/national.html", context, "table")
    aggregates = _national_aggregates(request.user, sites)
    chase_truncated = aggregates["chase_count"] > CHASE_SHOWN
    if request.GET.get("relancer") == ALL and chase_truncated:
        chase_lines = _all_chase_lines(request.user, sites, aggregates["site_ids"])
        chase_truncated = False
    else:
        chase_lines = aggregates["chase"]
    context.update(
        aggregates=aggregates,
        chase_lines=chase_lines,
        chase_truncated=chase_truncated,
        map_config={
            "tiles": settings.QIC_MAP_TILE_URL,
            "attribution": settings.QIC_MAP_TILE_ATTRIBUTION,
        },
    )
    return render_page_or_fragment(request, "dashboards/national.html", context)


# Site ----------------------------------------------------------------------------------


def _site_context(request, site):
    today = timezone.localdate()
    vision = getattr(site, "vision", None)
    # Queried even without a vision, so the count of queries never depends on the data.
    # Track, progress and overdue are worked out in Python (visions.progress) from the
    # stored latest measurement: for one site's two dozen indicators, cheaper than
    # building and compiling the SQL expressions of ``with_progress()``.
    indicators = list(
        Indicator.objects.filter(objective__vision__site=site).order_by(
            "objective__position", "objective", "name", "pk"
        )
    )
    recent = {}
    # Rows with the two columns the sparklines read, not model instances (8.6 ms
    # instead of 27.5 for the 192 points of a site, in-process).
    for measurement in (
        Measurement.objects.filter(indicator__objective__vision__site=site)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("indicator")], order_by=[F("date").desc()])
        )
        .filter(rank__lte=SPARKLINE_POINTS)
        .order_by("indicator", "-date")
        .values_list("indicator_id", "value", named=True)
    ):
        recent.setdefault(measurement.indicator_id, []).append(measurement)
    by_objective = {}
    for indicator in indicators:
        indicator.recent_measurements = recent.get(indicator.pk, [])
        by_objective.setdefault(indicator.objective_id, []).append(indicator)
    objectives = [
        (objective, by_objective.get(objective.pk, []))
        for objective in Objective.objects.filter(vision__site=site).order_by("position", "pk")
    ]
    assessments = list(SelfAssessment.objects.filter(site=site).order_by("-date", "-pk")[:2])
    actions = dict(
        Action.objects.filter(site=site)
        .values_list("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    commitments = Commitment.objects.filter(meeting__cercle__site=site)
    return {
        "site": site,
        "vision": vision,
        "objectives": objectives,
        "status_changes": site.status_changes.order_by("date", "created_at"),
        "trinome": TrinomeMandate.objects.filter(site=site, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("personne", "structure")
        .order_by("seat"),
        "assessment": assessments[0] if assessments else None,
        "radar": radar(assessments[0], assessments[1] if len(assessments) > 1 else None)
        if assessments
        else "",
        "actions_by_status": [(status, actions.get(status.value, 0)) for status in ActionStatus],
        "actions_total": sum(actions.values()),
        "next_meetings": Meeting.objects.filter(cercle__site=site)
        .upcoming()
        .select_related("cercle")
        .order_by("starts_at")[:5],
        "overdue_commitments": commitments.overdue(today)
        .select_related("owner", "meeting__cercle")
        .order_by("due_on", "pk")[:10],
        "commitment_counts": commitments.open().aggregate(
            open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today))
        ),
        "journal": journal_entries(journal_queryset(site.pk)[:8]),
        "can_change": perms.can_change(request.user, site),
    }


def site(request, pk):
    site = perms.get_object_or_deny(
        request.user, Site.objects.select_related("cohort", "chef_de_projet", "vision"), pk=pk
    )
    return render(request, "dashboards/site.html", _site_context(request, site))


def _member_home(request):
    """A site member or observer: the dashboard of their first site, the others a click
    away. Same queries with one site or fifty."""
    sites = list(
        Site.objects.for_user(request.user)
        .select_related("cohort", "chef_de_projet", "vision")
        .order_by("name", "pk")
    )
    if not sites:
        return render(request, "dashboards/no_site.html", {})
    context = _site_context(request, sites[0])
    context.update(other_sites=sites[1:], is_home=True)
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
    # « À relancer » and the last activity cost seconds of SQL (docs/performance.md):
    # cached like the national aggregates, by role and the ids of the sites shown. The
    # hours depend on the centre, are cheap, and stay live.
    site_ids = [row.pk for row in rows]
    activity = _last_activity(user, site_ids)
    for row in rows:
        row.activity_at = activity.get(row.pk)
    chase = cached("chase", user, None, lambda: chase_list(sites, user), site_ids=site_ids)
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
