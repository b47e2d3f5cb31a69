"""Rate limits of the forms anyone can post without an account, and of invitations.

One decorator, ``rate_limited(group)``, for every such view: POSTs beyond
``settings.RATE_LIMITS[group]`` from one client address (``qic.client_ip``, the address
seen through our TLS proxy) get the « Trop de demandes » page, status 429, with a
``Retry-After``. ``per="user"`` counts per signed-in account instead (sending invitations).

Counters live in the default cache through django-ratelimit. With Redis down the cache
answers misses (``qic.cache``) and ``RATELIMIT_FAIL_OPEN`` lets the request through: the
forms keep working, the outage is logged once and shown by /sante/ (docs/securite.md,
« Choix assumé »). The login lockout does not depend on it (django-axes counts in the
database).

``tests/test_ratelimit.py`` walks every URL open without an account: a view that accepts
a POST there must carry this decorator (or be listed there with the reason why not).
"""

import functools
import math

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import get_usage

from qic.client_ip import client_ip


def _client_key(group, request):
    return client_ip(request) or "adresse-inconnue"


def _user_key(group, request):
    return f"compte-{request.user.pk}"


def rate_limited(group: str, *, per: str = "client"):
    """Limit the POSTs of a view to ``settings.RATE_LIMITS[group]``."""
    key = {"client": _client_key, "user": _user_key}[per]

    def rate(_group, _request):
        # Read at each request, so that tests and deployments can change it.
        return settings.RATE_LIMITS[group]

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            usage = get_usage(
                request, group=f"qic.{group}", key=key, rate=rate, method="POST", increment=True
            )
            if usage is not None and usage["should_limit"]:
                return too_many_requests(request, seconds=usage["time_left"])
            return view(request, *args, **kwargs)

        wrapper.rate_limit_group = group
        return wrapper

    return decorator


def too_many_requests(request, *, seconds: int):
    minutes = max(1, math.ceil(seconds / 60))
    response = render(request, "429.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(max(1, seconds))
    return response
