"""Administrators' pages: export a person's data (JSON) and anonymise them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import User
from privacy import services
from privacy.perms import can_manage_personal_data
from quartiers.models import Personne


def _subject(request, kind, pk):
    if not can_manage_personal_data(request.user):
        raise PermissionDenied
    if kind == "personne":
        personne = get_object_or_404(Personne.objects.select_related("user"), pk=pk)
        return {"personne": personne}, personne
    user = get_object_or_404(User, pk=pk)
    return {"user": user}, user


@require_safe
def export(request, kind, pk):
    subject, obj = _subject(request, kind, pk)
    response = HttpResponse(
        services.person_export_json(**subject), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="qic-{kind}-{obj.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def anonymise(request, kind, pk):
    subject, obj = _subject(request, kind, pk)
    already = services.is_anonymised(**subject)
    if request.method == "POST" and not already:
        services.person_anonymise(**subject, by=request.user)
        messages.success(request, _("Les données personnelles ont été anonymisées."))
        if kind == "personne":
            return redirect("quartiers:personne_detail", obj.pk)
        return redirect("quartiers:user_detail", obj.pk)
    return render(
        request,
        "privacy/anonymise_confirm.html",
        {
            "subject": obj,
            "kind": kind,
            "already": already,
            "mentions": [] if already else services.free_text_mentions(**subject),
        },
    )
