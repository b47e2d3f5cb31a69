"""Hand-made links between structures of a site, and the stored metrics of its network."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperation.enums import LinkKind
from qic import dates
from quartiers.querysets import VIEW, SiteScopedQuerySet


class Link(models.Model):
    """A link between two structures of a site that no other row records: « la mission
    locale oriente vers l'association », « la ville finance le centre social »."""

    site = models.ForeignKey(
        "quartiers.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="links"
    )
    source = models.ForeignKey(
        "quartiers.Structure",
        verbose_name=_("de"),
        on_delete=models.PROTECT,
        related_name="links_from",
    )
    target = models.ForeignKey(
        "quartiers.Structure",
        verbose_name=_("vers"),
        on_delete=models.PROTECT,
        related_name="links_to",
    )
    kind = models.CharField(_("nature du lien"), max_length=20, choices=LinkKind)
    start_date = dates.plausible(models.DateField(_("depuis le"), default=timezone.localdate))
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisi par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("saisi le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lien entre structures")
        verbose_name_plural = _("liens entre structures")
        ordering = ["site", "-start_date", "pk"]
        indexes = [
            models.Index(fields=["site", "start_date"]),
            models.Index(fields=["updated_at", "id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=F("target")),
                name="link_between_two_structures",
                violation_error_message=_("Un lien relie deux structures différentes."),
            ),
        ]

    def __str__(self):
        return f"{self.source} {self.get_kind_display()} {self.target}"

    def get_absolute_url(self):
        return reverse("cooperation:link_edit", args=[self.pk])

    def clean(self):
        if self.source_id and self.source_id == self.target_id:
            raise ValidationError({"target": _("Un lien relie deux structures différentes.")})


class SnapshotQuerySet(models.QuerySet):
    def for_user(self, user, action: str = VIEW):
        from quartiers.models import Site

        return self.filter(site__in=Site.objects.for_user(user, action).values("pk"))


class NetworkSnapshot(models.Model):
    """What a site's network says today, stored: computed when the site's data changes
    (its stamp, ``Site.data_version``) or the day turns, never on every page view."""

    site = models.OneToOneField(
        "quartiers.Site",
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="network_snapshot",
    )
    data_version = models.UUIDField(_("version des données"))
    computed_on = models.DateField(_("calculé pour le"))
    computed_at = models.DateTimeField(_("calculé le"), default=timezone.now)
    metrics = models.JSONField(_("mesures"), default=dict)

    # Not a SiteScopedQuerySet: storing a site's metrics must not change its stamp.
    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("mesures du réseau")
        verbose_name_plural = _("mesures des réseaux")

    def __str__(self):
        return f"{self.site} ({self.computed_on:%d/%m/%Y})"
