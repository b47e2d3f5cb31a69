"""How each resource of the app reads and writes in the API (field names: the model's)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, serializers

from accounts.enums import Role
from accounts.models import User
from qic.api.fields import CHANGE, ObjectUrlField, ScopedRelatedField, object_url, request_user
from qic.api.serializers import ModelSerializer, Serializer, UserSummarySerializer
from qic.dates import validate_plausible_date
from quartiers import perms, services
from quartiers.enums import SiteStatus
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
from quartiers.models.sites import SEAT_STRUCTURE_KINDS


def _code(slug_field="code", **kwargs):
    """A territory named by its official code (COG/INSEE, QPV code or SIREN)."""
    kwargs.setdefault("read_only", True)
    return serializers.SlugRelatedField(slug_field=slug_field, **kwargs)


# --- Territories (reference data: read-only) -------------------------------------------


class RegionSerializer(ModelSerializer):
    url = object_url("region")

    class Meta:
        model = Region
        fields = ["id", "url", "code", "name", "updated_at"]
        read_only_fields = fields


class DepartementSerializer(ModelSerializer):
    url = object_url("departement")
    region = _code(help_text=gettext_lazy("Code INSEE de la région."))

    class Meta:
        model = Departement
        fields = ["id", "url", "code", "name", "region", "updated_at"]
        read_only_fields = fields


class EPCISerializer(ModelSerializer):
    url = object_url("epci")

    class Meta:
        model = EPCI
        fields = ["id", "url", "siren", "name", "updated_at"]
        read_only_fields = fields


class CommuneSerializer(ModelSerializer):
    url = object_url("commune")
    departement = _code(help_text=gettext_lazy("Code du département."))
    epci = _code("siren", allow_null=True, help_text=gettext_lazy("SIREN de l'EPCI."))

    class Meta:
        model = Commune
        fields = ["id", "url", "code", "name", "departement", "epci", "updated_at"]
        read_only_fields = fields


class QuartierSerializer(ModelSerializer):
    url = object_url("quartier")
    departement = _code(help_text=gettext_lazy("Code du département."))
    region = serializers.CharField(
        source="departement.region.code",
        read_only=True,
        help_text=gettext_lazy("Code INSEE de la région (celle du département)."),
    )
    epci = _code("siren", allow_null=True, help_text=gettext_lazy("SIREN de l'EPCI."))
    communes = _code(many=True, help_text=gettext_lazy("Codes INSEE des communes."))

    class Meta:
        model = Quartier
        fields = [
            "id",
            "url",
            "code",
            "name",
            "generation",
            "departement",
            "region",
            "epci",
            "communes",
            "population",
            "latitude",
            "longitude",
            "updated_at",
        ]
        read_only_fields = fields


class QuartierDetailSerializer(QuartierSerializer):
    """Le détail ajoute le périmètre (GeoJSON, WGS 84), absent des listes pour les alléger."""

    class Meta(QuartierSerializer.Meta):
        fields = [*QuartierSerializer.Meta.fields, "perimeter"]
        read_only_fields = fields


# --- Directory --------------------------------------------------------------------------


class StructureSerializer(ModelSerializer):
    url = object_url("structure")
    commune = _code(
        read_only=False,
        queryset=Commune.objects.all(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("Code INSEE de la commune, par exemple 42218."),
    )

    class Meta:
        model = Structure
        fields = ["id", "url", "name", "kind", "siret", "commune", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate_siret(self, value):
        return "".join(value.split())


class PersonneSerializer(ModelSerializer):
    url = object_url("personne")
    structure = ScopedRelatedField(Structure, required=False, allow_null=True)
    sites = ScopedRelatedField(
        Site,
        many=True,
        required=False,
        help_text=gettext_lazy(
            "Les sites où la personne agit (ceux que vous voyez). Vous ne rattachez ou ne "
            "détachez que les sites que vous pouvez modifier ; les autres liens restent."
        ),
    )

    class Meta:
        model = Personne
        fields = [
            "id",
            "url",
            "first_name",
            "last_name",
            "email",
            "phone",
            "structure",
            "function",
            "sites",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate_sites(self, chosen):
        # As the page's form: the user (un)links the sites they may change; links to other
        # sites stay as they are.
        user = request_user(self)
        changeable = set(Site.objects.for_user(user, CHANGE).values_list("pk", flat=True))
        current = set(self.instance.sites.values_list("pk", flat=True)) if self.instance else set()
        chosen_pks = {site.pk for site in chosen}
        refused = [site for site in chosen if site.pk not in changeable | current]
        if refused:
            raise serializers.ValidationError(
                _("Vous ne pouvez pas rattacher une personne au site « %(site)s ».")
                % {"site": refused[0]}
            )
        return sorted((chosen_pks & changeable) | (current - changeable))


# --- Sites ------------------------------------------------------------------------------


class PersonneSummarySerializer(Serializer):
    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(read_only=True, help_text=gettext_lazy("Prénom et nom."))


class StructureSummarySerializer(Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True, help_text=gettext_lazy("Nom."))


class TrinomeMandateSerializer(ModelSerializer):
    url = object_url("trinomemandate")
    personne = PersonneSummarySerializer(read_only=True)
    structure = StructureSummarySerializer(read_only=True)

    class Meta:
        model = TrinomeMandate
        fields = [
            "id",
            "url",
            "site",
            "seat",
            "personne",
            "structure",
            "start_date",
            "end_date",
            "updated_at",
        ]
        read_only_fields = fields


def current_mandates():
    """Mandates held today, for a site's « trinome »: the columns it shows, and ``site``
    (the prefetch matches rows by it). A page of 50 sites holds about 150 mandates, each
    with its personne and structure: their other columns were half the page's datetimes."""
    return (
        TrinomeMandate.objects.current()
        .select_related("personne", "structure")
        .only(
            "site",
            "seat",
            "start_date",
            "personne__first_name",
            "personne__last_name",
            "structure__name",
        )
        .order_by("seat")
    )


class CurrentMandateSerializer(Serializer):
    seat = serializers.ChoiceField(choices=TrinomeMandate._meta.get_field("seat").choices)
    personne = PersonneSummarySerializer()
    structure = StructureSummarySerializer()
    start_date = serializers.DateField(
        validators=[validate_plausible_date],
    )


class SiteSerializer(ModelSerializer):
    url = object_url("site")
    quartiers = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        queryset=Quartier.objects.all(),
        allow_empty=False,
        help_text=gettext_lazy('Codes des QPV du site, par exemple ["QN04201M"].'),
    )
    cohort = serializers.PrimaryKeyRelatedField(
        queryset=Cohort.objects.all(), required=False, allow_null=True
    )
    chef_de_projet = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(role=Role.CHEF_DE_PROJET, is_active=True),
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "Chef de projet national qui suit le site (id) : seul un administrateur national le désigne."
        ),
    )
    chef_de_projet_name = serializers.StringRelatedField(
        source="chef_de_projet",
        allow_null=True,
        help_text=gettext_lazy("Nom du chef de projet national."),
    )
    trinome = CurrentMandateSerializer(
        source="current_mandates",
        many=True,
        read_only=True,
        help_text=gettext_lazy("Le trinôme aujourd'hui : un titulaire par siège occupé."),
    )
    statuts = ObjectUrlField(
        view_name="api:site-statuts",
        help_text=gettext_lazy("Historique des statuts, et changement de statut (POST)."),
    )

    class Meta:
        model = Site
        fields = [
            "id",
            "url",
            "name",
            "description",
            "quartiers",
            "programme",
            "cohort",
            "status",
            "statuts",
            "chef_de_projet",
            "chef_de_projet_name",
            "trinome",
            "contrat_de_ville",
            "contrat_de_ville_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "created_at", "updated_at"]

    def to_representation(self, instance):
        if not hasattr(instance, "current_mandates"):  # not prefetched (after a write)
            instance.current_mandates = list(current_mandates().filter(site=instance))
        return super().to_representation(instance)

    def validate_chef_de_projet(self, value):
        current = self.instance.chef_de_projet if self.instance else None
        if value != current and not perms.can_assign_chef_de_projet(request_user(self)):
            raise exceptions.PermissionDenied(
                _("Seul un administrateur national désigne le chef de projet d'un site.")
            )
        return value


class SiteCreateSerializer(SiteSerializer):
    """Un nouveau site entre dans le programme avec un premier statut daté et commenté."""

    status = serializers.ChoiceField(
        choices=SiteStatus.choices,
        default=SiteStatus.REPERE,
        write_only=True,
        help_text=gettext_lazy("Statut initial."),
    )
    status_date = serializers.DateField(
        validators=[validate_plausible_date],
        write_only=True,
        required=False,
        help_text=gettext_lazy("Date du statut initial (aujourd'hui par défaut)."),
    )
    status_comment = serializers.CharField(
        write_only=True,
        default=gettext_lazy("Entrée dans le programme."),
        help_text=gettext_lazy("Commentaire du statut initial."),
    )

    class Meta(SiteSerializer.Meta):
        fields = [*SiteSerializer.Meta.fields, "status_date", "status_comment"]
        read_only_fields = ["created_at", "updated_at"]

    def validate_status_date(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("La date ne peut pas être dans le futur."))
        return value

    def create(self, validated_data):
        quartiers = validated_data.pop("quartiers")
        status = validated_data.pop("status")
        status_date = validated_data.pop("status_date", None) or timezone.localdate()
        comment = str(validated_data.pop("status_comment"))
        return services.site_create(
            site=Site(**validated_data),
            quartiers=quartiers,
            author=request_user(self),
            status=status,
            status_date=status_date,
            comment=comment,
        )

    def to_representation(self, instance):
        return SiteSerializer(instance, context=self.context).to_representation(instance)


class SiteStatusChangeSerializer(ModelSerializer):
    url = object_url("sitestatuschange")
    author = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = SiteStatusChange
        fields = ["id", "url", "site", "status", "date", "comment", "author", "created_at"]
        read_only_fields = fields


class SiteStatusChangeInputSerializer(serializers.Serializer):
    """Changer le statut d'un site : un pas sur le parcours (ou un pas en arrière pour
    corriger), suspendu ou sorti ; daté (pas dans le futur ni avant le dernier
    changement) et commenté."""

    status = serializers.ChoiceField(
        choices=SiteStatus.choices, help_text=gettext_lazy("Nouveau statut.")
    )
    date = serializers.DateField(
        validators=[validate_plausible_date],
        required=False,
        help_text=gettext_lazy("Date du changement (aujourd'hui par défaut)."),
    )
    comment = serializers.CharField(
        help_text=gettext_lazy("Ce qui motive le changement : il reste dans l'historique du site.")
    )


class TrinomeAssignSerializer(serializers.Serializer):
    """Confier un siège du trinôme à une personne : le mandat en cours sur ce siège se
    termine la veille du début du nouveau."""

    seat = serializers.ChoiceField(
        choices=TrinomeMandate._meta.get_field("seat").choices, help_text=gettext_lazy("Siège.")
    )
    personne = ScopedRelatedField(Personne, help_text=gettext_lazy("La personne (id)."))
    structure = serializers.PrimaryKeyRelatedField(
        queryset=Structure.objects.all(),
        help_text=gettext_lazy("La structure qu'elle représente (id)."),
    )
    start_date = serializers.DateField(
        validators=[validate_plausible_date], help_text=gettext_lazy("Début du mandat.")
    )

    def validate(self, attrs):
        allowed = SEAT_STRUCTURE_KINDS[attrs["seat"]]
        if attrs["structure"].kind not in allowed:
            raise serializers.ValidationError(
                {
                    "structure": [
                        _(
                            "Le siège « %(seat)s » ne peut pas être tenu par une structure de type « %(kind)s »."
                        )
                        % {
                            "seat": TrinomeMandate(seat=attrs["seat"]).get_seat_display(),
                            "kind": attrs["structure"].get_kind_display(),
                        }
                    ]
                }
            )
        return attrs


# --- Programme --------------------------------------------------------------------------


class AccompanimentSerializer(ModelSerializer):
    url = object_url("accompaniment")
    site = ScopedRelatedField(
        Site,
        action=CHANGE,
        help_text=gettext_lazy("Le site accompagné (id) ; il ne change plus ensuite."),
    )

    class Meta:
        model = Accompaniment
        fields = [
            "id",
            "url",
            "site",
            "centre",
            "kind",
            "start_date",
            "end_date",
            "hours_planned",
            "hours_done",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]

    def validate_site(self, site):
        if self.instance is not None and site != self.instance.site:
            raise serializers.ValidationError(_("Le site d'un accompagnement ne change pas."))
        return site

    def validate_centre(self, centre):
        user = request_user(self)
        if (
            self.instance is not None
            and centre != self.instance.centre
            and user.role == Role.CENTRE
        ):
            raise serializers.ValidationError(
                _("Un centre de ressources ne transfère pas son accompagnement à un autre centre.")
            )
        if not perms.accompaniment_centres(request_user(self)).filter(pk=centre.pk).exists():
            raise serializers.ValidationError(
                _("Choisissez un centre de ressources que vous représentez.")
                if request_user(self).role == Role.CENTRE
                else _("Seul un centre de ressources peut accompagner un site.")
            )
        return centre


class CohortSerializer(ModelSerializer):
    url = object_url("cohort")

    class Meta:
        model = Cohort
        fields = ["id", "url", "year", "name", "description", "updated_at"]
        read_only_fields = ["updated_at"]


class FormationSessionSerializer(ModelSerializer):
    url = object_url("formationsession")
    sites_present = ScopedRelatedField(
        Site,
        many=True,
        required=False,
        help_text=gettext_lazy("Les sites de la cohorte qui ont participé (ids)."),
    )

    class Meta:
        model = FormationSession
        fields = ["id", "url", "cohort", "date", "theme", "place", "sites_present", "updated_at"]
        read_only_fields = ["updated_at"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        cohort = attrs.get("cohort") or (self.instance.cohort if self.instance else None)
        strangers = [s for s in attrs.get("sites_present", []) if s.cohort_id != cohort.pk]
        if strangers:
            raise serializers.ValidationError(
                {
                    "sites_present": [
                        _("« %(site)s » n'appartient pas à la cohorte « %(cohort)s ».")
                        % {"site": strangers[0], "cohort": cohort}
                    ]
                }
            )
        return attrs
