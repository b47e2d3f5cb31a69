"""A site's public page: what its trinôme chose to show to everyone, without a login.

Never people's names, minutes or commitments: the page shows the site, its adopted
vision, its objectives, the indicators chosen one by one, its actions with their status
and the structures involved, each only when the trinôme ticked it.
"""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartiers.querysets import SiteScopedQuerySet


class PublicPageQuerySet(SiteScopedQuerySet):
    def published(self):
        return self.filter(published=True)


class PublicPage(models.Model):
    site = models.OneToOneField(
        "quartiers.Site",
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="public_page",
    )
    published = models.BooleanField(_("publiée"), default=False, editable=False)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True, editable=False)
    noindex = models.BooleanField(
        _("demander aux moteurs de recherche de ne pas l'indexer"), default=False
    )
    show_vision = models.BooleanField(_("la vision adoptée"), default=True)
    show_objectives = models.BooleanField(_("les objectifs"), default=True)
    show_actions = models.BooleanField(_("les actions et leur statut"), default=False)
    show_structures = models.BooleanField(_("les structures engagées"), default=False)
    indicators = models.ManyToManyField(
        "visions.Indicator",
        verbose_name=_("indicateurs publiés"),
        blank=True,
        related_name="public_pages",
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = PublicPageQuerySet.as_manager()

    class Meta:
        verbose_name = _("page publique")
        verbose_name_plural = _("pages publiques")
        indexes = [models.Index(fields=["published"])]

    def __str__(self):
        return _("Page publique de %(site)s") % {"site": self.site}

    def get_absolute_url(self):
        return reverse("public:site", args=[self.site_id])
