"""A CSV import of measurements, run as a job (long work as a row, like
``reports.ReportJob``): the upload is checked and stored, then
``visions.services.measurement_import_run`` checks every line and records them all, or
none, moving ``rows_done`` as it goes. See docs/architecture.md, « Visions »."""

import uuid
from datetime import timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartiers.querysets import CHANGE, VIEW, SiteScopedQuerySet, _check_action, is_signed_in
from visions.enums import ImportStatus

# A job still running this long after its start has lost its worker (the task's hard time
# limit is 5 minutes; a redelivered message finds it claimed and does nothing). Its lines
# were written in one transaction, never committed: nothing was imported.
STALE_AFTER = timedelta(minutes=15)


def import_path(instance, filename):
    """A random name under ``MEDIA_ROOT/visions/imports/``: nothing guessable, never
    served (the file is read by the job, then deleted)."""
    return str(PurePosixPath("visions", "imports", uuid.uuid4().hex))


class MeasurementImportQuerySet(SiteScopedQuerySet):
    """An import is its requester's, while they may still change its site (the import
    page's permission): nobody else sees it, as with reports."""

    def for_user(self, user, action: str = VIEW):
        _check_action(action)
        if not is_signed_in(user):
            return self.none()
        return super().for_user(user, CHANGE).filter(requested_by=user)


class MeasurementImport(models.Model):
    site = models.ForeignKey(
        "quartiers.Site",
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="measurement_imports",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("importé par"),
        on_delete=models.CASCADE,
        related_name="measurement_imports",
    )
    filename = models.CharField(_("nom du fichier"), max_length=255)
    file = models.FileField(_("fichier"), upload_to=import_path, max_length=255, blank=True)
    status = models.CharField(
        _("état"), max_length=20, choices=ImportStatus, default=ImportStatus.EN_ATTENTE
    )
    rows_total = models.PositiveIntegerField(_("lignes du fichier"), default=0)
    rows_done = models.PositiveIntegerField(_("lignes vérifiées"), default=0)
    imported = models.PositiveIntegerField(_("mesures importées"), default=0)
    # The French messages shown to the requester: every line in error (the first ones),
    # or the reason of an unexpected failure.
    errors = models.JSONField(_("erreurs"), default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(_("lancements"), default=0)
    created_at = models.DateTimeField(_("déposé le"), default=timezone.now, editable=False)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    objects = MeasurementImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("import de mesures")
        verbose_name_plural = _("imports de mesures")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]

    def __str__(self):
        return f"{self.filename} ({self.created_at:%d/%m/%Y %H:%M})"

    def get_absolute_url(self):
        return reverse("visions:measurement_import_job", args=[self.pk])

    @property
    def is_stale(self) -> bool:
        return (
            self.status == ImportStatus.EN_COURS
            and self.started_at is not None
            and self.started_at < timezone.now() - STALE_AFTER
        )

    @property
    def waits_long(self) -> bool:
        """Still waiting long after the upload: the workers are busy, or stopped."""
        return (
            self.status == ImportStatus.EN_ATTENTE
            and self.created_at < timezone.now() - STALE_AFTER
        )

    @property
    def is_finished(self) -> bool:
        return self.status not in ImportStatus.unfinished() or self.is_stale

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)
