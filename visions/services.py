"""Writes that touch several rows or follow rules beyond one form. Plain saves stay form saves."""

import dataclasses
import datetime
import logging
from collections.abc import Callable
from contextlib import nullcontext
from datetime import timedelta
from decimal import Decimal

from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from qic.celery import enqueue_on_commit
from qic.history import ORIGIN_IMPORT, log_bulk_created, recorded_as
from quartiers import events as site_events
from quartiers.models import Site
from quartiers.querysets import CHANGE
from visions.enums import ActionStatus, ImportStatus, VisionStatus
from visions.importers import (
    IndicatorRef,
    MeasurementImportError,
    check_upload,
    read_measurements_csv,
)
from visions.models import (
    Action,
    Indicator,
    Measurement,
    MeasurementImport,
    Objective,
    Vision,
    VisionVersion,
)
from visions.models.imports import STALE_AFTER

logger = logging.getLogger(__name__)

# Status moves a person makes by hand; adoption goes through ``vision_adopt``.
VISION_MOVES = {
    VisionStatus.BROUILLON: {VisionStatus.CONCERTATION},
    VisionStatus.CONCERTATION: {VisionStatus.BROUILLON},
    VisionStatus.ADOPTEE: {VisionStatus.REVISION},
    # Closing a revision without adopting a new text restores the adopted one.
    VisionStatus.REVISION: {VisionStatus.ADOPTEE},
}


@transaction.atomic
def vision_change_status(*, vision: Vision, status: str) -> Vision:
    """Move a vision to concertation, back to draft, into revision, or out of revision
    (back to its last adopted text)."""
    vision = Vision.objects.select_for_update().get(pk=vision.pk)
    current = VisionStatus(vision.status)
    if status not in VISION_MOVES[current]:
        raise ValidationError(
            _("Une vision « %(current)s » ne peut pas passer à « %(target)s ».")
            % {"current": current.label, "target": VisionStatus(status).label}
        )
    if current == VisionStatus.REVISION:
        last = vision.versions.order_by("-number").first()
        vision.statement, vision.horizon = last.statement, last.horizon
    vision.status = status
    vision.save()
    return vision


@transaction.atomic
def vision_adopt(
    *, vision: Vision, adopted_on: datetime.date, adopted_by: str, author
) -> VisionVersion:
    """Record the adoption of the current text: a new numbered version, kept for good."""
    vision = Vision.objects.select_for_update().get(pk=vision.pk)
    if not vision.is_editable:
        raise ValidationError(
            _("Cette vision est déjà adoptée : ouvrez une révision pour en adopter une nouvelle.")
        )
    if adopted_on > timezone.localdate():
        raise ValidationError({"adopted_on": _("La date ne peut pas être dans le futur.")})
    last = vision.versions.order_by("-number").first()
    if last is not None:
        if adopted_on < last.adopted_on:
            raise ValidationError(
                {
                    "adopted_on": _(
                        "La date précède l'adoption de la version %(number)d (%(date)s)."
                    )
                    % {"number": last.number, "date": last.adopted_on.strftime("%d/%m/%Y")}
                }
            )
        if (last.statement, last.horizon) == (vision.statement, vision.horizon):
            raise ValidationError(
                _(
                    "Le texte et l'horizon n'ont pas changé depuis la version %(number)d : "
                    "modifiez la vision avant de l'adopter, ou clôturez la révision."
                )
                % {"number": last.number}
            )
    version = VisionVersion.objects.create(
        vision=vision,
        number=(last.number + 1) if last else 1,
        statement=vision.statement,
        horizon=vision.horizon,
        adopted_on=adopted_on,
        adopted_by=adopted_by,
        recorded_by=author,
    )
    vision.status = VisionStatus.ADOPTEE
    vision.adopted_on = adopted_on
    vision.adopted_by = adopted_by
    vision.save()
    return version


@transaction.atomic
def objective_create(*, form, vision: Vision) -> Objective:
    """Save a new objective from its form, last in the vision's order."""
    objective = form.save(commit=False)
    objective.vision = vision
    last = Objective.objects.filter(vision=vision).aggregate(last=Max("position"))["last"]
    objective.position = (last or 0) + 1
    objective.save()
    return objective


@transaction.atomic
def objective_move(*, objective: Objective, offset: int) -> None:
    """Move an objective one place up (-1) or down (+1); ranks are renumbered 1…n."""
    siblings = list(
        Objective.objects.select_for_update()
        .filter(vision_id=objective.vision_id)
        .order_by("position", "pk")
    )
    index = next(i for i, o in enumerate(siblings) if o.pk == objective.pk)
    target = index + offset
    if 0 <= target < len(siblings):
        siblings[index], siblings[target] = siblings[target], siblings[index]
    for rank, item in enumerate(siblings, start=1):
        if item.position != rank:
            item.position = rank
            item.save(update_fields=["position", "updated_at"])


@dataclasses.dataclass(frozen=True)
class Entry:
    """One value to record for one indicator."""

    indicator: Indicator
    date: datetime.date
    value: Decimal
    comment: str = ""


# Rows per INSERT: a 10,000-line import is ten statements on PostgreSQL (Django cuts
# smaller batches on SQLite, whose statements take at most 999 parameters).
RECORD_BATCH = 1000


@transaction.atomic
def measurements_record(*, entries: list[Entry], author) -> list[Measurement]:
    """Record several values at once, all or nothing (forms have checked them).

    One INSERT per ``RECORD_BATCH`` rows (``bulk_create``, which refreshes the touched
    indicators' stored latest value once, in this transaction), the change journal written
    the same way (``qic.history.log_bulk_created``): the grid, the API's batch and a
    10,000-line import cost a few statements, not a save (and its signals) per row."""
    measurements = [
        Measurement(
            indicator=entry.indicator,
            date=entry.date,
            value=entry.value,
            comment=entry.comment,
            entered_by=author,
        )
        for entry in entries
    ]
    try:
        # bulk_create runs in a savepoint of its own: a conflict leaves this transaction usable.
        created = Measurement.objects.bulk_create(measurements, batch_size=RECORD_BATCH)
    except IntegrityError:
        # Another person recorded the same date in the meantime.
        raise ValidationError(
            _("Une valeur existe déjà pour cet indicateur à cette date.")
        ) from None
    log_bulk_created(created, actor=author)
    # Their events (quartiers.events), dated by the day each value is for.
    prefetch_related_objects(created, "indicator__objective__vision")
    site_events.record_created(created)
    return created


def existing_dates(pairs) -> set[tuple[int, datetime.date]]:
    """Which of the (indicator id, date) pairs already have a value, in one query."""
    pairs = set(pairs)
    if not pairs:
        return set()
    ids = {indicator_id for indicator_id, _day in pairs}
    days = {day for _id, day in pairs}
    found = Measurement.objects.filter(indicator_id__in=ids, date__in=days).values_list(
        "indicator_id", "date"
    )
    return set(found) & pairs


def measurements_import(
    *, site, data: bytes, author, progress: Callable[[int, int], None] | None = None
) -> list[Measurement]:
    """Import a CSV of measurements for the site's indicators: all lines or none.

    The lines are checked first, outside any transaction (so that ``progress``, called as
    they are, is seen at once), then recorded in one transaction. Raises
    ``MeasurementImportError`` listing every problem by line and column.
    """
    indicators = dict(
        Indicator.objects.filter(objective__vision__site=site).values_list("pk", "name")
    )
    rows = read_measurements_csv(
        data,
        indicators=[IndicatorRef(pk, name) for pk, name in indicators.items()],
        today=timezone.localdate(),
        progress=progress,
    )
    with transaction.atomic():
        taken = existing_dates((row.indicator_id, row.date) for row in rows)
        if taken:
            raise MeasurementImportError(
                [
                    _(
                        "Ligne %(line)d, colonne « date » : « %(indicator)s » a déjà une "
                        "valeur au %(date)s."
                    )
                    % {
                        "line": row.line,
                        "indicator": indicators[row.indicator_id],
                        "date": row.date.strftime("%d/%m/%Y"),
                    }
                    for row in rows
                    if (row.indicator_id, row.date) in taken
                ]
            )
        by_pk = Indicator.objects.in_bulk(list({row.indicator_id for row in rows}))
        try:
            return measurements_record(
                entries=[
                    Entry(by_pk[row.indicator_id], row.date, row.value, row.comment) for row in rows
                ],
                author=author,
            )
        except ValidationError as exc:
            raise MeasurementImportError(exc.messages) from None


# The import as a job (long work as a row, like reports.services.report_run) ------------


@transaction.atomic
def measurement_import_request(*, site, upload, author) -> MeasurementImport:
    """Check what is cheap to check (size, encoding, header, CSV syntax, number of lines),
    store the file out of the public media and hand the job to the worker once the
    transaction commits. Raises ``MeasurementImportError``; then nothing is stored."""
    from visions import tasks

    data = upload.read()
    table = check_upload(data)
    job = MeasurementImport(
        site=site,
        requested_by=author,
        filename=(upload.name or "mesures.csv")[:255],
        rows_total=len(table.lines),
    )
    job.file.save("mesures.csv", ContentFile(data), save=False)
    job.save()
    enqueue_on_commit(tasks.import_measurements, job.pk)
    return job


def _import_failure(exc: BaseException) -> str:
    if isinstance(exc, SoftTimeLimitExceeded):
        return _("L'import a pris trop de temps et a été arrêté : rien n'a été enregistré.")
    return _(
        "L'import a échoué sur une erreur inattendue (%(error)s) : rien n'a été enregistré. "
        "Déposez le fichier à nouveau ; si l'erreur revient, signalez-la à l'équipe QIC."
    ) % {"error": type(exc).__name__}


def measurement_import_run(*, job_id: int) -> MeasurementImport | None:
    """Run import ``job_id`` if it is waiting; None when it was not ours to run.

    Claims the row (« en attente » → « en cours », a conditional update: a redelivered
    task or a second worker does nothing), checks every line, moving ``rows_done``
    (committed at once: the job page sees it), records all the lines or none, then stores
    the outcome: « terminé » with the count, or « échec » with the French messages. The
    uploaded file is deleted whatever the outcome."""
    claimed = MeasurementImport.objects.filter(pk=job_id, status=ImportStatus.EN_ATTENTE).update(
        status=ImportStatus.EN_COURS,
        started_at=timezone.now(),
        rows_done=0,
        attempts=F("attempts") + 1,
        errors=[],
    )
    if not claimed:
        return None
    job = MeasurementImport.objects.select_related("site", "requested_by").get(pk=job_id)

    def progress(done: int, total: int) -> None:
        MeasurementImport.objects.filter(pk=job.pk, status=ImportStatus.EN_COURS).update(
            rows_done=done
        )

    # The worker runs in autocommit; inside a transaction (a test, a shell) a savepoint
    # keeps a database error of the import from breaking the recording of the failure.
    guard = transaction.atomic() if connection.in_atomic_block else nullcontext()
    try:
        # The requester's rights when the job runs: a right withdrawn since is respected.
        if not Site.objects.for_user(job.requested_by, CHANGE).filter(pk=job.site_id).exists():
            raise MeasurementImportError(
                [_("Vous ne pouvez plus modifier les mesures de ce site : rien n'a été importé.")]
            )
        with job.file.open("rb") as handle:
            data = handle.read()
        with guard, recorded_as(ORIGIN_IMPORT):
            created = measurements_import(
                site=job.site, data=data, author=job.requested_by, progress=progress
            )
    except MeasurementImportError as exc:
        job.status, job.errors = ImportStatus.ECHEC, exc.shown_errors()
    except BaseException as exc:
        logger.exception("Import de mesures %s en échec", job.pk)
        job.status, job.errors = ImportStatus.ECHEC, [_import_failure(exc)]
        if not isinstance(exc, Exception):
            _import_finish(job)
            raise  # KeyboardInterrupt, SystemExit: recorded, then let them through
    else:
        job.status, job.imported = ImportStatus.TERMINE, len(created)
    _import_finish(job)
    return job


def _import_finish(job: MeasurementImport) -> None:
    if job.file:
        job.file.delete(save=False)
    job.finished_at = timezone.now()
    fields = ["status", "errors", "imported", "file", "finished_at"]
    if job.status == ImportStatus.TERMINE:
        job.rows_done = job.rows_total
        fields.append("rows_done")
    job.save(update_fields=fields)


IMPORT_REQUEUE_AFTER = timedelta(minutes=10)


@dataclasses.dataclass(frozen=True)
class ImportSweep:
    interrupted: int
    requeued: int


def measurement_imports_sweep(*, now=None) -> ImportSweep:
    """What a lost worker or a lost message leaves behind: imports « en cours » past their
    worker's life fail with a message (their lines were never committed) and their file is
    deleted; imports still « en attente » after ten minutes (the broker was down at the
    upload) are sent again."""
    from visions import tasks

    now = now or timezone.now()
    interrupted = 0
    dead = MeasurementImport.objects.filter(
        status=ImportStatus.EN_COURS, started_at__lt=now - STALE_AFTER
    )
    for job in dead.only("pk", "file"):
        if job.file:
            job.file.delete(save=False)
        interrupted += MeasurementImport.objects.filter(
            pk=job.pk, status=ImportStatus.EN_COURS
        ).update(
            status=ImportStatus.ECHEC,
            file="",
            finished_at=now,
            errors=[
                _(
                    "Le traitement s'est arrêté avant la fin (le service a redémarré) : rien "
                    "n'a été enregistré. Déposez le fichier à nouveau."
                )
            ],
        )
    requeued = 0
    waiting = MeasurementImport.objects.filter(
        status=ImportStatus.EN_ATTENTE, created_at__lt=now - IMPORT_REQUEUE_AFTER
    ).values_list("pk", flat=True)
    for job_id in waiting:
        enqueue_on_commit(tasks.import_measurements, job_id)
        requeued += 1
    return ImportSweep(interrupted=interrupted, requeued=requeued)


@transaction.atomic
def action_move(*, action: Action, status: str, author=None) -> Action:
    """Move an action to another column of the board.

    Starting it dates its start (if empty); finishing it sets its progress to 100 % and
    dates its end (if empty).
    """
    action = Action.objects.select_for_update().get(pk=action.pk)
    current = ActionStatus(action.status)
    if status not in current.next_statuses():
        raise ValidationError(
            _("Une action « %(current)s » ne peut pas passer à « %(target)s » d'un clic.")
            % {"current": current.label, "target": ActionStatus(status).label}
        )
    today = timezone.localdate()
    action.status = status
    if status == ActionStatus.EN_COURS and action.start_date is None:
        action.start_date = today
    if status == ActionStatus.TERMINEE:
        action.progress = 100
        if action.end_date is None:
            action.end_date = max(today, action.start_date or today)
    with site_events.acting(author):  # launched or finished: its event
        action.save()
    return action
