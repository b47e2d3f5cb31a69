"""Webhook subscribers and the delivery log: ANCT administrators only."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qic.htmx import paginate
from qic.idempotency import idempotent_create
from quartiers.querysets import CHANGE
from webhooks import services
from webhooks.enums import DeliveryStatus
from webhooks.forms import SubscriberForm
from webhooks.models import Delivery, Subscriber


def _require_admin(request):
    if not (request.user.is_authenticated and request.user.is_admin):
        raise PermissionDenied


def subscriber_list(request):
    _require_admin(request)
    subscribers = Subscriber.objects.for_user(request.user).prefetch_related("sites")
    return render(request, "webhooks/subscriber_list.html", {"subscribers": subscribers})


@idempotent_create
def subscriber_create(request):
    _require_admin(request)
    form = SubscriberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("L'abonné est enregistré."))
        return redirect("webhooks:subscriber_list")
    return render(request, "webhooks/subscriber_form.html", {"form": form, "subscriber": None})


def subscriber_edit(request, pk):
    _require_admin(request)
    subscriber = get_object_or_404(Subscriber.objects.for_user(request.user, CHANGE), pk=pk)
    form = SubscriberForm(request.POST or None, instance=subscriber)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("L'abonné est enregistré."))
        return redirect("webhooks:subscriber_list")
    return render(
        request, "webhooks/subscriber_form.html", {"form": form, "subscriber": subscriber}
    )


def delivery_list(request):
    _require_admin(request)
    deliveries = Delivery.objects.for_user(request.user).select_related("subscriber")
    status = request.GET.get("etat")
    if status in DeliveryStatus.values:
        deliveries = deliveries.filter(status=status)
    page = paginate(request, deliveries)
    return render(
        request,
        "webhooks/delivery_list.html",
        {"page": page, "statuses": DeliveryStatus.choices, "status": status},
    )


@require_POST
def delivery_resend(request, pk):
    _require_admin(request)
    delivery = get_object_or_404(Delivery.objects.for_user(request.user, CHANGE), pk=pk)
    services.delivery_resend(delivery=delivery)
    services.delivery_send(delivery_id=delivery.pk)
    messages.success(request, _("L'envoi est relancé."))
    return redirect("webhooks:delivery_list")
