"""The API of the official statistics: read-only, filterable, readable by every account."""

from decimal import Decimal

import pytest
from django.urls import reverse

from statistiques.enums import Secrecy
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_values_are_filtered_by_qpv_theme_variable_and_vintage(site_a, observer):
    quartier = site_a.quartiers.get()
    median = factories.VariableFactory(code="DISP_MED", theme="Revenus et pauvreté")
    jobs = factories.VariableFactory(code="NB_DEFM", theme="Demandeurs d'emploi")
    factories.StatValueFactory(quartier=quartier, variable=median, vintage=2020)
    factories.StatValueFactory(
        quartier=quartier, variable=median, vintage=2021, value=None, secrecy=Secrecy.SECRET
    )
    factories.StatValueFactory(quartier=None, is_benchmark=True, variable=median, vintage=2021)
    factories.StatValueFactory(quartier=factories.QuartierFactory(), variable=jobs, value=412)
    client = client_for(observer)
    url = reverse("api:statvalue-list")

    def rows(**params):
        return client.get(url, params).json()["results"]

    assert len(rows()) == 4
    secret = rows(quartier=quartier.code, vintage=2021)
    assert [(r["variable"], r["value"], r["secrecy"]) for r in secret] == [("DISP_MED", None, "s")]
    assert {r["variable"] for r in rows(theme="Demandeurs d'emploi")} == {"NB_DEFM"}
    benchmark = rows(variable="DISP_MED", is_benchmark="true")
    assert benchmark[0]["quartier"] is None and Decimal(benchmark[0]["value"]) == Decimal("14520.5")
    refused = client.get(url, {"vintage": "deux mille"})
    assert refused.status_code == 400 and "vintage" in str(refused.json())
    variables = client.get(reverse("api:variable-list"), {"code": "NB_DEFM"}).json()["results"]
    assert [v["theme"] for v in variables] == ["Demandeurs d'emploi"]


def test_nobody_writes_through_the_api(admin_user):
    response = client_for(admin_user).post(
        reverse("api:variable-list"), {"code": "X"}, content_type="application/json"
    )
    assert response.status_code == 405
