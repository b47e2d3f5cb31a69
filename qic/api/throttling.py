"""Rates per personal API token and per IP address without credentials.

Rates come from ``settings.API_THROTTLE_RATES`` when a request is checked (so tests and
deployments can change them); counters live in the default cache, which must be shared
by every process in production (``CACHE_URL``).
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle


class _SettingsRate:
    def get_rate(self):
        return settings.API_THROTTLE_RATES[self.scope]


class TokenRateThrottle(_SettingsRate, SimpleRateThrottle):
    """Requests made with one token, whoever makes them; the browser's session is not
    throttled here."""

    scope = "token"

    def get_cache_key(self, request, view):
        token_id = getattr(request.auth, "pk", None)
        if token_id is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token_id}


class AnonymousRateThrottle(_SettingsRate, AnonRateThrottle):
    scope = "anonymous"
