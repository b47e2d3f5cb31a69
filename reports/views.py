"""Requesting a report, following it while it is built, downloading it.

A job page polls its own URL with HTMX every two seconds while the job is waiting or
running; the fragment of a finished job carries no trigger, so the polling stops. Files
are served only here, to their requester: anyone else gets « not found »."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from qic.htmx import paginate, render_page_or_fragment
from qic.idempotency import idempotent_create
from quartiers import perms
from quartiers.enums import Programme, SiteStatus
from quartiers.models import Site
from reports import services
from reports.enums import ExportFormat, ReportKind, ReportStatus
from reports.forms import ExportForm, FicheSiteForm, NationalForm
from reports.models import ReportJob


def job_list(request):
    jobs = ReportJob.objects.for_user(request.user).order_by("-created_at", "-pk")
    # The site picker of « Fiche d'un site »: the sites the user sees.
    sites = Site.objects.for_user(request.user).order_by("name").only("pk", "name")
    return render(
        request, "reports/job_list.html", {"page_obj": paginate(request, jobs), "sites": sites}
    )


def fiche_site_pick(request):
    """« Fiche d'un site » chosen on the reports page: on to that site's request form."""
    value = request.GET.get("site", "")
    if not value.isdigit() or len(value) > 18:
        messages.error(request, _("Choisissez le site dont vous voulez la fiche."))
        return redirect("reports:job_list")
    site = perms.get_object_or_deny(request.user, Site.objects.all(), pk=int(value))
    return redirect("reports:fiche_site_request", pk=site.pk)


@vary_on_headers("HX-Request")
def job_detail(request, pk):
    job = get_object_or_404(ReportJob.objects.for_user(request.user), pk=pk)
    return render_page_or_fragment(
        request,
        "reports/job_detail.html",
        {"job": job, "retention_days": settings.REPORT_RETENTION.days},
        fragment="status",
    )


def job_download(request, pk):
    job = get_object_or_404(
        ReportJob.objects.for_user(request.user), pk=pk, status=ReportStatus.PRET
    )
    if not job.file or (job.expires_at and job.expires_at <= timezone.now()):
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=job.filename, content_type=job.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def job_relaunch(request, pk):
    job = get_object_or_404(ReportJob.objects.for_user(request.user), pk=pk)
    if services.report_relaunch(job=job):
        messages.success(request, _("La génération est relancée."))
    return redirect(job)


# A user's reports waiting or running at once, at most: a report can take minutes of a
# worker, so one person cannot fill the queue by clicking again.
MAX_UNFINISHED = 3


def _request_page(request, form, *, kind, title, template, context=None, extra=None):
    """The request form; once valid, the job is recorded and its page shown."""
    if (
        request.method == "POST"
        and form.is_valid()
        and ReportJob.objects.for_user(request.user).unfinished().count() >= MAX_UNFINISHED
    ):
        form.add_error(
            None,
            _(
                "Vous avez déjà %(count)d rapports en préparation : attendez qu'ils soient "
                "prêts pour en demander un autre."
            )
            % {"count": MAX_UNFINISHED},
        )
    if request.method == "POST" and form.is_valid():
        job = services.report_request(
            user=request.user,
            kind=kind,
            title=title,
            parameters={**(extra or {}), **form.parameters()},
        )
        return redirect(job)
    return render(request, template, {"form": form, **(context or {})})


@idempotent_create
def fiche_site_request(request, pk):
    site = perms.get_object_or_deny(request.user, Site.objects.all(), pk=pk)
    form = FicheSiteForm(request.POST or None)
    title = _("Fiche site — %(site)s") % {"site": site.name}
    if form.is_bound and form.is_valid():
        title += _(" (du %(start)s au %(end)s)") % {
            "start": form.cleaned_data["start"].strftime("%d/%m/%Y"),
            "end": form.cleaned_data["end"].strftime("%d/%m/%Y"),
        }
    return _request_page(
        request,
        form,
        kind=ReportKind.FICHE_SITE,
        title=title,
        template="reports/fiche_site_request.html",
        context={"site": site},
        extra={"site": site.pk},
    )


@idempotent_create
def national_request(request):
    form = NationalForm(request.POST or None)
    title = _("Bilan national") if request.user.is_national else _("Bilan de mes sites")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = [
            str(value)
            for value in (
                data["region"],
                data["programme"] and Programme(data["programme"]).label,
                data["cohort"],
                data["status"] and SiteStatus(data["status"]).label,
            )
            if value
        ]
        if filters:
            title += " — " + ", ".join(filters)
        title += _(" au %(date)s") % {"date": timezone.localdate().strftime("%d/%m/%Y")}
    return _request_page(
        request,
        form,
        kind=ReportKind.BILAN_NATIONAL,
        title=title,
        template="reports/national_request.html",
    )


@idempotent_create
def export_request(request):
    form = ExportForm(request.POST or None)
    title = _("Export tableur")
    if form.is_bound and form.is_valid():
        title = _("Export %(format)s du %(date)s") % {
            "format": "XLSX" if form.cleaned_data["format"] == ExportFormat.XLSX else "CSV",
            "date": timezone.localdate().strftime("%d/%m/%Y"),
        }
    return _request_page(
        request,
        form,
        kind=ReportKind.EXPORT,
        title=title,
        template="reports/export_request.html",
    )
