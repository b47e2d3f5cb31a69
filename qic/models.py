"""Model helpers shared by every app, and the heartbeats of periodic jobs."""

from decimal import Decimal

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
