import django_filters
from django.utils.translation import gettext_lazy as _

from qic.forms import DsfrFilterForm
from quartiers.models import Structure
from visions.enums import ActionStatus
from visions.models import Action, Objective


class ActionFilter(django_filters.FilterSet):
    """Filters of a site's action list; the choices are the site's own."""

    objective = django_filters.ModelChoiceFilter(
        label=_("Objectif servi"), field_name="objectives", queryset=Objective.objects.none()
    )
    porteur = django_filters.ModelChoiceFilter(
        label=_("Porteur"), queryset=Structure.objects.none()
    )
    status = django_filters.ChoiceFilter(label=_("Statut"), choices=ActionStatus.choices)

    class Meta:
        model = Action
        fields = ["objective", "porteur", "status"]
        form = DsfrFilterForm

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["objective"].queryset = Objective.objects.filter(vision__site=site)
        self.filters["porteur"].queryset = Structure.objects.filter(
            actions_portees__site=site
        ).distinct()
