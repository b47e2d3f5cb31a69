"""How an indicator is doing, computed in plain Python. No database here.

The same rules run in SQL in ``visions.querysets.IndicatorQuerySet.with_progress``; a
test checks that both always agree. Every number is derived from the indicator and its
measurements: nothing here is stored.

Periods
    A frequency cuts the calendar into periods: months, quarters (T1…T4), half-years
    (S1, S2) or years. The value of a period is due once the period has ended, and is
    **overdue** when the period ended more than ``GRACE_DAYS`` ago with no measurement
    dated in it or later (the baseline date counts as a measurement).

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


def due_period(frequency: str, today: datetime.date) -> Period:
    """The latest period whose value is due: it ended more than its grace period ago."""
    grace = datetime.timedelta(days=GRACE_DAYS[Frequency(frequency)])
    period = period_containing(today, frequency)
    while not period.end + grace < today:
        period = previous_period(period)
    return period


def overdue_cutoff(frequency: str, today: datetime.date) -> datetime.date:
    """A measurement dated before this day leaves the indicator overdue."""
    return due_period(frequency, today).start


def is_overdue(latest_date, baseline_date, frequency: str, today: datetime.date) -> bool:
    reference = latest_date or baseline_date
    return reference is None or reference < overdue_cutoff(frequency, today)


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
