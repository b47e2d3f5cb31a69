"""Money behind the vision: the funding lines of an action."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from financements.enums import FunderKind, FundingStatus
from financements.validators import validate_rna
from qic import dates
from qic.models import NormalizedDecimalsMixin
from quartiers.querysets import SiteScopedQuerySet
from quartiers.validators import validate_siret

AMOUNT = {"max_digits": 14, "decimal_places": 2}


class FundingLineQuerySet(SiteScopedQuerySet):
    def granted(self):
        """Lines whose money was granted (accordé, versé en partie, soldé)."""
        return self.filter(status__in=FundingStatus.granted_statuses())


class FundingLine(NormalizedDecimalsMixin, models.Model):
    """What one funder gives (or was asked) for one action in one year, in euros."""

    site_path = "action__site"

    action = models.ForeignKey(
        "visions.Action",
        verbose_name=_("action"),
        on_delete=models.CASCADE,
        related_name="funding_lines",
    )
    funder = models.ForeignKey(
        "quartiers.Structure",
        verbose_name=_("financeur"),
        on_delete=models.PROTECT,
        related_name="funding_lines_given",
    )
    funder_kind = models.CharField(_("type de financeur"), max_length=20, choices=FunderKind)
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    requested = models.DecimalField(
        _("montant demandé (€)"), **AMOUNT, validators=[MinValueValidator(Decimal(0))]
    )
    granted = models.DecimalField(
        _("montant accordé (€)"),
        **AMOUNT,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    paid = models.DecimalField(
        _("montant versé (€)"),
        **AMOUNT,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    excess_confirmed = models.BooleanField(
        _("montant accordé supérieur au montant demandé, confirmé"), default=False
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=FundingStatus, default=FundingStatus.DEMANDE
    )
    reference = models.CharField(
        _("référence"),
        max_length=100,
        blank=True,
        help_text=_("Numéro du dossier Dauphin ou référence propre au financeur."),
    )
    convention_date = dates.plausible(
        models.DateField(_("date de la convention"), null=True, blank=True)
    )
    beneficiary_siret = models.CharField(
        _("SIRET du bénéficiaire"),
        max_length=14,
        blank=True,
        validators=[validate_siret],
        help_text=_("14 chiffres."),
    )
    beneficiary_rna = models.CharField(
        _("RNA du bénéficiaire"),
        max_length=10,
        blank=True,
        validators=[validate_rna],
        help_text=_("W suivi de 9 chiffres, pour une association."),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = FundingLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("ligne de financement")
        verbose_name_plural = _("lignes de financement")
        ordering = ["-year", "funder_kind", "pk"]
        indexes = [
            models.Index(fields=["action", "year"]),
            models.Index(fields=["year", "status"]),
            models.Index(fields=["updated_at", "id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested__gte=0) & Q(paid__gte=0) & Q(granted__gte=0)
                | Q(requested__gte=0) & Q(paid__gte=0) & Q(granted__isnull=True),
                name="funding_amounts_not_negative",
                violation_error_message=_("Un montant ne peut pas être négatif."),
            ),
            models.CheckConstraint(
                condition=Q(paid__lte=F("granted")) | Q(granted__isnull=True, paid=0),
                name="funding_paid_at_most_granted",
                violation_error_message=_("Le montant versé dépasse le montant accordé."),
            ),
        ]

    def __str__(self):
        return f"{self.funder} — {self.year}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("financements:action_funding", args=[self.action_id]) + f"#ligne-{self.pk}"

    @property
    def site_id(self):
        return self.action.site_id

    def clean(self):
        errors = {}
        requested, granted, paid = self.requested, self.granted, self.paid or Decimal(0)
        over_request = granted is not None and requested is not None and granted > requested
        if over_request and not self.excess_confirmed:
            errors["granted"] = _(
                "Le montant accordé dépasse le montant demandé : cochez la case de "
                "confirmation si c'est bien le cas."
            )
        if paid and (granted is None or paid > granted):
            errors["paid"] = _("Le montant versé dépasse le montant accordé.")
        status = self.status
        if status in FundingStatus.granted_statuses():
            if granted is None:
                errors.setdefault("granted", _("Un financement accordé a un montant accordé."))
            if self.convention_date is None:
                errors["convention_date"] = _(
                    "La date de la convention (ou de l'arrêté) est nécessaire dès que le "
                    "financement est accordé."
                )
        if status in (FundingStatus.DEMANDE, FundingStatus.REFUSE) and paid:
            errors.setdefault("paid", _("Rien n'est versé sur un financement demandé ou refusé."))
        partly = status == FundingStatus.VERSE_EN_PARTIE and granted is not None
        if partly and "paid" not in errors and not (0 < paid < granted):
            errors["paid"] = _(
                "Versé en partie : le montant versé est entre zéro et le montant accordé."
            )
        if status == FundingStatus.SOLDE and granted is not None and paid != granted:
            errors.setdefault("paid", _("Soldé : le montant versé est égal au montant accordé."))
        if errors:
            raise ValidationError(errors)
