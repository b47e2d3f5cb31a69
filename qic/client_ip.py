"""The client's address, as the login lockout (django-axes) and the rate limits of the
public forms (``qic.ratelimit``) both count it.

Behind our TLS proxy (``BEHIND_TLS_PROXY``), ``REMOTE_ADDR`` is the proxy's own address,
shared by everybody: counting on it would let anyone lock any colleague out. The proxy
appends the address it sees to ``X-Forwarded-For``, so the client is the right-most entry;
whatever stands to its left was written by the client itself and is never trusted.
django-ipware reads the header (IPv6, ports, stray entries); in its terms the chain
lists no proxy after the client (our proxy is ``REMOTE_ADDR``, not an entry), hence
``proxy_count=0``, non-strict so that entries the client added to the left are ignored
instead of making the whole header fall back to ``REMOTE_ADDR``.
"""

from django.conf import settings
from ipware.ip import get_client_ip


def client_ip(request) -> str | None:
    if settings.BEHIND_TLS_PROXY:
        address, _routable = get_client_ip(
            request,
            proxy_count=0,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
        if address:
            return address
    # Direct connections (development, probes inside the private network).
    return request.META.get("REMOTE_ADDR") or None
