"""Report jobs: request, run (the one wrapper), relaunch, expire. See docs/reports.md.

``report_run`` is the only code that moves a job from « en attente » to its end:

- it claims the row with a conditional update (« en attente » → « en cours »), so a
  redelivered task or a second worker never builds the same job twice;
- the builder reports progress through ``Progress``: plain updates, committed at once,
  so the job page sees them while the job runs;
- all or nothing: the builder writes a temporary file; only when it has finished is the
  file stored and the job marked « prêt » (with the requester's notification) in one
  transaction. On any error the job is « échec » with a French message, and no file.
"""

import logging
import tempfile
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files import File
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Notification
from qic.celery import enqueue_on_commit
from reports.enums import ReportKind, ReportStatus
from reports.models import ReportJob

logger = logging.getLogger(__name__)

NOTIFICATION_KIND = "rapport_pret"
ERROR_MAX_LENGTH = 2000


class ReportError(Exception):
    """A failure whose message (in French) is shown to the requester as it is."""


@dataclass
class BuiltFile:
    """What a builder made: a temporary file on disk, and how to name it for download."""

    path: Path
    filename: str
    content_type: str


class Progress:
    """Moves the job's progress bar; writes only when the whole percentage changes."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.percent = 0

    def __call__(self, percent: float) -> None:
        value = max(0, min(99, int(percent)))  # 100 % only once the file is stored
        if value != self.percent:
            self.percent = value
            ReportJob.objects.filter(pk=self.job_id, status=ReportStatus.EN_COURS).update(
                progress=value
            )

    def step(self, label: str, percent: float | None = None) -> None:
        """Name the step the builder starts (« Mise en page du PDF »), shown under the bar."""
        ReportJob.objects.filter(pk=self.job_id, status=ReportStatus.EN_COURS).update(
            step=label[:120]
        )
        if percent is not None:
            self(percent)

    def steps(self, done: int, total: int, start: float = 0, end: float = 100) -> None:
        """``done`` of ``total`` steps between ``start`` % and ``end`` %."""
        self(start + (end - start) * (done / total if total else 1))


def temporary_path(suffix: str) -> Path:
    with tempfile.NamedTemporaryFile(prefix="qic-rapport-", suffix=suffix, delete=False) as f:
        return Path(f.name)


BUILDERS = {
    ReportKind.FICHE_SITE: "reports.builders.fiche_site",
    ReportKind.BILAN_NATIONAL: "reports.builders.national",
    ReportKind.EXPORT: "reports.builders.exports",
}


def builder(kind: str) -> Callable[[ReportJob, Progress], BuiltFile]:
    """The ``build(job, progress)`` function of a kind of report."""
    return import_module(BUILDERS[kind]).build


def report_request(*, user, kind: str, title: str, parameters: dict) -> ReportJob:
    """Record the job and hand it to the worker once the transaction commits."""
    from reports import tasks

    job = ReportJob.objects.create(
        kind=kind, title=title[:255], parameters=parameters, requested_by=user
    )
    enqueue_on_commit(tasks.build, job.pk)
    return job


def report_relaunch(*, job: ReportJob) -> bool:
    """Put a failed (or expired) job back in the queue, same parameters. False if it is
    no longer in a state that allows it (someone relaunched it already)."""
    from reports import tasks

    relaunched = ReportJob.objects.filter(
        pk=job.pk, status__in=[ReportStatus.ECHEC, ReportStatus.EXPIRE]
    ).update(
        status=ReportStatus.EN_ATTENTE,
        progress=0,
        step="",
        error="",
        started_at=None,
        finished_at=None,
        expires_at=None,
    )
    if relaunched:
        enqueue_on_commit(tasks.build, job.pk)
    return bool(relaunched)


def _failure_message(exc: BaseException) -> str:
    if isinstance(exc, ReportError):
        return str(exc)
    if isinstance(exc, SoftTimeLimitExceeded):
        return _(
            "La génération a pris trop de temps et a été arrêtée. Réduisez la période ou "
            "le nombre de sites, puis relancez-la."
        )
    return _(
        "La génération a échoué sur une erreur inattendue (%(error)s). Relancez-la ; si "
        "l'erreur revient, signalez-la à l'équipe QIC."
    ) % {"error": type(exc).__name__}


def report_run(*, job_id: int) -> ReportJob | None:
    """Build job ``job_id`` if it is waiting; None when it was not ours to build."""
    started = timezone.now()
    claimed = ReportJob.objects.filter(pk=job_id, status=ReportStatus.EN_ATTENTE).update(
        status=ReportStatus.EN_COURS,
        started_at=started,
        progress=0,
        step=_("Démarrage"),
        attempts=F("attempts") + 1,
        error="",
    )
    if not claimed:
        return None
    job = ReportJob.objects.select_related("requested_by").get(pk=job_id)
    built = None
    # The worker runs in autocommit, so that the progress is seen as it moves. Inside a
    # transaction (a test, a shell), a savepoint keeps a database error of the builder
    # from breaking the recording of the failure.
    guard = transaction.atomic() if connection.in_atomic_block else nullcontext()
    try:
        with guard:
            built = builder(job.kind)(job, Progress(job.pk))
        _store(job, built)
    except BaseException as exc:
        logger.exception("Rapport %s (%s) en échec", job.pk, job.kind)
        if job.file:
            job.file.delete(save=False)
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportStatus.ECHEC,
            error=_failure_message(exc)[:ERROR_MAX_LENGTH],
            finished_at=timezone.now(),
            file="",
        )
        job.refresh_from_db()
        if not isinstance(exc, Exception):
            raise  # KeyboardInterrupt, SystemExit: recorded, then let them through
    finally:
        if built is not None:
            built.path.unlink(missing_ok=True)
    return job


def _store(job: ReportJob, built: BuiltFile) -> None:
    with built.path.open("rb") as handle:
        job.file.save(built.filename, File(handle), save=False)
    now = timezone.now()
    with transaction.atomic():
        job.status = ReportStatus.PRET
        job.progress = 100
        job.filename = built.filename
        job.content_type = built.content_type
        job.size = job.file.size
        job.finished_at = now
        job.expires_at = now + settings.REPORT_RETENTION
        job.save(
            update_fields=[
                "status",
                "progress",
                "file",
                "filename",
                "content_type",
                "size",
                "finished_at",
                "expires_at",
            ]
        )
        Notification.objects.create(
            user=job.requested_by,
            kind=NOTIFICATION_KIND,
            message=(_("Votre rapport « %(title)s » est prêt.") % {"title": job.title})[:300],
            url=job.get_absolute_url(),
        )


@dataclass(frozen=True)
class ExpireReport:
    expired: int
    interrupted: int
    requeued: int


def reports_expire(*, now=None) -> ExpireReport:
    """The retention sweep: delete files past their date and mark the jobs « expiré »;
    jobs whose worker vanished fail with a message; jobs whose task was never
    published (broker down) are sent again."""
    from reports import tasks

    now = now or timezone.now()
    expired = 0
    due = ReportJob.objects.filter(status=ReportStatus.PRET, expires_at__lte=now)
    for job in due.only("pk", "file").iterator(chunk_size=200):
        if job.file:
            job.file.delete(save=False)
        expired += ReportJob.objects.filter(pk=job.pk, status=ReportStatus.PRET).update(
            status=ReportStatus.EXPIRE, file=""
        )
    interrupted = ReportJob.objects.filter(
        status=ReportStatus.EN_COURS, started_at__lt=now - settings.REPORT_STALE_AFTER
    ).update(
        status=ReportStatus.ECHEC,
        finished_at=now,
        error=_("La génération a été interrompue (le service a redémarré). Relancez-la."),
    )
    requeued = 0
    waiting = ReportJob.objects.filter(
        status=ReportStatus.EN_ATTENTE, created_at__lt=now - timedelta(minutes=10)
    ).values_list("pk", flat=True)
    for job_id in waiting.iterator():
        enqueue_on_commit(tasks.build, job_id)
        requeued += 1
    return ExpireReport(expired=expired, interrupted=interrupted, requeued=requeued)
