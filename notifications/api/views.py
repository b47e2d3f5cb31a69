"""The current user's notifications (the bell), read and marked read as on its page."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from notifications import services
from notifications.api import filters
from notifications.api import serializers as s
from qic.api.viewsets import ReadOnlyViewSet


@extend_schema_view(
    lire=extend_schema(
        summary=_("Marquer une notification comme lue"),
        request=None,
        responses=s.NotificationSerializer,
    ),
    tout_lire=extend_schema(
        summary=_("Marquer toutes mes notifications comme lues"),
        request=None,
        responses=s.MarkedReadSerializer,
    ),
)
class NotificationViewSet(ReadOnlyViewSet):
    """Mes notifications (celles de la cloche), les plus récentes d'abord par défaut
    (`ordering=-created_at`). Chacun ne voit que les siennes : celles d'un autre compte
    répondent 404. Lire ne marque rien : `POST /notifications/{id}/lire/` ou
    `POST /notifications/tout-lire/`. Elles sont conservées 90 jours par défaut ;
    `modified_since` porte sur leur création."""

    serializer_class = s.NotificationSerializer
    filterset_class = filters.NotificationFilter
    ordering = "created_at"
    ordering_fields = ["created_at"]

    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def lire(self, request, pk=None):
        notification = self.get_object()
        services.notification_mark_read(notification=notification)
        notification.refresh_from_db(fields=["read_at"])
        return Response(self.get_serializer(notification).data)

    @action(
        detail=False,
        methods=["post"],
        url_path="tout-lire",
        pagination_class=None,
        filter_backends=[],
    )
    def tout_lire(self, request):
        count = services.notifications_mark_all_read(user=request.user)
        return Response({"count": count})
