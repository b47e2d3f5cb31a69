"""Bulk loading for the benchmark data set: COPY on PostgreSQL, executemany elsewhere.

Rows are plain tuples with explicit primary keys, so that related rows can be written in
any order and the whole set is deterministic. Signals (and so the change journal) are
bypassed on purpose: the journal rows the data set needs are written as rows too.
"""

import json
from collections.abc import Iterable

from django.core.management.color import no_style
from django.db import connection
from django.db.models import JSONField, Max
from django.utils import timezone


def _filler(field):
    """The value a bulk row gets for a column the seeder does not know about."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if field.blank and field.get_internal_type() in ("CharField", "TextField"):
        return ""
    raise ValueError(f"{field.model.__name__}.{field.name}: no value for a bulk row")


class Loader:
    """Writes rows into a model's table; counts what it wrote per table."""

    def __init__(self, batch_size: int = 5000):
        self.batch_size = batch_size
        self.counts: dict[str, int] = {}
        self.models: list = []
        self.postgres = connection.vendor == "postgresql"

    def next_id(self, model) -> int:
        return (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1

    def load(self, model, fields: list[str], rows: Iterable[tuple]) -> int:
        meta = model._meta
        model_fields = [meta.get_field(name) for name in fields]
        # Columns added later by other work (an indexed updated_at…) get their default,
        # so the data set keeps loading when the models grow.
        extra = [f for f in meta.concrete_fields if f not in model_fields and not f.primary_key]
        if extra:
            fillers = tuple(_filler(f) for f in extra)
            model_fields = [*model_fields, *extra]
            rows = (tuple(row) + fillers for row in rows)
        columns = [field.column for field in model_fields]
        table = meta.db_table
        if model not in self.models:
            self.models.append(model)
        written = self._copy(table, columns, model_fields, rows) if self.postgres else None
        if written is None:
            written = self._insert(table, columns, model_fields, rows)
        self.counts[table] = self.counts.get(table, 0) + written
        return written

    def _copy(self, table, columns, model_fields, rows) -> int:
        from psycopg import sql

        json_positions = [i for i, f in enumerate(model_fields) if isinstance(f, JSONField)]
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        connection.ensure_connection()
        written = 0
        with connection.connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                if json_positions:
                    row = list(row)
                    for i in json_positions:
                        if row[i] is not None:
                            row[i] = json.dumps(row[i])
                copy.write_row(row)
                written += 1
        return written

    def _insert(self, table, columns, model_fields, rows) -> int:
        quote = connection.ops.quote_name
        statement = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(table), ", ".join(map(quote, columns)), ", ".join(["%s"] * len(columns))
        )
        prep = [f.get_db_prep_save for f in model_fields]
        written, batch = 0, []
        with connection.cursor() as cursor:
            for row in rows:
                batch.append(
                    [
                        p(v, connection) if v is not None else None
                        for p, v in zip(prep, row, strict=True)
                    ]
                )
                if len(batch) >= self.batch_size:
                    cursor.executemany(statement, batch)
                    written += len(batch)
                    batch = []
            if batch:
                cursor.executemany(statement, batch)
                written += len(batch)
        return written

    def finish(self) -> None:
        """Sequences past the explicit ids; fresh planner statistics."""
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), self.models):
                cursor.execute(statement)
            if self.postgres:
                for model in self.models:
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
            else:
                cursor.execute("ANALYZE")
