"""« Carte des acteurs » of a site, its hand-made links, and the national comparison."""

import datetime

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation import metrics as network_metrics
from cooperation import perms
from cooperation.enums import Field, Origin
from cooperation.forms import LinkForm, MapFilterForm
from cooperation.models import Link, NetworkSnapshot
from cooperation.network import build_network
from qic.history import history_for
from qic.htmx import paginate
from qic.idempotency import idempotent_create
from quartiers import perms as site_perms
from quartiers.models import Site, Structure
from quartiers.querysets import CHANGE, VIEW
from visions.enums import CooperationMetric, IndicatorFamily
from visions.models import Indicator

# The date slider goes back this many months at most.
SLIDER_MONTHS = 120
LINKS_PER_PAGE = 100


def _site(request, pk, action=VIEW) -> Site:
    return site_perms.get_object_or_deny(request.user, Site.objects.all(), action, pk=pk)


def _months_back(today: datetime.date, earliest: datetime.date | None) -> int:
    if earliest is None:
        return 12
    months = (today.year - earliest.year) * 12 + today.month - earliest.month
    return max(1, min(SLIDER_MONTHS, months + 1))


def site_map(request, pk):
    site = _site(request, pk)
    today = timezone.localdate()
    form = MapFilterForm(request.GET or None)
    on, fields, origins = today, [], []
    if form.is_bound and form.is_valid():
        on = min(form.cleaned_data["au"] or today, today)
        fields, origins = form.cleaned_data["champ"], form.cleaned_data["origine"]
    network = build_network(site, on)
    if on == today:
        metrics = network_metrics.site_metrics(site, today=today, network=network)
        earliest = min((edge.since for edge in network.edges.values()), default=None)
    else:
        # A past date: computed once per (site, stamp, date), kept in the cache.
        metrics = cache.get_or_set(
            f"cooperation:metrics:{site.pk}:{site.data_version}:{on.isoformat()}",
            lambda: network_metrics.compute(network),
            timeout=24 * 3600,
        )
        earliest = None
    shown = network.filtered(fields=fields, origins=origins)
    degrees: dict[int, int] = dict.fromkeys(shown.nodes, 0)
    for a, b in shown.edges:
        degrees[a] += 1
        degrees[b] += 1
    field_labels = {field.value: str(field.label) for field in Field}
    nodes = [
        (node.name, field_labels[node.field], degrees[node.id]) for node in shown.nodes.values()
    ]
    can_change = perms.can_manage_links(request.user, site)
    # The table of links is paginated (the map draws them all): a page costs the same
    # to render whatever the size of the network.
    page = paginate(request, shown.ordered_edges(), per_page=LINKS_PER_PAGE)
    origin_labels = {origin.value: str(origin.label) for origin in Origin}
    context = {
        "site": site,
        "form": form,
        "on": on,
        "today": today,
        "is_today": on == today,
        "metrics": metrics,
        "sentences": network_metrics.sentences(metrics),
        "bridges": metrics.get("bridges", []),
        "central": metrics.get("central", []),
        "field_counts": [
            (network_metrics.field_label(field), count)
            for field, count in metrics.get("field_counts", {}).items()
        ],
        "nodes": nodes,
        "page_obj": page,
        "edges": [
            (
                shown.nodes[edge.source].name,
                shown.nodes[edge.target].name,
                [(origin_labels[o.origin], o) for o in edge.origins],
                edge.since,
            )
            for edge in page
        ],
        "data": shown.as_data(),
        "slider_months": _months_back(today, earliest),
        "is_filtered": bool(fields or origins),
        "can_change": can_change,
        "fields": Field,
        "origins": Origin,
    }
    return render(request, "cooperation/site_map.html", context)


@idempotent_create
def link_create(request, pk):
    site = _site(request, pk, CHANGE)
    form = LinkForm(request.POST or None, site=site)
    if request.method == "POST" and form.is_valid():
        link = form.save(commit=False)
        link.site = site
        link.author = request.user
        link.save()
        messages.success(request, _("Le lien « %(link)s » a été ajouté.") % {"link": link})
        return redirect("cooperation:site_map", pk=site.pk)
    return render(request, "cooperation/link_form.html", {"form": form, "site": site, "link": None})


def _link(request, pk) -> Link:
    return site_perms.get_object_or_deny(
        request.user, Link.objects.select_related("site", "source", "target"), CHANGE, pk=pk
    )


def link_edit(request, pk):
    link = _link(request, pk)
    form = LinkForm(request.POST or None, instance=link, site=link.site)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Le lien a été enregistré."))
        return redirect("cooperation:site_map", pk=link.site_id)
    context = {"form": form, "site": link.site, "link": link, "history": history_for(link)}
    return render(request, "cooperation/link_form.html", context)


def link_delete(request, pk):
    link = _link(request, pk)
    if request.method == "POST":
        link.delete()
        messages.success(request, _("Le lien « %(link)s » est supprimé.") % {"link": link})
        return redirect("cooperation:site_map", pk=link.site_id)
    return render(
        request,
        "cooperation/link_delete.html",
        {
            "site": link.site,
            "link": link,
            "cancel_url": reverse("cooperation:link_edit", args=[link.pk]),
        },
    )


def national(request):
    """ANCT compares the sites' networks and sees the structures active in several sites."""
    if not perms.can_view_national(request.user):
        raise PermissionDenied
    sites = Site.objects.for_user(request.user).order_by("name", "pk")
    snapshots = {
        snapshot.site_id: snapshot
        for snapshot in NetworkSnapshot.objects.filter(site__in=sites.values("pk")).only(
            "site_id", "computed_on", "metrics"
        )
    }
    # The latest value of each cooperation indicator of the sites (one query).
    latest: dict[int, dict[str, Indicator]] = {}
    for indicator in (
        Indicator.objects.filter(
            family=IndicatorFamily.COOPERATION, objective__vision__site__in=sites.values("pk")
        )
        .annotate(site_id=F("objective__vision__site_id"))
        .order_by("latest_date", "pk")
    ):
        latest.setdefault(indicator.site_id, {})[indicator.cooperation_metric] = indicator
    rows, presence = [], {}
    for site in sites.only("pk", "name"):
        snapshot = snapshots.get(site.pk)
        metrics = snapshot.metrics if snapshot else {}
        values = latest.get(site.pk, {})
        rows.append((site, snapshot, metrics, [values.get(m) for m in CooperationMetric]))
        for structure_id in metrics.get("structure_ids", []):
            presence.setdefault(structure_id, []).append(site)
    shared_ids = [pk for pk, on_sites in presence.items() if len(on_sites) > 1]
    shared = (
        [
            (structure, presence[structure.pk])
            for structure in Structure.objects.filter(pk__in=shared_ids).only("pk", "name", "kind")
        ]
        if shared_ids
        else []
    )
    shared.sort(key=lambda item: (-len(item[1]), item[0].name.lower()))
    context = {
        "rows": rows,
        "shared": shared[:100],
        "shared_count": len(shared),
        "missing": sum(1 for _site, snapshot, _m, _v in rows if snapshot is None),
        "cooperation_metrics": CooperationMetric,
        "with_indicators": bool(latest),
    }
    return render(request, "cooperation/national.html", context)
