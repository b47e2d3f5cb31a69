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
from quartiers.enums import AccompanimentKind, InterventionKind, StructureKind
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
    # The sum of the interventions' hours, stored (the centre dashboard and the lists sum
    # it across sites); kept by ``refresh_hours_done`` when an intervention changes.
    hours_done = models.DecimalField(
        _("heures réalisées"),
        max_digits=7,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        editable=False,
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

    def refresh_hours_done(self) -> None:
        """Store the sum of the interventions' hours (in the caller's transaction)."""
        total = self.interventions.aggregate(total=models.Sum("hours"))["total"] or Decimal(0)
        Accompaniment.objects.filter(pk=self.pk).update(hours_done=total)
        self.hours_done = total

    def clean(self):
        if self.centre_id and self.centre.kind != StructureKind.CENTRE_RESSOURCES:
            raise ValidationError(
                {"centre": _("Seul un centre de ressources peut accompagner un site.")}
            )
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La fin de l'accompagnement précède son début.")})


class Intervention(NormalizedDecimalsMixin, models.Model):
    """One piece of work a resource centre did for the site it accompanies: its hours add
    up to the accompaniment's hours done."""

    accompaniment = models.ForeignKey(
        Accompaniment,
        verbose_name=_("accompagnement"),
        on_delete=models.CASCADE,
        related_name="interventions",
    )
    date = dates.plausible(models.DateField(_("date")))
    hours = models.DecimalField(
        _("durée (heures)"),
        max_digits=7,  # as the accompaniment's totals (a total typed before, carried over)
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    kind = models.CharField(_("type d'intervention"), max_length=30, choices=InterventionKind)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("saisie par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    site_path = "accompaniment__site"
    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="intervention_hours_positive"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.date:%d/%m/%Y} ({self.hours} h)"
