"""What happened on a site: one row per fact, dated when it happened in the field.

Written with the change that records the fact (``quartiers.events``), read by the site
journal, the last activity, the digest, the dashboards and the reports.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SiteEvent(models.Model):
    """A fact of a site's life (a meeting held, a status reached…), of a ``kind`` declared
    in the registry of ``quartiers.events``, about one row (``content_type``,
    ``object_id``). ``link_id`` is the pk the journal links to (the kind says which page)."""

    site = models.ForeignKey(
        "quartiers.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("type"), max_length=40)
    happened_at = models.DateTimeField(_("survenu le"))
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("type d'objet"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("objet"))
    link_id = models.PositiveBigIntegerField(_("lien"), null=True, blank=True)
    label = models.CharField(_("libellé"), max_length=255)
    detail = models.CharField(_("précision"), max_length=255, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("enregistré le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("événement d'un site")
        verbose_name_plural = _("événements des sites")
        ordering = ["-happened_at", "kind", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id"], name="site_event_one_per_fact"
            )
        ]
        indexes = [
            models.Index(fields=["site", "happened_at"]),
            models.Index(fields=["kind"]),
            # « Site sans activité »: the sites with an event since a moment.
            models.Index(fields=["happened_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.happened_at:%d/%m/%Y} — {self.label}"
