"""The national comparison of the sites' QPV on one official variable."""

from decimal import Decimal

import pytest
from django.urls import reverse

from statistiques.enums import Secrecy
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def add_values(site, variable, value, vintage=2021):
    secrecy = Secrecy.SECRET if value is None else Secrecy.NONE
    for quartier in site.quartiers.all():
        factories.StatValueFactory(
            quartier=quartier, variable=variable, vintage=vintage, value=value, secrecy=secrecy
        )


@pytest.fixture
def poverty(db):
    variable = factories.VariableFactory(code="DISP_TP60", label="Taux de pauvreté")
    for vintage, value in ((2020, "44"), (2021, "43.3")):
        factories.StatValueFactory(
            quartier=None,
            is_benchmark=True,
            variable=variable,
            vintage=vintage,
            value=Decimal(value),
        )
    return variable


def test_anct_compares_each_qpv_of_the_sites_with_the_benchmark(site_a, site_b, chef, poverty):
    add_values(site_a, poverty, Decimal("38.2"))
    add_values(site_b, poverty, None)
    add_values(site_a, poverty, Decimal("39"), vintage=2020)
    url = reverse("statistiques:comparison")
    html = client_for(chef).get(url, {"variable": poverty.pk}).content.decode()
    assert "millésime 2021" in html
    assert site_a.name in html and site_b.name in html
    assert "38,2" in html and "\u22125,1" in html  # the gap to 43,3
    assert "secret statistique" in html
    assert "Ensemble des QPV : 43,3" in html  # the benchmark line of the chart
    older = client_for(chef).get(url, {"variable": poverty.pk, "millesime": 2020}).content.decode()
    assert "39" in older and "millésime 2020" in older


def test_the_sites_are_filtered_like_the_national_dashboard(site_a, site_b, chef, poverty):
    add_values(site_a, poverty, Decimal("38.2"))
    add_values(site_b, poverty, Decimal("41"))
    url = reverse("statistiques:comparison")
    html = client_for(chef).get(url, {"variable": poverty.pk, "q": site_b.name}).content.decode()
    assert site_b.name in html and site_a.name not in html


def test_the_page_costs_the_same_whatever_the_number_of_sites(
    site_a, admin_user, poverty, query_budget
):
    add_values(site_a, poverty, Decimal("38.2"))
    client = client_for(admin_user)
    url = reverse("statistiques:comparison")
    with query_budget("comparison.variable"):
        assert client.get(url, {"variable": poverty.pk}).status_code == 200
    for index in range(8):
        site = factories.SiteFactory(quartiers=factories.QuartierFactory.create_batch(2))
        add_values(site, poverty, Decimal(30 + index))
    with query_budget("comparison.variable"):
        assert client.get(url, {"variable": poverty.pk}).status_code == 200
