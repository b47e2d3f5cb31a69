"""Organisations and the people who act for them."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartiers.enums import StructureKind
from quartiers.querysets import PersonneQuerySet, StructureQuerySet
from quartiers.validators import validate_siret

validate_phone = RegexValidator(
    r"^\+?[0-9 .()\-]{6,25}$",
    _("Numéro de téléphone invalide : chiffres, espaces, points ou tirets, « + » en tête."),
)


class Structure(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=30, choices=StructureKind)
    siret = models.CharField(
        _("SIRET"),
        max_length=14,
        blank=True,
        validators=[validate_siret],
        help_text=_("14 chiffres."),
    )
    commune = models.ForeignKey(
        "quartiers.Commune",
        verbose_name=_("commune"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="structures",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("comptes rattachés"),
        blank=True,
        related_name="structures",
        help_text=_("Les comptes d'un centre de ressources voient les sites qu'il accompagne."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)

    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["name"]
        indexes = [models.Index(fields=["updated_at", "id"]), models.Index(fields=["kind", "name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("quartiers:structure_detail", args=[self.pk])

    @property
    def is_centre(self) -> bool:
        return self.kind == StructureKind.CENTRE_RESSOURCES


class Personne(models.Model):
    """A contact: no more personal data than a professional directory needs."""

    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=25, blank=True, validators=[validate_phone])
    structure = models.ForeignKey(
        Structure,
        verbose_name=_("structure"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="personnes",
    )
    function = models.CharField(_("fonction"), max_length=150, blank=True)
    sites = models.ManyToManyField(
        "quartiers.Site",
        verbose_name=_("sites"),
        blank=True,
        related_name="personnes",
        help_text=_("Les sites où la personne agit : ceux qui voient ces sites la voient."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="personne",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)

    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = PersonneQuerySet.as_manager()

    class Meta:
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["updated_at", "id"]),
            models.Index(fields=["last_name", "first_name"]),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("quartiers:personne_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
