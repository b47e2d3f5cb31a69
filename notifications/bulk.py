"""Inserting thousands of reminders and notifications at once, on PostgreSQL.

``bulk_create`` of the 32,000 reminders of a national sweep spent seconds in Python
preparing and quoting 18 parameters per row (docs/performance.md). Here the rows go
through ``COPY`` into a staging table, then one ``INSERT … ON CONFLICT DO NOTHING``
moves them into the real table: the unique keys still skip what a concurrent sweep
or an earlier run inserted, and ``RETURNING`` says which rows are ours. Both happen in
the caller's transaction: a crash leaves neither reminders nor notifications.
"""

from django.db import connection
from psycopg.types.json import Jsonb

from notifications.models import Notification, Reminder

REMINDER_COLUMNS = (
    "kind",
    "content_type_id",
    "object_id",
    "object_repr",
    "user_id",
    "personne_id",
    "email",
    "occurrence",
    "data",
    "delivery",
    "status",
    "attempts",
    "last_error",
    "due_at",
    "created_at",
)
NOTIFICATION_COLUMNS = ("user_id", "kind", "message", "url", "reminder_id", "created_at")
STAGING = "notifications_reminder_staging"


def supported() -> bool:
    return connection.vendor == "postgresql"


def _reminder_row(reminder: Reminder) -> tuple:
    return tuple(
        Jsonb(reminder.data) if column == "data" else getattr(reminder, column)
        for column in REMINDER_COLUMNS
    )


def insert_reminders(reminders: list[Reminder]) -> dict[tuple, int]:
    """Insert ``reminders``, skipping those whose unique key already exists. Returns
    ``{(kind, content_type_id, object_id, user_id, personne_id, occurrence): id}`` of
    the rows inserted here. Call it inside a transaction."""
    table = Reminder._meta.db_table
    columns = ", ".join(REMINDER_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGING} ON COMMIT DROP AS "
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY {STAGING} ({columns}) FROM STDIN") as copy:
            for reminder in reminders:
                copy.write_row(_reminder_row(reminder))
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {STAGING} "
            "ON CONFLICT DO NOTHING "
            "RETURNING kind, content_type_id, object_id, user_id, personne_id, occurrence, id"
        )
        inserted = {tuple(row[:-1]): row[-1] for row in cursor.fetchall()}
        # Dropped now, not only at commit: the caller may create another kind's rows in
        # the same transaction.
        cursor.execute(f"DROP TABLE {STAGING}")
    return inserted


def insert_notifications(notifications: list[Notification]) -> None:
    """Insert the notifications of reminders just inserted by ``insert_reminders``
    (new reminder ids: nothing can conflict)."""
    if not notifications:
        return
    columns = ", ".join(NOTIFICATION_COLUMNS)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {Notification._meta.db_table} ({columns}) FROM STDIN") as copy,
    ):
        for notification in notifications:
            copy.write_row(tuple(getattr(notification, column) for column in NOTIFICATION_COLUMNS))
