"""The programme's backbone: formation-action cohorts and resource-centre accompaniments."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qic import dates
from qic.models import NormalizedDecimalsMixin
from quartiers.enums import AccompanimentKind, StructureKind
from quartiers.querysets import ProgrammeQuerySet, SiteScopedQuerySet


class Cohort(models.Model):
    """A wave of sites that follow the formation-action together (2022, 2024…)."""

    year = models.PositiveSmallIntegerField(
        _("année"),
        unique=True,
        validators=[MinValueValidator(2020), MaxValueValidator(2100)],
    )
    name = models.CharField(_("nom"), max_length=150)
    description = models.TextField(_("description"), blank=True)

    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("cohorte")
        verbose_name_plural = _("cohortes")
        ordering = ["-year"]
        indexes = [models.Index(fields=["updated_at", "id"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("quartiers:cohort_detail", args=[self.year])


class FormationSession(models.Model):
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohorte"), on_delete=models.CASCADE, related_name="sessions"
    )
    date = dates.plausible(models.DateField(_("date")))
    theme = models.CharField(_("thème"), max_length=200)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    sites_present = models.ManyToManyField(
        "quartiers.Site",
        verbose_name=_("sites présents"),
        blank=True,
        related_name="formation_sessions",
    )

    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("session de formation-action")
        verbose_name_plural = _("sessions de formation-action")
        ordering = ["date"]
        indexes = [models.Index(fields=["updated_at", "id"])]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.theme}"


class Accompaniment(NormalizedDecimalsMixin, models.Model):
    """A resource centre accompanying a site."""

    centre = models.ForeignKey(
        "quartiers.Structure",
        verbose_name=_("centre de ressources"),
        on_delete=models.PROTECT,
        related_name="accompaniments",
        limit_choices_to={"kind": StructureKind.CENTRE_RESSOURCES},
    )
    site = models.ForeignKey(
        "quartiers.Site",
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="accompaniments",
    )
    kind = models.CharField(_("type d'accompagnement"), max_length=30, choices=AccompanimentKind)
    start_date = dates.plausible(models.DateField(_("début")))
    end_date = dates.plausible(models.DateField(_("fin"), null=True, blank=True))
    hours_planned = models.DecimalField(
        _("heures prévues"),
        max_digits=7,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    hours_done = models.DecimalField(
        _("heures réalisées"),
        max_digits=7,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )

    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("accompagnement")
        verbose_name_plural = _("accompagnements")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="accompaniment_end_after_start",
                violation_error_message=_("La fin de l'accompagnement précède son début."),
            ),
        ]
        indexes = [models.Index(fields=["updated_at", "id"])]

    def __str__(self):
        return f"{self.centre} → {self.site} ({self.get_kind_display()})"

    def clean(self):
        if self.centre_id and self.centre.kind != StructureKind.CENTRE_RESSOURCES:
            raise ValidationError(
                {"centre": _("Seul un centre de ressources peut accompagner un site.")}
            )
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La fin de l'accompagnement précède son début.")})
