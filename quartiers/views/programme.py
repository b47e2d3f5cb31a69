"""Resource centres, formation-action cohorts and their sessions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from qic.history import history_for
from qic.idempotency import idempotent_create
from quartiers import perms
from quartiers.enums import StructureKind
from quartiers.forms import CohortForm, FormationSessionForm
from quartiers.models import Accompaniment, Cohort, FormationSession, Site, Structure


def centre_list(request):
    today = timezone.localdate()
    visible_sites = Site.objects.for_user(request.user).values("pk")
    in_scope = Q(accompaniments__site__in=visible_sites)
    current = in_scope & (
        Q(accompaniments__end_date__isnull=True) | Q(accompaniments__end_date__gte=today)
    )
    centres = (
        Structure.objects.for_user(request.user)
        .filter(kind=StructureKind.CENTRE_RESSOURCES)
        .select_related("commune")
        .annotate(
            site_count=Count("accompaniments__site", filter=current, distinct=True),
            hours_planned=Sum("accompaniments__hours_planned", filter=in_scope),
            hours_done=Sum("accompaniments__hours_done", filter=in_scope),
        )
        .order_by("name")
    )
    return render(request, "quartiers/centre_list.html", {"centres": centres})


def centre_detail(request, pk):
    centre = get_object_or_404(
        Structure.objects.for_user(request.user).filter(kind=StructureKind.CENTRE_RESSOURCES), pk=pk
    )
    accompaniments = (
        Accompaniment.objects.for_user(request.user)
        .filter(centre=centre)
        .select_related("site")
        .order_by("site__name", "-start_date")
    )
    totals = accompaniments.aggregate(planned=Sum("hours_planned"), done=Sum("hours_done"))
    context = {
        "centre": centre,
        "accompaniments": accompaniments,
        "totals": totals,
        "history": history_for(centre),
    }
    return render(request, "quartiers/centre_detail.html", context)


def cohort_list(request):
    # Count only the sites the cohort's page lists to this user (the same scope).
    visible = Site.objects.for_user(request.user).values("pk")
    cohorts = Cohort.objects.for_user(request.user).annotate(
        site_count=Count("sites", filter=Q(sites__in=visible), distinct=True),
        session_count=Count("sessions", distinct=True),
    )
    return render(
        request,
        "quartiers/cohort_list.html",
        {"cohorts": cohorts, "can_manage": perms.can_manage_programme(request.user)},
    )


def cohort_detail(request, year):
    cohort = get_object_or_404(Cohort.objects.for_user(request.user), year=year)
    visible = Site.objects.for_user(request.user).values("pk")
    sites = list(Site.objects.filter(cohort=cohort, pk__in=visible).order_by("name"))
    sessions = list(cohort.sessions.prefetch_related("sites_present").order_by("date"))
    # Attendance grid: one row per site, one column per session.
    present = {s.pk: {site.pk for site in s.sites_present.all()} for s in sessions}
    grid = [{"site": site, "cells": [site.pk in present[s.pk] for s in sessions]} for site in sites]
    context = {
        "cohort": cohort,
        "sessions": sessions,
        "grid": grid,
        "can_manage": perms.can_manage_programme(request.user),
        "history": history_for(cohort),
    }
    return render(request, "quartiers/cohort_detail.html", context)


@idempotent_create
def cohort_create(request):
    if not perms.can_manage_programme(request.user):
        raise PermissionDenied
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cohort = form.save()
        messages.success(request, _("La cohorte a été créée."))
        return redirect(cohort)
    return render(request, "quartiers/cohort_form.html", {"form": form, "cohort": None})


def cohort_edit(request, year):
    if not perms.can_manage_programme(request.user):
        raise PermissionDenied
    cohort = get_object_or_404(Cohort, year=year)
    form = CohortForm(request.POST or None, instance=cohort)
    if request.method == "POST" and form.is_valid():
        cohort = form.save()
        messages.success(request, _("La cohorte a été enregistrée."))
        return redirect(cohort)
    return render(request, "quartiers/cohort_form.html", {"form": form, "cohort": cohort})


@idempotent_create
def session_create(request, year):
    return _session_form(request, year)


def session_edit(request, year, pk):
    return _session_form(request, year, session_pk=pk)


def _session_form(request, year, session_pk=None):
    if not perms.can_manage_programme(request.user):
        raise PermissionDenied
    cohort = get_object_or_404(Cohort, year=year)
    session = None
    if session_pk is not None:
        session = get_object_or_404(FormationSession, pk=session_pk, cohort=cohort)
    form = FormationSessionForm(request.POST or None, instance=session, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        session = form.save(commit=False)
        session.cohort = cohort
        session.save()
        form.save_m2m()
        messages.success(request, _("La session a été enregistrée."))
        return redirect(cohort)
    return render(
        request,
        "quartiers/session_form.html",
        {"form": form, "cohort": cohort, "session": session},
    )
