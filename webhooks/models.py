"""Webhooks: subscribers registered by ANCT administrators, and one delivery row per
event and subscriber, written in the transaction that writes the event."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartiers.querysets import VIEW, _check_action, is_signed_in
from webhooks.enums import DeliveryStatus


class AdminOnlyQuerySet(models.QuerySet):
    """ANCT administrators see and change subscribers and deliveries; nobody else."""

    def for_user(self, user, action: str = VIEW):
        _check_action(action)
        if is_signed_in(user) and user.is_admin:
            return self.all()
        return self.none()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Subscriber(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    url = models.URLField(_("adresse de réception"), max_length=500)
    secret = models.CharField(
        _("secret de signature"),
        max_length=200,
        default=new_secret,
        help_text=_("Sert à signer chaque envoi (HMAC-SHA256) ; partagez-le avec le destinataire."),
    )
    kinds = models.JSONField(
        _("types d'événements"),
        default=list,
        blank=True,
        help_text=_("Aucun choisi : tous les types."),
    )
    sites = models.ManyToManyField(
        "quartiers.Site",
        verbose_name=_("sites"),
        blank=True,
        related_name="+",
        help_text=_("Aucun choisi : tous les sites."),
    )
    active = models.BooleanField(_("actif"), default=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = AdminOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("abonné aux webhooks")
        verbose_name_plural = _("abonnés aux webhooks")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class Delivery(models.Model):
    subscriber = models.ForeignKey(
        Subscriber, verbose_name=_("abonné"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.BigIntegerField(_("événement"))
    kind = models.CharField(_("type"), max_length=40)
    payload = models.JSONField(_("contenu"))
    status = models.CharField(
        _("état"), max_length=20, choices=DeliveryStatus, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("dernière tentative"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(
        _("dernier code HTTP"), null=True, blank=True
    )
    last_response = models.CharField(_("dernière réponse"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)

    objects = AdminOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("envoi de webhook")
        verbose_name_plural = _("envois de webhooks")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "event_id"], name="webhook_delivery_once_per_event"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.kind} #{self.event_id} → {self.subscriber}"
