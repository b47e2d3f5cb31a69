"""The current user's notifications in the API."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from notifications.models import Notification
from qic.api.fields import ObjectUrlField
from qic.api.serializers import ReadOnlyModelSerializer


class NotificationSerializer(ReadOnlyModelSerializer):
    url = ObjectUrlField(
        view_name="api:notification-detail",
        help_text=gettext_lazy("Adresse de l'objet dans l'API."),
    )
    link = serializers.CharField(
        source="url",
        read_only=True,
        help_text=gettext_lazy("Lien vers la page de QIC qu'elle concerne."),
    )
    is_read = serializers.BooleanField(read_only=True, help_text=gettext_lazy("Lue ou non."))

    class Meta:
        model = Notification
        fields = ["id", "url", "kind", "message", "link", "is_read", "read_at", "created_at"]
        read_only_fields = fields
        extra_kwargs = {
            "kind": {"help_text": gettext_lazy("Type de rappel, par exemple site_inactif.")},
            "message": {"help_text": gettext_lazy("Message.")},
            "read_at": {"help_text": gettext_lazy("Lue le (null tant qu'elle ne l'est pas).")},
            "created_at": {"help_text": gettext_lazy("Créée le.")},
        }


class MarkedReadSerializer(serializers.Serializer):
    count = serializers.IntegerField(
        help_text=gettext_lazy("Nombre de notifications marquées comme lues.")
    )
