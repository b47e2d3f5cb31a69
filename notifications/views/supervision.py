"""Supervision (ANCT administrators and staff): reminders, their failures, settings."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from notifications import services
from notifications.enums import ReminderStatus
from notifications.filters import ReminderFilter
from notifications.forms import ReminderSettingsForm
from notifications.models import Reminder, ReminderSettings
from notifications.registry import get_kind
from qic.htmx import paginate, render_page_or_fragment
from qic.jobs import can_supervise
from quartiers.querysets import CHANGE


def _require_supervisor(request):
    if not can_supervise(request.user):
        raise PermissionDenied


@vary_on_headers("HX-Request")
def reminder_list(request):
    _require_supervisor(request)
    reminders = Reminder.objects.for_user(request.user).order_by("-due_at", "-pk")
    filterset = ReminderFilter(request.GET, queryset=reminders)
    page = paginate(request, filterset.qs)
    for reminder in page:
        kind = get_kind(reminder.kind)
        reminder.kind_label = kind.label if kind else reminder.kind
    totals = Reminder.objects.aggregate(
        **{status.value: Count("pk", filter=Q(status=status)) for status in ReminderStatus}
    )
    context = {
        "filter": filterset,
        "page_obj": page,
        "totals": [(status, totals[status.value]) for status in ReminderStatus],
        "failed_count": totals[ReminderStatus.FAILED.value],
    }
    return render_page_or_fragment(request, "notifications/supervision/reminder_list.html", context)


@require_POST
def reminder_retry(request, pk):
    _require_supervisor(request)
    reminder = get_object_or_404(
        Reminder.objects.for_user(request.user, CHANGE), pk=pk, status=ReminderStatus.FAILED
    )
    services.reminder_retry(reminder=reminder)
    messages.success(
        request,
        _("Le rappel à %(email)s est remis en file : il part dans quelques instants.")
        % {"email": reminder.email},
    )
    return redirect("notifications:reminder_list")


def reminder_settings(request):
    _require_supervisor(request)
    form = ReminderSettingsForm(request.POST or None, instance=ReminderSettings.current())
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Les réglages des rappels sont enregistrés."))
        return redirect("notifications:reminder_settings")
    return render(request, "notifications/supervision/reminder_settings.html", {"form": form})
