"""API resources of the official statistics: reference data, read-only, read by every
signed-in account (like the QPV)."""

from qic.api.viewsets import ReadOnlyViewSet
from statistiques.api import filters
from statistiques.api import serializers as s


class VariableViewSet(ReadOnlyViewSet):
    """Variables statistiques publiées par l'Insee pour les QPV (code sans millésime,
    libellé, thème) : référentiel en lecture seule, alimenté par l'import des fichiers."""

    serializer_class = s.VariableSerializer
    filterset_class = filters.VariableFilter
    ordering_fields = ["code", "theme"]


class StatValueViewSet(ReadOnlyViewSet):
    """Valeurs statistiques des QPV, par variable et millésime, et celles de l'ensemble
    des QPV (`is_benchmark`, sans quartier). Une valeur secrète ou manquante a `value`
    vide et sa marque dans `secrecy` (`s` secret statistique, `nd` non disponible, `ns`
    non significatif, `so` sans objet). Ces chiffres ne s'additionnent pas entre QPV."""

    serializer_class = s.StatValueSerializer
    filterset_class = filters.StatValueFilter
    ordering_fields = ["vintage"]

    def optimize(self, queryset):
        return queryset.select_related("quartier", "variable", "source")
