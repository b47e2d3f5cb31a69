"""The shared vision of a site, its adopted versions and its objectives."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qic import dates
from quartiers.querysets import SiteScopedQuerySet
from visions.enums import VisionStatus


class Vision(models.Model):
    """The long-term ambition for the quartier, co-written and adopted by its actors.

    One per site. Its status and adoption fields change only through
    ``visions.services`` (``vision_change_status``, ``vision_adopt``); every adoption
    keeps a numbered ``VisionVersion``.
    """

    site = models.OneToOneField(
        "quartiers.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="vision"
    )
    statement = models.TextField(
        _("énoncé de la vision"),
        help_text=_("Ce que le quartier sera devenu à l'horizon choisi, écrit avec tous."),
    )
    horizon = models.PositiveSmallIntegerField(
        _("horizon"),
        validators=[MinValueValidator(2020), MaxValueValidator(2100)],
        help_text=_("L'année visée, par exemple 2030."),
    )
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=VisionStatus,
        default=VisionStatus.BROUILLON,
        editable=False,
    )
    adopted_on = models.DateField(_("adoptée le"), null=True, blank=True, editable=False)
    adopted_by = models.CharField(
        _("instance d'adoption"), max_length=255, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("vision")
        verbose_name_plural = _("visions")
        indexes = [models.Index(fields=["updated_at", "id"])]

    def __str__(self):
        return _("Vision de %(site)s") % {"site": self.site}

    def get_absolute_url(self):
        return reverse("visions:vision_detail", args=[self.site_id])

    @property
    def is_editable(self) -> bool:
        return self.status in VisionStatus.editable()


class VisionVersion(models.Model):
    """The statement as adopted on a date, numbered from 1. Never edited."""

    site_path = "vision__site"

    vision = models.ForeignKey(
        Vision, verbose_name=_("vision"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("numéro"))
    statement = models.TextField(_("énoncé adopté"))
    horizon = models.PositiveSmallIntegerField(_("horizon"))
    adopted_on = dates.plausible(models.DateField(_("adoptée le")))
    adopted_by = models.CharField(_("instance d'adoption"), max_length=255)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enregistrée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("enregistrée le"), default=timezone.now, editable=False)

    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("version adoptée de la vision")
        verbose_name_plural = _("versions adoptées de la vision")
        ordering = ["vision", "number"]
        indexes = [models.Index(fields=["created_at", "id"])]
        constraints = [
            models.UniqueConstraint(fields=["vision", "number"], name="vision_version_unique"),
        ]

    def __str__(self):
        return _("Version %(number)d adoptée le %(date)s") % {
            "number": self.number,
            "date": self.adopted_on.strftime("%d/%m/%Y"),
        }


class Objective(models.Model):
    """One of the vision's objectives, in the order the site chose."""

    site_path = "vision__site"

    vision = models.ForeignKey(
        Vision, verbose_name=_("vision"), on_delete=models.CASCADE, related_name="objectives"
    )
    position = models.PositiveIntegerField(_("rang"), default=0, editable=False)
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    contrat_priority = models.CharField(
        _("priorité du contrat de ville servie"),
        max_length=255,
        blank=True,
        help_text=_("Facultatif : la priorité du contrat de ville à laquelle l'objectif répond."),
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("objectif")
        verbose_name_plural = _("objectifs")
        ordering = ["position", "pk"]
        indexes = [
            models.Index(fields=["vision", "position"]),
            models.Index(fields=["updated_at", "id"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("visions:vision_tree", args=[self.vision.site_id]) + f"#objectif-{self.pk}"
