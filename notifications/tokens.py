"""Signed one-click unsubscribe tokens (django.core.signing): no login, no stored secret.

A token names one recipient and one kind of reminder; its signature (SECRET_KEY,
salted) is what authorises turning that kind off. Tokens do not expire: an old
e-mail's link must still work (RFC 8058).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "notifications.unsubscribe"


@dataclass(frozen=True)
class UnsubscribeTarget:
    kind: str
    user_id: int | None = None
    personne_id: int | None = None


def make_token(*, kind: str, user=None, personne=None) -> str:
    payload = {"k": kind, "u": user.pk} if user is not None else {"k": kind, "p": personne.pk}
    return signing.dumps(payload, salt=SALT)


def read_token(token: str) -> UnsubscribeTarget:
    """The target of a token; ``signing.BadSignature`` if it was forged or altered."""
    payload = signing.loads(token, salt=SALT)
    if not isinstance(payload, dict) or not isinstance(payload.get("k"), str):
        raise signing.BadSignature("Jeton de désabonnement mal formé.")
    user_id, personne_id = payload.get("u"), payload.get("p")
    if not isinstance(user_id, int) and not isinstance(personne_id, int):
        raise signing.BadSignature("Jeton de désabonnement mal formé.")
    return UnsubscribeTarget(kind=payload["k"], user_id=user_id, personne_id=personne_id)


def unsubscribe_url(*, kind: str, user=None, personne=None) -> str:
    token = make_token(kind=kind, user=user, personne=personne)
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[token])
