"""Every visible site's vision at a glance, and whether its curves are turning."""

from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from qic.htmx import paginate
from quartiers.models import Site
from visions.enums import Track
from visions.models import Indicator, Vision


def _vision_of(site):
    try:
        return site.vision
    except Vision.DoesNotExist:
        return None


def vision_overview(request):
    sites = Site.objects.for_user(request.user).select_related("vision").order_by("name", "pk")
    page = paginate(request, sites)
    figures = {
        row["objective__vision__site"]: row
        for row in Indicator.objects.for_user(request.user)
        .filter(objective__vision__site__in=[site.pk for site in page])
        .values("objective__vision__site")
        .annotate(
            total=Count("pk"),
            on_track=Count("pk", filter=Q(track__in=Track.on_track())),
            off_track=Count("pk", filter=Q(track__in=Track.off_track())),
            overdue_count=Count("pk", filter=Q(next_due_on__lt=timezone.localdate())),
        )
        .order_by()
    }
    empty = {"total": 0, "on_track": 0, "off_track": 0, "overdue_count": 0}
    rows = [
        {"site": site, "vision": _vision_of(site), "figures": figures.get(site.pk, empty)}
        for site in page
    ]
    return render(request, "visions/vision_overview.html", {"page_obj": page, "rows": rows})
