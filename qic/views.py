"""Project-wide pages: the home page of each role, and the error pages."""

from django.db.models import Count, Q, Sum
from django.shortcuts import render
from django.utils import timezone
from django.views import defaults

from accounts.enums import Role
from qic.api import exceptions as api_exceptions
from quartiers.enums import Programme, SiteStatus
from quartiers.models import Quartier, Site, SiteStatusChange


def home(request):
    user = request.user
    if user.is_national:
        return _home_national(request)
    if user.role == Role.CENTRE:
        return _home_centre(request)
    return _home_site(request)


def _home_national(request):
    sites = Site.objects.for_user(request.user)
    figures = sites.aggregate(
        total=Count("pk"),
        **{f"status_{s.value}": Count("pk", filter=Q(status=s)) for s in SiteStatus},
        **{f"programme_{p.value}": Count("pk", filter=Q(programme=p)) for p in Programme},
    )
    by_status = [(s, figures[f"status_{s.value}"]) for s in SiteStatus]
    by_programme = [(p, figures[f"programme_{p.value}"]) for p in Programme]
    context = {
        "total": figures["total"],
        "by_status": by_status,
        "by_programme": by_programme,
        "qpv_covered": Quartier.objects.filter(sites__in=sites.values("pk")).distinct().count(),
        "followed": sites.filter(chef_de_projet=request.user).order_by("name")
        if request.user.role == Role.CHEF_DE_PROJET
        else None,
        "recent_changes": SiteStatusChange.objects.for_user(request.user)
        .select_related("site", "author")
        .order_by("-date", "-created_at")[:10],
    }
    return render(request, "home/national.html", context)


def _home_centre(request):
    today = timezone.localdate()
    sites = (
        Site.objects.for_user(request.user)
        .filter(accompaniments__centre__members=request.user)
        .annotate(
            hours_planned=Sum("accompaniments__hours_planned"),
            hours_done=Sum("accompaniments__hours_done"),
            ongoing=Count(
                "accompaniments",
                filter=Q(accompaniments__end_date__isnull=True)
                | Q(accompaniments__end_date__gte=today),
            ),
        )
        .select_related("cohort")
        .order_by("name")
    )
    centres = request.user.structures.all()
    return render(request, "home/centre.html", {"sites": sites, "centres": centres})


def _home_site(request):
    sites = (
        Site.objects.for_user(request.user)
        .select_related("cohort")
        .prefetch_related("quartiers")
        .order_by("name")
    )
    return render(
        request,
        "home/site_member.html",
        {"sites": sites, "can_edit": request.user.role == Role.MEMBRE},
    )


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception):
    """404: in JSON under /api/ (same shape as every API error), the HTML page elsewhere."""
    if _is_api(request):
        return api_exceptions.not_found(request, exception)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return api_exceptions.server_error(request)
    return defaults.server_error(request)
