"""The bell's page: one's notifications, opened and marked read by explicit POSTs.

Viewing never writes. Opening a notification is a POST (a button), which marks it
read and redirects to its object: a GET that writes would be triggered by link
prefetchers and scanners, and would break the rule that reading costs no write.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from notifications import services
from notifications.filters import NotificationFilter
from notifications.models import Notification, ReminderSettings
from qic.htmx import paginate, render_page_or_fragment
from quartiers.perms import get_object_or_deny
from quartiers.querysets import CHANGE


@vary_on_headers("HX-Request")
def notification_list(request):
    notifications = Notification.objects.for_user(request.user).order_by("-created_at", "-pk")
    filterset = NotificationFilter(request.GET, queryset=notifications)
    context = {
        "filter": filterset,
        "page_obj": paginate(request, filterset.qs),
        "retention_days": ReminderSettings.current().notification_retention_days,
    }
    return render_page_or_fragment(request, "notifications/notification_list.html", context)


@require_POST
def notification_open(request, pk):
    notification = get_object_or_deny(request.user, Notification.objects, CHANGE, pk=pk)
    services.notification_mark_read(notification=notification)
    if url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect("notifications:list")


@require_POST
def notification_mark_read(request, pk):
    notification = get_object_or_deny(request.user, Notification.objects, CHANGE, pk=pk)
    services.notification_mark_read(notification=notification)
    return redirect("notifications:list")


@require_POST
def notifications_mark_all_read(request):
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("Toutes vos notifications sont marquées comme lues."))
    return redirect("notifications:list")
