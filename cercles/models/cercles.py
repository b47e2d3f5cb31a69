"""Cercles (and the comité de pilotage, modelled the same way) and their members."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercles.enums import CercleKind, MemberRole
from cercles.querysets import CercleMemberQuerySet, CercleQuerySet
from qic import dates


class Cercle(models.Model):
    """A group of committed local partners who meet, decide and commit.

    ``kind`` tells a cercle de courageux from the site's standing comité de pilotage:
    a site has at most one open comité.
    """

    site = models.ForeignKey(
        "quartiers.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="cercles"
    )
    kind = models.CharField(_("type"), max_length=20, choices=CercleKind, default=CercleKind.CERCLE)
    name = models.CharField(_("nom"), max_length=200)
    purpose = models.TextField(
        _("raison d'être"),
        blank=True,
        help_text=_("Ce que le cercle porte : la part de la vision dont il s'occupe."),
    )
    members = models.ManyToManyField(
        "quartiers.Personne",
        verbose_name=_("membres"),
        through="cercles.CercleMember",
        related_name="cercles",
    )
    objectives = models.ManyToManyField(
        "visions.Objective",
        verbose_name=_("objectifs portés"),
        blank=True,
        related_name="cercles",
        help_text=_("Les objectifs de la vision du site que ce cercle fait avancer."),
    )
    proposals_animateurs_only = models.BooleanField(
        _("seuls les animateur·rices ouvrent des propositions"),
        default=False,
        help_text=_("Sinon, tout membre du cercle peut ouvrir une proposition."),
    )
    closed_on = dates.plausible(
        models.DateField(
            _("fermé le"),
            null=True,
            blank=True,
            help_text=_("Laissez vide tant que le cercle vit."),
        )
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = CercleQuerySet.as_manager()
    site_path = "site"

    class Meta:
        verbose_name = _("cercle")
        verbose_name_plural = _("cercles")
        ordering = ["site", "-kind", "name"]  # the comité first, then cercles by name
        indexes = [models.Index(fields=["updated_at", "id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["site"],
                condition=Q(kind=CercleKind.COMITE, closed_on__isnull=True),
                name="cercle_one_open_comite_per_site",
                violation_error_message=_("Ce site a déjà un comité de pilotage."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cercles:cercle_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.closed_on is None

    @property
    def is_comite(self) -> bool:
        return self.kind == CercleKind.COMITE


class CercleMember(models.Model):
    """A person's membership of a cercle, with a role and dates: people come and go."""

    cercle = models.ForeignKey(
        Cercle, verbose_name=_("cercle"), on_delete=models.CASCADE, related_name="memberships"
    )
    personne = models.ForeignKey(
        "quartiers.Personne",
        verbose_name=_("personne"),
        on_delete=models.PROTECT,
        related_name="cercle_memberships",
    )
    role = models.CharField(_("rôle"), max_length=20, choices=MemberRole, default=MemberRole.MEMBRE)
    joined_on = dates.plausible(models.DateField(_("arrivée le"), default=timezone.localdate))
    left_on = dates.plausible(models.DateField(_("départ le"), null=True, blank=True))
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = CercleMemberQuerySet.as_manager()
    site_path = "cercle__site"

    class Meta:
        verbose_name = _("membre d'un cercle")
        verbose_name_plural = _("membres des cercles")
        ordering = ["cercle", "joined_on", "pk"]  # pages order by role: see querysets.ordered
        indexes = [models.Index(fields=["updated_at", "id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["cercle", "personne"],
                condition=Q(left_on__isnull=True),
                name="cercle_member_one_open_membership",
                violation_error_message=_("Cette personne est déjà membre du cercle."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="cercle_member_left_after_joined",
                violation_error_message=_("Le départ précède l'arrivée."),
            ),
        ]

    def __str__(self):
        return f"{self.personne} ({self.get_role_display()}, {self.cercle})"

    def is_current(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.joined_on <= on and (self.left_on is None or self.left_on >= on)
