"""``manage.py indicator_standing --check`` after each test that writes (docs/architecture.md,
« Situation d'un indicateur (stockée) »): every kind of write a test performs must leave
each indicator's stored standing equal to its recomputation."""

import io

import pytest
from django.core.management import call_command


def assert_standing_checked() -> None:
    """Fails, listing the differences, when a stored standing is not the recomputed one."""
    out = io.StringIO()
    try:
        call_command("indicator_standing", "--check", stdout=out)
    except Exception as error:  # CommandError: report what the command listed
        pytest.fail(f"{error}\n{out.getvalue()}")


def standing_checked(request):
    """The body of an autouse fixture: for a test on the test-case database (``db``), the
    check runs once the test is done, before its transaction is rolled back. Tests on a
    transactional database or a live server are left out (their writes run elsewhere)."""
    marker = request.node.get_closest_marker("django_db")
    others = {"transactional_db", "live_server", "django_db_serialized_rollback"}
    wants_db = "db" in request.fixturenames or (
        marker is not None and not marker.kwargs.get("transaction")
    )
    if not wants_db or others.intersection(request.fixturenames):
        yield
        return
    request.getfixturevalue("db")
    yield
    assert_standing_checked()
