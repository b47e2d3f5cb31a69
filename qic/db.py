"""Database helpers shared by the apps."""

from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def without_jit():
    """Run the queries of the block without PostgreSQL's JIT compilation.

    PostgreSQL compiles a query it estimates expensive before running it. For the
    sweep's national queries (a dozen correlated subqueries per site or per
    indicator) compiling took longer than running: EXPLAIN ANALYZE on the national
    data set, « site sans activité » 6.1 s of JIT for a 0.3 s query, « mesure
    attendue » 2.2 s of JIT in 3.5 s.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # SET LOCAL lasts until the end of the outermost transaction.
                cursor.execute("SET LOCAL jit TO DEFAULT")
