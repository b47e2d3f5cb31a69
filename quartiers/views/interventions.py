"""A resource centre's interventions for a site it accompanies: what it did, day by day;
their hours add up to the accompaniment's hours done."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qic.idempotency import idempotent_create
from quartiers import perms
from quartiers.forms import InterventionForm
from quartiers.models import Accompaniment, Intervention
from quartiers.querysets import CHANGE, VIEW


def _accompaniment(request, pk, action=VIEW):
    return perms.get_object_or_deny(
        request.user, Accompaniment.objects.select_related("site", "centre"), action, pk=pk
    )


def _manageable(request, accompaniment):
    if not perms.can_manage_accompaniment(request.user, accompaniment):
        raise PermissionDenied


@idempotent_create
def intervention_list(request, pk):
    """The interventions of one accompaniment, and the form to record one more."""
    accompaniment = _accompaniment(request, pk)
    can_manage = perms.can_manage_accompaniment(request.user, accompaniment)
    form = None
    if can_manage:
        form = InterventionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            intervention = form.save(commit=False)
            intervention.accompaniment = accompaniment
            intervention.created_by = request.user
            intervention.save()
            messages.success(request, _("L'intervention a été enregistrée."))
            return redirect("quartiers:intervention_list", pk=accompaniment.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "quartiers/intervention_list.html",
        {
            "accompaniment": accompaniment,
            "site": accompaniment.site,
            "interventions": accompaniment.interventions.select_related("created_by"),
            "form": form,
            "can_manage": can_manage,
        },
    )


def intervention_edit(request, pk):
    intervention = perms.get_object_or_deny(
        request.user,
        Intervention.objects.select_related("accompaniment__site", "accompaniment__centre"),
        CHANGE,
        pk=pk,
    )
    accompaniment = intervention.accompaniment
    _manageable(request, accompaniment)
    form = InterventionForm(request.POST or None, instance=intervention)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("L'intervention a été enregistrée."))
        return redirect("quartiers:intervention_list", pk=accompaniment.pk)
    return render(
        request,
        "quartiers/intervention_form.html",
        {"form": form, "intervention": intervention, "accompaniment": accompaniment},
    )


@require_POST
def intervention_delete(request, pk):
    intervention = perms.get_object_or_deny(
        request.user, Intervention.objects.select_related("accompaniment"), CHANGE, pk=pk
    )
    accompaniment = intervention.accompaniment
    _manageable(request, accompaniment)
    intervention.delete()
    messages.success(request, _("L'intervention a été supprimée."))
    return redirect("quartiers:intervention_list", pk=accompaniment.pk)
