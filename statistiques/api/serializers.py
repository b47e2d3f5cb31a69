from django.utils.translation import gettext_lazy
from rest_framework import serializers

from qic.api.serializers import ModelSerializer
from statistiques.models import StatValue, Variable


class VariableSerializer(ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:variable-detail")

    class Meta:
        model = Variable
        fields = ["id", "url", "code", "label", "theme", "unit", "updated_at"]
        read_only_fields = fields


class StatValueSerializer(ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:statvalue-detail")
    quartier = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        help_text=gettext_lazy("Code du QPV ; vide pour la valeur de l'ensemble des QPV."),
    )
    variable = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=gettext_lazy("Code de la variable.")
    )
    source = serializers.CharField(
        source="source.file_name", read_only=True, help_text=gettext_lazy("Fichier publié.")
    )
    source_url = serializers.CharField(
        source="source.url", read_only=True, help_text=gettext_lazy("Adresse de la source.")
    )

    class Meta:
        model = StatValue
        fields = [
            "id",
            "url",
            "quartier",
            "is_benchmark",
            "variable",
            "vintage",
            "value",
            "secrecy",
            "source",
            "source_url",
            "updated_at",
        ]
        read_only_fields = fields
