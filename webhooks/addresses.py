"""Addresses a webhook may be sent to: not private, loopback, link-local or otherwise
reserved networks (SSRF), unless ``WEBHOOKS_ALLOW_PRIVATE_ADDRESSES`` (tests only).
Checked when a subscriber is saved and again before each send (DNS may change)."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _refused(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
    )


def check_url(url: str) -> None:
    """Raise ``ValidationError`` (in French) unless ``url`` may receive webhooks."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("L'adresse doit commencer par https:// (ou http://)."))
    if settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise ValidationError(_("Ce nom de domaine ne répond pas.")) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if _refused(address):
            raise ValidationError(
                _("Cette adresse mène à un réseau privé, local ou réservé (%(address)s) : refusée.")
                % {"address": address}
            )
