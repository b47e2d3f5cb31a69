from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import ApiToken, User
from qic.api.serializers import ModelSerializer


class TokenInUseSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["name", "hint", "created_at", "expires_at"]
        read_only_fields = fields


class MoiSerializer(ModelSerializer):
    """Le compte connecté : identité, rôle et, pour un appel par jeton, le jeton utilisé."""

    role_label = serializers.CharField(source="get_role_display", read_only=True)
    is_admin = serializers.BooleanField(
        read_only=True, help_text=_("Administrateur national : voit et modifie tout.")
    )
    is_national = serializers.BooleanField(
        read_only=True, help_text=_("Rôle de l'ANCT : voit tous les sites.")
    )
    jeton = serializers.SerializerMethodField(
        help_text=_("Le jeton de cet appel ; null pour une session de navigateur.")
    )

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "first_name",
            "last_name",
            "role",
            "role_label",
            "is_admin",
            "is_national",
            "jeton",
        ]
        read_only_fields = ["id", "email", "role"]

    @extend_schema_field(TokenInUseSerializer(allow_null=True))
    def get_jeton(self, user):
        token = getattr(self.context.get("request"), "auth", None)
        if isinstance(token, ApiToken):
            return TokenInUseSerializer(token).data
        return None
