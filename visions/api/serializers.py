"""How the vision, its objectives, indicators, measurements and actions read and write in
the API (field names: the model's; descriptions in French in the schema)."""

from collections import defaultdict

from django.db.models import F
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from qic.api.fields import CHANGE, ObjectUrlField, ScopedRelatedField, object_url, site_id
from qic.api.serializers import (
    ModelSerializer,
    ReadOnlyModelSerializer,
    Serializer,
    UserSummarySerializer,
)
from qic.dates import validate_plausible_date
from quartiers.models import Site, Structure
from visions import perms
from visions.enums import Direction, IndicatorFamily, Track
from visions.models import (
    Action,
    Indicator,
    IndicatorDefinition,
    Measurement,
    Milestone,
    Objective,
    SelfAssessment,
    TemplateIndicator,
    TemplateObjective,
    Vision,
    VisionTemplate,
    VisionVersion,
)
from visions.models.indicators import VALUE_DIGITS, VALUE_PLACES


def _not_in_future(value):
    if value and value > timezone.localdate():
        raise serializers.ValidationError(_("La date ne peut pas être dans le futur."))
    return value


# --- Vision -----------------------------------------------------------------------------


class VisionSerializer(ModelSerializer):
    url = object_url("vision")
    site = ScopedRelatedField(
        Site,
        action=CHANGE,
        help_text=gettext_lazy("Le site (id) : une seule vision par site."),
    )

    class Meta:
        model = Vision
        fields = [
            "id",
            "url",
            "site",
            "statement",
            "horizon",
            "status",
            "adopted_on",
            "adopted_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "adopted_on", "adopted_by", "created_at", "updated_at"]

    def validate(self, attrs):
        if self.instance is not None and not perms.can_edit_vision_text(self.instance):
            raise serializers.ValidationError(
                _(
                    "La vision adoptée ne se modifie pas : ouvrez une révision pour la faire évoluer."
                )
            )
        return super().validate(attrs)


class VisionStatusSerializer(serializers.Serializer):
    """Mettre la vision en concertation, la ramener au brouillon, ouvrir une révision ou
    la clôturer sans changement (retour au texte adopté). L'adoption passe par
    `POST /visions/{id}/adopter/`."""

    status = serializers.ChoiceField(
        choices=Vision._meta.get_field("status").choices, help_text=gettext_lazy("Nouveau statut.")
    )


class VisionAdoptSerializer(serializers.Serializer):
    """Adopter le texte en cours : une nouvelle version numérotée, gardée pour toujours."""

    adopted_on = serializers.DateField(
        validators=[validate_plausible_date], help_text=gettext_lazy("Date de l'adoption.")
    )
    adopted_by = serializers.CharField(
        max_length=255,
        help_text=gettext_lazy("Instance d'adoption, par exemple « comité de pilotage »."),
    )


class VisionVersionSerializer(ModelSerializer):
    url = object_url("visionversion")
    site = site_id("vision.site_id")
    recorded_by = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = VisionVersion
        fields = [
            "id",
            "url",
            "vision",
            "site",
            "number",
            "statement",
            "horizon",
            "adopted_on",
            "adopted_by",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields


class ObjectiveSerializer(ModelSerializer):
    url = object_url("objective")
    vision = ScopedRelatedField(Vision, action=CHANGE, help_text=gettext_lazy("La vision (id)."))
    site = site_id("vision.site_id")

    class Meta:
        model = Objective
        fields = [
            "id",
            "url",
            "vision",
            "site",
            "position",
            "title",
            "description",
            "contrat_priority",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["position", "created_at", "updated_at"]


# --- Indicators and measurements --------------------------------------------------------


class DerivedValuesMixin(Serializer):
    """Values derived from the measurements, read-only: the standing the indicator stores
    (``visions.progress``, refreshed at every write that changes it)."""

    latest_value = serializers.DecimalField(
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_PLACES,
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("Dernière valeur mesurée (null sans mesure)."),
    )
    latest_date = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("Date de la dernière valeur mesurée."),
    )
    progress = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy(
            "Avancement de la référence (0) vers la cible (1), non borné : négatif quand la "
            "courbe s'éloigne, au-delà de 1 quand la cible est dépassée. Null sans mesure ou "
            "sans cible."
        ),
    )
    expected_progress = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy(
            "Où la trajectoire en ligne droite de la référence à la cible se trouve à la date "
            "de la dernière valeur (0 à 1)."
        ),
    )
    track = serializers.ChoiceField(
        choices=Track.choices,
        read_only=True,
        help_text=gettext_lazy("Où en est l'indicateur par rapport à sa trajectoire."),
    )
    next_due_on = serializers.DateField(
        read_only=True,
        help_text=gettext_lazy(
            "Dernier jour où la valeur de la prochaine période est attendue sans retard."
        ),
    )
    overdue = serializers.BooleanField(
        read_only=True,
        help_text=gettext_lazy(
            "La valeur de la dernière période échue manque (next_due_on est passé)."
        ),
    )


DERIVED = [
    "latest_value",
    "latest_date",
    "progress",
    "expected_progress",
    "track",
    "next_due_on",
    "overdue",
]


class IndicatorSerializer(DerivedValuesMixin, ModelSerializer):
    url = object_url("indicator")
    objective = ScopedRelatedField(
        Objective,
        action=CHANGE,
        help_text=gettext_lazy(
            "L'objectif mesuré (id) ; en modification, un autre objectif de la même vision."
        ),
    )
    site = site_id("objective.vision.site_id")

    class Meta:
        model = Indicator
        fields = [
            "id",
            "url",
            "objective",
            "site",
            "name",
            "unit",
            "source",
            "direction",
            "baseline_value",
            "baseline_date",
            "baseline_source",
            "official_variable",
            "official_quartier",
            "official_vintage",
            "target_value",
            "target_date",
            "tolerance",
            "frequency",
            "family",
            "cooperation_metric",
            *DERIVED,
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "baseline_source",
            "official_variable",
            "official_quartier",
            "official_vintage",
            "created_at",
            "updated_at",
        ]

    def validate(self, attrs):
        direction = attrs.get("direction") or (self.instance and self.instance.direction)
        if direction and direction != Direction.MAINTIEN:
            attrs["tolerance"] = None  # as the form: a tolerance is for a « maintien » only
        family = attrs.get("family") or (self.instance and self.instance.family)
        metric = attrs.get(
            "cooperation_metric", self.instance.cooperation_metric if self.instance else ""
        )
        if family == IndicatorFamily.COOPERATION and not metric:
            raise serializers.ValidationError(
                {"cooperation_metric": _("Choisissez ce que mesure cet indicateur de coopération.")}
            )
        if family != IndicatorFamily.COOPERATION and "family" in attrs:
            attrs["cooperation_metric"] = ""
        return super().validate(attrs)

    def validate_objective(self, objective):
        if self.instance is not None and objective.vision_id != self.instance.objective.vision_id:
            raise serializers.ValidationError(_("Choisissez un objectif de la vision de ce site."))
        return objective


class IndicatorSummarySerializer(DerivedValuesMixin, ModelSerializer):
    """An indicator and where it stands, as a site's summary shows it."""

    url = object_url("indicator")

    class Meta:
        model = Indicator
        fields = [
            "id",
            "url",
            "objective",
            "name",
            "unit",
            "direction",
            "family",
            "baseline_value",
            "baseline_date",
            "baseline_source",
            "target_value",
            "target_date",
            *DERIVED,
        ]
        read_only_fields = fields


class MeasurementSerializer(ModelSerializer):
    url = object_url("measurement")
    indicator = ScopedRelatedField(
        Indicator,
        action=CHANGE,
        help_text=gettext_lazy("L'indicateur (id), d'un site que vous pouvez modifier."),
    )
    site = site_id("indicator.objective.vision.site_id")
    entered_by = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Measurement
        fields = [
            "id",
            "url",
            "indicator",
            "site",
            "date",
            "value",
            "comment",
            "entered_by",
            "created_at",
        ]
        read_only_fields = ["created_at"]

    def validate_date(self, value):
        return _not_in_future(value)


# --- Action plan ------------------------------------------------------------------------


class MilestoneSummarySerializer(ReadOnlyModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "title", "due_date", "done"]
        read_only_fields = fields


class ActionSerializer(ModelSerializer):
    url = object_url("action")
    site = ScopedRelatedField(Site, action=CHANGE, help_text=gettext_lazy("Le site (id)."))
    objectives = ScopedRelatedField(
        Objective,
        many=True,
        required=False,
        help_text=gettext_lazy("Les objectifs servis (ids), de la vision du même site."),
    )
    porteur = serializers.PrimaryKeyRelatedField(
        queryset=Structure.objects.all(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("La structure qui porte l'action (id)."),
    )
    partners = serializers.PrimaryKeyRelatedField(
        queryset=Structure.objects.all(),
        many=True,
        required=False,
        help_text=gettext_lazy("Les structures partenaires (ids)."),
    )
    milestones = MilestoneSummarySerializer(
        many=True, read_only=True, help_text=gettext_lazy("Les jalons, par échéance.")
    )

    class Meta:
        model = Action
        fields = [
            "id",
            "url",
            "site",
            "title",
            "description",
            "objectives",
            "porteur",
            "partners",
            "status",
            "start_date",
            "end_date",
            "progress",
            "budget",
            "funders",
            "milestones",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        site = attrs.get("site") or (self.instance.site if self.instance else None)
        foreign = [o for o in attrs.get("objectives", []) if o.vision.site_id != site.pk]
        if foreign:
            raise serializers.ValidationError(
                {
                    "objectives": [
                        _("« %(objective)s » n'est pas un objectif de la vision de ce site.")
                        % {"objective": foreign[0]}
                    ]
                }
            )
        porteur = attrs.get("porteur", self.instance.porteur if self.instance else None)
        if porteur is not None and porteur in attrs.get("partners", []):
            raise serializers.ValidationError(
                {"partners": [_("Le porteur ne peut pas être aussi partenaire.")]}
            )
        return attrs


class MilestoneSerializer(ModelSerializer):
    url = object_url("milestone")
    action = ScopedRelatedField(Action, action=CHANGE, help_text=gettext_lazy("L'action (id)."))
    site = site_id("action.site_id")

    class Meta:
        model = Milestone
        fields = ["id", "url", "action", "site", "title", "due_date", "done", "updated_at"]
        read_only_fields = ["updated_at"]


class SelfAssessmentSerializer(ModelSerializer):
    url = object_url("selfassessment")
    site = ScopedRelatedField(Site, action=CHANGE, help_text=gettext_lazy("Le site (id)."))
    author = UserSummarySerializer(read_only=True, allow_null=True)
    total = serializers.IntegerField(
        read_only=True, help_text=gettext_lazy("Somme des cinq notes (5 à 20).")
    )

    class Meta:
        model = SelfAssessment
        fields = [
            "id",
            "url",
            "site",
            "date",
            "common_agenda_score",
            "common_agenda_comment",
            "shared_measurement_score",
            "shared_measurement_comment",
            "reinforcing_activities_score",
            "reinforcing_activities_comment",
            "communication_score",
            "communication_comment",
            "backbone_score",
            "backbone_comment",
            "total",
            "author",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate_date(self, value):
        return _not_in_future(value)


# --- Sites and where their indicators stand ---------------------------------------------


def attach_indicators(sites) -> None:
    """Give each site its indicators (with derived values) in one query, whatever the
    number of sites: ``site.indicator_rows``, by objective then name."""
    by_site = defaultdict(list)
    if sites:
        rows = (
            Indicator.objects.filter(objective__vision__site__in=[site.pk for site in sites])
            .annotate(site_pk=F("objective__vision__site_id"))
            .order_by("objective__position", "objective_id", "name", "pk")
        )
        for row in rows:
            by_site[row.site_pk].append(row)
    for site in sites:
        site.indicator_rows = by_site[site.pk]


class SiteIndicatorsListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        sites = list(data.all() if hasattr(data, "all") else data)
        attach_indicators(sites)
        return super().to_representation(sites)


class SiteIndicatorsSerializer(ReadOnlyModelSerializer):
    url = ObjectUrlField(
        view_name="api:site-detail", help_text=gettext_lazy("Adresse du site dans l'API.")
    )
    indicators = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Ses indicateurs (par objectif, puis par nom) avec leur dernière valeur."
        )
    )

    class Meta:
        model = Site
        fields = ["id", "url", "name", "status", "indicators", "updated_at"]
        read_only_fields = fields
        list_serializer_class = SiteIndicatorsListSerializer

    @extend_schema_field(IndicatorSummarySerializer(many=True))
    def get_indicators(self, site):
        if not hasattr(site, "indicator_rows"):
            attach_indicators([site])
        return self._indicators_serializer.to_representation(site.indicator_rows)

    @cached_property
    def _indicators_serializer(self):
        # One for every site of the page: building its fields was a third of the list's time.
        return IndicatorSummarySerializer(many=True, context=self.context)


# --- Indicator library and vision templates --------------------------------------------


class IndicatorDefinitionSerializer(ModelSerializer):
    url = object_url("indicatordefinition")

    class Meta:
        model = IndicatorDefinition
        fields = [
            "id",
            "url",
            "name",
            "definition",
            "unit",
            "direction",
            "calculation_method",
            "source",
            "frequency",
            "maintainer",
            "status",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]


class TemplateIndicatorSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = TemplateIndicator
        fields = ["name", "definition", "unit", "source", "direction", "frequency"]


class TemplateObjectiveSerializer(ReadOnlyModelSerializer):
    indicators = TemplateIndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = TemplateObjective
        fields = ["position", "title", "description", "indicators"]


class VisionTemplateSerializer(ReadOnlyModelSerializer):
    url = object_url("visiontemplate")
    objectives = TemplateObjectiveSerializer(many=True, read_only=True)
    action_themes = serializers.SlugRelatedField(slug_field="title", many=True, read_only=True)

    class Meta:
        model = VisionTemplate
        fields = ["id", "url", "name", "description", "objectives", "action_themes", "updated_at"]
