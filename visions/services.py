"""Writes that touch several rows or follow rules beyond one form. Plain saves stay form saves."""

import dataclasses
import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from visions.enums import ActionStatus, VisionStatus
from visions.importers import IndicatorRef, MeasurementImportError, read_measurements_csv
from visions.models import Action, Indicator, Measurement, Objective, Vision, VisionVersion

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


@transaction.atomic
def measurements_record(*, entries: list[Entry], author) -> list[Measurement]:
    """Record several values at once, all or nothing (forms have checked them)."""
    created = []
    try:
        with transaction.atomic():
            for entry in entries:
                measurement = Measurement(
                    indicator=entry.indicator,
                    date=entry.date,
                    value=entry.value,
                    comment=entry.comment,
                    entered_by=author,
                )
                measurement.save()
                created.append(measurement)
    except IntegrityError:
        # Another person recorded the same date in the meantime.
        raise ValidationError(
            _("Une valeur existe déjà pour cet indicateur à cette date.")
        ) from None
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


@transaction.atomic
def measurements_import(*, site, data: bytes, author) -> list[Measurement]:
    """Import a CSV of measurements for the site's indicators: all lines or none.

    Raises ``MeasurementImportError`` listing every problem by line and column.
    """
    indicators = dict(
        Indicator.objects.filter(objective__vision__site=site).values_list("pk", "name")
    )
    rows = read_measurements_csv(
        data,
        indicators=[IndicatorRef(pk, name) for pk, name in indicators.items()],
        today=timezone.localdate(),
    )
    taken = existing_dates((row.indicator_id, row.date) for row in rows)
    if taken:
        raise MeasurementImportError(
            [
                _(
                    "Ligne %(line)d, colonne « date » : « %(indicator)s » a déjà une valeur "
                    "au %(date)s."
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
    return measurements_record(
        entries=[Entry(by_pk[row.indicator_id], row.date, row.value, row.comment) for row in rows],
        author=author,
    )


@transaction.atomic
def action_move(*, action: Action, status: str) -> Action:
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
    action.save()
    return action
