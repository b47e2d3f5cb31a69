"""Scoping and SQL annotations of the visions app.

Every model here belongs to a site and is scoped as its site is
(``quartiers.querysets.SiteScopedQuerySet``, with the model's ``site_path``).

Indicators, for lists and dashboards
------------------------------------
Every indicator stores its standing (``visions.progress``): its latest measurement
(``latest_value``, ``latest_date``), ``progress``, ``expected_progress``, ``track`` and
``next_due_on``, plain columns that ``refresh_standing()`` rewrites from the measurements.
Every write that changes them calls it in its transaction: ``visions.signals`` for a
saved or deleted measurement, ``MeasurementQuerySet`` for ``update()``, ``bulk_create()``
and ``bulk_update()``, ``Indicator.save()`` and ``IndicatorQuerySet.update()`` for the
indicator's own fields, and the writes that bypass the ORM (the benchmark's COPY, the
load test's clean-up) once for the indicators they touched. An ``Indicator`` instance
read before such a write keeps the old copy: read it again.

``.on_track()``, ``.off_track()`` and ``.overdue(today=None)`` filter on the stored
columns (overdue: ``next_due_on`` before today). A dashboard counts per site with::

    Indicator.objects.for_user(user)
        .values("objective__vision__site")
        .annotate(on_track=Count("pk", filter=Q(track__in=Track.on_track())))
"""

from django.db import transaction
from django.utils import timezone

from quartiers.querysets import SiteScopedQuerySet
from quartiers.stamps import rows_touch
from visions import progress as rules
from visions.enums import Track


class IndicatorQuerySet(SiteScopedQuerySet):
    def refresh_standing(self) -> dict:
        """Recompute and store the standing of each indicator of this queryset (its
        latest measurement read from its measurements, see ``visions.progress``) and bump
        ``updated_at``: the indicators locked, then one query reading them with their
        latest measurement, one UPDATE per 500. Returns the standings stored, by pk."""
        # No savepoint: a failure here must undo the measurement write that called it.
        with transaction.atomic(using=self.db, savepoint=False):
            # Lock the indicators first (in one order: no deadlock), then recompute in a
            # statement of its own: it sees the measurements of a concurrent transaction
            # that held the lock and committed meanwhile. Reading them in the locking
            # statement would see them as they were when it started waiting, and could
            # store an older value over the later one just committed.
            locked = list(self.order_by("pk").select_for_update().values_list("pk", flat=True))
            return dict(rules.store_each(self.model.objects.filter(pk__in=locked)))

    def update(self, **kwargs):
        """An update of what the standing depends on stores it again (an update of the
        standing itself is ``store_standing()``'s own)."""
        if rules.STORED_FIELDS_SET.intersection(kwargs) or rules.SOURCE_FIELDS_SET.isdisjoint(
            kwargs
        ):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            pks = list(self.order_by().values_list("pk", flat=True))
            count = super().update(**kwargs)
            self.model.objects.filter(pk__in=pks).refresh_standing()
        return count

    def bulk_create(self, objs, *args, **kwargs):
        """New indicators carry the standing of the latest measurement they hold."""
        objs = list(objs)
        for indicator in objs:
            for name, value in rules.standing_of(indicator).as_dict().items():
                setattr(indicator, name, value)
        return super().bulk_create(objs, *args, **kwargs)

    def on_track(self):
        return self.filter(track__in=Track.on_track())

    def off_track(self):
        return self.filter(track__in=Track.off_track())

    def overdue(self, today=None):
        """The indicators whose next value is overdue on ``today`` (default: today)."""
        return self.filter(next_due_on__lt=today or timezone.localdate())


# What an indicator's stored latest measurement is read from.
LATEST_SOURCES = frozenset({"indicator", "indicator_id", "date", "value"})


class MeasurementQuerySet(SiteScopedQuerySet):
    """Bulk writes that skip ``save()`` (so the signals) refresh the standing of the
    indicators they touch, in their transaction, like single saves do."""

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

    Indicator.objects.filter(pk__in=ids).refresh_standing()
    # Written without save(): the sites' data stamps hear it here (quartiers/stamps.py).
    rows_touch(Indicator, list(ids))
