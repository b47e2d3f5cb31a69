"""The change journal (django-auditlog): reading it for « Historique » sections, and
writing it for rows created in bulk."""

import contextlib
from contextvars import ContextVar

from auditlog.cid import get_cid
from auditlog.context import auditlog_disabled, set_extra_data
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.dispatch import Signal
from django.utils import timezone
from django.utils.encoding import smart_str
from django.utils.translation import gettext_lazy as _

HISTORY_LIMIT = 50

# What wrote an entry that has no signed-in author (``LogEntry.additional_data["origin"]``),
# shown in « Par » instead of a person.
ORIGIN_IMPORT = "import"
ORIGIN_DEMO = "demo"
ORIGIN_LABELS = {
    ORIGIN_IMPORT: _("par import"),
    ORIGIN_DEMO: _("par la démonstration"),
    None: _("traitement automatique"),
}
_origin: ContextVar[str | None] = ContextVar("history_origin", default=None)
BULK_BATCH = 1000

# Sent (sender = the model, ``objects`` = the rows) after rows were written in bulk, which
# sends no ``post_save``: listeners of saves (the sites' data stamps) connect to it too.
bulk_written = Signal()


def history_for(obj, limit: int = HISTORY_LIMIT) -> list[LogEntry]:
    """The latest changes of one object, newest first, in one query."""
    return list(
        LogEntry.objects.get_for_object(obj)
        .select_related("actor", "content_type")
        .order_by("-timestamp")[:limit]
    )


@contextlib.contextmanager
def recorded_as(origin: str):
    """Mark the journal entries written inside the block as written by ``origin`` (an
    import, the demo): saves through auditlog's own context (which replaces an enclosing
    ``set_actor``: imports pass their author to ``log_bulk_created``), bulk writes through
    ``log_bulk_created``."""
    token = _origin.set(origin)
    try:
        with set_extra_data({"additional_data": {"origin": origin}}):
            yield
    finally:
        _origin.reset(token)


def log_bulk_created(objects, *, actor) -> None:
    """Journal rows created by ``bulk_create`` (which sends no signal) as auditlog journals
    each save: one « create » entry per row with its values, written in batches."""
    objects = list(objects)
    if not objects:
        return
    model = type(objects[0])
    bulk_written.send(sender=model, objects=objects)
    # As auditlog's receivers: nothing for a model it does not watch, or under
    # ``disable_auditlog()``.
    if not auditlog.contains(model) or auditlog_disabled.get():
        return
    content_type = ContentType.objects.get_for_model(model)
    now, cid = timezone.now(), get_cid()
    entries = [
        LogEntry(
            content_type=content_type,
            object_pk=str(obj.pk),
            object_id=obj.pk,
            object_repr=smart_str(obj),
            action=LogEntry.Action.CREATE,
            changes=model_instance_diff(
                None, obj, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES
            ),
            actor=actor,
            actor_email=getattr(actor, "email", None),
            cid=cid,
            timestamp=now,
            additional_data={"origin": _origin.get()} if _origin.get() else None,
        )
        for obj in objects
    ]
    LogEntry.objects.bulk_create(entries, batch_size=BULK_BATCH)
