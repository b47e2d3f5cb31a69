"""Shared measurement: indicators, their measurements and « turn the curve » records."""

import dataclasses
import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qic import dates
from qic.models import NormalizedDecimalsMixin
from quartiers.querysets import SiteScopedQuerySet
from visions import progress as rules
from visions.enums import CooperationMetric, Direction, Frequency, IndicatorFamily, Track
from visions.querysets import IndicatorQuerySet, MeasurementQuerySet

VALUE_DIGITS = 14
VALUE_PLACES = 2


@dataclasses.dataclass(frozen=True)
class Latest:
    date: datetime.date
    value: Decimal


class Indicator(NormalizedDecimalsMixin, models.Model):
    """How progress toward one objective is measured (Results-Based Accountability:
    baseline, target, values over time).

    Its standing (latest measurement, progress, track, next due date) is computed by
    ``visions.progress`` and stored in the columns below, kept by every write that changes
    it (see ``visions.querysets``); everything reads them.
    """

    site_path = "objective__vision__site"

    objective = models.ForeignKey(
        "visions.Objective",
        verbose_name=_("objectif"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("nom"), max_length=200)
    # A library definition makes the indicator comparable across sites (same unit,
    # same method); without one, the indicator is the site's own.
    definition = models.ForeignKey(
        "visions.IndicatorDefinition",
        verbose_name=_("définition de la bibliothèque"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
    )
    unit = models.CharField(
        _("unité"),
        max_length=30,
        help_text=_("Par exemple « % », « personnes », « € »."),
        blank=True,
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Qui produit la donnée : INSEE, ONPV, mission locale, comptage du site…"),
    )
    direction = models.CharField(_("sens souhaité"), max_length=10, choices=Direction)
    baseline_value = models.DecimalField(
        _("valeur de référence"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES
    )
    baseline_date = dates.plausible(models.DateField(_("date de la valeur de référence")))
    # Tied to an official statistic (statistiques): the baseline is the value of one QPV of
    # the site for one vintage, and says so in ``baseline_source`` (shown with the baseline
    # on pages, in the PDF and the API, without a query). Newer vintages are offered as
    # measurements (visions/official.py), never applied by themselves.
    official_variable = models.ForeignKey(
        "statistiques.Variable",
        verbose_name=_("donnée officielle"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    official_quartier = models.ForeignKey(
        "quartiers.Quartier",
        verbose_name=_("quartier de la donnée officielle"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    official_vintage = models.PositiveSmallIntegerField(
        _("millésime de la référence"), null=True, blank=True
    )
    baseline_source = models.CharField(
        _("source de la valeur de référence"), max_length=300, blank=True
    )
    target_value = models.DecimalField(
        _("valeur cible"),
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_PLACES,
        null=True,
        blank=True,
    )
    target_date = dates.plausible(
        models.DateField(_("échéance de la cible"), null=True, blank=True)
    )
    tolerance = models.DecimalField(
        _("écart toléré"),
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_PLACES,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_(
            "Pour un maintien : l'écart à la valeur de référence qui reste acceptable, dans "
            "l'unité de l'indicateur (5 % de la référence si vide)."
        ),
    )
    frequency = models.CharField(_("fréquence de mesure"), max_length=15, choices=Frequency)
    family = models.CharField(
        _("famille"),
        max_length=15,
        choices=IndicatorFamily,
        default=IndicatorFamily.POPULATION,
        help_text=_(
            "Population : ce qui change dans le quartier. Coopération : comment ses acteurs "
            "travaillent ensemble, calculé chaque trimestre."
        ),
    )
    cooperation_metric = models.CharField(
        _("mesure de coopération"),
        max_length=30,
        choices=CooperationMetric,
        blank=True,
        help_text=_("Pour un indicateur de coopération : ce que QIC calcule chaque trimestre."),
    )
    # The standing (visions.progress), stored so that lists and dashboards read it without
    # a subquery or a computation per indicator. Written only by ``store_standing()``,
    # which every write that changes it calls (visions.querysets, visions.signals).
    latest_value = models.DecimalField(
        _("dernière valeur"),
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_PLACES,
        null=True,
        blank=True,
        editable=False,
    )
    latest_date = models.DateField(
        _("date de la dernière valeur"), null=True, blank=True, editable=False
    )
    track = models.CharField(
        _("situation"),
        max_length=15,
        choices=Track,
        default=Track.NON_EVALUABLE,
        editable=False,
    )
    progress = models.FloatField(
        _("avancement"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("De la référence (0) vers la cible (1), non borné."),
    )
    expected_progress = models.FloatField(
        _("avancement attendu"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Où la trajectoire en ligne droite se trouve à la date de la dernière valeur."),
    )
    next_due_on = models.DateField(
        _("prochaine valeur attendue au plus tard le"),
        null=True,
        blank=True,
        editable=False,
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["updated_at", "id"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(target_value__isnull=True) & Q(target_date__isnull=True))
                | (Q(target_value__isnull=False) & Q(target_date__isnull=False)),
                name="indicator_target_value_and_date_together",
                violation_error_message=_("Indiquez la valeur cible et son échéance, ou aucune."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, **kwargs):
        # The standing belongs to ``store_standing()``: an indicator read before someone
        # recorded a measurement must not write its old copy back. A new indicator carries
        # the standing of what it holds; a change of what the standing depends on stores
        # it again, read back onto this instance.
        updating = self.pk is not None and not self._state.adding
        if not updating or kwargs.get("force_insert"):
            for name, value in rules.standing_of(self).as_dict().items():
                setattr(self, name, value)
            return super().save(**kwargs)
        if kwargs.get("update_fields") is None:
            kwargs["update_fields"] = self._fields_to_save()
        with transaction.atomic(using=kwargs.get("using")):
            super().save(**kwargs)
            if not rules.SOURCE_FIELDS_SET.isdisjoint(kwargs["update_fields"]):
                self._store_standing()

    def get_absolute_url(self):
        return reverse("visions:indicator_detail", args=[self.pk])

    def _store_standing(self) -> None:
        written = dict(rules.store_each(type(self).objects.filter(pk=self.pk)))
        for name, value in written[self.pk].as_dict().items():
            setattr(self, name, value)

    def _fields_to_save(self) -> list[str]:
        skipped = {*rules.STORED_FIELDS, *self.get_deferred_fields()}
        return [
            field.attname
            for field in self._meta.concrete_fields
            if not field.primary_key and field.attname not in skipped
        ]

    def clean(self):
        errors = {}
        has_value, has_date = self.target_value is not None, self.target_date is not None
        if self.direction == Direction.MAINTIEN:
            if has_value:
                errors["target_value"] = _(
                    "Pour un maintien, la cible est la valeur de référence : laissez ce champ "
                    "vide et indiquez l'écart toléré."
                )
        else:
            self.tolerance = None
            if has_value != has_date:
                field = "target_date" if has_value else "target_value"
                errors[field] = _("Indiquez la valeur cible et son échéance, ou aucune.")
            if has_value and self.baseline_value is not None:
                if self.direction == Direction.HAUSSE and self.target_value <= self.baseline_value:
                    errors["target_value"] = _(
                        "Une hausse est souhaitée : la cible doit dépasser la valeur de référence."
                    )
                if self.direction == Direction.BAISSE and self.target_value >= self.baseline_value:
                    errors["target_value"] = _(
                        "Une baisse est souhaitée : la cible doit être sous la valeur de référence."
                    )
        if self.family == IndicatorFamily.COOPERATION and not self.cooperation_metric:
            errors["cooperation_metric"] = _(
                "Choisissez ce que mesure cet indicateur de coopération."
            )
        if self.family != IndicatorFamily.COOPERATION:
            self.cooperation_metric = ""
        if has_date and self.baseline_date and self.target_date <= self.baseline_date:
            errors["target_date"] = _("L'échéance de la cible doit suivre la date de référence.")
        if self.baseline_date and self.baseline_date > timezone.localdate():
            errors["baseline_date"] = _("La date de référence ne peut pas être dans le futur.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_cooperation(self) -> bool:
        return self.family == IndicatorFamily.COOPERATION

    # Derived values -------------------------------------------------------------------

    def latest(self) -> Latest | None:
        """The most recent measurement, as stored on the indicator."""
        if self.latest_date is None:
            return None
        return Latest(self.latest_date, self.latest_value)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Its next value is overdue on ``today`` (default: today): a stored date."""
        return self.next_due_on < (today or timezone.localdate())

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    def progress_percent(self) -> int | None:
        """Progress as shown: capped to 0–100 %."""
        return rules.percent(self.progress)

    def tolerance_value(self) -> float:
        return rules.effective_tolerance(self.baseline_value, self.tolerance)

    def current_period(self, today: datetime.date | None = None) -> rules.Period:
        """The period a value is reported for now (its end is the default date)."""
        return rules.last_closed_period(self.frequency, today or timezone.localdate())


class Measurement(NormalizedDecimalsMixin, models.Model):
    site_path = "indicator__objective__vision__site"

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicateur"),
        on_delete=models.CASCADE,
        related_name="measurements",
    )
    date = dates.plausible(models.DateField(_("date")))
    value = models.DecimalField(_("valeur"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    comment = models.CharField(_("commentaire"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisie par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("saisie le"), default=timezone.now, editable=False)

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        verbose_name = _("mesure")
        verbose_name_plural = _("mesures")
        ordering = ["indicator", "date"]
        indexes = [
            models.Index(fields=["created_at", "id"]),
            # The latest measurement of an indicator in one index step (docs/performance.md).
            models.Index(fields=["indicator", "-date", "-id"], name="measurement_latest"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "date"],
                name="measurement_one_value_per_date",
                violation_error_message=_(
                    "Une valeur existe déjà pour cet indicateur à cette date."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.indicator} : {self.value} le {self.date:%d/%m/%Y}"

    @classmethod
    def from_db(cls, db, field_names, values):
        measurement = super().from_db(db, field_names, values)
        # Its indicator as read: a measurement moved to another one refreshes both
        # indicators' latest measurement (visions.signals).
        measurement.indicator_id_as_read = measurement.__dict__.get("indicator_id")
        return measurement

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("La date ne peut pas être dans le futur.")})


class TurnTheCurve(models.Model):
    """« Inverser la courbe » (Results-Based Accountability): the story behind an
    indicator's curve, the partners who can help, what works, and the plan it leads to."""

    site_path = "indicator__objective__vision__site"

    indicator = models.OneToOneField(
        Indicator, verbose_name=_("indicateur"), on_delete=models.CASCADE, related_name="curve"
    )
    story = models.TextField(
        _("l'histoire derrière la courbe"),
        blank=True,
        help_text=_("Pourquoi la courbe a cette allure : causes, forces, freins."),
    )
    partners = models.TextField(_("les partenaires qui peuvent agir"), blank=True)
    what_works = models.TextField(
        _("ce qui marche"),
        blank=True,
        help_text=_("Ce qui a fait ses preuves ici ou ailleurs, y compris sans coût."),
    )
    action_plan = models.TextField(_("le plan d'action qui en découle"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modifié par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("analyse « inverser la courbe »")
        verbose_name_plural = _("analyses « inverser la courbe »")

    def __str__(self):
        return _("Inverser la courbe : %(indicator)s") % {"indicator": self.indicator}

    @property
    def is_empty(self) -> bool:
        return not any([self.story, self.partners, self.what_works, self.action_plan])
