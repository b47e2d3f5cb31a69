"""What the money says: a site's funding page, and the programme's for ANCT roles."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from financements import figures
from qic.htmx import render_page_or_fragment
from quartiers import perms
from quartiers.filters import SiteFilter
from quartiers.models import Site
from visions.models import Objective


def _year(request) -> int:
    value = request.GET.get("annee", "")
    today = timezone.localdate().year
    if value.isdigit() and 1990 <= int(value) <= today + 20:
        return int(value)
    return today


@vary_on_headers("HX-Request")
def site_funding(request, pk):
    site = perms.get_object_or_deny(request.user, Site.objects.all(), pk=pk)
    year = _year(request)
    objectives = list(Objective.objects.filter(vision__site=site).order_by("position", "pk"))
    funding = figures.funding_of(
        figures.site_lines(request.user, site),
        year=year,
        objectives=objectives,
        no_objective_label=_("Actions rattachées à aucun objectif"),
    )
    context = {
        "site": site,
        "funding": funding,
        "year": year,
        "can_change": perms.can_change(request.user, site),
    }
    return render_page_or_fragment(request, "financements/site_funding.html", context)


@vary_on_headers("HX-Request")
def national_funding(request):
    """The same figures across the sites the user sees, filtered like the national
    dashboard (``SiteFilter``)."""
    if not request.user.is_national:
        raise PermissionDenied
    year = _year(request)
    filterset = SiteFilter(request.GET, queryset=Site.objects.for_user(request.user))
    funding = figures.funding_of(figures.sites_lines(request.user, filterset.qs), year=year)
    context = {"filter": filterset, "funding": funding, "year": year}
    return render_page_or_fragment(request, "financements/national_funding.html", context)
