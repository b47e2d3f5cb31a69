"""Reading the change journal (django-auditlog) for « Historique » sections."""

from auditlog.models import LogEntry

HISTORY_LIMIT = 50


def history_for(obj, limit: int = HISTORY_LIMIT) -> list[LogEntry]:
    """The latest changes of one object, newest first, in one query."""
    return list(
        LogEntry.objects.get_for_object(obj)
        .select_related("actor", "content_type")
        .order_by("-timestamp")[:limit]
    )
