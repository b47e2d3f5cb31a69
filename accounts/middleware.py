from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from accounts.second_factor import SESSION_KEY

# Where a signed-in user may go before giving their second factor (and the static files).
_OPEN_URLS = ("accounts:second_factor_verify", "accounts:second_factor_setup", "accounts:logout")


def _open_paths() -> tuple[str, ...]:
    return (*(reverse(name) for name in _OPEN_URLS), settings.STATIC_URL)


class SecondFactorMiddleware:
    """Until the second factor is given, a session that needs one reaches only the code page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.session.get(SESSION_KEY)
            and request.user.is_authenticated
            and not request.user.is_verified()
            and not request.path.startswith(_open_paths())
        ):
            return redirect(f"{reverse('accounts:second_factor_verify')}?next={request.path}")
        return self.get_response(request)
