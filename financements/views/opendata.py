"""Open formats: the SCDL « Subventions » export (a site's, the programme's) and the
import of funding lines in the same layout (all or nothing)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from financements import figures, scdl
from financements.forms import FundingImportForm
from qic.idempotency import idempotent_create
from quartiers import perms
from quartiers.filters import SiteFilter
from quartiers.models import Site
from quartiers.querysets import CHANGE


def _csv(export: scdl.Export, name: str) -> HttpResponse:
    response = HttpResponse(export.content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Lignes-Non-Publiables"] = str(export.left_out)
    return response


def site_scdl_export(request, pk):
    site = perms.get_object_or_deny(request.user, Site.objects.all(), pk=pk)
    export = scdl.export_csv(figures.site_lines(request.user, site))
    return _csv(export, f"subventions-site-{site.pk}-{timezone.localdate():%Y%m%d}.csv")


def national_scdl_export(request):
    if not request.user.is_national:
        raise PermissionDenied
    sites = SiteFilter(request.GET, queryset=Site.objects.for_user(request.user)).qs
    export = scdl.export_csv(figures.sites_lines(request.user, sites))
    return _csv(export, f"subventions-programme-{timezone.localdate():%Y%m%d}.csv")


@idempotent_create
def funding_import(request, pk):
    site = perms.get_object_or_deny(request.user, Site.objects.all(), CHANGE, pk=pk)
    form = FundingImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            lines = scdl.import_csv(form.cleaned_data["file"].read(), site=site)
        except scdl.ImportRefused as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                _("%(count)d ligne(s) de financement importée(s).") % {"count": len(lines)},
            )
            return redirect("financements:site_funding", pk=site.pk)
    return render(
        request,
        "financements/funding_import.html",
        {"form": form, "site": site, "import_errors": errors, "columns": scdl.COLUMNS},
    )
