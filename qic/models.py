"""Model helpers shared by every app, the heartbeats of periodic jobs, and the claims of
submissions already answered."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NormalizedDecimalsMixin:
    """Store decimals at their field's precision (15 → 15.0 for one decimal place).

    The change journal compares the value in memory with the one read back from the
    database as text: without this, re-saving 15 over 15.0 would log a change.
    """

    def save(self, *args, **kwargs):
        for field in self._meta.concrete_fields:
            if isinstance(field, models.DecimalField):
                value = getattr(self, field.attname)
                if value is not None:
                    step = Decimal(1).scaleb(-field.decimal_places)
                    setattr(self, field.attname, Decimal(value).quantize(step))
        super().save(*args, **kwargs)


class JobHeartbeat(models.Model):
    """The last runs of one periodic job (``qic.jobs.monitored_job`` keeps it up to date).

    A job that stops silently is the failure this row exists to reveal: the
    supervision page and ``/sante/`` compare the last success with the job's period.
    """

    name = models.CharField(_("tâche"), max_length=100, unique=True)
    registered_at = models.DateTimeField(_("connue depuis"), default=timezone.now)
    last_started_at = models.DateTimeField(_("dernier lancement"), null=True, blank=True)
    last_succeeded_at = models.DateTimeField(_("dernier succès"), null=True, blank=True)
    last_failed_at = models.DateTimeField(_("dernier échec"), null=True, blank=True)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    last_duration = models.DurationField(_("durée du dernier passage"), null=True, blank=True)

    class Meta:
        verbose_name = _("battement de tâche périodique")
        verbose_name_plural = _("battements des tâches périodiques")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SubmissionClaim(models.Model):
    """A create form's submission, or an API request's ``Idempotency-Key``, already
    answered: claimed in the transaction that creates, so that the same submission sent
    again finds it and gets the first answer instead of a second row (``qic.idempotency``).
    Kept a day (``CLAIM_LIFETIME``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("auteur"),
    )
    key = models.CharField(_("clé"), max_length=200)
    fingerprint = models.CharField(_("empreinte de la requête"), max_length=64)
    created_at = models.DateTimeField(_("reçue le"), default=timezone.now)
    status_code = models.PositiveSmallIntegerField(_("code de la réponse"), null=True)
    location = models.CharField(_("adresse de l'objet créé"), max_length=2000, blank=True)
    body = models.TextField(_("corps de la réponse (API)"), blank=True)

    class Meta:
        verbose_name = _("envoi déjà traité")
        verbose_name_plural = _("envois déjà traités")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="submission_claim_one_per_key"),
        ]
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self):
        return self.key
