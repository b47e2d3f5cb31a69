"""« Données du quartier » of a site, and the import page of the administrators."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from statistiques.enums import Secrecy
from statistiques.models import StatValue
from tests import factories
from tests.conftest import client_for
from tests.statistiques.test_import import ZIP_NAME, make_zip, standard_zip

pytestmark = pytest.mark.django_db


def test_the_page_shows_each_qpv_beside_the_benchmark_with_the_gap_and_secrets(site_a, member_a):
    first = site_a.quartiers.get()
    second = factories.QuartierFactory(name="La Cotonne")
    site_a.quartiers.add(second)
    median = factories.VariableFactory(code="DISP_MED", label="Revenu médian")
    source = factories.StatSourceFactory(file_name="revenus_2021.zip")
    for vintage, value, benchmark in ((2020, "14000", "14500"), (2021, "14520.5", "14750")):
        factories.StatValueFactory(
            quartier=first, variable=median, vintage=vintage, value=Decimal(value), source=source
        )
        factories.StatValueFactory(
            quartier=None,
            is_benchmark=True,
            variable=median,
            vintage=vintage,
            value=Decimal(benchmark),
            source=source,
        )
    factories.StatValueFactory(
        quartier=second,
        variable=median,
        vintage=2021,
        value=None,
        secrecy=Secrecy.SECRET,
        source=source,
    )
    page = client_for(member_a).get(reverse("statistiques:site_data", args=[site_a.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Revenu médian" in html and "Revenus et pauvreté" in html
    assert first.name in html and "La Cotonne" in html  # one column per QPV
    assert "14\u202f520,5" in html and "(2021)" in html
    assert "14\u202f750" in html  # the all-QPV benchmark of the same vintage
    assert "\u2212229,5" in html  # the gap to it
    assert "secret statistique" in html
    assert "34\u202f520" not in html  # never summed across QPV (14 520,5 + …)
    assert "<svg" in html  # the history across vintages
    assert "revenus_2021.zip" in html


def test_the_page_says_when_nothing_was_imported(site_a, member_a):
    page = client_for(member_a).get(reverse("statistiques:site_data", args=[site_a.pk]))
    assert "Aucune donnée officielle" in page.content.decode()


def test_an_administrator_imports_zips_from_the_page(admin_user):
    factories.QuartierFactory(code="QN04201M")
    client = client_for(admin_user)
    url = reverse("statistiques:stat_import")
    page = client.post(
        url,
        {
            "files": SimpleUploadedFile(ZIP_NAME, standard_zip()),
            "source_url": "https://www.insee.fr/fr/statistiques/",
        },
        follow=True,
    )
    html = page.content.decode()
    assert page.redirect_chain[0][0].startswith(url + "?resultat=")
    assert "Import terminé" in html and "4 ajoutées" in html
    assert "QN09399M" in html  # the unknown QPV, reported
    assert StatValue.objects.filter(quartier__code="QN04201M").count() == 2
    assert ZIP_NAME in client.get(url).content.decode()  # among the last imports


def test_a_refused_zip_shows_its_errors_and_writes_nothing(admin_user):
    factories.QuartierFactory(code="QN04201M")
    bad = make_zip({"x_QP24.csv": "CODGEO;DISP_MED_A21\nQN04201M;douze\n"})
    page = client_for(admin_user).post(
        reverse("statistiques:stat_import"),
        {"files": [SimpleUploadedFile(ZIP_NAME, standard_zip()), SimpleUploadedFile("b.zip", bad)]},
    )
    html = page.content.decode()
    assert "rien n&#x27;a été enregistré" in html or "rien n'a été enregistré" in html
    assert "x_QP24.csv, ligne 2, colonne « DISP_MED_A21 »" in html
    assert not StatValue.objects.exists()


def test_only_administrators_import(chef):
    page = client_for(chef).post(
        reverse("statistiques:stat_import"), {"files": SimpleUploadedFile(ZIP_NAME, standard_zip())}
    )
    assert page.status_code == 403
    assert not StatValue.objects.exists()
