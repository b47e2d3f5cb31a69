import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pratiques.enums import ObjectiveTheme, PracticeStatus, PracticeTheme
from pratiques.models import Practice
from qic.filters import ReferenceChoiceFilter
from qic.forms import DsfrFilterForm
from quartiers.enums import Programme
from quartiers.models import Cohort, Region, Site


class PracticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Mots"),
        method="filter_words",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    theme = django_filters.ChoiceFilter(label=_("Thème"), choices=PracticeTheme.choices)
    objective_theme = django_filters.ChoiceFilter(
        label=_("Thème des objectifs"), choices=ObjectiveTheme.choices
    )
    region = ReferenceChoiceFilter(
        label=_("Région"), queryset=Region.objects.order_by("name"), method="filter_region"
    )
    programme = django_filters.ChoiceFilter(
        label=_("Programme"), field_name="site__programme", choices=Programme.choices
    )
    cohort = ReferenceChoiceFilter(
        label=_("Cohorte"), field_name="site__cohort", queryset=Cohort.objects.order_by("year")
    )
    status = django_filters.ChoiceFilter(label=_("Statut"), choices=PracticeStatus.choices)
    favoris = django_filters.BooleanFilter(
        label=_("Mes favoris seulement"),
        method="filter_bookmarks",
        widget=django_filters.widgets.BooleanWidget,
    )

    class Meta:
        model = Practice
        fields = ["q", "theme", "objective_theme", "region", "programme", "cohort", "status"]
        form = DsfrFilterForm

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def filter_words(self, queryset, name, value):
        for word in value.split()[:10]:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(problem__icontains=word)
                | Q(what_was_done__icontains=word)
                | Q(lessons__icontains=word)
            )
        return queryset

    def filter_region(self, queryset, name, value):
        return queryset.filter(
            site__in=Site.objects.filter(quartiers__departement__region=value).values("pk")
        )

    def filter_bookmarks(self, queryset, name, value):
        if value:
            return queryset.filter(bookmarks__user=self.user)
        return queryset
