"""Open data: public, stable addresses, every file valid against its Table Schema
(frictionless), licence and date of last update; nothing unpublished."""

import csv
import io
import json

import pytest
from django.core.cache import cache
from django.urls import reverse
from frictionless import Resource, Schema, validate

from publication import opendata
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def published(site_a, site_b):
    objective = factories.ObjectiveFactory(vision__site=site_a)
    indicator = factories.IndicatorFactory(objective=objective, name="Jeunes en emploi")
    factories.MeasurementFactory(indicator=indicator, value="42.5")
    hidden = factories.IndicatorFactory(objective=objective, name="Caché")
    factories.ActionFactory(site=site_a, title="Atelier vélo")
    factories.ActionFactory(site=site_b, title="Action non publiée")
    factories.PublicPageFactory(site=site_a, show_actions=True, indicators=[indicator])
    factories.PublicPageFactory(site=site_b, published=False)
    return indicator, hidden


def _get(name, extension):
    response = client_for(None).get(reverse("public:opendata_file", args=[name, extension]))
    assert response.status_code == 200
    return response


def _schema(name):
    response = client_for(None).get(reverse("public:opendata_schema", args=[name]))
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("name", sorted(opendata.RESOURCES))
@pytest.mark.parametrize("extension", ["csv", "json"])
def test_every_file_is_valid_against_its_schema(name, extension, published, tmp_path):
    content = _get(name, extension).content
    schema = Schema.from_descriptor(_schema(name))
    if extension == "csv":
        (tmp_path / f"{name}.csv").write_bytes(content)
        resource = Resource(path=f"{name}.csv", basepath=str(tmp_path), schema=schema)
    else:  # a list of objects, read as inline rows (a .json path is read as a descriptor)
        resource = Resource(data=json.loads(content), schema=schema)
    report = validate(resource)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] >= 1


def test_csv_follows_data_gouv_conventions(published):
    response = _get("indicateurs", "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    values = {(row["type_valeur"], row["valeur"]) for row in rows}
    assert ("mesure", "42.5") in values
    assert all(len(row["date"]) == 10 and row["date"][4] == "-" for row in rows)
    assert {row["indicateur"] for row in rows} == {"Jeunes en emploi"}  # « Caché » is not


def test_only_published_actions(published):
    titles = {row["intitule"] for row in json.loads(_get("actions", "json").content)}
    assert titles == {"Atelier vélo"}


def test_sites_list_every_site_without_people(published, site_a, site_b):
    factories.TrinomeMandateFactory(site=site_a)
    rows = json.loads(_get("sites", "json").content)
    assert {row["nom"] for row in rows} == {site_a.name, site_b.name}
    assert {row["page_publique"] for row in rows} == {True, False}


def test_files_follow_a_write_at_once(published):
    indicator, _hidden = published
    assert "43.25" not in _get("indicateurs", "csv").content.decode()
    factories.MeasurementFactory(indicator=indicator, value="43.25")
    assert "43.25" in _get("indicateurs", "csv").content.decode()


def test_page_and_datapackage_give_licence_and_date(published):
    client = client_for(None)
    html = client.get(reverse("public:opendata")).content.decode()
    assert "Licence Ouverte / Open Licence version 2.0" in html
    assert "Dernière mise à jour des données" in html
    package = client.get(reverse("public:opendata_package")).json()
    assert package["licenses"][0]["name"] == "etalab-2.0"
    assert package["last_modified"]
    assert len(package["resources"]) == 2 * len(opendata.RESOURCES)


def test_an_unknown_resource_is_not_found():
    response = client_for(None).get("/donnees/personnes.csv")
    assert response.status_code == 404


def test_an_unknown_format_is_not_found():
    assert client_for(None).get("/donnees/sites.xml").status_code == 404
