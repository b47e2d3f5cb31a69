"""OpenAPI generation (drf-spectacular): French summaries and tags, documented errors."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("Ce qui s'est passé, en français."))
    code = serializers.CharField(
        help_text=_(
            "Code stable : invalid, parse_error, not_authenticated, authentication_failed, "
            "permission_denied, not_found, method_not_allowed, throttled…"
        )
    )

    class Meta:
        ref_name = "Erreur"


class ValidationErrorSerializer(ErrorSerializer):
    erreurs = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_(
            "Messages par champ ; « __all__ » porte ceux qui ne concernent pas un champ précis. "
            "Absent quand le corps de la requête est illisible (code parse_error)."
        ),
    )

    class Meta:
        ref_name = "ErreurDeValidation"


ERROR_DESCRIPTIONS = {
    "400": _("Données ou paramètres invalides (voir « erreurs »)."),
    "401": _("Authentification absente ou refusée (jeton invalide, révoqué ou expiré)."),
    "403": _("Objet visible mais que votre rôle ne permet pas de modifier."),
    "404": _("Objet inexistant ou hors de votre périmètre."),
    "422": _("Clé Idempotency-Key déjà utilisée pour une autre requête."),
    "429": _("Trop de requêtes : attendre le nombre de secondes de l'en-tête Retry-After."),
}

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=_(
        "Facultatif. La même requête renvoyée avec la même clé reçoit la première réponse "
        "(en-tête Idempotent-Replayed: true) sans rien créer de plus ; une autre requête "
        "avec cette clé : 422. Une clé par opération, 1 à 150 caractères, gardée un jour."
    ),
)

ACTION_SUMMARIES = {
    "list": _("Lister : %(plural)s"),
    "retrieve": _("Lire : %(singular)s"),
    "create": _("Créer : %(singular)s"),
    "update": _("Remplacer : %(singular)s"),
    "partial_update": _("Modifier : %(singular)s"),
    "destroy": _("Supprimer : %(singular)s"),
}


class AutoSchema(BaseAutoSchema):
    def _model(self):
        try:
            return self.view.model
        except (AttributeError, AssertionError):
            return None

    def get_tags(self):
        model = self._model()
        if model is not None:
            return [str(capfirst(model._meta.verbose_name_plural))]
        tags = getattr(self.view, "schema_tags", None)
        return tags or super().get_tags()

    def get_summary(self):
        action = getattr(self.view, "action", None)
        model = self._model()
        if model is not None and action in ACTION_SUMMARIES:
            return str(ACTION_SUMMARIES[action]) % {
                "plural": model._meta.verbose_name_plural,
                "singular": model._meta.verbose_name,
            }
        return super().get_summary()

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method == "POST" and not getattr(self.view, "schema_public", False):
            parameters.append(IDEMPOTENCY_KEY)  # qic.idempotency, docs/api.md
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response" or getattr(self.view, "schema_public", False):
            return responses
        codes = ["401", "429"]
        writes = self.method not in ("GET", "HEAD", "OPTIONS")
        if writes or self._is_list_view():
            codes.append("400")
        if writes:
            codes.append("403")
        if self.method == "POST":
            codes.append("422")
        if "{" in self.path:
            codes.append("404")
        for code in sorted(codes):
            if code in responses:
                continue
            serializer = ValidationErrorSerializer if code == "400" else ErrorSerializer
            response = self._get_response_for_code(serializer, code)
            response["description"] = str(ERROR_DESCRIPTIONS[code])
            responses[code] = response
        return responses
