"""Events: what happened on a site, declared once, written with the change.

Each kind of event is declared by the app that owns its noun, in its ``events.py``
(quartiers here, then ``visions/events.py`` and ``cercles/events.py``), with
``register(EventKind(...))``: the model whose rows record the fact, a function giving
the fact a row records (``Fact``: the site, the day or moment it happened in the field,
a label) or None, and how the journal shows it (title, filter, badge, link). The
journal, the last activity (``quartiers/activity.py``), the digest and the reports
read ``SiteEvent`` rows through this one registry.

Writing: saving a row of a registered model syncs its events in the same transaction
(``post_save``): the event is created when the row records the fact, moved when the
fact is corrected (a date fixed), removed when the row no longer records it or is
deleted. Rows written in bulk (``bulk_create`` skips signals) are recorded by their
service with ``record_created``. A fact that appears with time alone (a commitment
becoming late) is written by the daily job ``quartiers.events_due``. Creating a row is
never activity in itself: an event is dated by the fact (a meeting's start, a status's
date), never by when the row was written.

``rebuild()`` recomputes every event from the rows (``manage.py rebuild_events``, for
databases that predate the table); ``--check`` lists the differences.
"""

import dataclasses
import datetime
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quartiers.enums import SiteStatus, TrinomeSeat
from quartiers.models import SiteEvent

# What an event says, compared by ``rebuild`` (the actor and the time of writing are
# not facts of the field); ``FIELDS``, their model fields for updates.
COMPARED = ("site_id", "happened_at", "label", "detail", "link_id")
FIELDS = ("site", "happened_at", "label", "detail", "link_id")

# Who is making the change, for the events it writes (``acting``).
_actor: ContextVar[int | None] = ContextVar("site_event_actor", default=None)


@dataclasses.dataclass(frozen=True)
class Fact:
    """What one row records: on which site, when (a day: its midnight, local time), what."""

    site_id: int
    on: datetime.date | datetime.datetime
    label: str
    detail: str = ""
    link_id: int | None = None
    actor_id: int | None = None

    @property
    def happened_at(self) -> datetime.datetime:
        if isinstance(self.on, datetime.datetime):
            return self.on
        return timezone.make_aware(datetime.datetime.combine(self.on, datetime.time.min))


@dataclasses.dataclass(frozen=True)
class EventKind:
    key: str  # stored in SiteEvent.kind
    model: str  # "app_label.Model" whose rows record the fact
    fact: Callable[[Any, datetime.date], Fact | None]  # (row, today) → the fact, or None
    title: str  # French: what one journal line says happened
    group: str  # the journal's filter (?type=…); several kinds may share one
    group_label: str  # French, for the filter
    badge: str = ""  # DSFR badge colour class
    url_name: str | None = None  # reverse(url_name, args=[link_id])
    activity: bool = True  # counts as the site's activity (a commitment late does not)
    related: tuple[str, ...] = ()  # select_related to read a row's fact in bulk
    show_label: Callable[[str], str] | None = None  # stored label → shown text
    show_detail: Callable[[str], str] | None = None
    # Rows whose fact may have appeared with time alone (on ``today``): synced daily.
    due: Callable[[datetime.date], QuerySet] | None = None


KINDS: dict[str, EventKind] = {}


def register(kind: EventKind) -> EventKind:
    KINDS[kind.key] = kind
    uid = f"site-events:{kind.model}"
    post_save.connect(_saved, sender=kind.model, dispatch_uid=uid, weak=False)
    post_delete.connect(_deleted, sender=kind.model, dispatch_uid=uid, weak=False)
    return kind


def activity_kinds() -> list[str]:
    return [key for key, kind in KINDS.items() if kind.activity]


def groups() -> dict[str, str]:
    """The journal's filters: group → label, in the order kinds were declared."""
    found: dict[str, str] = {}
    for kind in KINDS.values():
        found.setdefault(kind.group, kind.group_label)
    return found


def kinds_in(chosen: Iterable[str]) -> list[str]:
    chosen = set(chosen)
    return [key for key, kind in KINDS.items() if kind.group in chosen]


def _kinds_of(model_label: str) -> list[EventKind]:
    return [kind for kind in KINDS.values() if kind.model == model_label]


@contextmanager
def acting(user):
    """The events written inside are by ``user`` (a service passes its ``author``), unless
    the row records its own author (a status change's, a measurement's…)."""
    token = _actor.set(user.pk if user is not None and user.is_authenticated else None)
    try:
        yield
    finally:
        _actor.reset(token)


def _event(kind: EventKind, content_type: ContentType, pk: int, fact: Fact) -> SiteEvent:
    return SiteEvent(
        site_id=fact.site_id,
        kind=kind.key,
        happened_at=fact.happened_at,
        content_type=content_type,
        object_id=pk,
        link_id=fact.link_id,
        label=fact.label[:255],
        detail=fact.detail[:255],
        actor_id=fact.actor_id or _actor.get(),
    )


def _differs(stored: SiteEvent, expected: SiteEvent) -> bool:
    return any(getattr(stored, name) != getattr(expected, name) for name in COMPARED)


def sync(obj, *, today: datetime.date | None = None) -> None:
    """Make the events of row ``obj`` say what it records now (one query when nothing
    changes)."""
    kinds = _kinds_of(obj._meta.label)
    today = today or timezone.localdate()
    content_type = ContentType.objects.get_for_model(obj)
    stored = {
        event.kind: event
        for event in SiteEvent.objects.filter(
            content_type=content_type, object_id=obj.pk, kind__in=[k.key for k in kinds]
        )
    }
    for kind in kinds:
        fact = kind.fact(obj, today)
        event = stored.get(kind.key)
        if fact is None:
            if event is not None:
                event.delete()
            continue
        expected = _event(kind, content_type, obj.pk, fact)
        if event is None:
            expected.save()
        elif _differs(event, expected):
            for name in COMPARED:
                setattr(event, name, getattr(expected, name))
            event.save(update_fields=FIELDS)


def record_created(objs: list, *, today: datetime.date | None = None) -> None:
    """The events of rows just created in bulk (no signal was sent for them)."""
    if not objs:
        return
    today = today or timezone.localdate()
    content_type = ContentType.objects.get_for_model(objs[0])
    events = [
        _event(kind, content_type, obj.pk, fact)
        for kind in _kinds_of(objs[0]._meta.label)
        for obj in objs
        if (fact := kind.fact(obj, today)) is not None
    ]
    SiteEvent.objects.bulk_create(events, batch_size=1000, ignore_conflicts=True)


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures: ``rebuild_events`` after loading them
        sync(instance)


def _deleted(sender, instance, **kwargs):
    SiteEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
    ).delete()


def sync_due(today: datetime.date | None = None) -> int:
    """Sync the rows whose fact appeared with time alone (a commitment now late); the
    number of rows looked at."""
    today = today or timezone.localdate()
    count = 0
    for kind in KINDS.values():
        if kind.due is None:
            continue
        for obj in kind.due(today).select_related(*kind.related).iterator(chunk_size=500):
            with transaction.atomic():
                sync(obj, today=today)
            count += 1
    return count


@dataclasses.dataclass(frozen=True)
class Difference:
    problem: str  # "manquant", "en trop", "différent"
    kind: str
    object_id: int
    happened_at: datetime.datetime
    label: str

    def __str__(self) -> str:
        return (
            f"{self.problem} : {self.kind} #{self.object_id} "
            f"({timezone.localtime(self.happened_at):%d/%m/%Y %H:%M}) {self.label}"
        )


def rebuild(*, check: bool = False, today: datetime.date | None = None) -> list[Difference]:
    """Recompute every event from the rows and, unless ``check``, write the result:
    missing events created, extra ones deleted, changed ones updated. Returns the
    differences found before writing (none on a second run)."""
    today = today or timezone.localdate()
    differences = []
    for kind in KINDS.values():
        model = apps.get_model(kind.model)
        content_type = ContentType.objects.get_for_model(model)
        expected = {}
        for obj in model._default_manager.select_related(*kind.related).iterator(chunk_size=2000):
            fact = kind.fact(obj, today)
            if fact is not None:
                expected[obj.pk] = _event(kind, content_type, obj.pk, fact)
        stored = {e.object_id: e for e in SiteEvent.objects.filter(kind=kind.key)}
        missing = [expected[pk] for pk in sorted(expected.keys() - stored.keys())]
        extra = [stored[pk] for pk in sorted(stored.keys() - expected.keys())]
        changed = []
        for pk in sorted(expected.keys() & stored.keys()):
            if _differs(stored[pk], expected[pk]):
                for name in COMPARED:
                    setattr(stored[pk], name, getattr(expected[pk], name))
                changed.append(stored[pk])
        for problem, events in (("manquant", missing), ("en trop", extra), ("différent", changed)):
            differences += [
                Difference(problem, kind.key, e.object_id, e.happened_at, e.label) for e in events
            ]
        if not check:
            with transaction.atomic():
                SiteEvent.objects.bulk_create(missing, batch_size=1000)
                SiteEvent.objects.filter(pk__in=[e.pk for e in extra]).delete()
                SiteEvent.objects.bulk_update(changed, FIELDS, batch_size=1000)
    unknown = SiteEvent.objects.exclude(kind__in=list(KINDS))
    differences += [
        Difference("en trop", e.kind, e.object_id, e.happened_at, e.label) for e in unknown
    ]
    if not check:
        unknown.delete()
    return differences


# --- The kinds of this app ----------------------------------------------------------------


def _status_change(change, today) -> Fact:
    return Fact(change.site_id, change.date, change.status, change.comment, None, change.author_id)


def _status_label(value: str) -> str:
    return SiteStatus(value).label if value in SiteStatus else value


def _seat(value: str) -> str:
    seat = TrinomeSeat(value).label if value in TrinomeSeat else value
    return _("siège « %(seat)s »") % {"seat": seat}


def _mandate_start(mandate, today) -> Fact:
    return Fact(
        mandate.site_id, mandate.start_date, mandate.personne.full_name, mandate.seat,
        mandate.personne_id,
    )  # fmt: skip


def _mandate_end(mandate, today) -> Fact | None:
    if mandate.end_date is None:
        return None
    return Fact(
        mandate.site_id, mandate.end_date, mandate.personne.full_name, mandate.seat,
        mandate.personne_id,
    )  # fmt: skip


def _accompaniment(accompaniment, today) -> Fact:
    return Fact(
        accompaniment.site_id,
        accompaniment.start_date,
        accompaniment.centre.name,
        accompaniment.get_kind_display(),
    )


TRINOME = {
    "model": "quartiers.TrinomeMandate",
    "group": "trinome",
    "group_label": gettext_lazy("changements au trinôme"),
    "badge": "fr-badge--yellow-tournesol",
    "url_name": "quartiers:personne_detail",
    "related": ("personne",),
    "show_detail": _seat,
}
register(
    EventKind(
        "statut",
        "quartiers.SiteStatusChange",
        _status_change,
        title=gettext_lazy("Statut du site"),
        group="statut",
        group_label=gettext_lazy("changements de statut du site"),
        badge="fr-badge--green-menthe",
        show_label=_status_label,
    )
)
register(
    EventKind(
        "trinome_debut", fact=_mandate_start, title=gettext_lazy("Arrivée au trinôme"), **TRINOME
    )
)
register(
    EventKind(
        "trinome_fin", fact=_mandate_end, title=gettext_lazy("Fin de mandat au trinôme"), **TRINOME
    )
)
register(
    EventKind(
        "accompagnement",
        "quartiers.Accompaniment",
        _accompaniment,
        title=gettext_lazy("Accompagnement"),
        group="accompagnement",
        group_label=gettext_lazy("accompagnements"),
        badge="fr-badge--brown-caramel",
        related=("centre",),
    )
)


def _follow_up(follow_up, today) -> Fact:
    return Fact(
        follow_up.site_id,
        follow_up.contacted_on,
        follow_up.get_channel_display(),
        follow_up.subject or follow_up.message[:120],
        link_id=follow_up.site_id,
        actor_id=follow_up.created_by_id,
    )


register(
    EventKind(
        "relance",
        "quartiers.SiteFollowUp",
        _follow_up,
        title=gettext_lazy("Site relancé"),
        group="relance",
        group_label=gettext_lazy("relances"),
        badge="fr-badge--orange-terre-battue",
        url_name="quartiers:follow_up_list",
        # ANCT or the centre chased the site: not the site's own activity.
        activity=False,
    )
)
