"""One error shape for every API answer that is not a success (docs/api.md, « Erreurs »).

    {"detail": "message en français", "code": "code_stable",
     "erreurs": {"champ": ["message", …], "__all__": ["message sans champ"]}}

``erreurs`` is present on 400 answers only. Model validation errors, integrity errors and
refusals to delete a row still in use become 400s, never 500s.
"""

import re

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from qic.api.parsers import BodyTooDeep, BodyTooLarge, too_large

NON_FIELD = "__all__"


def _as_drf(exc):
    if isinstance(exc, RequestDataTooBig):  # DRF reads JSON bodies through request.body
        return too_large()
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, IntegrityError):
        return exceptions.ValidationError(
            {NON_FIELD: [_("Cette modification contredit une règle d'intégrité des données.")]},
            code="integrity",
        )
    if isinstance(exc, ProtectedError | RestrictedError):
        return exceptions.ValidationError(
            {
                NON_FIELD: [
                    _("Cet objet ne peut pas être supprimé : d'autres données en dépendent.")
                ]
            },
            code="protected",
        )
    return exc


_JSON_POSITION = re.compile(r"line (\d+) column (\d+)")


def _message(exc) -> str:
    if isinstance(exc, BodyTooLarge | BodyTooDeep):
        return str(exc.detail)
    if isinstance(exc, exceptions.ParseError):
        # DRF words JSON errors in English: say it in French, with the position if known.
        message = _("Le corps de la requête n'est pas du JSON valide.")
        position = _JSON_POSITION.search(str(exc.detail))
        if position:
            message = _(
                "Le corps de la requête n'est pas du JSON valide (ligne %(line)s, colonne %(column)s)."
            ) % {
                "line": position[1],
                "column": position[2],
            }
        return message
    if isinstance(exc, exceptions.Throttled):
        if exc.wait is None:
            return _("Trop de requêtes : réessayez plus tard.")
        return _("Trop de requêtes : réessayez dans %(wait)d secondes.") % {"wait": exc.wait}
    if isinstance(exc, exceptions.NotFound):
        return _("Introuvable : cet objet n'existe pas ou vous n'y avez pas accès.")
    if isinstance(exc, exceptions.ValidationError):
        return _("Les données envoyées sont invalides.")
    detail = exc.detail
    if isinstance(detail, list | dict):  # a custom APIException built with a structure
        return _("La requête ne peut pas aboutir.")
    return str(detail)


def _code(exc) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    detail = exc.detail
    return getattr(detail, "code", None) or exc.default_code


def _field_errors(detail):
    if isinstance(detail, dict):
        return detail
    if isinstance(detail, list):
        return {NON_FIELD: detail}
    return {NON_FIELD: [detail]}


def exception_handler(exc, context):
    exc = _as_drf(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    body = {"detail": _message(exc), "code": _code(exc)}
    if isinstance(exc, exceptions.ValidationError):
        body["erreurs"] = _field_errors(exc.detail)
    response.data = body
    return response


def json_error(status_code: int, detail: str, code: str) -> JsonResponse:
    return JsonResponse(
        {"detail": detail, "code": code},
        status=status_code,
        json_dumps_params={"ensure_ascii": False},
    )


def not_found(request, exception=None):
    """An /api/ address that matches no route (Django's 404, before any API view)."""
    return json_error(
        status.HTTP_404_NOT_FOUND,
        _("Introuvable : cet objet n'existe pas ou vous n'y avez pas accès."),
        "not_found",
    )


def server_error(request):
    return json_error(
        status.HTTP_500_INTERNAL_SERVER_ERROR,
        _("Erreur interne du serveur : l'équipe technique en est avertie."),
        "server_error",
    )
