"""Official territories: régions, départements, communes, EPCI and QPV."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartiers.enums import QpvGeneration
from quartiers.querysets import ReferenceQuerySet
from quartiers.validators import (
    qpv_generation,
    validate_commune_code,
    validate_departement_code,
    validate_qpv_code,
    validate_region_code,
    validate_siren,
)


class Region(models.Model):
    code = models.CharField(
        _("code INSEE"), max_length=2, unique=True, validators=[validate_region_code]
    )
    name = models.CharField(_("nom"), max_length=100)

    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["name"]
        indexes = [models.Index(fields=["updated_at", "id"])]

    def __str__(self):
        return self.name


class Departement(models.Model):
    code = models.CharField(
        _("code INSEE"), max_length=3, unique=True, validators=[validate_departement_code]
    )
    name = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(
        Region, verbose_name=_("région"), on_delete=models.PROTECT, related_name="departements"
    )

    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]
        indexes = [models.Index(fields=["updated_at", "id"])]

    def __str__(self):
        return f"{self.name} ({self.code})"


class EPCI(models.Model):
    """Intercommunal body (établissement public de coopération intercommunale)."""

    siren = models.CharField(_("SIREN"), max_length=9, unique=True, validators=[validate_siren])
    name = models.CharField(_("nom"), max_length=200)

    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("EPCI")
        verbose_name_plural = _("EPCI")
        ordering = ["name"]
        indexes = [models.Index(fields=["updated_at", "id"])]

    def __str__(self):
        return self.name


class Commune(models.Model):
    code = models.CharField(
        _("code INSEE"), max_length=5, unique=True, validators=[validate_commune_code]
    )
    name = models.CharField(_("nom"), max_length=150)
    departement = models.ForeignKey(
        Departement,
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        related_name="communes",
    )
    epci = models.ForeignKey(
        EPCI,
        verbose_name=_("EPCI"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communes",
    )

    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]
        indexes = [models.Index(fields=["updated_at", "id"])]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Quartier(models.Model):
    """A QPV (quartier prioritaire de la politique de la ville).

    The région is the département's: it is read through it, never stored twice.
    """

    code = models.CharField(
        _("code QPV"), max_length=8, unique=True, validators=[validate_qpv_code]
    )
    generation = models.PositiveSmallIntegerField(
        _("génération"), choices=QpvGeneration, editable=False
    )
    name = models.CharField(_("nom"), max_length=200)
    communes = models.ManyToManyField(Commune, verbose_name=_("communes"), related_name="quartiers")
    epci = models.ForeignKey(
        EPCI,
        verbose_name=_("EPCI"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quartiers",
    )
    departement = models.ForeignKey(
        Departement,
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        related_name="quartiers",
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    latitude = models.FloatField(_("latitude du centre"), null=True, blank=True)
    longitude = models.FloatField(_("longitude du centre"), null=True, blank=True)
    perimeter = models.JSONField(
        _("périmètre (GeoJSON)"),
        null=True,
        blank=True,
        help_text=_("Géométrie GeoJSON en WGS 84 (EPSG:4326)."),
    )

    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("quartier prioritaire")
        verbose_name_plural = _("quartiers prioritaires")
        ordering = ["code"]
        indexes = [models.Index(fields=["updated_at", "id"]), models.Index(fields=["name"])]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        self.generation = qpv_generation(self.code) or self.generation
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("quartiers:quartier_detail", args=[self.code])

    @property
    def region(self):
        return self.departement.region
