"""Calendar feeds (iCalendar).

- A cercle's feed (``/cercles/<pk>/reunions.ics``) needs a signed-in session, like any
  page: it is a download to import once, or to open from the cercle's page.
- To *subscribe* (calendar clients cannot log in), each user has one personal feed of the
  meetings of their sites at a secret address (``/agenda/<token>.ics``), optionally
  narrowed to one cercle (``?cercle=<pk>``, still within what the user may see). Only a
  hash of the token is stored; the user regenerates it from « Mon agenda », which kills
  the old address (404).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from cercles import services
from cercles.ics import build_calendar
from cercles.models import CalendarToken, Cercle, Meeting
from qic.idempotency import idempotent_create
from quartiers.perms import get_object_or_deny


def _ics_response(name: str, meetings, filename: str | None = None) -> HttpResponse:
    meetings = meetings.select_related("cercle__site").prefetch_related("agenda_items")
    response = HttpResponse(
        build_calendar(name, meetings), content_type="text/calendar; charset=utf-8"
    )
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def cercle_calendar(request, pk):
    cercle = get_object_or_deny(request.user, Cercle.objects.select_related("site"), pk=pk)
    meetings = Meeting.objects.filter(cercle=cercle).order_by("starts_at", "pk")
    return _ics_response(f"{cercle.name} ({cercle.site.name})", meetings, f"cercle-{cercle.pk}.ics")


@never_cache
@idempotent_create(
    replay_message=gettext_lazy(
        "Cette adresse avait déjà été générée par un premier envoi du formulaire. Elle "
        "n'est affichée qu'une fois : si vous ne l'avez pas copiée, générez-en une nouvelle."
    )
)
def calendar_settings(request):
    """« Mon agenda »: the secret address of the personal feed (shown again at will, with
    one address per cercle), made, remade or revoked here."""
    created = False
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_token_revoke(user=request.user)
            messages.success(request, _("L'adresse de votre agenda a été supprimée."))
            return redirect("cercles:calendar_settings")
        services.calendar_token_regenerate(user=request.user)
        created = True
    token = CalendarToken.objects.for_user(request.user).first()
    feed_url = cercles = None
    if token is not None and token.raw:
        feed_url = request.build_absolute_uri(
            reverse("cercles:personal_calendar", args=[token.raw])
        )
        cercles = [
            (cercle, f"{feed_url}?cercle={cercle.pk}", f"adresse-cercle-{cercle.pk}")
            for cercle in Cercle.objects.filter(
                pk__in=Meeting.objects.in_personal_calendar(
                    request.user, since_days=CERCLES_LISTED_SINCE_DAYS
                ).values("cercle")
            )
            .select_related("site")
            .order_by("site__name", "name")
        ]
    context = {"token": token, "feed_url": feed_url, "cercles": cercles, "created": created}
    if not created:
        return render(request, "cercles/calendar_settings.html", context)
    # 201 and where to send the same form sent again (qic.idempotency): a new address is
    # made once per form, and shown once.
    response = render(request, "cercles/calendar_settings.html", context, status=201)
    response["Location"] = reverse("cercles:calendar_settings")
    return response


# « Mon agenda » offers one address per cercle that met in the last two years or will meet.
CERCLES_LISTED_SINCE_DAYS = 730


@login_not_required
@require_safe  # a feed: read, never posted to
@never_cache
def personal_calendar(request, token):
    try:
        calendar_token = CalendarToken.objects.get_by_raw(token)
    except CalendarToken.DoesNotExist:
        raise Http404 from None
    user = calendar_token.user
    meetings = Meeting.objects.in_personal_calendar(user)
    cercle = request.GET.get("cercle", "")
    name = _("Réunions de mes sites — QIC")
    if cercle:
        if not cercle.isdigit():
            raise Http404
        meetings = meetings.filter(cercle_id=int(cercle))
    response = _ics_response(name, meetings.order_by("starts_at", "pk"))
    response["X-Robots-Tag"] = "noindex"
    return response
