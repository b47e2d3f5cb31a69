"""API filters of the official statistics: by QPV, theme, variable and vintage."""

import django_filters
from django.utils.translation import gettext_lazy as _

from qic.api.filters import FilterSet
from statistiques.models import StatValue, Variable


class VariableFilter(FilterSet):
    code = django_filters.CharFilter(label=_("Code de la variable."), max_length=60)
    theme = django_filters.CharFilter(label=_("Thème (exact)."), max_length=120)

    class Meta:
        model = Variable
        fields = ["code", "theme"]


class StatValueFilter(FilterSet):
    quartier = django_filters.CharFilter(
        field_name="quartier__code", label=_("Code du QPV."), max_length=12
    )
    variable = django_filters.CharFilter(
        field_name="variable__code", label=_("Code de la variable."), max_length=60
    )
    theme = django_filters.CharFilter(
        field_name="variable__theme", label=_("Thème (exact)."), max_length=120
    )
    vintage = django_filters.NumberFilter(label=_("Millésime."), min_value=1990, max_value=2100)
    is_benchmark = django_filters.BooleanFilter(label=_("Valeurs de l'ensemble des QPV."))

    class Meta:
        model = StatValue
        fields = ["quartier", "variable", "theme", "vintage", "is_benchmark"]
