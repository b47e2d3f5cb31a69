"""Dates a person types are plausible (qic/dates.py): from 1 January 1990 to twenty years
ahead, in forms, in the API and in CSV imports alike (tests/visions/test_import.py)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from qic.dates import latest, validate_plausible_date
from quartiers.models import FormationSession
from tests import factories
from tests.api.conftest import call
from tests.conftest import client_for
from visions.models import Measurement

TODAY = datetime.date(2026, 10, 15)
MESSAGE = "Date invraisemblable : elle doit être comprise entre le 01/01/1990 et le 15/10/2046."


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 10, 15, 12), tick=False):
        yield


def test_the_range_is_1990_to_twenty_years_ahead():
    for day in (datetime.date(1990, 1, 1), TODAY, datetime.date(2046, 10, 15)):
        validate_plausible_date(day)
    validate_plausible_date(datetime.datetime(2046, 10, 15, 23, 59))
    for day in (datetime.date(1, 1, 1), datetime.date(1989, 12, 31), datetime.date(9999, 12, 31)):
        with pytest.raises(ValidationError) as error:
            validate_plausible_date(day)
        assert error.value.messages == [MESSAGE]
    assert latest(datetime.date(2080, 2, 29)) == datetime.date(2100, 2, 28)  # not a leap year


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["0001-01-01", "1989-12-31"])
def test_a_measurement_of_year_one_is_refused_by_the_form_and_the_api(member_a, site_a, typed):
    indicator = factories.IndicatorFactory(objective__vision__site=site_a)
    client = client_for(member_a)
    response = client.post(
        reverse("visions:measurement_create", args=[indicator.pk]), {"date": typed, "value": "8"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [MESSAGE]
    response = call(
        client, "POST", "/api/v1/mesures/", {"indicator": indicator.pk, "date": typed, "value": 8}
    )
    assert response.status_code == 400
    assert response.json()["erreurs"]["date"] == [MESSAGE]
    assert not Measurement.objects.exists()


@pytest.mark.django_db
def test_a_session_in_year_9999_is_refused(admin_user, site_a):
    cohort = site_a.cohort
    response = client_for(admin_user).post(
        reverse("quartiers:session_create", kwargs={"year": cohort.year}),
        {"date": "9999-12-31", "theme": "Écoute", "place": "Paris"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [MESSAGE]
    response = call(
        client_for(admin_user),
        "POST",
        "/api/v1/sessions-formation/",
        {"cohort": cohort.pk, "date": "9999-12-31", "theme": "Écoute"},
    )
    assert response.status_code == 400
    assert response.json()["erreurs"]["date"] == [MESSAGE]
    assert not FormationSession.objects.exists()
