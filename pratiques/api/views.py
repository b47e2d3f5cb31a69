"""API resources of the pratiques app: read and written exactly as its pages."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from pratiques import perms, services
from pratiques.api import filters
from pratiques.api import serializers as s
from qic.api.viewsets import ReadWriteViewSet


@extend_schema_view(
    adopter=extend_schema(
        summary=_("Adopter une pratique publiée"),
        request=s.PracticeAdoptSerializer,
        responses={201: s.PracticeAdoptionSerializer},
    ),
)
class PracticeViewSet(ReadWriteViewSet):
    """Pratiques inspirantes. Une pratique publiée est lue par tous les comptes du
    programme ; un brouillon ou une pratique proposée, par ceux qui voient son site. On en
    écrit sur un site qu'on peut modifier, et on la modifie tant qu'elle n'est pas
    publiée. `POST /pratiques/{id}/adopter/` la copie dans le plan d'action d'un de vos
    sites (une action liée à son origine). La relecture et les questions au contact se
    font dans l'application."""

    serializer_class = s.PracticeSerializer
    filterset_class = filters.PracticeFilter
    ordering_fields = ["published_at", "created_at"]
    create_only_fields = ("site",)
    refetch_after_write = True

    def get_serializer_class(self):
        if self.action == "adopter":
            return s.PracticeAdoptSerializer
        return super().get_serializer_class()

    @property
    def model(self):
        return s.PracticeSerializer.Meta.model

    def optimize(self, queryset):
        return (
            queryset.with_adoption_count()
            .select_related("contact")
            .prefetch_related("partners", "indicators")
        )

    def can_create(self, user):
        return perms.can_write(user)

    def can_change_object(self, user, obj):
        if self.action == "adopter":  # adopting is not changing: asked in the action
            return True
        return perms.can_edit(user, obj)

    def create_extra(self, serializer):
        return {"created_by": self.request.user}

    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def adopter(self, request, pk=None):
        practice = self.get_object()
        if not perms.can_adopt(request.user, practice):
            raise PermissionDenied(_("Vous ne pouvez pas adopter cette pratique."))
        serializer = s.PracticeAdoptSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            adoption = services.practice_adopt(
                practice=practice, site=serializer.validated_data["site"], author=request.user
            )
        except ValidationError as exc:
            detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            raise serializers.ValidationError(detail) from None
        return Response(s.PracticeAdoptionSerializer(adoption).data, status=status.HTTP_201_CREATED)
