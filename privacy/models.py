"""The register of erasures and the notices sent before a retention erasure.

Neither row holds personal data: an erasure names the anonymised row by its id only,
and a notice is deleted when its person is anonymised (or comes back).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Subject(models.TextChoices):
    PERSONNE = "personne", _("personne (annuaire)")
    COMPTE = "compte", _("compte utilisateur")


class ErasureReason(models.TextChoices):
    REQUEST = "demande", _("demande de la personne ou décision d'un administrateur")
    RETENTION = "conservation", _("durée de conservation dépassée")


class Erasure(models.Model):
    """One anonymisation: what (by id), when, by whom, why. Proof for the CNIL."""

    subject = models.CharField(_("objet"), max_length=20, choices=Subject)
    object_id = models.PositiveBigIntegerField(_("identifiant"))
    erased_at = models.DateTimeField(_("anonymisé le"), default=timezone.now)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("motif"), max_length=20, choices=ErasureReason)

    class Meta:
        verbose_name = _("anonymisation")
        verbose_name_plural = _("anonymisations")
        ordering = ["-erased_at"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "object_id"], name="erasure_once"),
        ]

    def __str__(self):
        return f"{self.get_subject_display()} n° {self.object_id}"


class RetentionNotice(models.Model):
    """« Your data will be anonymised on … unless you come back »: sent once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="retention_notice",
    )
    personne = models.OneToOneField(
        "quartiers.Personne",
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="retention_notice",
    )
    warned_at = models.DateTimeField(_("prévenu le"), default=timezone.now)
    erase_after = models.DateTimeField(_("anonymisation prévue après le"))
    emailed = models.BooleanField(_("courriel envoyé"), default=False)

    class Meta:
        verbose_name = _("préavis d'anonymisation")
        verbose_name_plural = _("préavis d'anonymisation")
        ordering = ["erase_after"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, personne__isnull=True)
                | Q(user__isnull=True, personne__isnull=False),
                name="retention_notice_one_subject",
            ),
        ]

    def __str__(self):
        subject = f"compte n° {self.user_id}" if self.user_id else f"personne n° {self.personne_id}"
        return f"Préavis : {subject}"
