"""« Données du quartier » of a site, the national comparison, and the import page."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from qic.idempotency import idempotent_create
from quartiers import perms
from quartiers.models import Site
from statistiques.filters import ComparisonFilter
from statistiques.forms import StatImportForm
from statistiques.importers import StatImportError, import_quartier_data
from statistiques.models import StatImport
from statistiques.perms import can_import_statistics
from statistiques.tables import comparison, site_tables


def site_data(request, pk):
    """Each QPV of the site, one column each, beside the all-QPV benchmark."""
    site = perms.get_object_or_deny(request.user, Site.objects.all(), pk=pk)
    quartiers = list(site.quartiers.order_by("code"))
    return render(
        request,
        "statistiques/site_data.html",
        {"site": site, "quartiers": quartiers, "themes": site_tables(quartiers)},
    )


@idempotent_create
def stat_import(request):
    """Upload INSEE's zips; imported at once (a few seconds), all or nothing, then the
    page shows what the import did (``?resultat=<import>``)."""
    if not can_import_statistics(request.user):
        raise PermissionDenied
    form = StatImportForm(request.POST or None, request.FILES or None)
    import_errors = []
    if request.method == "POST" and form.is_valid():
        files = [(upload.name, upload.read()) for upload in form.cleaned_data["files"]]
        try:
            report = import_quartier_data(
                files,
                source_url=form.cleaned_data["source_url"],
                vintage=form.cleaned_data["vintage"],
                user=request.user,
            )
        except StatImportError as exc:
            import_errors = exc.shown_errors()
        else:
            url = reverse("statistiques:stat_import")
            return redirect(f"{url}?resultat={report.imports[-1].pk}")
    result = None
    shown = request.GET.get("resultat", "")
    if shown.isdigit() and len(shown) < 12:
        result = StatImport.objects.filter(pk=int(shown)).first()
    imports = StatImport.objects.select_related("source", "imported_by")[:10]
    return render(
        request,
        "statistiques/stat_import.html",
        {"form": form, "import_errors": import_errors, "result": result, "imports": imports},
    )


def comparison_page(request):
    """ANCT compares the sites' QPV on one variable, filtered like the national dashboard."""
    if not request.user.is_national:
        raise PermissionDenied
    filterset = ComparisonFilter(request.GET, queryset=Site.objects.for_user(request.user))
    sites = filterset.qs
    variable = filterset.form.cleaned_data.get("variable") if filterset.is_valid() else None
    result = None
    if variable is not None:
        result = comparison(sites, variable, filterset.form.cleaned_data.get("millesime"))
    return render(
        request,
        "statistiques/comparison.html",
        {"filter": filterset, "comparison": result},
    )
