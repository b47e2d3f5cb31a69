"""ProConnect (OpenID Connect) login for State agents, beside the password login.

Enabled by ``PROCONNECT_ENABLED`` (docs/deployment.md). ProConnect proves who the agent
is; QIC still decides what they may see: only an existing, active account whose e-mail
matches logs in — access stays by invitation, nobody is created here.
"""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.views.decorators.http import require_safe
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

logger = logging.getLogger(__name__)


class ProConnectBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims):
        return bool(claims.get("email"))

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(email__iexact=claims["email"].strip(), is_active=True)

    def update_user(self, user, claims):
        # ProConnect's names are authoritative only where QIC has none yet.
        changed = []
        if not user.first_name and claims.get("given_name"):
            user.first_name = claims["given_name"]
            changed.append("first_name")
        if not user.last_name and claims.get("usual_name"):
            user.last_name = claims["usual_name"]
            changed.append("last_name")
        if changed:
            user.save(update_fields=changed)
        logger.info("ProConnect login for user %s", user.pk)
        return user


def _enabled_or_404():
    if not settings.PROCONNECT_ENABLED:
        raise Http404


@login_not_required
@require_safe
def login_start(request):
    """Send the agent to ProConnect (state and nonce kept in the session)."""
    _enabled_or_404()
    return OIDCAuthenticationRequestView.as_view()(request)


@login_not_required
@require_safe
def login_callback(request):
    """Back from ProConnect: log in the matching account, or back to the login page."""
    _enabled_or_404()
    return OIDCAuthenticationCallbackView.as_view()(request)


def end_session_url(request, id_token: str) -> str:
    """Where to send the browser so that ProConnect's session ends too."""
    params = {
        "id_token_hint": id_token,
        "state": get_random_string(32),
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("accounts:login")),
    }
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{urlencode(params)}"
