"""Report jobs: long work as a row (style.md §14).

A ``ReportJob`` is asked for by one user, built by a Celery task through
``reports.services.report_run`` (the one wrapper that moves its status and progress),
and its file is served only to that user, by ``reports:download``, for
``settings.REPORT_RETENTION`` after it is ready. See docs/reports.md.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartiers.querysets import VIEW, _check_action, is_signed_in
from reports.enums import ReportKind, ReportStatus


def report_path(instance, filename):
    """A random name under ``MEDIA_ROOT/reports/``: nothing guessable, nothing public."""
    return str(PurePosixPath("reports", uuid.uuid4().hex))


class ReportJobQuerySet(models.QuerySet):
    """A report is its requester's: nobody else sees it, not even an administrator
    (it holds what the requester could see when it was built)."""

    def for_user(self, user, action: str = VIEW):
        _check_action(action)
        if not is_signed_in(user):
            return self.none()
        return self.filter(requested_by=user)

    def unfinished(self):
        return self.filter(status__in=ReportStatus.unfinished())


class ReportJob(models.Model):
    kind = models.CharField(_("type de rapport"), max_length=30, choices=ReportKind)
    parameters = models.JSONField(_("paramètres"), default=dict, blank=True)
    title = models.CharField(_("intitulé"), max_length=255)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandé par"),
        on_delete=models.CASCADE,
        related_name="report_jobs",
    )
    status = models.CharField(
        _("état"), max_length=20, choices=ReportStatus, default=ReportStatus.EN_ATTENTE
    )
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    step = models.CharField(_("étape en cours"), max_length=120, blank=True)
    file = models.FileField(_("fichier"), upload_to=report_path, max_length=255, blank=True)
    filename = models.CharField(_("nom du fichier"), max_length=255, blank=True)
    content_type = models.CharField(_("type du fichier"), max_length=120, blank=True)
    size = models.PositiveBigIntegerField(_("taille (octets)"), null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("lancements"), default=0)
    created_at = models.DateTimeField(_("demandé le"), default=timezone.now, editable=False)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expire le"), null=True, blank=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"]),
            models.Index(fields=["status", "expires_at"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reports:job_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status not in ReportStatus.unfinished()

    @property
    def is_ready(self) -> bool:
        return self.status == ReportStatus.PRET and bool(self.file)

    @property
    def can_relaunch(self) -> bool:
        return self.status in (ReportStatus.ECHEC, ReportStatus.EXPIRE)
