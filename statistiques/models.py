"""Official statistics of each QPV, as INSEE publishes them (one zip per theme and year).

A ``Variable`` is one published measure (``DISP_MED``: the median disposable income),
whatever its vintage: the vintage suffix of the file's column (``DISP_MED_A21``) is read
into ``StatValue.vintage``, so a variable's history across vintages is one query.
A ``StatValue`` is the value of a variable for one QPV and one vintage, or the all-QPV
benchmark (``quartier`` empty, ``is_benchmark``); a value under statistical secrecy or
missing keeps its mark (``secrecy``) and no number — INSEE's figures are never summed.
``StatSource`` is the file the values come from; ``StatImport`` one run of the import.
Reference data: every signed-in user reads it, national administrators import it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qic.models import NormalizedDecimalsMixin
from quartiers.models import Quartier
from quartiers.querysets import ReferenceQuerySet
from statistiques.enums import Secrecy

# INSEE values: ratios with four decimals, counts and euros well under a trillion.
VALUE_MAX_DIGITS = 18
VALUE_DECIMAL_PLACES = 4


class Variable(models.Model):
    code = models.CharField(_("code"), max_length=60, unique=True)
    label = models.CharField(_("libellé"), max_length=300)
    theme = models.CharField(_("thème"), max_length=120)
    unit = models.CharField(_("unité"), max_length=30, blank=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("variable statistique")
        verbose_name_plural = _("variables statistiques")
        ordering = ["theme", "code"]
        indexes = [models.Index(fields=["updated_at", "id"])]

    def __str__(self):
        return f"{self.label} ({self.code})"


class StatSource(models.Model):
    """A published file: its name (the zip as downloaded) and where it comes from."""

    file_name = models.CharField(_("fichier"), max_length=255, unique=True)
    url = models.URLField(_("adresse de la source"), max_length=500, blank=True)
    theme = models.CharField(_("thème"), max_length=120)
    publisher = models.CharField(_("producteur"), max_length=100, default="Insee")
    is_invented = models.BooleanField(
        _("données inventées"), default=False, help_text=_("Données de démonstration.")
    )
    created_at = models.DateTimeField(_("importé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("source statistique")
        verbose_name_plural = _("sources statistiques")
        ordering = ["file_name"]

    def __str__(self):
        return f"{self.publisher}, {self.file_name}"


class StatImport(models.Model):
    """One run of the import (command or page): what it read and wrote."""

    source = models.ForeignKey(
        StatSource, verbose_name=_("source"), on_delete=models.CASCADE, related_name="imports"
    )
    imported_at = models.DateTimeField(_("importé le"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("importé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    vintages = models.CharField(_("millésimes"), max_length=100, blank=True)
    created_count = models.PositiveIntegerField(_("valeurs ajoutées"), default=0)
    updated_count = models.PositiveIntegerField(_("valeurs modifiées"), default=0)
    unchanged_count = models.PositiveIntegerField(_("valeurs inchangées"), default=0)
    unknown_qpv_count = models.PositiveIntegerField(_("QPV inconnus"), default=0)
    summary = models.TextField(_("compte rendu"), blank=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("import statistique")
        verbose_name_plural = _("imports statistiques")
        ordering = ["-imported_at", "-pk"]

    def __str__(self):
        return f"{self.source.file_name} ({self.imported_at:%d/%m/%Y})"


class StatValueQuerySet(ReferenceQuerySet):
    def benchmarks(self):
        return self.filter(is_benchmark=True)

    def for_quartiers(self, quartiers):
        return self.filter(quartier__in=quartiers)


class StatValue(NormalizedDecimalsMixin, models.Model):
    quartier = models.ForeignKey(
        Quartier,
        verbose_name=_("quartier prioritaire"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="stat_values",
    )
    is_benchmark = models.BooleanField(
        _("ensemble des QPV"), default=False, help_text=_("Valeur de référence de tous les QPV.")
    )
    variable = models.ForeignKey(
        Variable, verbose_name=_("variable"), on_delete=models.CASCADE, related_name="values"
    )
    vintage = models.PositiveSmallIntegerField(_("millésime"))
    value = models.DecimalField(
        _("valeur"),
        max_digits=VALUE_MAX_DIGITS,
        decimal_places=VALUE_DECIMAL_PLACES,
        null=True,
        blank=True,
    )
    secrecy = models.CharField(
        _("secret ou absence"), max_length=2, choices=Secrecy, default=Secrecy.NONE, blank=True
    )
    source = models.ForeignKey(
        StatSource, verbose_name=_("source"), on_delete=models.PROTECT, related_name="values"
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = StatValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("valeur statistique")
        verbose_name_plural = _("valeurs statistiques")
        ordering = ["variable", "vintage", "quartier"]
        constraints = [
            models.UniqueConstraint(
                fields=["quartier", "variable", "vintage"],
                condition=Q(is_benchmark=False),
                name="statvalue_one_per_qpv_variable_vintage",
            ),
            models.UniqueConstraint(
                fields=["variable", "vintage"],
                condition=Q(is_benchmark=True),
                name="statvalue_one_benchmark_per_variable_vintage",
            ),
            models.CheckConstraint(
                condition=Q(is_benchmark=True, quartier__isnull=True)
                | Q(is_benchmark=False, quartier__isnull=False),
                name="statvalue_benchmark_has_no_qpv",
            ),
            models.CheckConstraint(
                condition=Q(secrecy="", value__isnull=False)
                | ~Q(secrecy="") & Q(value__isnull=True),
                name="statvalue_value_or_secrecy",
            ),
        ]
        indexes = [
            models.Index(fields=["quartier", "variable", "vintage"]),
            models.Index(fields=["updated_at", "id"]),
        ]

    def __str__(self):
        where = self.quartier.code if self.quartier_id else _("ensemble des QPV")
        return f"{self.variable.code} {self.vintage} {where}"

    @property
    def is_secret(self) -> bool:
        return bool(self.secrecy)
