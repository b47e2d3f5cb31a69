"""The national table, as filtered and sorted on the page, exported in CSV and XLSX."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from quartiers.enums import SiteStatus
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites(db):
    return [
        factories.SiteFactory(name="Roubaix — Pile", status=SiteStatus.MISE_EN_OEUVRE),
        factories.SiteFactory(name="Dreux — Les Chamards", status=SiteStatus.MISE_EN_OEUVRE),
        factories.SiteFactory(name="=Carpentras", status=SiteStatus.SORTI),
    ]


def _csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="sites-' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_csv_holds_the_filtered_rows_in_the_page_order(admin_user, sites):
    url = reverse("dashboards:national_export", args=["csv"])
    rows = _csv(
        client_for(admin_user).get(url, {"status": SiteStatus.MISE_EN_OEUVRE, "tri": "-nom"})
    )
    assert rows[0][:3] == ["Site", "Statut", "Programme"]
    assert [row[0] for row in rows[1:]] == ["Roubaix — Pile", "Dreux — Les Chamards"]
    assert rows[1][1] == SiteStatus.MISE_EN_OEUVRE.label
    assert rows[0][-4:] == [
        "Engagements en retard",
        "Indicateurs en bonne voie",
        "Indicateurs",
        "Réunions (90 jours)",
    ]
    assert rows[1][-4:] == ["0", "0", "0", "0"]


def test_a_site_name_is_never_a_formula_in_the_spreadsheet(admin_user, sites):
    rows = _csv(client_for(admin_user).get(reverse("dashboards:national_export", args=["csv"])))
    assert "'=Carpentras" in [row[0] for row in rows]


def test_the_xlsx_has_the_same_rows_with_a_filter(admin_user, sites):
    response = client_for(admin_user).get(
        reverse("dashboards:national_export", args=["xlsx"]), {"q": "Roubaix"}
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Site" and [row[0] for row in values[1:]] == ["Roubaix — Pile"]
    assert sheet.auto_filter.ref.startswith("A1:")


def test_the_page_links_to_the_export_with_its_filters(admin_user, sites):
    page = client_for(admin_user).get(reverse("dashboards:national"), {"status": "sorti"})
    assert (
        reverse("dashboards:national_export", args=["csv"]) + "?status=sorti"
    ) in page.content.decode()


def test_an_unknown_format_is_not_found_and_a_member_is_refused(admin_user, member_a, sites):
    assert client_for(admin_user).get("/tableau-de-bord/sites.pdf").status_code == 404
    url = reverse("dashboards:national_export", args=["csv"])
    assert client_for(member_a).get(url).status_code == 403
