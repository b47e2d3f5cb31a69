"""API filters of the current user's notifications."""

import django_filters
from django.utils.translation import gettext_lazy as _

from notifications.models import Notification
from qic.api.filters import FilterSet, modified_since


class NotificationFilter(FilterSet):
    modified_since = modified_since("created_at")
    unread = django_filters.BooleanFilter(
        field_name="read_at", lookup_expr="isnull", label=_("true : seulement les non lues.")
    )
    kind = django_filters.CharFilter(field_name="kind", max_length=50, label=_("Type de rappel."))

    class Meta:
        model = Notification
        fields = ["unread", "kind"]
