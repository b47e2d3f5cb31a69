from drf_spectacular.utils import extend_schema
from rest_framework import generics

from accounts.api.serializers import MoiSerializer
from qic.api.viewsets import ApiViewMixin


class MoiView(ApiViewMixin, generics.RetrieveUpdateAPIView):
    """Le compte connecté. Comme la page « Mon compte », on n'y modifie que son prénom
    et son nom."""

    serializer_class = MoiSerializer
    http_method_names = ["get", "patch", "put", "head", "options"]
    schema_tags = ["Mon compte"]

    def get_object(self):
        return self.request.user

    @extend_schema(summary="Lire : mon compte")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="Modifier : mon compte (prénom, nom)")
    def patch(self, request, *args, **kwargs):
        return super().patch(request, *args, **kwargs)

    @extend_schema(summary="Remplacer : mon compte (prénom, nom)")
    def put(self, request, *args, **kwargs):
        return super().put(request, *args, **kwargs)
