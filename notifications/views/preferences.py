"""Notification preferences (account area) and the one-click unsubscribe link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts.models import User
from notifications import services, tokens
from notifications.forms import PreferencesForm
from notifications.registry import get_kind
from qic.ratelimit import rate_limited
from quartiers.models import Personne


def preferences(request):
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, choices=form.choices())
        messages.success(request, _("Vos préférences de notification sont enregistrées."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@login_not_required
@rate_limited("public_form")
@csrf_exempt  # RFC 8058: the mail provider POSTs without a CSRF token; the signature authorises
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows a confirmation; POST (our button, or a mail client's one-click
    ``List-Unsubscribe=One-Click``) turns that kind off for that recipient."""
    try:
        target = tokens.read_token(token)
    except signing.BadSignature:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    kind = get_kind(target.kind)
    user = User.objects.filter(pk=target.user_id).first() if target.user_id else None
    personne = (
        Personne.objects.filter(pk=target.personne_id).first() if target.personne_id else None
    )
    if kind is None or (user is None and personne is None):
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    context = {"kind": kind, "email": (user or personne).email, "has_account": user is not None}
    if request.method == "POST":
        services.preference_unsubscribe(kind=kind.key, user=user, personne=personne)
        return render(request, "notifications/unsubscribe_done.html", context)
    return render(request, "notifications/unsubscribe.html", context)
