"""Follow-ups of sites to chase: who contacted the site, when, how, and what was said."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qic import dates
from quartiers.enums import FollowUpChannel
from quartiers.querysets import SiteScopedQuerySet


class SiteFollowUp(models.Model):
    """ANCT or a resource centre chased a site « à relancer »: the mark « relancé le … »
    shows on the list until the site is active again, so the next person knows."""

    site = models.ForeignKey(
        "quartiers.Site",
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    contacted_on = dates.plausible(models.DateField(_("date"), default=timezone.localdate))
    channel = models.CharField(_("moyen"), max_length=20, choices=FollowUpChannel)
    subject = models.CharField(_("objet"), max_length=200, blank=True)
    message = models.TextField(_("message ou note"))
    recipients = models.TextField(_("destinataires"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)

    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("relance")
        verbose_name_plural = _("relances")
        ordering = ["-contacted_on", "-pk"]
        indexes = [models.Index(fields=["site", "-contacted_on"])]

    def __str__(self):
        return f"{self.site} — {self.contacted_on:%d/%m/%Y}"
