from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from recherche import registry
from recherche.text import MAX_QUERY_LENGTH, parts_html

MAX_LIMIT = 50


class SearchParamsSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Les mots cherchés (accents ignorés ; chaque mot peut être un début de mot)."),
    )
    type = serializers.MultipleChoiceField(
        choices=[],
        required=False,
        help_text=_("Seulement ces types de résultats (répétable)."),
    )
    limit = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_LIMIT,
        default=5,
        help_text=_("Résultats par type, au plus 50."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [index.kind for index in registry.indexes()]


class HitSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="object_id", help_text=_("L'identifiant de l'objet."))
    title = serializers.CharField(help_text=_("Le titre, en texte brut."))
    title_html = serializers.SerializerMethodField(
        help_text=_("Le titre en HTML échappé, mots trouvés entre <mark> et </mark>.")
    )
    excerpt_html = serializers.SerializerMethodField(
        help_text=_("Un extrait en HTML échappé, mots trouvés entre <mark> et </mark>.")
    )
    subtitle = serializers.CharField()
    url = serializers.CharField(help_text=_("La page de l'objet."))
    site = serializers.IntegerField(source="site_id", allow_null=True)
    site_name = serializers.CharField()

    def get_title_html(self, hit) -> str:
        return parts_html(hit.title_parts)

    def get_excerpt_html(self, hit) -> str:
        return parts_html(hit.excerpt_parts)


class GroupSerializer(serializers.Serializer):
    type = serializers.CharField(source="kind")
    label = serializers.CharField()
    total = serializers.IntegerField(help_text=_("Résultats de ce type, en tout."))
    results = HitSerializer(source="hits", many=True)


class SearchResultsSerializer(serializers.Serializer):
    q = serializers.CharField()
    groups = GroupSerializer(many=True)
