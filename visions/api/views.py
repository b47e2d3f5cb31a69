"""API resources of the visions app: each one reads and writes exactly as its pages.

The docstrings of the view sets are the API's documentation (French, in the schema).
"""

from django.db import transaction
from django.db.models import Max, Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from qic.api.fields import with_site_id
from qic.api.filters import MAX_ID
from qic.api.viewsets import (
    VIEW,
    FullViewSet,
    ReadOnlyViewSet,
    ReadWriteViewSet,
    ScopedViewSet,
)
from quartiers.api.filters import SiteFilter
from quartiers.models import Site
from visions import perms, services
from visions.api import filters
from visions.api import serializers as s
from visions.models import (
    Indicator,
    Measurement,
    Milestone,
    Objective,
    TemplateIndicator,
    TemplateObjective,
    Vision,
)

# At most this many measurements in one bulk request.
BULK_MAX = 500


def _indicators():
    return with_site_id(Indicator.objects.all())


# --- Vision -----------------------------------------------------------------------------


@extend_schema_view(
    statut=extend_schema(
        summary=_("Changer le statut d'une vision"),
        request=s.VisionStatusSerializer,
        responses=s.VisionSerializer,
    ),
    adopter=extend_schema(
        summary=_("Adopter une vision (nouvelle version)"),
        request=s.VisionAdoptSerializer,
        responses={201: s.VisionVersionSerializer},
    ),
)
class VisionViewSet(ReadWriteViewSet):
    """Visions partagées des sites (une par site), lues avec leur site. On crée la vision
    d'un site qu'on peut modifier ; on modifie son texte et son horizon tant qu'elle
    n'est pas adoptée (brouillon, concertation, révision). Le statut change par
    `POST /visions/{id}/statut/`, l'adoption par `POST /visions/{id}/adopter/` ; chaque
    adoption garde une version numérotée (`versions-vision/`)."""

    serializer_class = s.VisionSerializer
    filterset_class = filters.VisionFilter
    ordering_fields = ["created_at"]
    create_only_fields = ("site",)

    def get_serializer_class(self):
        if self.action == "statut":
            return s.VisionStatusSerializer
        if self.action == "adopter":
            return s.VisionAdoptSerializer
        return super().get_serializer_class()

    @property
    def model(self):
        return Vision

    def can_create(self, user):
        return perms.can_contribute(user)

    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def statut(self, request, pk=None):
        vision = self.get_object()
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            vision = services.vision_change_status(
                vision=vision, status=data.validated_data["status"]
            )
        context = self.get_serializer_context()
        return Response(s.VisionSerializer(vision, context=context).data)

    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def adopter(self, request, pk=None):
        vision = self.get_object()
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            version = services.vision_adopt(
                vision=vision, author=request.user, **data.validated_data
            )
        body = s.VisionVersionSerializer(version, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


class VisionVersionViewSet(ReadOnlyViewSet):
    """Versions adoptées des visions : le texte et l'horizon tels qu'adoptés à une date,
    numérotés à partir de 1. Jamais modifiées : `modified_since` porte sur leur
    enregistrement (`created_at`)."""

    serializer_class = s.VisionVersionSerializer
    filterset_class = filters.VisionVersionFilter
    ordering = "created_at"
    ordering_fields = ["created_at", "adopted_on"]

    def optimize(self, queryset):
        return with_site_id(queryset).select_related("recorded_by")


class ObjectiveViewSet(FullViewSet):
    """Objectifs des visions, dans l'ordre choisi par le site (`position`) : un nouvel
    objectif se place en dernier. On les crée, modifie et supprime sur un site qu'on peut
    modifier (supprimer un objectif supprime ses indicateurs et leurs mesures)."""

    serializer_class = s.ObjectiveSerializer
    filterset_class = filters.ObjectiveFilter
    ordering_fields = ["created_at", "position"]
    create_only_fields = ("vision",)

    def optimize(self, queryset):
        return self.related_for_writes(with_site_id(queryset), "vision")

    def can_create(self, user):
        return perms.can_contribute(user)

    def can_delete_object(self, user, obj):
        return self.can_change_object(user, obj)

    def create_extra(self, serializer):
        vision = serializer.validated_data["vision"]
        last = Objective.objects.filter(vision=vision).aggregate(last=Max("position"))["last"]
        return {"position": (last or 0) + 1}


# --- Indicators and measurements --------------------------------------------------------


class IndicatorViewSet(FullViewSet):
    """Indicateurs de la mesure partagée : référence, cible, fréquence, et ce qui en est
    dérivé, en lecture seule — dernière valeur (`latest_value`, `latest_date`, tenue à jour à
    chaque saisie de mesure), avancement (`progress`, 0 à la référence, 1 à la cible),
    trajectoire attendue, situation (`track`) et retard de saisie (`overdue`). Pour tous les sites d'un coup :
    `indicateurs-des-sites/`. Une nouvelle mesure modifie l'indicateur (`modified_since`).
    On les crée, modifie et supprime sur un site qu'on peut modifier."""

    serializer_class = s.IndicatorSerializer
    filterset_class = filters.IndicatorFilter
    ordering_fields = ["created_at", "name"]
    refetch_after_write = True

    def optimize(self, queryset):
        return self.related_for_writes(with_site_id(queryset), "objective__vision")

    def can_create(self, user):
        return perms.can_contribute(user)

    def can_delete_object(self, user, obj):
        return self.can_change_object(user, obj)


@extend_schema_view(
    lot=extend_schema(
        summary=_("Créer plusieurs mesures d'un coup (tout ou rien)"),
        description=_(
            "Une liste de mesures (500 au plus), enregistrées toutes ou aucune. Sur une "
            "erreur, rien n'est enregistré et la réponse 400 donne chaque message sous "
            "« <rang dans la liste>.<champ> » (à partir de 0), par exemple "
            "« 2.date ». Un indicateur d'un site visible que vous ne pouvez pas modifier : "
            "403, rien n'est enregistré."
        ),
        request=s.MeasurementSerializer(many=True),
        responses={201: s.MeasurementSerializer(many=True)},
        examples=[
            OpenApiExample(
                _("Les valeurs du trimestre"),
                value=[
                    {
                        "indicator": 31,
                        "date": "2025-09-30",
                        "value": 44.5,
                        "comment": "Chiffres de la mission locale",
                    },
                    {"indicator": 32, "date": "2025-09-30", "value": 17},
                ],
                request_only=True,
            ),
            OpenApiExample(
                _("Deux lignes en erreur : rien n'est enregistré"),
                value={
                    "detail": "Les données envoyées sont invalides.",
                    "code": "invalid",
                    "erreurs": {
                        "1.date": ["La date ne peut pas être dans le futur."],
                        "2.__all__": ["Une valeur existe déjà pour cet indicateur à cette date."],
                        "__all__": [
                            "Aucune mesure n'a été enregistrée : corrigez les lignes en erreur."
                        ],
                    },
                },
                response_only=True,
                status_codes=["400"],
            ),
        ],
    )
)
class MeasurementViewSet(
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    ReadOnlyViewSet,
):
    """Mesures des indicateurs (une valeur datée). Comme sur les pages, une mesure se
    saisit ou se supprime, mais ne se modifie pas ; `POST /mesures/lot/` en enregistre
    plusieurs d'un coup, toutes ou aucune. Jamais modifiées : `modified_since` porte sur
    leur saisie (`created_at`)."""

    serializer_class = s.MeasurementSerializer
    filterset_class = filters.MeasurementFilter
    ordering = "created_at"
    ordering_fields = ["created_at", "date"]

    def optimize(self, queryset):
        queryset = with_site_id(queryset).select_related("entered_by")
        return self.related_for_writes(queryset, "indicator__objective__vision")

    def can_create(self, user):
        return perms.can_contribute(user)

    def can_delete_object(self, user, obj):
        return self.can_change_object(user, obj)

    def perform_create(self, serializer):
        self._record([serializer])
        serializer.instance = self._created[0]

    def perform_destroy(self, instance):
        with transaction.atomic():
            instance.delete()

    def _record(self, items):
        entries = [
            services.Entry(
                indicator=item.validated_data["indicator"],
                date=item.validated_data["date"],
                value=item.validated_data["value"],
                comment=item.validated_data.get("comment", ""),
            )
            for item in items
        ]
        with transaction.atomic():
            self._created = services.measurements_record(entries=entries, author=self.request.user)

    @action(
        detail=False,
        methods=["post"],
        pagination_class=None,
        filter_backends=[],
    )
    def lot(self, request):
        if not self.can_create(request.user):  # a bulk creation is a creation
            self.permission_denied(request)
        if not isinstance(request.data, list) or not request.data:
            raise serializers.ValidationError(
                {"__all__": [_("Envoyez une liste de mesures (au moins une).")]}
            )
        if len(request.data) > BULK_MAX:
            raise serializers.ValidationError(
                {"__all__": [_("Au plus %(max)d mesures par requête.") % {"max": BULK_MAX}]}
            )
        context = self.get_serializer_context()
        items, errors, seen = [], {}, {}
        for index, data in enumerate(request.data):
            item = s.MeasurementSerializer(data=data, context=context)
            if not item.is_valid():
                for field, messages in item.errors.items():
                    errors[f"{index}.{field}"] = messages
                continue
            key = (item.validated_data["indicator"].pk, item.validated_data["date"])
            if key in seen:
                errors[f"{index}.date"] = [
                    _(
                        "Cet indicateur a déjà une valeur à cette date au rang %(index)d de la liste."
                    )
                    % {"index": seen[key]}
                ]
                continue
            seen[key] = index
            items.append(item)
        if errors:
            errors["__all__"] = [
                _("Aucune mesure n'a été enregistrée : corrigez les lignes en erreur.")
            ]
            raise serializers.ValidationError(errors)
        self._record(items)
        created = self.get_queryset().filter(pk__in=[m.pk for m in self._created])
        body = s.MeasurementSerializer(created.order_by("pk"), many=True, context=context).data
        return Response(body, status=status.HTTP_201_CREATED)


# --- Action plan ------------------------------------------------------------------------


class ActionViewSet(FullViewSet):
    """Plan d'action : les actions des sites, les objectifs qu'elles servent, leur
    porteur et leurs partenaires (structures), leurs jalons. On les crée, modifie et
    supprime sur un site qu'on peut modifier."""

    serializer_class = s.ActionSerializer
    filterset_class = filters.ActionFilter
    ordering_fields = ["created_at", "title"]
    create_only_fields = ("site",)

    def optimize(self, queryset):
        return queryset.prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.only("id")),
            "partners",
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "pk")),
        )

    def can_create(self, user):
        return perms.can_contribute(user)

    def can_delete_object(self, user, obj):
        return self.can_change_object(user, obj)


class MilestoneViewSet(FullViewSet):
    """Jalons des actions (intitulé, échéance, atteint ou non). On les crée, modifie et
    supprime sur un site qu'on peut modifier."""

    serializer_class = s.MilestoneSerializer
    filterset_class = filters.MilestoneFilter
    ordering_fields = ["due_date"]
    create_only_fields = ("action",)

    def optimize(self, queryset):
        return queryset.select_related("action")

    def can_create(self, user):
        return perms.can_contribute(user)

    def can_delete_object(self, user, obj):
        return self.can_change_object(user, obj)


class SelfAssessmentViewSet(ReadWriteViewSet):
    """Auto-évaluations des cinq conditions de l'impact collectif (programme commun,
    mesure partagée, activités qui se renforcent, communication continue, structure
    d'appui), chacune notée de 1 à 4 avec un commentaire ; une par site et par jour. On
    en saisit sur un site qu'on peut modifier."""

    serializer_class = s.SelfAssessmentSerializer
    filterset_class = filters.SelfAssessmentFilter
    ordering_fields = ["date"]
    create_only_fields = ("site",)

    def optimize(self, queryset):
        return queryset.select_related("author")

    def can_create(self, user):
        return perms.can_contribute(user)

    def create_extra(self, serializer):
        return {"author": self.request.user}


# --- By site ----------------------------------------------------------------------------

SITE_PK = OpenApiParameter(
    "site_pk",
    {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    OpenApiParameter.PATH,
    description=_("Id du site."),
)


class SiteChildrenMixin:
    """Rows of one site: ``/sites/{site_pk}/…``; a site out of sight is 404."""

    def site(self) -> Site:
        try:
            pk = int(self.kwargs["site_pk"])
        except ValueError:
            raise Http404 from None
        site = None
        if 0 < pk <= MAX_ID:
            site = Site.objects.for_user(self.request.user, VIEW).filter(pk=pk).first()
        if site is None:
            raise Http404
        return site


@extend_schema_view(list=extend_schema(parameters=[SITE_PK], summary=_("Indicateurs d'un site")))
class SiteIndicatorViewSet(SiteChildrenMixin, mixins.ListModelMixin, ScopedViewSet):
    """Les indicateurs d'un site, avec leur dernière valeur et leur avancement : comme
    `indicateurs/?site={id}`, mais 404 pour un site hors de votre périmètre."""

    serializer_class = s.IndicatorSerializer
    filterset_class = filters.IndicatorFilter
    ordering_fields = ["created_at", "name"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema's generation
            return Indicator.objects.none()
        return _indicators().filter(objective__vision__site=self.site())


@extend_schema_view(list=extend_schema(parameters=[SITE_PK], summary=_("Mesures d'un site")))
class SiteMeasurementViewSet(SiteChildrenMixin, mixins.ListModelMixin, ScopedViewSet):
    """Les mesures des indicateurs d'un site : comme `mesures/?site={id}`, mais 404 pour
    un site hors de votre périmètre."""

    serializer_class = s.MeasurementSerializer
    filterset_class = filters.MeasurementFilter
    ordering = "created_at"
    ordering_fields = ["created_at", "date"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema's generation
            return Measurement.objects.none()
        measurements = Measurement.objects.filter(indicator__objective__vision__site=self.site())
        return with_site_id(measurements).select_related("entered_by")


@extend_schema_view(
    list=extend_schema(summary=_("Lister : sites avec la dernière valeur de leurs indicateurs")),
    retrieve=extend_schema(
        summary=_("Lire : site avec la dernière valeur de ses indicateurs"),
        examples=[
            OpenApiExample(
                _("Un site et son indicateur"),
                value={
                    "id": 12,
                    "url": "https://qic.example.gouv.fr/api/v1/sites/12/",
                    "name": "Montreynaud",
                    "status": "mise_en_oeuvre",
                    "indicators": [
                        {
                            "id": 31,
                            "url": "https://qic.example.gouv.fr/api/v1/indicateurs/31/",
                            "objective": 8,
                            "name": "Part des 16-25 ans ni en emploi ni en formation",
                            "unit": "%",
                            "direction": "baisse",
                            "baseline_value": 32.0,
                            "baseline_date": "2024-01-01",
                            "target_value": 25.0,
                            "target_date": "2028-12-31",
                            "latest_value": 29.5,
                            "latest_date": "2025-06-30",
                            "progress": 0.36,
                            "expected_progress": 0.31,
                            "track": "en_bonne_voie",
                            "overdue": False,
                        }
                    ],
                    "updated_at": "2025-07-02T09:14:00+02:00",
                },
                response_only=True,
                status_codes=["200"],
            )
        ],
    ),
)
class SiteIndicatorsViewSet(ReadOnlyViewSet):
    """Chaque site visible avec la dernière valeur de chacun de ses indicateurs, leur
    avancement et leur situation : de quoi consolider tout le programme (rôles de l'ANCT)
    en quelques requêtes, page après page, quel que soit le nombre de sites. Mêmes
    filtres que `sites/` ; `modified_since` porte sur le site lui-même : pour suivre les
    nouvelles valeurs, synchronisez `indicateurs/?modified_since=…`."""

    serializer_class = s.SiteIndicatorsSerializer
    filterset_class = SiteFilter
    ordering_fields = ["name", "created_at"]


# --- Indicator library and vision templates --------------------------------------------


class IndicatorDefinitionViewSet(ReadWriteViewSet):
    """Bibliothèque d'indicateurs : des définitions partagées (unité, sens, méthode de
    calcul, source, fréquence recommandée, qui la tient) qui rendent comparables les
    indicateurs des sites. Tous les comptes la lisent ; l'ANCT la tient (`status` :
    `validee` ou `proposee`)."""

    serializer_class = s.IndicatorDefinitionSerializer
    filterset_class = filters.IndicatorDefinitionFilter
    ordering_fields = ["name"]

    def can_create(self, user):
        return perms.can_curate_library(user)


class VisionTemplateViewSet(ReadOnlyViewSet):
    """Modèles de vision : objectifs, leurs indicateurs (définition, unité, sens,
    fréquence) et thèmes d'action d'une vision adoptée, sans valeurs ni personnes. Tous
    les comptes les lisent ; on les enregistre et on s'en sert dans l'application."""

    serializer_class = s.VisionTemplateSerializer
    filterset_class = filters.VisionTemplateFilter
    ordering_fields = ["name"]

    def optimize(self, queryset):
        return queryset.prefetch_related(
            Prefetch(
                "objectives",
                queryset=TemplateObjective.objects.order_by("position", "pk").prefetch_related(
                    Prefetch(
                        "indicators", queryset=TemplateIndicator.objects.order_by("name", "pk")
                    )
                ),
            ),
            "action_themes",
        )
