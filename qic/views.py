"""Project-wide pages: the home page of each role, the legal pages."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Q, Sum
from django.shortcuts import render
from django.utils import timezone

from accounts.enums import Role
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


@login_not_required
def legal_page(request, page):
    """The pages a French public service must publish, readable without an account."""
    context = {
        "contact_email": settings.CONTACT_EMAIL,
        "hosting_provider": settings.HOSTING_PROVIDER,
    }
    return render(request, f"legal/{page}.html", context)
