"""QPV (quartiers prioritaires) pages: reference data, read by every signed-in user."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.vary import vary_on_headers

from qic.history import history_for
from qic.htmx import paginate, render_page_or_fragment
from quartiers.filters import QuartierFilter
from quartiers.models import Commune, Quartier, Site


@vary_on_headers("HX-Request")
def quartier_list(request):
    quartiers = (
        Quartier.objects.for_user(request.user)
        .select_related("departement__region", "epci")
        .prefetch_related(Prefetch("communes", queryset=Commune.objects.only("code", "name")))
        .order_by("code")
    )
    filterset = QuartierFilter(request.GET, queryset=quartiers)
    page = paginate(request, filterset.qs)
    return render_page_or_fragment(
        request, "quartiers/quartier_list.html", {"filter": filterset, "page_obj": page}
    )


def quartier_detail(request, code):
    quartier = get_object_or_404(
        Quartier.objects.for_user(request.user).select_related("departement__region", "epci"),
        code=code.upper(),
    )
    context = {
        "quartier": quartier,
        "communes": quartier.communes.all(),
        "sites": Site.objects.for_user(request.user).filter(quartiers=quartier),
        "history": history_for(quartier),
    }
    return render(request, "quartiers/quartier_detail.html", context)
