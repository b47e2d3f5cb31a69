from django.shortcuts import redirect
from django.urls import reverse

from accounts.second_factor import SESSION_KEY

# Where a signed-in user may go before giving their second factor.
_OPEN_PATHS = ("/connexion/code/", "/compte/double-authentification/", "/deconnexion/", "/static/")


class SecondFactorMiddleware:
    """Until the second factor is given, a session that needs one reaches only the code page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.session.get(SESSION_KEY)
            and request.user.is_authenticated
            and not request.user.is_verified()
            and not request.path.startswith(_OPEN_PATHS)
        ):
            return redirect(f"{reverse('accounts:second_factor_verify')}?next={request.path}")
        return self.get_response(request)
