"""API resources of the app: each one reads and writes exactly as its pages.

The docstrings of the view sets are the API's documentation (French, in the schema).
"""

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from qic.api.viewsets import CHANGE, VIEW, FullViewSet, ReadOnlyViewSet, ReadWriteViewSet
from quartiers import events, perms, services
from quartiers.api import filters
from quartiers.api import serializers as s
from quartiers.models import Commune, Quartier, Site


def _visible_sites(user):
    return Site.objects.for_user(user, VIEW).only("id")


# --- Territories ------------------------------------------------------------------------


class RegionViewSet(ReadOnlyViewSet):
    """Régions : référentiel officiel, lu par tous les comptes, modifié seulement par
    l'import de la liste des QPV."""

    serializer_class = s.RegionSerializer
    filterset_class = filters.RegionFilter
    ordering_fields = ["code", "name"]


class DepartementViewSet(ReadOnlyViewSet):
    """Départements : référentiel officiel, en lecture seule."""

    serializer_class = s.DepartementSerializer
    filterset_class = filters.DepartementFilter
    ordering_fields = ["code", "name"]

    def optimize(self, queryset):
        return queryset.select_related("region")


class EPCIViewSet(ReadOnlyViewSet):
    """EPCI (intercommunalités, par SIREN) : référentiel officiel, en lecture seule."""

    serializer_class = s.EPCISerializer
    filterset_class = filters.EPCIFilter
    ordering_fields = ["siren", "name"]


class CommuneViewSet(ReadOnlyViewSet):
    """Communes (code INSEE) : référentiel officiel, en lecture seule."""

    serializer_class = s.CommuneSerializer
    filterset_class = filters.CommuneFilter
    ordering_fields = ["code", "name"]

    def optimize(self, queryset):
        return queryset.select_related("departement", "epci")


class QuartierViewSet(ReadOnlyViewSet):
    """Quartiers prioritaires de la politique de la ville (QPV) : référentiel officiel,
    en lecture seule. Le périmètre (GeoJSON) n'est donné que par le détail."""

    filterset_class = filters.QuartierFilter
    ordering_fields = ["code", "name"]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.QuartierDetailSerializer
        return s.QuartierSerializer

    def optimize(self, queryset):
        queryset = queryset.select_related("departement__region", "epci").prefetch_related(
            Prefetch("communes", queryset=Commune.objects.only("id", "code"))
        )
        if self.action != "retrieve":
            queryset = queryset.defer("perimeter")
        return queryset


# --- Directory --------------------------------------------------------------------------


class StructureViewSet(ReadWriteViewSet):
    """Structures (collectivités, services de l'État, associations, centres de
    ressources…) : un annuaire que tous les comptes lisent. Tout compte qui modifie
    quelque chose en ajoute ; on modifie celles qu'on a créées ou auxquelles on est
    rattaché (tout, pour un administrateur national). Les observateurs lisent seulement."""

    serializer_class = s.StructureSerializer
    filterset_class = filters.StructureFilter
    ordering_fields = ["name", "created_at"]

    def optimize(self, queryset):
        return queryset.select_related("commune")

    def can_create(self, user):
        return perms.can_create_directory_entry(user)

    def create_extra(self, serializer):
        return {"created_by": self.request.user}


class PersonneViewSet(ReadWriteViewSet):
    """Personnes (contacts) : on voit celles des sites qu'on voit (et celles qu'on a
    saisies) ; les rôles de l'ANCT voient tout l'annuaire. On modifie celles des sites
    qu'on peut modifier. Les observateurs lisent seulement."""

    serializer_class = s.PersonneSerializer
    filterset_class = filters.PersonneFilter
    ordering_fields = ["last_name", "created_at"]

    def optimize(self, queryset):
        return queryset.prefetch_related(
            Prefetch("sites", queryset=_visible_sites(self.request.user))
        )

    def can_create(self, user):
        return perms.can_create_directory_entry(user)

    def create_extra(self, serializer):
        return {"created_by": self.request.user}


# --- Sites ------------------------------------------------------------------------------


@extend_schema_view(
    statuts=extend_schema(
        methods=["GET"],
        summary=_("Historique des statuts d'un site"),
        request=None,
        responses=s.SiteStatusChangeSerializer(many=True),
    ),
    trinome=extend_schema(
        methods=["GET"],
        summary=_("Mandats du trinôme d'un site (en cours et passés)"),
        request=None,
        responses=s.TrinomeMandateSerializer(many=True),
    ),
)
class SiteViewSet(FullViewSet):
    """Sites du programme. On voit les sites de son périmètre : tous pour les rôles de
    l'ANCT, les siens pour un membre ou un observateur, ceux que son centre accompagne ou
    a accompagnés pour un centre de ressources. On modifie : tout (administrateur), les
    sites qu'on suit (chef de projet), ses sites (membre), ceux que son centre accompagne
    encore (centre). Les rôles de l'ANCT créent les sites ; seul un administrateur en
    supprime. Le statut ne change que par `POST /sites/{id}/statuts/`."""

    filterset_class = filters.SiteFilter
    ordering_fields = ["name", "created_at"]

    def get_serializer_class(self):
        if self.action == "create":
            return s.SiteCreateSerializer
        if self.action == "statuts":
            return s.SiteStatusChangeInputSerializer
        if self.action == "trinome":
            return s.TrinomeAssignSerializer
        return s.SiteSerializer

    @property
    def model(self):
        return Site

    def optimize(self, queryset):
        if self.action in ("statuts", "trinome"):  # the site itself is not shown
            return queryset
        return queryset.select_related("chef_de_projet").prefetch_related(
            Prefetch("quartiers", queryset=Quartier.objects.only("id", "code")),
            Prefetch("trinome_mandates", queryset=s.current_mandates(), to_attr="current_mandates"),
        )

    def can_create(self, user):
        return perms.can_create_site(user)

    def can_delete_object(self, user, obj):
        return perms.can_delete_site(user)

    @extend_schema(
        methods=["POST"],
        summary=_("Changer le statut d'un site"),
        request=s.SiteStatusChangeInputSerializer,
        responses={201: s.SiteStatusChangeSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def statuts(self, request, pk=None):
        site = self.get_object()
        if request.method != "POST":  # GET or HEAD
            changes = site.status_changes.select_related("author").order_by("date", "created_at")
            return Response(
                s.SiteStatusChangeSerializer(
                    changes, many=True, context=self.get_serializer_context()
                ).data
            )
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            change = services.site_change_status(
                site=site,
                status=data.validated_data["status"],
                on=data.validated_data.get("date") or timezone.localdate(),
                comment=data.validated_data["comment"],
                author=request.user,
            )
        body = s.SiteStatusChangeSerializer(change, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["POST"],
        summary=_("Confier un siège du trinôme"),
        request=s.TrinomeAssignSerializer,
        responses={201: s.TrinomeMandateSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def trinome(self, request, pk=None):
        site = self.get_object()
        if request.method != "POST":  # GET or HEAD
            mandates = site.trinome_mandates.select_related("personne", "structure").order_by(
                "seat", "-start_date"
            )
            return Response(
                s.TrinomeMandateSerializer(
                    mandates, many=True, context=self.get_serializer_context()
                ).data
            )
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            mandate = services.trinome_assign(site=site, author=request.user, **data.validated_data)
        body = s.TrinomeMandateSerializer(mandate, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


class SiteStatusChangeViewSet(ReadOnlyViewSet):
    """Changements de statut de tous les sites visibles, pour une synchronisation : ils
    ne sont jamais modifiés, `modified_since` porte sur leur date d'enregistrement
    (`created_at`). Pour changer un statut : `POST /sites/{id}/statuts/`."""

    serializer_class = s.SiteStatusChangeSerializer
    filterset_class = filters.SiteStatusChangeFilter
    ordering = "created_at"
    ordering_fields = ["created_at", "date"]

    def optimize(self, queryset):
        return queryset.select_related("author")


@extend_schema_view(
    terminer=extend_schema(
        summary=_("Terminer un mandat du trinôme (aujourd'hui)"),
        request=None,
        responses=s.TrinomeMandateSerializer,
    )
)
class TrinomeMandateViewSet(ReadOnlyViewSet):
    """Mandats au trinôme de tous les sites visibles : qui tient quel siège, et quand.
    Pour confier un siège : `POST /sites/{id}/trinome/`."""

    serializer_class = s.TrinomeMandateSerializer
    filterset_class = filters.TrinomeMandateFilter
    ordering_fields = ["start_date"]

    def optimize(self, queryset):
        return queryset.select_related("personne", "structure")

    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def terminer(self, request, pk=None):
        mandate = self.get_object()
        if mandate.end_date is not None:
            raise serializers.ValidationError({"end_date": [_("Ce mandat est déjà terminé.")]})
        mandate.end_date = max(timezone.localdate(), mandate.start_date)
        with transaction.atomic(), events.acting(request.user):  # the end: its event
            mandate.save(update_fields=["end_date", "updated_at"])
        return Response(self.get_serializer(mandate).data)


# --- Programme --------------------------------------------------------------------------


class AccompanimentViewSet(ReadWriteViewSet):
    """Accompagnements des sites par les centres de ressources. On les voit avec leur
    site ; on en crée sur un site qu'on peut modifier ; un centre de ressources ne nomme
    que son propre centre et ne modifie que ses accompagnements."""

    serializer_class = s.AccompanimentSerializer
    filterset_class = filters.AccompanimentFilter
    ordering_fields = ["start_date"]

    def can_create(self, user):
        return Site.objects.for_user(user, CHANGE).exists()

    def can_change_object(self, user, obj):
        return perms.can_manage_accompaniment(user, obj)


class CohortViewSet(ReadWriteViewSet):
    """Cohortes de la formation-action (2022, 2024…) : tous les comptes les lisent, les
    rôles de l'ANCT les tiennent."""

    serializer_class = s.CohortSerializer
    filterset_class = filters.CohortFilter
    ordering_fields = ["year"]

    def can_create(self, user):
        return perms.can_manage_programme(user)


class FormationSessionViewSet(ReadWriteViewSet):
    """Sessions de la formation-action, avec les sites présents (parmi ceux que vous
    voyez) : tous les comptes les lisent, les rôles de l'ANCT les tiennent."""

    serializer_class = s.FormationSessionSerializer
    filterset_class = filters.FormationSessionFilter
    ordering_fields = ["date"]

    def optimize(self, queryset):
        return queryset.prefetch_related(
            Prefetch("sites_present", queryset=_visible_sites(self.request.user))
        )

    def can_create(self, user):
        return perms.can_manage_programme(user)
