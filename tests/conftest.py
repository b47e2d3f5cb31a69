"""Shared fixtures: one persona per role (style.md §6) around two sites, A and B."""

import datetime
import time
import zoneinfo
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
import time_machine
from django.db import transaction
from django.test import Client

from accounts.enums import Role
from tests import factories
from tests.query_budget import QueryBudget


def pytest_addoption(parser):
    parser.addoption(
        "--update-query-counts",
        action="store_true",
        help="Rewrite tests/query_counts.json with the measured counts instead of failing.",
    )


_budget: QueryBudget | None = None


@pytest.fixture
def query_budget(request):
    global _budget
    if _budget is None:
        _budget = QueryBudget(update=request.config.getoption("--update-query-counts"))
    return _budget


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached figures (summaries/) of one test's
    rows must not answer another's, whose ids the database may reuse."""
    from django.core.cache import cache

    cache.clear()


def pytest_sessionfinish(session, exitstatus):
    if _budget is not None and _budget.update:
        _budget.save()


@pytest.fixture(scope="session", autouse=True)
def _test_database_released(django_db_setup, django_db_blocker):
    """End, on PostgreSQL, any session still open on the test database before it is
    dropped. A live-server thread still answering a page's HTMX poll when its test ended
    keeps its connection, and the drop at the end of the run then fails
    (« database … is being accessed by other users ») after every test has passed."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        others = (
            "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        cursor.execute(f"SELECT pg_terminate_backend(pid) {others}")
        for _ in range(50):  # terminated backends leave within milliseconds
            cursor.execute(f"SELECT count(*) {others}")
            if cursor.fetchone()[0] == 0:
                break
            time.sleep(0.1)
    connection.close()


@pytest.fixture
def jobs_on_time(db):
    """Every periodic job's heartbeat as if registered now. The rows are made when the
    test database is migrated: once the suite has run longer than twice a job's period
    (30 minutes for the reminder sweep), /sante/ would rightly answer 503."""
    from django.utils import timezone

    from qic.models import JobHeartbeat

    JobHeartbeat.objects.update(registered_at=timezone.now())


def make_site_a():
    return factories.SiteFactory(name="Site A — Montreynaud")


def make_site_b():
    return factories.SiteFactory(name="Site B — Les Aubiers")


def make_admin_user():
    return factories.UserFactory(email="admin@anct.gouv.fr", role=Role.ADMIN)


def make_chef(site_a):
    user = factories.UserFactory(email="chef@anct.gouv.fr", role=Role.CHEF_DE_PROJET)
    site_a.chef_de_projet = user
    site_a.save()
    return user


def make_member(site, email, role=Role.MEMBRE):
    user = factories.UserFactory(email=email, role=role)
    factories.SiteAccessFactory(site=site, user=user)
    return user


def make_centre(site_a):
    structure = factories.CentreFactory(name="IREV")
    factories.AccompanimentFactory(centre=structure, site=site_a)
    return structure


def make_centre_user(centre):
    user = factories.UserFactory(email="centre@irev.fr", role=Role.CENTRE)
    centre.members.add(user)
    return user


@pytest.fixture
def site_a(db):
    return make_site_a()


@pytest.fixture
def site_b(db):
    return make_site_b()


@pytest.fixture
def admin_user(db):
    return make_admin_user()


@pytest.fixture
def chef(db, site_a):
    """Chef de projet national who follows site A (not B)."""
    return make_chef(site_a)


@pytest.fixture
def member_a(db, site_a):
    return make_member(site_a, "membre-a@exemple.fr")


@pytest.fixture
def member_b(db, site_b):
    return make_member(site_b, "membre-b@exemple.fr")


@pytest.fixture
def centre(db, site_a):
    """A resource centre that currently accompanies site A."""
    return make_centre(site_a)


@pytest.fixture
def centre_user(db, centre):
    return make_centre_user(centre)


@pytest.fixture
def observer(db, site_a):
    return make_member(site_a, "observateur@exemple.fr", role=Role.OBSERVATEUR)


PERSONAS = ["anonymous", "admin_user", "chef", "member_a", "member_b", "centre_user", "observer"]


@pytest.fixture
def personas(admin_user, chef, member_a, member_b, centre_user, observer):
    return {
        "anonymous": None,
        "admin_user": admin_user,
        "chef": chef,
        "member_a": member_a,
        "member_b": member_b,
        "centre_user": centre_user,
        "observer": observer,
    }


def make_cast() -> SimpleNamespace:
    """Sites A and B, the centre of A and one persona per role, exactly as the fixtures
    above make them, for a world shared by a whole module (``shared_for_the_module``)."""
    site_a, site_b = make_site_a(), make_site_b()
    centre = make_centre(site_a)
    personas = {
        "anonymous": None,
        "admin_user": make_admin_user(),
        "chef": make_chef(site_a),
        "member_a": make_member(site_a, "membre-a@exemple.fr"),
        "member_b": make_member(site_b, "membre-b@exemple.fr"),
        "centre_user": make_centre_user(centre),
        "observer": make_member(site_a, "observateur@exemple.fr", role=Role.OBSERVATEUR),
    }
    return SimpleNamespace(site_a=site_a, site_b=site_b, centre=centre, personas=personas)


@contextmanager
def shared_for_the_module(django_db_blocker):
    """Rows built once for a whole module of tests that each send one request over the
    same objects (the permission matrices: thousands of tests). They are written in a
    transaction opened for the module and rolled back at its end; each test still runs
    in its own savepoint (``db``), so whatever a test writes is undone before the next.
    Every test of such a module must take its personas from the shared world: the
    function fixtures would make a second « membre-b@exemple.fr »."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def today():
    return datetime.date.today()


PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def paris(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=PARIS)


T0 = paris(2026, 1, 5, 10, 0)  # a Monday, 10:00 in Paris


@pytest.fixture
def clock():
    """Time frozen at T0; move it with ``clock.move_to(...)`` or ``clock.shift(...)``.
    Request it first, so that the objects of other fixtures are created at T0."""
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def small_and_grown_worlds(build, grow):
    """The two module-scoped fixtures of a query-budget module, to assign to ``world`` and
    ``grown_world``: the world ``build(cast)`` makes (around ``make_cast()``), built once
    for the module (``shared_for_the_module``), and the same world once ``grow(world)`` has
    grown it, in the module's transaction, before the first test on it opens its own. The
    tests on the small world come first in the module and check it (``small``)."""

    @pytest.fixture(scope="module")
    def world(django_db_setup, django_db_blocker):
        with shared_for_the_module(django_db_blocker):
            cast = make_cast()
            yield {**build(cast), "personas": cast.personas}

    @pytest.fixture(scope="module")
    def grown_world(world, django_db_blocker):
        with django_db_blocker.unblock():
            grow(world)
        world["grown"] = True
        return world

    return world, grown_world


def small(world):
    """``world`` as built: fails when a test on the small world runs after it grew."""
    assert not world.get("grown"), "a test on the small world ran after the world grew"
    return world
