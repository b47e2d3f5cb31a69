"""How an indicator stands: the one engine. Its result is stored on the indicator.

An indicator's **standing** (its latest measurement, progress, expected progress, track
and the day its next value is due) is worked out here, in Python, from the indicator's
own fields and its latest measurement, and stored on the indicator (``STORED_FIELDS``).
``store_standing()`` recomputes and stores it for a queryset of indicators; every write
that changes what it depends on calls it in its transaction (``Indicator.save()``, the
querysets' bulk writes, ``visions.signals`` for measurements). Pages, dashboards, the
API and the reports read the stored columns; ``manage.py indicator_standing --check``
proves they equal the recomputation.

Periods
    A frequency cuts the calendar into periods: months, quarters (T1…T4), half-years
    (S1, S2) or years. The value of a period is due once the period has ended, and is
    **overdue** when the period ended more than ``GRACE_DAYS`` ago with no measurement
    dated in it or later (the baseline date counts as a measurement). So the next value
    is due by ``next_due_on``: the end of the period after the reference's (latest
    measurement, else baseline) plus the grace days; the indicator is overdue once
    ``next_due_on < today``, a comparison that needs no recomputation.

Progress
    From the baseline toward the target: ``(latest − baseline) / (target − baseline)``,
    whatever the direction (the sign of ``target − baseline`` carries it). 0 is the
    baseline, 1 the target; below 0 the line moves away from the target, above 1 it has
    gone past it. The raw ratio is kept; pages show it capped to 0–100 %.

Track
    ``atteint`` at 1 or more; ``s_eloigne`` below 0; else ``en_bonne_voie`` when progress
    is at least the straight trajectory from (baseline date, 0) to (target date, 1),
    taken at the latest measurement's date, minus ``TRACK_MARGIN``; else ``en_retard``.
    A « maintien » indicator is ``maintenu`` while its latest value stays within the
    tolerance of the baseline (the indicator's own tolerance, else
    ``DEFAULT_TOLERANCE_RATIO`` of the baseline), ``hors_tolerance`` beyond.
    No measurement, or no target for a rise or a fall: ``non_evaluable``.
"""

import dataclasses
import datetime
from decimal import Decimal

from visions.enums import Direction, Frequency, Track

# Days after the end of a period before its value is overdue.
GRACE_DAYS = {
    Frequency.MENSUELLE: 15,
    Frequency.TRIMESTRIELLE: 30,
    Frequency.SEMESTRIELLE: 45,
    Frequency.ANNUELLE: 90,
}
# How far below the straight trajectory an indicator may be and still be on track.
TRACK_MARGIN = 0.10
# The tolerance of a « maintien » indicator without its own: 5 % of the baseline.
DEFAULT_TOLERANCE_RATIO = 0.05


@dataclasses.dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    frequency: Frequency

    @property
    def label(self) -> str:
        """« octobre 2026 », « T3 2026 », « S1 2026 », « 2025 »."""
        from qic.charts import MONTHS

        year = self.start.year
        if self.frequency == Frequency.MENSUELLE:
            return f"{MONTHS[self.start.month - 1]} {year}"
        if self.frequency == Frequency.TRIMESTRIELLE:
            return f"T{(self.start.month - 1) // 3 + 1} {year}"
        if self.frequency == Frequency.SEMESTRIELLE:
            return f"S{(self.start.month - 1) // 6 + 1} {year}"
        return str(year)


_DAY = datetime.timedelta(days=1)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month ``months`` after ``day``'s month (``day`` is a 1st)."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_containing(day: datetime.date, frequency: str) -> Period:
    frequency = Frequency(frequency)
    months = frequency.months
    start = datetime.date(day.year, (day.month - 1) // months * months + 1, 1)
    end = _add_months(start, months) - datetime.timedelta(days=1)
    return Period(start, end, frequency)


def previous_period(period: Period) -> Period:
    return period_containing(period.start - datetime.timedelta(days=1), period.frequency)


def last_closed_period(frequency: str, today: datetime.date) -> Period:
    """The latest period that has ended by ``today`` (its last day may be today): the one
    whose value a site reports now. Its end is the default date of a new measurement."""
    period = period_containing(today, frequency)
    return period if period.end <= today else previous_period(period)


def next_due_on(frequency: str, reference: datetime.date) -> datetime.date:
    """The last day the next value is on time, after a measurement (or the baseline)
    dated ``reference``: the end of the following period plus its grace days."""
    following = period_containing(period_containing(reference, frequency).end + _DAY, frequency)
    return following.end + datetime.timedelta(days=GRACE_DAYS[Frequency(frequency)])


def progress_ratio(direction: str, baseline, target, value) -> float | None:
    """The raw ratio from baseline (0) to target (1); None when it has no meaning."""
    if value is None or target is None or baseline is None or direction == Direction.MAINTIEN:
        return None
    span = float(target) - float(baseline)
    if span == 0:
        return None
    return (float(value) - float(baseline)) / span


def expected_ratio(baseline_date, target_date, on) -> float | None:
    """Where a straight trajectory from baseline to target stands on the date ``on``."""
    if target_date is None or baseline_date is None or on is None:
        return None
    total = float((target_date - baseline_date).days)
    if total <= 0:
        return 1.0
    return min(max(float((on - baseline_date).days) / total, 0.0), 1.0)


def effective_tolerance(baseline, tolerance) -> float:
    if tolerance is not None:
        return float(tolerance)
    return abs(float(baseline)) * DEFAULT_TOLERANCE_RATIO


def classify(
    *,
    direction: str,
    baseline,
    baseline_date,
    target,
    target_date,
    tolerance,
    value,
    value_date,
) -> Track:
    if value is None:
        return Track.NON_EVALUABLE
    if direction == Direction.MAINTIEN:
        deviation = abs(float(value) - float(baseline))
        within = deviation <= effective_tolerance(baseline, tolerance)
        return Track.MAINTENU if within else Track.HORS_TOLERANCE
    ratio = progress_ratio(direction, baseline, target, value)
    if ratio is None or target_date is None:
        return Track.NON_EVALUABLE
    if ratio >= 1:
        return Track.ATTEINT
    if ratio < 0:
        return Track.S_ELOIGNE
    expected = expected_ratio(baseline_date, target_date, value_date)
    if ratio >= expected - TRACK_MARGIN:
        return Track.EN_BONNE_VOIE
    return Track.EN_RETARD


def percent(ratio: float | None) -> int | None:
    """A raw ratio as the percentage shown on pages, capped to 0–100."""
    if ratio is None:
        return None
    return round(min(max(ratio, 0.0), 1.0) * 100)


def as_decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


# The standing, computed and stored ------------------------------------------------------

# What the standing is computed from: the indicator's own fields...
SOURCE_FIELDS = (
    "direction",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "tolerance",
    "frequency",
)
# ...and its latest measurement. The latest and the rest are stored on it, written by
# ``store_standing()`` only.
LATEST = ("latest_value", "latest_date")
STORED_FIELDS = (
    *LATEST,
    "track",
    "progress",
    "expected_progress",
    "next_due_on",
)
SOURCE_FIELDS_SET, STORED_FIELDS_SET = frozenset(SOURCE_FIELDS), frozenset(STORED_FIELDS)


@dataclasses.dataclass(frozen=True)
class Standing:
    latest_value: Decimal | None
    latest_date: datetime.date | None
    track: Track
    progress: float | None
    expected_progress: float | None
    next_due_on: datetime.date

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def standing(
    *,
    direction,
    baseline_value,
    baseline_date,
    target_value,
    target_date,
    tolerance,
    frequency,
    latest_value,
    latest_date,
) -> Standing:
    """An indicator's standing from its fields (``SOURCE_FIELDS``) and its latest
    measurement."""
    return Standing(
        latest_value=latest_value,
        latest_date=latest_date,
        track=classify(
            direction=direction,
            baseline=baseline_value,
            baseline_date=baseline_date,
            target=target_value,
            target_date=target_date,
            tolerance=tolerance,
            value=latest_value,
            value_date=latest_date,
        ),
        progress=progress_ratio(direction, baseline_value, target_value, latest_value),
        expected_progress=expected_ratio(baseline_date, target_date, latest_date),
        next_due_on=next_due_on(frequency, latest_date or baseline_date),
    )


def standing_of(indicator) -> Standing:
    """The standing of an indicator instance from the latest measurement it holds."""
    return standing(**{name: getattr(indicator, name) for name in (*SOURCE_FIELDS, *LATEST)})


def recomputed(indicators):
    """For each indicator of the queryset ``indicators``: (pk, name, stored standing,
    standing recomputed from its measurements), read in one query with the latest
    measurement of each (one index step, ``measurement_latest``)."""
    from django.db.models import OuterRef, Subquery

    measurements = indicators.model._meta.get_field("measurements").related_model
    latest = measurements._default_manager.filter(indicator=OuterRef("pk")).order_by("-date", "-pk")
    rows = (
        indicators.annotate(
            fresh_value=Subquery(latest.values("value")[:1]),
            fresh_date=Subquery(latest.values("date")[:1]),
        )
        .order_by("pk")
        .values("pk", "name", "fresh_value", "fresh_date", *SOURCE_FIELDS, *STORED_FIELDS)
    )
    for row in rows.iterator(chunk_size=2000):
        stored = {name: row[name] for name in STORED_FIELDS}
        fresh = standing(
            **{name: row[name] for name in SOURCE_FIELDS},
            latest_value=row["fresh_value"],
            latest_date=row["fresh_date"],
        )
        yield row["pk"], row["name"], stored, fresh


def store_standing(indicators, *, changed_only: bool = False) -> int:
    """Recompute the standing of the indicators of the queryset ``indicators`` and store
    it, bumping ``updated_at`` (the API shows it): every one, or with ``changed_only``
    those whose stored standing differs. Returns how many were written."""
    return sum(1 for _written in store_each(indicators, changed_only=changed_only))


def store_each(indicators, *, changed_only: bool = False):
    """``store_standing()`` yielding (pk, standing) as it goes, written by batches of
    2,000: consume it all."""
    manager = indicators.model._default_manager
    batch = {}
    for pk, _name, stored, fresh in recomputed(indicators):
        if changed_only and stored == fresh.as_dict():
            continue
        batch[pk] = fresh
        yield pk, fresh
        if len(batch) == 2000:
            _write(manager, batch)
            batch = {}
    if batch:
        _write(manager, batch)


# A field taking at most this many values in a batch (and a tenth of its rows) is written
# by one UPDATE per value.
_FEW_VALUES = 20


def _write(manager, standings: dict) -> None:
    """Store ``standings`` (by pk). ``bulk_update()`` builds one CASE branch per row and
    field (about 1 ms each to compile): the fields that take few values in the batch
    (track, dates, often the expected progress) are written one UPDATE per value instead,
    and ``updated_at`` in one."""
    from django.utils import timezone

    now = timezone.now()
    if len(standings) == 1:
        [(pk, standing)] = standings.items()
        manager.filter(pk=pk).update(updated_at=now, **standing.as_dict())
        return
    manager.filter(pk__in=list(standings)).update(updated_at=now)
    few = min(_FEW_VALUES, len(standings) // 10)
    varied = []
    for field in STORED_FIELDS:
        by_value = {}
        for pk, standing in standings.items():
            by_value.setdefault(getattr(standing, field), []).append(pk)
        if len(by_value) > few:
            varied.append(field)
            continue
        for value, pks in by_value.items():
            manager.filter(pk__in=pks).update(**{field: value})
    if varied:
        model = manager.model
        objs = [
            model(pk=pk, **{field: getattr(standing, field) for field in varied})
            for pk, standing in standings.items()
        ]
        manager.bulk_update(objs, varied, batch_size=500)


def differences(indicators) -> list[tuple[int, str, str, object, object]]:
    """(pk, name, field, stored, recomputed) for every stored value of the indicators
    of the queryset ``indicators`` that differs from its recomputation."""
    return [
        (pk, name, field, stored[field], value)
        for pk, name, stored, fresh in recomputed(indicators)
        for field, value in fresh.as_dict().items()
        if stored[field] != value
    ]
