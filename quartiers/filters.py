import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from qic.filters import ReferenceChoiceFilter
from qic.forms import DsfrFilterForm
from quartiers.enums import Programme, QpvGeneration, SiteStatus, StructureKind
from quartiers.models import Cohort, Departement, Personne, Quartier, Region, Site, Structure


def _search_widget(placeholder):
    return django_filters.CharFilter(
        label=_("Rechercher"),
        method="search",
        widget=django_filters.widgets.forms.TextInput(
            attrs={"type": "search", "placeholder": placeholder, "autocomplete": "off"}
        ),
    )


class QuartierFilter(django_filters.FilterSet):
    q = _search_widget(_("Code, nom ou commune"))
    region = ReferenceChoiceFilter(
        label=_("Région"), field_name="departement__region", queryset=Region.objects.all()
    )
    departement = ReferenceChoiceFilter(label=_("Département"), queryset=Departement.objects.all())
    generation = django_filters.ChoiceFilter(label=_("Génération"), choices=QpvGeneration.choices)

    class Meta:
        model = Quartier
        fields = ["q", "region", "departement", "generation"]
        form = DsfrFilterForm

    def search(self, queryset, name, value):
        value = value.strip()
        communes = Quartier.communes.through.objects.filter(
            quartier=OuterRef("pk"), commune__name__icontains=value
        )
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Exists(communes)
        )


class SiteFilter(django_filters.FilterSet):
    q = _search_widget(_("Nom du site, code ou nom de QPV"))
    status = django_filters.ChoiceFilter(label=_("Statut"), choices=SiteStatus.choices)
    programme = django_filters.ChoiceFilter(label=_("Programme"), choices=Programme.choices)
    cohort = ReferenceChoiceFilter(label=_("Cohorte"), queryset=Cohort.objects.all())
    region = ReferenceChoiceFilter(
        label=_("Région"), queryset=Region.objects.all(), method="in_region"
    )
    departement = ReferenceChoiceFilter(
        label=_("Département"), queryset=Departement.objects.all(), method="in_departement"
    )

    class Meta:
        model = Site
        fields = ["q", "status", "programme", "cohort", "region", "departement"]
        form = DsfrFilterForm

    def _with_quartier(self, queryset, **lookup):
        quartiers = Site.quartiers.through.objects.filter(site=OuterRef("pk"), **lookup)
        return queryset.filter(Exists(quartiers))

    def search(self, queryset, name, value):
        value = value.strip()
        by_qpv = Site.quartiers.through.objects.filter(site=OuterRef("pk")).filter(
            Q(quartier__code__icontains=value) | Q(quartier__name__icontains=value)
        )
        return queryset.filter(Q(name__icontains=value) | Exists(by_qpv))

    def in_region(self, queryset, name, value):
        return self._with_quartier(queryset, quartier__departement__region=value)

    def in_departement(self, queryset, name, value):
        return self._with_quartier(queryset, quartier__departement=value)


class StructureFilter(django_filters.FilterSet):
    q = _search_widget(_("Nom ou SIRET"))
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=StructureKind.choices)

    class Meta:
        model = Structure
        fields = ["q", "kind"]
        form = DsfrFilterForm

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(name__icontains=value) | Q(siret__startswith=value.replace(" ", ""))
        )


class PersonneFilter(django_filters.FilterSet):
    q = _search_widget(_("Nom, e-mail, fonction ou structure"))

    class Meta:
        model = Personne
        fields = ["q"]
        form = DsfrFilterForm

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(last_name__icontains=value)
            | Q(first_name__icontains=value)
            | Q(email__icontains=value)
            | Q(function__icontains=value)
            | Q(structure__name__icontains=value)
        )
