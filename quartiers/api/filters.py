"""API filters (django-filter): by site, QPV, territory, status, programme, cohort, dates,
and ``modified_since`` (every list). Territories are named by their official codes."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qic.api.filters import FilterSet, IdFilter, modified_since
from quartiers.enums import (
    AccompanimentKind,
    Programme,
    QpvGeneration,
    SiteStatus,
    StructureKind,
    TrinomeSeat,
)
from quartiers.models import (
    EPCI,
    Accompaniment,
    Cohort,
    Commune,
    Departement,
    FormationSession,
    Personne,
    Quartier,
    Region,
    Site,
    SiteStatusChange,
    Structure,
    TrinomeMandate,
)


def _code(field_name, label):
    return django_filters.CharFilter(field_name=field_name, label=label, max_length=12)


def _search(label):
    return django_filters.CharFilter(method="search", label=label, max_length=200)


# --- Territories ------------------------------------------------------------------------


class RegionFilter(FilterSet):
    code = _code("code", _("Code INSEE de la région."))

    class Meta:
        model = Region
        fields = ["code"]


class DepartementFilter(FilterSet):
    code = _code("code", _("Code du département."))
    region = _code("region__code", _("Code INSEE de la région."))

    class Meta:
        model = Departement
        fields = ["code", "region"]


class EPCIFilter(FilterSet):
    siren = _code("siren", _("SIREN de l'EPCI."))

    class Meta:
        model = EPCI
        fields = ["siren"]


class CommuneFilter(FilterSet):
    code = _code("code", _("Code INSEE de la commune."))
    departement = _code("departement__code", _("Code du département."))
    region = _code("departement__region__code", _("Code INSEE de la région."))
    epci = _code("epci__siren", _("SIREN de l'EPCI."))
    q = _search(_("Nom ou code."))

    class Meta:
        model = Commune
        fields = ["code", "departement", "region", "epci", "q"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value))


class QuartierFilter(FilterSet):
    code = _code("code", _("Code QPV."))
    departement = _code("departement__code", _("Code du département."))
    region = _code("departement__region__code", _("Code INSEE de la région."))
    epci = _code("epci__siren", _("SIREN de l'EPCI."))
    commune = django_filters.CharFilter(
        method="in_commune", label=_("Code INSEE d'une commune du QPV."), max_length=5
    )
    generation = django_filters.TypedChoiceFilter(
        choices=QpvGeneration.choices, coerce=int, label=_("Génération de la liste (2015 ou 2024).")
    )
    q = _search(_("Code, nom ou commune."))

    class Meta:
        model = Quartier
        fields = ["code", "departement", "region", "epci", "commune", "generation", "q"]

    def in_commune(self, queryset, name, value):
        links = Quartier.communes.through.objects.filter(
            quartier=OuterRef("pk"), commune__code=value
        )
        return queryset.filter(Exists(links))

    def search(self, queryset, name, value):
        communes = Quartier.communes.through.objects.filter(
            quartier=OuterRef("pk"), commune__name__icontains=value
        )
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Exists(communes)
        )


# --- Rows that belong to a site ---------------------------------------------------------


class SiteRelatedFilterSet(FilterSet):
    """Filters shared by every row that belongs to a site (the model's ``site_path``,
    ``"site"`` by default): by site, QPV, département, région, programme and cohort.
    Apps on the right (visions, cercles) subclass it for their own site-scoped rows."""

    site = IdFilter(method="filter_site", model=Site, label=_("Id du site."))
    quartier = django_filters.CharFilter(
        method="filter_quartier", label=_("Code d'un QPV du site."), max_length=8
    )
    departement = django_filters.CharFilter(
        method="filter_departement", label=_("Code d'un département du site."), max_length=3
    )
    region = django_filters.CharFilter(
        method="filter_region", label=_("Code INSEE d'une région du site."), max_length=2
    )
    programme = django_filters.ChoiceFilter(
        method="filter_programme", choices=Programme.choices, label=_("Programme du site.")
    )
    cohort = IdFilter(method="filter_cohort", model=Cohort, label=_("Id de la cohorte du site."))

    # The path from the row to its site; "" for the site itself.
    site_prefix = None

    def _prefix(self) -> str:
        if self.site_prefix is not None:
            return self.site_prefix
        return getattr(self.queryset.model, "site_path", "site") + "__"

    def _with_quartier(self, queryset, **lookup):
        links = Site.quartiers.through.objects.filter(
            site=OuterRef(f"{self._prefix()}pk"), **lookup
        )
        return queryset.filter(Exists(links))

    def filter_site(self, queryset, name, value):
        return queryset.filter(**{f"{self._prefix()}pk": value})

    def filter_quartier(self, queryset, name, value):
        return self._with_quartier(queryset, quartier__code=value.upper())

    def filter_departement(self, queryset, name, value):
        return self._with_quartier(queryset, quartier__departement__code=value.upper())

    def filter_region(self, queryset, name, value):
        return self._with_quartier(queryset, quartier__departement__region__code=value)

    def filter_programme(self, queryset, name, value):
        return queryset.filter(**{f"{self._prefix()}programme": value})

    def filter_cohort(self, queryset, name, value):
        return queryset.filter(**{f"{self._prefix()}cohort": value})


class SiteFilter(SiteRelatedFilterSet):
    site_prefix = ""
    status = django_filters.MultipleChoiceFilter(
        choices=SiteStatus.choices, label=_("Statut (plusieurs possibles : ?status=a&status=b).")
    )
    # Accounts have no scope of their own: this only picks among the sites listed.
    chef_de_projet = IdFilter(
        field_name="chef_de_projet", scoped=False, label=_("Id du chef de projet national.")
    )
    q = _search(_("Nom du site, code ou nom de QPV."))

    class Meta:
        model = Site
        fields = [
            "quartier",
            "departement",
            "region",
            "programme",
            "cohort",
            "status",
            "chef_de_projet",
            "q",
        ]

    def search(self, queryset, name, value):
        by_qpv = Site.quartiers.through.objects.filter(site=OuterRef("pk")).filter(
            Q(quartier__code__icontains=value) | Q(quartier__name__icontains=value)
        )
        return queryset.filter(Q(name__icontains=value) | Exists(by_qpv))


# A site does not filter on « its site ».
del SiteFilter.base_filters["site"]


class SiteStatusChangeFilter(SiteRelatedFilterSet):
    modified_since = modified_since("created_at")
    status = django_filters.MultipleChoiceFilter(choices=SiteStatus.choices, label=_("Statut."))
    date = django_filters.DateFromToRangeFilter(
        label=_("Date du changement : date_after et/ou date_before (AAAA-MM-JJ, inclus).")
    )

    class Meta:
        model = SiteStatusChange
        fields = ["site", "status", "date"]


class TrinomeMandateFilter(SiteRelatedFilterSet):
    seat = django_filters.ChoiceFilter(choices=TrinomeSeat.choices, label=_("Siège."))
    personne = IdFilter(field_name="personne", label=_("Id de la personne."))
    structure = IdFilter(field_name="structure", label=_("Id de la structure."))
    current = django_filters.BooleanFilter(
        method="filter_current",
        label=_("true : mandats en cours aujourd'hui ; false : les autres."),
    )

    class Meta:
        model = TrinomeMandate
        fields = ["site", "seat", "personne", "structure", "current"]

    def filter_current(self, queryset, name, value):
        today = timezone.localdate()
        current = Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gte=today))
        return queryset.filter(current if value else ~current)


class AccompanimentFilter(SiteRelatedFilterSet):
    centre = IdFilter(field_name="centre", label=_("Id du centre de ressources."))
    kind = django_filters.ChoiceFilter(
        choices=AccompanimentKind.choices, label=_("Type d'accompagnement.")
    )
    start_date = django_filters.DateFromToRangeFilter(
        label=_("Début : start_date_after et/ou start_date_before (AAAA-MM-JJ, inclus).")
    )
    current = django_filters.BooleanFilter(
        method="filter_current", label=_("true : en cours aujourd'hui (sans fin, ou fin à venir).")
    )

    class Meta:
        model = Accompaniment
        fields = ["site", "centre", "kind", "start_date", "current"]

    def filter_current(self, queryset, name, value):
        ongoing = Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate())
        return queryset.filter(ongoing if value else ~ongoing)


# --- Directory and programme ------------------------------------------------------------


class StructureFilter(FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=StructureKind.choices, label=_("Type."))
    commune = _code("commune__code", _("Code INSEE de la commune."))
    departement = _code("commune__departement__code", _("Code du département de la commune."))
    siret = _code("siret", _("SIRET."))
    q = _search(_("Nom ou SIRET."))

    class Meta:
        model = Structure
        fields = ["kind", "commune", "departement", "siret", "q"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(siret__startswith=value.replace(" ", ""))
        )


class PersonneFilter(FilterSet):
    site = IdFilter(method="on_site", model=Site, label=_("Id d'un site où la personne agit."))
    structure = IdFilter(field_name="structure", label=_("Id de la structure."))
    q = _search(_("Nom, prénom, e-mail, fonction ou structure."))

    class Meta:
        model = Personne
        fields = ["site", "structure", "q"]

    def on_site(self, queryset, name, value):
        links = Personne.sites.through.objects.filter(personne=OuterRef("pk"), site_id=value)
        return queryset.filter(Exists(links))

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(last_name__icontains=value)
            | Q(first_name__icontains=value)
            | Q(email__icontains=value)
            | Q(function__icontains=value)
            | Q(structure__name__icontains=value)
        )


class CohortFilter(FilterSet):
    year = django_filters.NumberFilter(field_name="year", label=_("Année."))

    class Meta:
        model = Cohort
        fields = ["year"]


class FormationSessionFilter(FilterSet):
    cohort = IdFilter(field_name="cohort", label=_("Id de la cohorte."))
    site = IdFilter(method="with_site", model=Site, label=_("Id d'un site présent."))
    date = django_filters.DateFromToRangeFilter(
        label=_("Date : date_after et/ou date_before (AAAA-MM-JJ, inclus).")
    )

    class Meta:
        model = FormationSession
        fields = ["cohort", "site", "date"]

    def with_site(self, queryset, name, value):
        links = FormationSession.sites_present.through.objects.filter(
            formationsession=OuterRef("pk"), site_id=value
        )
        return queryset.filter(Exists(links))
