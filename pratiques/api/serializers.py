from django.utils.translation import gettext_lazy
from rest_framework import serializers

from pratiques.models import Practice, PracticeAdoption
from qic.api.fields import CHANGE, ScopedRelatedField, object_url
from qic.api.serializers import ModelSerializer, Serializer, UserSummarySerializer
from quartiers.models import Site, Structure
from visions.models import Indicator


class PracticeSerializer(ModelSerializer):
    url = object_url("practice")
    site = ScopedRelatedField(Site, action=CHANGE, help_text=gettext_lazy("Le site (id)."))
    partners = serializers.PrimaryKeyRelatedField(
        queryset=Structure.objects.all(),
        many=True,
        required=False,
        help_text=gettext_lazy("Structures partenaires (ids)."),
    )
    indicators = serializers.PrimaryKeyRelatedField(
        queryset=Indicator.objects.all(),
        many=True,
        required=False,
        help_text=gettext_lazy("Indicateurs liés, du même site (ids)."),
    )
    contact = UserSummarySerializer(read_only=True, allow_null=True)
    adoption_count = serializers.IntegerField(
        read_only=True, help_text=gettext_lazy("Nombre de sites qui l'ont adoptée.")
    )

    class Meta:
        model = Practice
        fields = [
            "id",
            "url",
            "site",
            "origin_action",
            "title",
            "theme",
            "objective_theme",
            "problem",
            "what_was_done",
            "partners",
            "cost",
            "funders",
            "duration",
            "results",
            "indicators",
            "lessons",
            "contact",
            "status",
            "published_at",
            "adoption_count",
            "updated_at",
        ]
        read_only_fields = ["origin_action", "status", "published_at", "updated_at"]

    def validate(self, attrs):
        site = attrs.get("site") or getattr(self.instance, "site", None)
        for indicator in attrs.get("indicators", []):
            if indicator.objective.vision.site_id != getattr(site, "pk", None):
                raise serializers.ValidationError(
                    {"indicators": gettext_lazy("Seuls les indicateurs du site peuvent être liés.")}
                )
        return attrs


class PracticeAdoptSerializer(Serializer):
    site = ScopedRelatedField(
        Site, action=CHANGE, help_text=gettext_lazy("Le site qui adopte (id).")
    )


class PracticeAdoptionSerializer(ModelSerializer):
    class Meta:
        model = PracticeAdoption
        fields = ["id", "practice", "site", "action", "created_at"]
        read_only_fields = fields
