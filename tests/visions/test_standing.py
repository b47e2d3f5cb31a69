"""The standing each indicator stores (docs/architecture.md, « Situation d'un indicateur
(stockée) »): right after every kind of write, and checked by ``indicator_standing``.
Every test of this directory also runs ``indicator_standing --check`` when it ends
(``tests/visions/conftest.py``)."""

import datetime
import importlib
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests import factories
from tests.api.conftest import call
from tests.conftest import client_for
from tests.standing import assert_standing_checked
from visions import services
from visions.enums import Direction, Frequency, Track
from visions.models import Indicator, Measurement

pytestmark = pytest.mark.django_db

D = datetime.date
# Mid-October 2026: Q3 ended on 30/09, its value is due by 30/10.
NOW = datetime.datetime(2026, 10, 15, 12, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def rise(site_a):
    """From 40 (01/01/2024) to 50 (01/01/2028), quarterly."""
    return factories.IndicatorFactory(
        objective=factories.ObjectiveFactory(vision=factories.VisionFactory(site=site_a)),
        name="Emploi des jeunes",
        direction=Direction.HAUSSE,
        baseline_value=Decimal(40),
        baseline_date=D(2024, 1, 1),
        target_value=Decimal(50),
        target_date=D(2028, 1, 1),
        frequency=Frequency.TRIMESTRIELLE,
    )


def stored(indicator) -> Indicator:
    return Indicator.objects.get(pk=indicator.pk)


def test_a_new_indicator_stores_that_it_cannot_be_judged_yet(rise):
    rise = stored(rise)
    assert (rise.track, rise.progress, rise.latest_date) == (Track.NON_EVALUABLE, None, None)
    # Nothing since the baseline (Q1 2024): Q2 2024 was due by 30/07/2024.
    assert rise.next_due_on == D(2024, 7, 30)
    assert rise.overdue


def test_a_measurement_saved_then_deleted_moves_the_standing(rise, member_a):
    measurement = factories.MeasurementFactory(indicator=rise, date=D(2026, 9, 30), value=46)
    rise = stored(rise)
    assert (rise.latest_value, rise.progress, rise.track) == (Decimal(46), 0.6, Track.EN_BONNE_VOIE)
    assert rise.next_due_on == D(2027, 1, 30)  # Q4 due 30 days after 31/12
    assert not rise.overdue
    response = client_for(member_a).post(
        reverse("visions:measurement_delete", args=[measurement.pk])
    )
    assert response.status_code == 302
    rise = stored(rise)
    assert (rise.latest_value, rise.track, rise.next_due_on) == (
        None,
        Track.NON_EVALUABLE,
        D(2024, 7, 30),
    )


def test_the_grid_stores_the_standing(site_a, member_a, rise):
    response = client_for(member_a).post(
        reverse("visions:indicator_grid", args=[site_a.pk]),
        {f"i{rise.pk}-date": "2026-09-30", f"i{rise.pk}-value": "39", f"i{rise.pk}-comment": ""},
    )
    assert response.status_code == 302
    assert (stored(rise).track, stored(rise).progress) == (Track.S_ELOIGNE, pytest.approx(-0.1))


def test_measurements_recorded_in_bulk_store_the_standing(member_a, rise):
    services.measurements_record(
        entries=[
            services.Entry(rise, D(2026, 6, 30), Decimal("42")),
            services.Entry(rise, D(2026, 9, 30), Decimal("50")),
        ],
        author=member_a,
    )
    rise = stored(rise)
    assert (rise.latest_date, rise.track, rise.next_due_on) == (
        D(2026, 9, 30),
        Track.ATTEINT,
        D(2027, 1, 30),
    )


def test_an_import_job_stores_the_standing(
    site_a, member_a, rise, django_capture_on_commit_callbacks
):
    content = f"indicateur;date;valeur;commentaire\n{rise.pk};30/09/2026;41;\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(member_a).post(
            reverse("visions:measurement_import", args=[site_a.pk]),
            {"file": SimpleUploadedFile("mesures.csv", content, content_type="text/csv")},
        )
    assert response.status_code == 302
    rise = stored(rise)
    assert (rise.latest_value, rise.track) == (Decimal(41), Track.EN_RETARD)


def test_the_api_writes_store_the_standing(member_a, rise):
    client = client_for(member_a)
    response = call(
        client,
        "POST",
        "/api/v1/mesures/lot/",
        [{"indicator": rise.pk, "date": "2026-09-30", "value": 46}],
    )
    assert response.status_code == 201, response.content
    assert stored(rise).track == Track.EN_BONNE_VOIE
    measurement = Measurement.objects.get(indicator=rise)
    # The target moved by the API: the answer and the row carry the new standing.
    response = call(
        client,
        "PATCH",
        f"/api/v1/indicateurs/{rise.pk}/",
        {"target_value": 60},
    )
    assert response.status_code == 200, response.content
    assert response.json()["track"] == Track.EN_RETARD == stored(rise).track
    response = call(client, "PATCH", f"/api/v1/indicateurs/{rise.pk}/", {"frequency": "mensuelle"})
    assert response.json()["next_due_on"] == "2026-11-15" == stored(rise).next_due_on.isoformat()
    response = call(client, "DELETE", f"/api/v1/mesures/{measurement.pk}/")
    assert response.status_code == 204, response.content
    assert stored(rise).track == Track.NON_EVALUABLE


def test_a_target_or_frequency_changed_by_the_form_stores_the_standing(member_a, rise):
    factories.MeasurementFactory(indicator=rise, date=D(2026, 9, 30), value=46)
    data = {
        "objective": rise.objective_id,
        "name": rise.name,
        "unit": "",
        "source": "",
        "direction": Direction.HAUSSE,
        "baseline_value": "40",
        "baseline_date": "2024-01-01",
        "target_value": "100",
        "target_date": "2028-01-01",
        "tolerance": "",
        "frequency": Frequency.ANNUELLE,
    }
    response = client_for(member_a).post(reverse("visions:indicator_edit", args=[rise.pk]), data)
    assert response.status_code == 302, response.content
    rise = stored(rise)
    assert (rise.progress, rise.track) == (pytest.approx(0.1), Track.EN_RETARD)
    assert rise.next_due_on == D(2028, 3, 30)  # 2027 due 90 days after 31/12/2027


def test_an_update_of_the_fields_it_depends_on_stores_the_standing(rise):
    factories.MeasurementFactory(indicator=rise, date=D(2026, 9, 30), value=46)
    Indicator.objects.filter(pk=rise.pk).update(target_value=Decimal(45))
    assert stored(rise).track == Track.ATTEINT


def test_overdue_flips_with_the_date_alone(rise):
    factories.MeasurementFactory(indicator=rise, date=D(2026, 9, 30), value=46)
    before = stored(rise).updated_at
    for day, overdue in [(D(2027, 1, 30), False), (D(2027, 1, 31), True)]:
        with time_machine.travel(
            datetime.datetime(day.year, day.month, day.day, 12, tzinfo=NOW.tzinfo), tick=False
        ):
            assert stored(rise).overdue is overdue
            assert Indicator.objects.overdue().filter(pk=rise.pk).exists() is overdue
    assert stored(rise).updated_at == before  # nothing was written


def test_the_check_lists_every_difference_and_the_command_repairs_them(rise):
    factories.MeasurementFactory(indicator=rise, date=D(2026, 9, 30), value=46)
    # A write that bypasses the ORM (a fix in the database, say).
    Indicator.objects.filter(pk=rise.pk).update(track=Track.EN_RETARD, next_due_on=D(2020, 1, 1))
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 indicateur"):
        call_command("indicator_standing", "--check", stdout=out)
    listed = out.getvalue()
    assert f"Indicateur {rise.pk} « Emploi des jeunes » : track stocké en_retard" in listed
    assert "next_due_on stocké 2020-01-01, recalculé 2027-01-30" in listed
    out = io.StringIO()
    call_command("indicator_standing", stdout=out)
    assert "1 indicateur(s) corrigé(s) sur 1." in out.getvalue()
    out = io.StringIO()
    call_command("indicator_standing", "--check", stdout=out)
    assert "Aucun écart" in out.getvalue()
    assert_standing_checked()


def test_the_migration_fills_the_standing_of_existing_indicators(rise):
    factories.MeasurementFactory(indicator=rise, date=D(2026, 9, 30), value=46)
    # As before the migration: the columns at their defaults.
    Indicator.objects.update(
        track=Track.NON_EVALUABLE, progress=None, expected_progress=None, next_due_on=None
    )
    migration = importlib.import_module("visions.migrations.0006_indicator_standing")
    migration.fill_standing(django_apps, None)
    rise = stored(rise)
    assert (rise.track, rise.progress, rise.next_due_on) == (
        Track.EN_BONNE_VOIE,
        pytest.approx(0.6),
        D(2027, 1, 30),
    )
