"""Baselines from official data: an indicator tied to an INSEE variable of a QPV."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from statistiques.enums import Secrecy
from tests import factories
from tests.conftest import client_for
from visions.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(site_a):
    quartier = site_a.quartiers.get()
    poverty = factories.VariableFactory(code="DISP_TP60", label="Taux de pauvreté")
    source = factories.StatSourceFactory(file_name="revenus_pauvrete_2021_qp24_csv.zip")
    factories.StatValueFactory(
        quartier=quartier, variable=poverty, vintage=2020, value=Decimal("41.3"), source=source
    )
    factories.StatValueFactory(
        quartier=quartier, variable=poverty, vintage=2021, value=Decimal("40.456"), source=source
    )
    return quartier, poverty


def form_data(objective, **extra):
    return {
        "objective": objective.pk,
        "name": "Taux de pauvreté",
        "unit": "%",
        "direction": "baisse",
        "baseline_value": "",
        "baseline_date": "",
        "target_value": "35",
        "target_date": "2030-12-31",
        "frequency": "annuelle",
        **extra,
    }


def test_a_tied_indicator_takes_its_baseline_and_source_from_the_latest_vintage(
    site_a, member_a, official
):
    quartier, poverty = official
    objective = factories.ObjectiveFactory(vision=factories.VisionFactory(site=site_a))
    client = client_for(member_a)
    url = reverse("visions:indicator_create", args=[objective.pk])
    form_page = client.get(url).content.decode()
    assert "Taux de pauvreté (DISP_TP60) : 40,456 en 2021" in form_page
    key = f"{quartier.pk}-{poverty.pk}"
    assert client.post(url, form_data(objective, official=key)).status_code == 302
    indicator = Indicator.objects.get()
    assert indicator.baseline_value == Decimal("40.46")
    assert indicator.baseline_date == datetime.date(2021, 12, 31)
    assert indicator.official_vintage == 2021
    assert "revenus_pauvrete_2021_qp24_csv.zip" in indicator.baseline_source
    page = client.get(indicator.get_absolute_url()).content.decode()
    assert "Donnée officielle" in page and "millésime 2021" in page
    api = client.get(reverse("api:indicator-detail", args=[indicator.pk])).json()
    assert "DISP_TP60" in api["baseline_source"]


def test_without_a_tie_the_baseline_is_required(site_a, member_a, official):
    objective = factories.ObjectiveFactory(vision=factories.VisionFactory(site=site_a))
    url = reverse("visions:indicator_create", args=[objective.pk])
    response = client_for(member_a).post(url, form_data(objective))
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not Indicator.objects.exists()


def test_a_secret_value_cannot_be_a_baseline(site_a, member_a, official):
    quartier, _poverty = official
    secret = factories.VariableFactory(code="DISP_MED")
    factories.StatValueFactory(
        quartier=quartier, variable=secret, value=None, secrecy=Secrecy.SECRET
    )
    objective = factories.ObjectiveFactory(vision=factories.VisionFactory(site=site_a))
    url = reverse("visions:indicator_create", args=[objective.pk])
    response = client_for(member_a).post(
        url, form_data(objective, official=f"{quartier.pk}-{secret.pk}")
    )
    assert "secret statistique" in response.content.decode()
    assert not Indicator.objects.exists()


def test_a_newer_vintage_is_offered_as_a_measurement_never_applied(site_a, member_a, official):
    quartier, poverty = official
    objective = factories.ObjectiveFactory(vision=factories.VisionFactory(site=site_a))
    client = client_for(member_a)
    url = reverse("visions:indicator_create", args=[objective.pk])
    client.post(url, form_data(objective, official=f"{quartier.pk}-{poverty.pk}"))
    indicator = Indicator.objects.get()
    assert (
        "Enregistrer le millésime" not in client.get(indicator.get_absolute_url()).content.decode()
    )

    factories.StatValueFactory(
        quartier=quartier, variable=poverty, vintage=2022, value=Decimal("38")
    )
    page = client.get(indicator.get_absolute_url()).content.decode()
    assert "Enregistrer le millésime 2022 comme mesure" in page
    indicator.refresh_from_db()
    assert indicator.baseline_value == Decimal("40.46") and indicator.latest_value is None

    # Editing the indicator keeps the baseline's vintage.
    edit = reverse("visions:indicator_edit", args=[indicator.pk])
    client.post(edit, form_data(objective, official=f"{quartier.pk}-{poverty.pk}", name="Pauvreté"))
    indicator.refresh_from_db()
    assert (indicator.name, indicator.official_vintage) == ("Pauvreté", 2021)

    record = reverse("visions:indicator_official_measurement", args=[indicator.pk])
    client.post(record, {"vintage": "2022"})
    indicator.refresh_from_db()
    assert indicator.latest_value == Decimal("38")
    assert indicator.latest_date == datetime.date(2022, 12, 31)
    assert (
        "Enregistrer le millésime" not in client.get(indicator.get_absolute_url()).content.decode()
    )
    client.post(record, {"vintage": "2022"})  # twice: nothing more
    assert indicator.measurements.count() == 1


def test_untying_keeps_the_baseline_and_drops_the_source(site_a, member_a, official):
    quartier, poverty = official
    objective = factories.ObjectiveFactory(vision=factories.VisionFactory(site=site_a))
    client = client_for(member_a)
    client.post(
        reverse("visions:indicator_create", args=[objective.pk]),
        form_data(objective, official=f"{quartier.pk}-{poverty.pk}"),
    )
    indicator = Indicator.objects.get()
    client.post(
        reverse("visions:indicator_edit", args=[indicator.pk]),
        form_data(objective, baseline_value="40,46", baseline_date="2021-12-31"),
    )
    indicator.refresh_from_db()
    assert indicator.official_variable is None and indicator.baseline_source == ""
    assert indicator.baseline_value == Decimal("40.46")
