"""Personal API tokens in the ``Authorization`` header (``Bearer qic_…`` or ``Token qic_…``)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from accounts.models import API_TOKEN_PREFIX, ApiToken

KEYWORDS = ("bearer", "token")


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """Authenticate a request by a personal API token.

    A request without an ``Authorization`` header of this kind is left to the next
    authentication class (the browser's session). A token that is unknown, revoked or
    expired, or whose account is deactivated, is refused with 401.
    """

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("En-tête Authorization invalide : « Bearer » suivi du jeton, sans espace.")
            )
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Jeton invalide.")) from None
        return self.authenticate_secret(raw)

    def authenticate_secret(self, raw: str):
        if not raw.startswith(API_TOKEN_PREFIX):
            raise exceptions.AuthenticationFailed(_("Jeton invalide."))
        try:
            token = ApiToken.objects.get_by_secret(raw)
        except ApiToken.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Jeton invalide.")) from None
        if token.is_revoked:
            raise exceptions.AuthenticationFailed(_("Ce jeton a été révoqué."))
        if token.is_expired:
            raise exceptions.AuthenticationFailed(_("Ce jeton a expiré."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Ce compte est désactivé."))
        token.touch()
        return token.user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "jeton"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "qic_…",
            "description": str(
                _(
                    "Jeton personnel créé depuis la page « Mon compte » de QIC, envoyé dans "
                    "l'en-tête `Authorization: Bearer qic_…` (ou `Token qic_…`)."
                )
            ),
        }
