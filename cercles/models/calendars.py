"""Secret addresses of personal calendar feeds."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class CalendarTokenQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "view"):
        """A token is its owner's business only."""
        if not (user and user.is_authenticated):
            return self.none()
        return self.filter(user=user)

    def get_by_raw(self, raw: str):
        """The active token behind a raw value from a URL, or ``DoesNotExist``.

        Only the SHA-256 of the token is stored; the lookup is by that hash, so the
        time it takes says nothing about how close a guess was.
        """
        return self.select_related("user").get(token_hash=hash_token(raw), user__is_active=True)


class CalendarToken(models.Model):
    """The secret in the address of a user's personal calendar feed.

    Calendar clients cannot log in: whoever has the address reads the feed, so the user
    can regenerate it, which kills the old one. The raw token is not stored: it is an HMAC
    of a random ``nonce`` under the project's secret key, so « Mon agenda » can show the
    address again to its owner at will (a database leak alone gives no address); only its
    hash is looked up. Addresses made before the nonce existed cannot be shown again, and
    changing ``SECRET_KEY`` ends every address (users generate a new one).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        on_delete=models.CASCADE,
        related_name="calendar_tokens",
    )
    token_hash = models.CharField(
        _("empreinte du jeton"), max_length=64, unique=True, editable=False
    )
    nonce = models.CharField(_("aléa"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)

    objects = CalendarTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("adresse d'agenda")
        verbose_name_plural = _("adresses d'agenda")
        constraints = [
            models.UniqueConstraint(fields=["user"], name="calendar_token_one_per_user"),
        ]

    def __str__(self):
        return f"Agenda de {self.user}"

    @classmethod
    def new_nonce(cls) -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def raw_for(user_id: int, nonce: str) -> str:
        return salted_hmac(
            "qic.calendar-feed", f"{user_id}:{nonce}", algorithm="sha256"
        ).hexdigest()

    @property
    def raw(self) -> str | None:
        """The secret of the address, or None for an address that cannot be shown again."""
        return self.raw_for(self.user_id, self.nonce) if self.nonce else None
