"""The funding lines of an action: list (page and HTMX fragment), add, edit, delete."""

from decimal import Decimal

from django.contrib import messages
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from financements.forms import FundingLineForm
from financements.models import FundingLine
from qic.htmx import render_page_or_fragment
from qic.idempotency import idempotent_create
from quartiers import perms
from quartiers.querysets import CHANGE, VIEW
from visions.models import Action


def _action(request, pk, action=VIEW) -> Action:
    return perms.get_object_or_deny(
        request.user, Action.objects.select_related("site", "porteur"), action, pk=pk
    )


def _line(request, pk) -> FundingLine:
    return perms.get_object_or_deny(
        request.user, FundingLine.objects.select_related("action__site", "funder"), CHANGE, pk=pk
    )


def _back(action_pk) -> str:
    return reverse("financements:action_funding", args=[action_pk]) + "#financements"


def _lines_context(request, action):
    lines = list(
        FundingLine.objects.for_user(request.user)
        .filter(action=action)
        .select_related("funder")
        .order_by("-year", "funder_kind", "pk")
    )
    totals = FundingLine.objects.filter(action=action).aggregate(
        requested=Sum("requested"), granted=Sum("granted"), paid=Sum("paid")
    )
    return {
        "site": action.site,
        "action": action,
        "lines": lines,
        "totals": {key: value or Decimal(0) for key, value in totals.items()},
        "can_change": perms.can_change(request.user, action),
    }


@vary_on_headers("HX-Request")
def action_funding(request, pk):
    """The action's funding lines; the action page loads the fragment in its section."""
    action = _action(request, pk)
    return render_page_or_fragment(
        request, "financements/action_funding.html", _lines_context(request, action), "lines"
    )


def _form_page(request, form, action, line=None):
    return render(
        request,
        "financements/funding_line_form.html",
        {"form": form, "site": action.site, "action": action, "line": line},
    )


@idempotent_create
def funding_line_create(request, pk):
    action = _action(request, pk, CHANGE)
    initial = {}
    if action.porteur is not None and action.porteur.siret:
        initial["beneficiary_siret"] = action.porteur.siret
    form = FundingLineForm(request.POST or None, initial=initial)
    form.instance.action = action
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("La ligne de financement est ajoutée."))
        return redirect(_back(action.pk))
    return _form_page(request, form, action)


def funding_line_edit(request, pk):
    line = _line(request, pk)
    form = FundingLineForm(request.POST or None, instance=line)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("La ligne de financement est enregistrée."))
        return redirect(_back(line.action_id))
    return _form_page(request, form, line.action, line)


@require_POST
@vary_on_headers("HX-Request")
def funding_line_delete(request, pk):
    line = _line(request, pk)
    action = line.action
    line.delete()
    notice = _("La ligne de financement de %(funder)s (%(year)s) est supprimée.") % {
        "funder": line.funder.name,
        "year": line.year,
    }
    if request.htmx:
        context = _lines_context(request, action) | {"notice": notice}
        return render(request, "financements/action_funding.html#lines", context)
    messages.success(request, notice)
    return redirect(_back(action.pk))
