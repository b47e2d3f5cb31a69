"""``/stats``: the programme's impact over time, public, from ``summaries`` (the same
functions as the national dashboard), in a fragment cached under the sites' stamps."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from publication.stats import PublicStats
from publication.views.pages import FRAGMENT_SECONDS
from quartiers.models import Site
from summaries.programme import programme_figures


@login_not_required
@require_safe
def stats(request):
    programme = programme_figures(Site.objects.all())
    return render(
        request,
        "public/stats.html",
        {"stats": PublicStats(programme), "fragment_seconds": FRAGMENT_SECONDS},
    )
