import django_filters
from django.utils.translation import gettext_lazy as _

from pratiques.enums import ObjectiveTheme, PracticeStatus, PracticeTheme
from pratiques.models import Practice
from quartiers.api.filters import SiteRelatedFilterSet


class PracticeFilter(SiteRelatedFilterSet):
    theme = django_filters.ChoiceFilter(choices=PracticeTheme.choices, label=_("Thème."))
    objective_theme = django_filters.ChoiceFilter(
        choices=ObjectiveTheme.choices, label=_("Thème des objectifs servis.")
    )
    status = django_filters.ChoiceFilter(choices=PracticeStatus.choices, label=_("Statut."))

    class Meta:
        model = Practice
        fields = ["site", "theme", "objective_theme", "status"]
