import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from notifications.enums import ReminderStatus
from notifications.models import Notification, Reminder
from notifications.registry import all_kinds
from qic.forms import DsfrFilterForm


def _kind_choices():
    return sorted(((kind.key, kind.label) for kind in all_kinds()), key=lambda c: str(c[1]))


class ReminderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="search",
        widget=django_filters.widgets.forms.TextInput(
            attrs={"type": "search", "placeholder": _("Adresse ou objet"), "autocomplete": "off"}
        ),
    )
    status = django_filters.ChoiceFilter(label=_("État"), choices=ReminderStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=_kind_choices)

    class Meta:
        model = Reminder
        fields = ["q", "status", "kind"]
        form = DsfrFilterForm

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(email__icontains=value) | Q(object_repr__icontains=value))


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(
        label=_("Afficher"),
        field_name="read_at",
        lookup_expr="isnull",
        widget=django_filters.widgets.forms.Select(
            choices=[("", _("toutes")), ("true", _("non lues seulement"))]
        ),
    )

    class Meta:
        model = Notification
        fields = ["unread"]
        form = DsfrFilterForm
