"""Each indicator stores its latest measurement (``latest_value``, ``latest_date``): after
every kind of write, the stored copy equals what the measurements give when recomputed
(greatest date, then greatest id)."""

import datetime
import importlib
from decimal import Decimal
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories
from tests.api.conftest import call, token_client
from tests.conftest import client_for
from visions import services
from visions.models import Indicator, Measurement

pytestmark = pytest.mark.django_db

D = datetime.date
LOT = "/api/v1/mesures/lot/"


def recomputed(indicator) -> tuple:
    row = (
        Measurement.objects.filter(indicator_id=indicator.pk)
        .order_by("-date", "-pk")
        .values_list("date", "value")
        .first()
    )
    return row or (None, None)


def stored(indicator) -> tuple:
    return Indicator.objects.values_list("latest_date", "latest_value").get(pk=indicator.pk)


def assert_every_indicator_is_fresh():
    for indicator in Indicator.objects.all():
        assert stored(indicator) == recomputed(indicator), indicator.name


@pytest.fixture
def objective(site_a):
    return factories.ObjectiveFactory(vision=factories.VisionFactory(site=site_a))


@pytest.fixture
def brevet(objective):
    return factories.IndicatorFactory(objective=objective, name="Réussite au brevet")


@pytest.fixture
def emploi(objective):
    return factories.IndicatorFactory(objective=objective, name="Taux d'emploi")


def measure(indicator, day, value):
    return factories.MeasurementFactory(indicator=indicator, date=day, value=Decimal(value))


def test_an_indicator_without_measurement_stores_nothing(brevet):
    assert stored(brevet) == (None, None)
    assert brevet.latest() is None


def test_a_value_entered_on_the_page_becomes_the_latest(site_a, member_a, brevet):
    measure(brevet, D(2025, 12, 31), "41")
    response = client_for(member_a).post(
        reverse("visions:measurement_create", args=[brevet.pk]),
        {"date": "2026-03-31", "value": "43,5"},
    )
    assert response.status_code == 302
    assert stored(brevet) == (D(2026, 3, 31), Decimal("43.5"))
    # An older date entered later leaves the latest as it is.
    measure(brevet, D(2025, 6, 30), "39")
    assert stored(brevet) == (D(2026, 3, 31), Decimal("43.5"))


def test_a_changed_date_or_value_is_followed(brevet):
    older = measure(brevet, D(2025, 6, 30), "39")
    newer = measure(brevet, D(2025, 12, 31), "41")
    newer.value = Decimal("42")
    newer.save()
    assert stored(brevet) == (D(2025, 12, 31), Decimal("42"))
    older.date = D(2026, 3, 31)
    older.save()
    assert stored(brevet) == (D(2026, 3, 31), Decimal("39"))


def test_deleting_the_latest_falls_back_on_the_one_before(site_a, member_a, brevet):
    measure(brevet, D(2025, 6, 30), "39")
    older = measure(brevet, D(2025, 9, 30), "40")
    latest = measure(brevet, D(2025, 12, 31), "41")
    client = client_for(member_a)
    client.post(reverse("visions:measurement_delete", args=[latest.pk]))
    assert stored(brevet) == (D(2025, 9, 30), Decimal("40"))
    # Deleting an older one changes nothing.
    Measurement.objects.filter(date=D(2025, 6, 30)).delete()
    assert stored(brevet) == (D(2025, 9, 30), Decimal("40"))
    client.post(reverse("visions:measurement_delete", args=[older.pk]))
    assert stored(brevet) == (None, None)


def test_a_measurement_moved_to_another_indicator_refreshes_both(brevet, emploi):
    measure(brevet, D(2025, 6, 30), "39")
    moved = measure(brevet, D(2025, 12, 31), "41")
    measure(emploi, D(2025, 9, 30), "60")
    moved = Measurement.objects.get(pk=moved.pk)
    moved.indicator = emploi
    moved.save()
    assert stored(brevet) == (D(2025, 6, 30), Decimal("39"))
    assert stored(emploi) == (D(2025, 12, 31), Decimal("41"))


def test_bulk_writes_of_the_orm_are_followed(brevet, emploi):
    Measurement.objects.bulk_create(
        [
            Measurement(indicator=brevet, date=D(2025, 6, 30), value=Decimal("39")),
            Measurement(indicator=brevet, date=D(2025, 9, 30), value=Decimal("40")),
            Measurement(indicator=emploi, date=D(2025, 3, 31), value=Decimal("60")),
        ]
    )
    assert_every_indicator_is_fresh()
    brevet.measurements.filter(date=D(2025, 9, 30)).update(date=D(2024, 9, 30))
    assert stored(brevet) == (D(2025, 6, 30), Decimal("39"))
    brevet.measurements.filter(date=D(2025, 6, 30)).update(indicator=emploi)
    assert stored(brevet) == (D(2024, 9, 30), Decimal("40"))
    assert stored(emploi) == (D(2025, 6, 30), Decimal("39"))
    rows = list(Measurement.objects.filter(indicator=emploi))
    for row in rows:
        row.value += 1
    Measurement.objects.bulk_update(rows, ["value"])
    assert stored(emploi) == (D(2025, 6, 30), Decimal("40"))
    assert_every_indicator_is_fresh()


def test_the_api_and_its_lot_are_followed(member_a, brevet, emploi):
    client, _, _ = token_client(member_a)
    payload = [
        {"indicator": brevet.pk, "date": "2025-09-30", "value": 44.5},
        {"indicator": brevet.pk, "date": "2025-12-31", "value": 46},
        {"indicator": emploi.pk, "date": "2025-09-30", "value": 17},
    ]
    assert call(client, "POST", LOT, payload).status_code == 201
    assert stored(brevet) == (D(2025, 12, 31), Decimal("46"))
    assert stored(emploi) == (D(2025, 9, 30), Decimal("17"))
    latest = Measurement.objects.get(indicator=brevet, date=D(2025, 12, 31))
    assert call(client, "DELETE", f"/api/v1/mesures/{latest.pk}/").status_code == 204
    assert stored(brevet) == (D(2025, 9, 30), Decimal("44.5"))
    body = client.get(f"/api/v1/indicateurs/{brevet.pk}/").json()
    assert (body["latest_date"], body["latest_value"]) == ("2025-09-30", 44.5)


def test_a_lot_rolled_back_leaves_the_stored_latest_as_it_was(brevet, emploi, member_a):
    measure(brevet, D(2025, 6, 30), "39")
    measure(emploi, D(2025, 6, 30), "60")
    entries = [
        services.Entry(brevet, D(2025, 12, 31), Decimal("45")),
        # Someone recorded this date in the meantime: the whole lot is rolled back.
        services.Entry(emploi, D(2025, 6, 30), Decimal("61")),
    ]
    with pytest.raises(ValidationError):
        services.measurements_record(entries=entries, author=member_a)
    assert stored(brevet) == (D(2025, 6, 30), Decimal("39"))
    assert stored(emploi) == (D(2025, 6, 30), Decimal("60"))


def test_a_csv_import_is_followed(
    site_a, member_a, brevet, emploi, django_capture_on_commit_callbacks
):
    content = (
        "Indicateur;Date;Valeur\n"
        f"{brevet.pk};30/06/2025;81,5\n"
        f"{brevet.pk};31/03/2025;80\n"
        "Taux d'emploi;2025-09-30;1 234,5\n"
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):  # the import job runs
        response = client_for(member_a).post(
            reverse("visions:measurement_import", args=[site_a.pk]),
            {"file": SimpleUploadedFile("mesures.csv", content, content_type="text/csv")},
        )
    assert response.status_code == 302
    assert stored(brevet) == (D(2025, 6, 30), Decimal("81.5"))
    assert stored(emploi) == (D(2025, 9, 30), Decimal("1234.5"))


def test_a_value_changed_in_the_admin_is_followed(brevet):
    measure(brevet, D(2025, 6, 30), "39")
    measure(brevet, D(2025, 12, 31), "41")
    staff = factories.UserFactory(is_staff=True, is_superuser=True)
    client = client_for(staff)
    url = reverse("admin:visions_indicator_change", args=[brevet.pk])
    form = BeautifulSoup(client.get(url).content, "html.parser").select_one("#indicator_form")
    data = {}
    for field in form.select("input[name], select[name], textarea[name]"):
        if field.name == "select":
            chosen = field.select_one("option[selected]")
            data[field["name"]] = chosen["value"] if chosen else ""
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[field["name"]] = field.get("value", "on")
        elif field.name == "textarea":
            data[field["name"]] = field.text
        else:
            data[field["name"]] = field.get("value", "")
    changed = next(k for k, v in data.items() if k.endswith("-date") and v == "31/12/2025")
    data[changed] = "31/12/2024"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert stored(brevet) == (D(2025, 6, 30), Decimal("39"))


def test_saving_an_indicator_read_earlier_keeps_the_fresh_latest(brevet):
    read_before = Indicator.objects.get(pk=brevet.pk)
    measure(brevet, D(2025, 12, 31), "41")
    read_before.name = "Réussite au diplôme national du brevet"
    read_before.save()
    assert stored(brevet) == (D(2025, 12, 31), Decimal("41"))
    assert Indicator.objects.get(pk=brevet.pk).name == "Réussite au diplôme national du brevet"


def test_the_load_tests_clean_up_restores_the_latest(brevet):
    from bench.loadtest import cleanup, table_counts

    measure(brevet, D(2025, 6, 30), "39")
    before = table_counts()
    measure(brevet, D(2025, 12, 31), "41")
    cleanup(before)
    assert stored(brevet) == (D(2025, 6, 30), Decimal("39"))


@pytest.mark.parametrize("form", ["FILL_POSTGRESQL", "FILL_PORTABLE"])
def test_the_migration_fills_the_latest_of_existing_indicators(brevet, emploi, objective, form):
    if form == "FILL_POSTGRESQL" and connection.vendor != "postgresql":
        pytest.skip("DISTINCT ON is PostgreSQL's")
    empty = factories.IndicatorFactory(objective=objective)
    for day, value in [(D(2025, 6, 30), "39"), (D(2025, 12, 31), "41"), (D(2025, 9, 30), "45")]:
        measure(brevet, day, value)
    measure(emploi, D(2024, 12, 31), "60")
    Indicator.objects.update(latest_value=None, latest_date=None)  # as before the migration
    migration = importlib.import_module("visions.migrations.0004_indicator_latest_measurement")
    with connection.cursor() as cursor:
        cursor.execute(getattr(migration, form))
    assert stored(brevet) == (D(2025, 12, 31), Decimal("41"))
    assert stored(emploi) == (D(2024, 12, 31), Decimal("60"))
    assert stored(empty) == (None, None)
    # The function the migration runs picks the form of the database.
    Indicator.objects.update(latest_value=None, latest_date=None)
    migration.fill_latest(None, SimpleNamespace(connection=connection))
    assert_every_indicator_is_fresh()


# Random sequences of writes: the stored copy never drifts from the measurements. -------

DAYS = [D(2024, 3, 31) + datetime.timedelta(days=91 * k) for k in range(8)]
values = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)
writes = st.one_of(
    st.tuples(st.just("create"), st.integers(0, 1), st.sampled_from(DAYS), values),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("redate"), st.integers(0, 50), st.sampled_from(DAYS)),
    st.tuples(st.just("revalue"), st.integers(0, 50), values),
    st.tuples(st.just("move"), st.integers(0, 50), st.integers(0, 1)),
    st.tuples(st.just("bulk_redate"), st.integers(0, 1), st.sampled_from(DAYS)),
)


def apply(write, indicators):
    kind, *args = write
    rows = list(Measurement.objects.order_by("pk"))
    if kind == "create":
        which, day, value = args
        if not Measurement.objects.filter(indicator=indicators[which], date=day).exists():
            Measurement.objects.create(indicator=indicators[which], date=day, value=value)
        return
    if kind == "bulk_redate":
        which, day = args
        taken = Measurement.objects.filter(indicator=indicators[which], date=day).exists()
        if not taken:
            # One row only: one value per date and indicator.
            first = indicators[which].measurements.order_by("pk")[:1].values("pk")
            Measurement.objects.filter(pk__in=first).update(date=day)
        return
    if not rows:
        return
    row = rows[args[0] % len(rows)]
    if kind == "delete":
        row.delete()
    elif kind == "redate":
        if not Measurement.objects.filter(indicator_id=row.indicator_id, date=args[1]).exists():
            row.date = args[1]
            row.save()
    elif kind == "revalue":
        row.value = args[1]
        row.save()
    elif kind == "move":
        target = indicators[args[1]]
        if not Measurement.objects.filter(indicator=target, date=row.date).exists():
            row.indicator = target
            row.save()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sequence=st.lists(writes, min_size=1, max_size=12))
def test_any_sequence_of_writes_keeps_the_stored_latest_exact(objective, sequence):
    indicators = [factories.IndicatorFactory(objective=objective) for _ in range(2)]
    try:
        for write in sequence:
            apply(write, indicators)
            for indicator in indicators:
                assert stored(indicator) == recomputed(indicator), write
    finally:
        Indicator.objects.filter(pk__in=[i.pk for i in indicators]).delete()


@pytest.mark.django_db(transaction=True)
def test_two_measurements_recorded_at_once_leave_the_later_one_stored(brevet):
    """Two people enter values of the same indicator at the same moment: whatever the
    order their transactions commit in, the stored latest is the later date."""
    import threading
    import time

    from django.db import transaction

    if connection.vendor != "postgresql":
        pytest.skip("SQLite écrit une transaction à la fois")
    errors = []

    def enter_older_value():
        try:
            with transaction.atomic():
                measure(brevet, D(2025, 3, 31), "50")
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    with transaction.atomic():
        measure(brevet, D(2025, 6, 30), "60")  # not committed yet
        other = threading.Thread(target=enter_older_value)
        other.start()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # until the other one waits for our lock
            with connection.cursor() as cursor:
                # Statistics are read once per transaction unless their snapshot is dropped.
                cursor.execute("SELECT pg_stat_clear_snapshot()")
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE wait_event_type = 'Lock' AND datname = current_database()"
                )
                if cursor.fetchone()[0]:
                    break
            time.sleep(0.05)
        else:
            pytest.fail("the second entry never waited for the first")
    other.join(timeout=30)
    assert errors == []
    assert stored(brevet) == (D(2025, 6, 30), Decimal("60.00"))
