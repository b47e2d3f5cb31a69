"""Scoping and SQL annotations of the visions app.

Every model here belongs to a site and is scoped as its site is
(``quartiers.querysets.SiteScopedQuerySet``, with the model's ``site_path``).

Indicators, for lists and dashboards
------------------------------------
Every indicator stores its latest measurement (greatest date, then greatest id):
``latest_value`` (Decimal or None) and ``latest_date`` (date or None), plain columns that
``refresh_latest()`` rewrites from the measurements. Every write of a measurement calls
it in its transaction: ``visions.signals`` for a saved or deleted row,
``MeasurementQuerySet`` for ``update()``, ``bulk_create()`` and ``bulk_update()``, and
the writes that bypass the ORM (the benchmark's COPY, the load test's clean-up) once for
the indicators they touched. An ``Indicator`` instance read before such a write keeps
the old copy: read it again.

``Indicator.objects.with_progress(today=None)`` adds, in SQL and in the same query:

- ``progress`` (float or None): the raw ratio from baseline (0) to target (1), not capped;
- ``expected_progress`` (float or None): where the straight trajectory stands at
  ``latest_date``;
- ``track`` (a ``visions.enums.Track`` value): ``atteint``, ``en_bonne_voie``,
  ``maintenu``, ``en_retard``, ``s_eloigne``, ``hors_tolerance`` or ``non_evaluable``;
- ``overdue`` (bool): the value of the latest due period is missing.

``.on_track()``, ``.off_track()`` and ``.overdue()`` filter on them (they call
``with_progress`` when needed). The rules are those of ``visions.progress``, which also
backs the model methods (``Indicator.get_progress()``, ``get_track()``, ``is_overdue()``);
``tests/visions/test_progress.py`` checks that SQL and Python agree. A dashboard counts
per site with, for instance::

    Indicator.objects.for_user(user).with_progress()
        .values("objective__vision__site")
        .annotate(on_track=Count("pk", filter=Q(track__in=Track.on_track())))

``today`` defaults to ``timezone.localdate()``; pass it to compute « as of » a date.
"""

from django.db import NotSupportedError, transaction
from django.db.models import (
    BooleanField,
    Case,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Abs, Cast, Coalesce, Greatest, Least
from django.utils import timezone

from quartiers.querysets import SiteScopedQuerySet
from quartiers.stamps import rows_touch
from visions import progress as rules
from visions.enums import Direction, Frequency, Track


class DaysBetween(Func):
    """Whole days from the date ``start`` to the date ``end``, as a float."""

    output_field = FloatField()
    arity = 2

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        end_sql, end_params = compiler.compile(self.source_expressions[0])
        start_sql, start_params = compiler.compile(self.source_expressions[1])
        if connection.vendor == "sqlite":
            sql = f"(julianday({end_sql}) - julianday({start_sql}))"
        elif connection.vendor == "postgresql":
            sql = f"CAST((({end_sql})::date - ({start_sql})::date) AS double precision)"
        else:  # pragma: no cover - QIC runs on SQLite and PostgreSQL only
            raise NotSupportedError(f"DaysBetween is not implemented for {connection.vendor}.")
        return sql, (*end_params, *start_params)


def _float(expression):
    return Cast(expression, FloatField())


class IndicatorQuerySet(SiteScopedQuerySet):
    def refresh_latest(self) -> int:
        """Store on each indicator of this queryset its latest measurement, recomputed
        from its measurements, and bump ``updated_at`` (the API shows the latest value):
        the indicators locked, then one UPDATE, one index step (``measurement_latest``)
        per indicator."""
        from visions.models import Measurement

        latest = Measurement.objects.filter(indicator=OuterRef("pk")).order_by("-date", "-pk")
        # No savepoint: a failure here must undo the measurement write that called it.
        with transaction.atomic(using=self.db, savepoint=False):
            # Lock the indicators first (in one order: no deadlock), then recompute in a
            # statement of its own: it sees the measurements of a concurrent transaction
            # that held the lock and committed meanwhile. An UPDATE alone would read the
            # measurements as they were when it started waiting, and could store an older
            # value over the later one just committed.
            locked = list(self.order_by("pk").select_for_update().values_list("pk", flat=True))
            return self.model.objects.filter(pk__in=locked).update(
                latest_value=Subquery(latest.values("value")[:1]),
                latest_date=Subquery(latest.values("date")[:1]),
                updated_at=timezone.now(),
            )

    def with_progress(self, today=None):
        """Annotate progress, track and overdue too (see the module docstring)."""
        if "track" in self.query.annotations:
            return self
        today = today or timezone.localdate()
        overdue_when = [
            When(
                Q(frequency=frequency)
                & Q(reference_date__lt=rules.overdue_cutoff(frequency, today)),
                then=Value(True),
            )
            for frequency in Frequency
        ]
        baseline = _float(F("baseline_value"))
        tolerance = Coalesce(
            _float(F("tolerance")), Abs(baseline) * Value(rules.DEFAULT_TOLERANCE_RATIO)
        )
        total_days = DaysBetween(F("target_date"), F("baseline_date"))
        return self.annotate(
            reference_date=Coalesce(F("latest_date"), F("baseline_date")),
            progress=Case(
                When(
                    Q(latest_value__isnull=False)
                    & Q(target_value__isnull=False)
                    & ~Q(direction=Direction.MAINTIEN)
                    & ~Q(target_value=F("baseline_value")),
                    then=(_float(F("latest_value")) - baseline)
                    / (_float(F("target_value")) - baseline),
                ),
                default=None,
                output_field=FloatField(),
            ),
            expected_progress=Case(
                When(
                    Q(latest_date__isnull=True) | Q(target_date__isnull=True),
                    then=Value(None, output_field=FloatField()),
                ),
                When(target_date__lte=F("baseline_date"), then=Value(1.0)),
                default=Least(
                    Greatest(
                        DaysBetween(F("latest_date"), F("baseline_date")) / total_days,
                        Value(0.0),
                    ),
                    Value(1.0),
                ),
                output_field=FloatField(),
            ),
            deviation=Abs(_float(F("latest_value")) - baseline),
            effective_tolerance=tolerance,
        ).annotate(
            track=Case(
                When(latest_value__isnull=True, then=Value(Track.NON_EVALUABLE.value)),
                When(
                    Q(direction=Direction.MAINTIEN) & Q(deviation__lte=F("effective_tolerance")),
                    then=Value(Track.MAINTENU.value),
                ),
                When(direction=Direction.MAINTIEN, then=Value(Track.HORS_TOLERANCE.value)),
                When(
                    Q(progress__isnull=True) | Q(target_date__isnull=True),
                    then=Value(Track.NON_EVALUABLE.value),
                ),
                When(progress__gte=1, then=Value(Track.ATTEINT.value)),
                When(progress__lt=0, then=Value(Track.S_ELOIGNE.value)),
                When(
                    progress__gte=F("expected_progress") - Value(rules.TRACK_MARGIN),
                    then=Value(Track.EN_BONNE_VOIE.value),
                ),
                default=Value(Track.EN_RETARD.value),
            ),
            overdue=Case(*overdue_when, default=Value(False), output_field=BooleanField()),
        )

    def on_track(self, today=None):
        return self.with_progress(today).filter(track__in=Track.on_track())

    def off_track(self, today=None):
        return self.with_progress(today).filter(track__in=Track.off_track())

    def overdue(self, today=None):
        return self.with_progress(today).filter(overdue=True)


# What an indicator's stored latest measurement is read from.
LATEST_SOURCES = frozenset({"indicator", "indicator_id", "date", "value"})


class MeasurementQuerySet(SiteScopedQuerySet):
    """Bulk writes that skip ``save()`` (so the signals) refresh the latest measurement
    of the indicators they touch, in their transaction, like single saves do."""

    def update(self, **kwargs):
        if LATEST_SOURCES.isdisjoint(kwargs):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            touched = set(self.order_by().values_list("indicator_id", flat=True).distinct())
            count = super().update(**kwargs)
            target = kwargs.get("indicator", kwargs.get("indicator_id"))
            if target is not None:
                touched.add(getattr(target, "pk", target))
            _refresh_indicators(touched)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            _refresh_indicators({m.indicator_id for m in objs})
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if LATEST_SOURCES.isdisjoint(fields):
            return super().bulk_update(objs, fields, *args, **kwargs)
        with transaction.atomic(using=self.db):
            pks = [m.pk for m in objs]
            touched = set(self.filter(pk__in=pks).values_list("indicator_id", flat=True))
            count = super().bulk_update(objs, fields, *args, **kwargs)
            _refresh_indicators(touched | {m.indicator_id for m in objs})
        return count


def _refresh_indicators(ids) -> None:
    from visions.models import Indicator

    Indicator.objects.filter(pk__in=ids).refresh_latest()
    # Written without save(): the sites' data stamps hear it here (quartiers/stamps.py).
    rows_touch(Indicator, list(ids))
