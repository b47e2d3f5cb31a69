"""Pinned query counts (style.md §10), kept in ``tests/query_counts.json``.

A test wraps a request in ``query_budget("name")``; the number of SQL queries must
equal the recorded one. ``pytest --update-query-counts`` rewrites the file instead of
failing, for when a change in the count is intended (review the diff).
"""

import json
from contextlib import contextmanager
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

COUNTS_FILE = Path(__file__).parent / "query_counts.json"


class QueryBudget:
    def __init__(self, update: bool):
        self.update = update
        self.expected = json.loads(COUNTS_FILE.read_text()) if COUNTS_FILE.exists() else {}
        self.measured: dict[str, int] = {}

    @contextmanager
    def __call__(self, name: str):
        with CaptureQueriesContext(connection) as captured:
            yield captured
        count = len(captured.captured_queries)
        previous = self.measured.setdefault(name, count)
        if previous != count:
            # Even when rewriting the file: one page, two counts means it grows with data.
            raise AssertionError(f"{name}: {count} queries now, {previous} earlier in this run.")
        if self.update:
            return
        expected = self.expected.get(name)
        if expected is None:
            raise AssertionError(
                f"No pinned query count for {name!r} ({count} queries): "
                "run pytest with --update-query-counts and commit tests/query_counts.json."
            )
        if count != expected:
            listing = "\n".join(f"  {q['sql'][:300]}" for q in captured.captured_queries)
            raise AssertionError(f"{name}: {count} queries, {expected} pinned.\n{listing}")

    def save(self):
        merged = {**self.expected, **self.measured}
        COUNTS_FILE.write_text(json.dumps(dict(sorted(merged.items())), indent=2) + "\n")
