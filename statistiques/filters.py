import django_filters
from django.utils.translation import gettext_lazy as _

from qic.filters import ReferenceChoiceFilter
from quartiers.filters import SiteFilter
from statistiques.models import Variable


def _unchanged(queryset, name, value):
    """The variable and the vintage choose what is shown, not which sites."""
    return queryset


class ComparisonFilter(SiteFilter):
    """The national dashboard's filters on sites, and the variable to compare them on."""

    variable = ReferenceChoiceFilter(
        label=_("Variable"),
        queryset=Variable.objects.order_by("theme", "label", "code"),
        method=_unchanged,
        empty_label=_("Choisissez une variable"),
    )
    millesime = django_filters.NumberFilter(
        label=_("Millésime (le dernier si vide)"), method=_unchanged, min_value=1990, max_value=2100
    )

    class Meta(SiteFilter.Meta):
        fields = ["variable", "millesime", *SiteFilter.Meta.fields]
