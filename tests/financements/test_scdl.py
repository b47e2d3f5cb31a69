"""Open formats: the SCDL « Subventions » export validates against the vendored schema
(frictionless); the import in the same layout is all or nothing, errors by line and
column, whatever the encoding and separator."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from frictionless import Resource, Schema

from financements import scdl
from financements.enums import FundingStatus
from financements.models import FundingLine
from tests import factories
from tests.conftest import client_for
from tests.visions.helpers import page_text

pytestmark = pytest.mark.django_db

SIRET_VILLE = "21420218600014"  # Luhn-valid
SIRET_ASSO = "73282932000074"


@pytest.fixture
def granted(site_a):
    ville = factories.StructureFactory(name="Ville (fictive)", siret=SIRET_VILLE)
    porteur = factories.StructureFactory(name="Centre social (fictif)", siret=SIRET_ASSO)
    action = factories.ActionFactory(site=site_a, title="Soutien scolaire", porteur=porteur)
    line = factories.FundingLineFactory(action=action, funder=ville, reference="D-2026-12")
    factories.FundingLineFactory(  # asked only: not published
        action=action,
        funder=ville,
        status=FundingStatus.DEMANDE,
        granted=None,
        paid=Decimal(0),
        convention_date=None,
    )
    factories.FundingLineFactory(action=action)  # funder without a SIRET: left out
    return line


def test_the_site_export_validates_against_the_schema(member_a, site_a, granted):
    response = client_for(member_a).get(reverse("financements:site_scdl_export", args=[site_a.pk]))
    assert response.status_code == 200
    assert response["X-Lignes-Non-Publiables"] == "1"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.DictReader(io.StringIO(content.decode())))
    assert len(rows) == 1
    assert rows[0]["montant"] == "8000.00"
    assert rows[0]["idBeneficiaire"] == SIRET_ASSO
    assert rows[0]["dateConvention"] == "2026-03-15"
    schema = Schema.from_descriptor(scdl.SCHEMA)
    report = Resource(data=content, format="csv", schema=schema).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert all(row["idBeneficiaire"] or row["rnaBeneficiaire"] for row in rows)
    broken = content.replace(b"8000.00", b"huit mille").replace(SIRET_VILLE.encode(), b"123")
    assert not Resource(data=broken, format="csv", schema=schema).validate().valid


def test_the_national_export_is_for_anct(chef, member_a, granted):
    assert client_for(member_a).get(reverse("financements:national_scdl_export")).status_code == 403
    response = client_for(chef).get(reverse("financements:national_scdl_export"))
    assert response.content.decode().count("\r\n") == 2


def _file(rows, *, delimiter=",", encoding="utf-8", bom=False):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([*scdl.COLUMNS, "typeFinanceur"])
    for row in rows:
        writer.writerow([row.get(name, "") for name in [*scdl.COLUMNS, "typeFinanceur"]])
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def _row(**extra):
    return {
        "nomAttribuant": "Ville (fictive)",
        "idAttribuant": SIRET_VILLE,
        "dateConvention": "2026-04-02",
        "referenceDecision": "Délibération 12",
        "nomBeneficiaire": "Centre social (fictif)",
        "idBeneficiaire": SIRET_ASSO,
        "objet": "Soutien scolaire",
        "montant": "1500.50",
        "nature": "aide en numéraire",
        "conditionsVersement": "unique",
        "datesPeriodeVersement": "2026-01-01/2026-12-31",
        "notificationUE": "non",
        "pourcentageSubvention": "1.00",
        "typeFinanceur": "commune",
    } | extra


@pytest.mark.parametrize(
    ("delimiter", "encoding", "bom"), [(",", "utf-8", True), (";", "cp1252", False)]
)
def test_the_import_reads_any_encoding_and_separator(
    member_a, site_a, granted, delimiter, encoding, bom
):
    data = _file([_row(), _row(montant="200")], delimiter=delimiter, encoding=encoding, bom=bom)
    before = FundingLine.objects.count()
    upload = io.BytesIO(data)
    upload.name = "subventions.csv"
    response = client_for(member_a).post(
        reverse("financements:funding_import", args=[site_a.pk]), {"file": upload}
    )
    assert response.status_code == 302
    assert FundingLine.objects.count() == before + 2
    line = FundingLine.objects.get(granted=Decimal("1500.50"))
    assert (line.reference, line.convention_date) == ("Délibération 12", datetime.date(2026, 4, 2))


def test_one_bad_line_imports_nothing_and_says_where(member_a, site_a, granted):
    data = _file([_row(), _row(montant="-3", idBeneficiaire="123", objet="Inconnue")])
    before = FundingLine.objects.count()
    upload = io.BytesIO(data)
    upload.name = "subventions.csv"
    response = client_for(member_a).post(
        reverse("financements:funding_import", args=[site_a.pk]), {"file": upload}
    )
    text = page_text(response)
    assert "n'est pas importé" in text
    assert "Ligne 3, colonne « montant »" in text
    assert "Ligne 3, colonne « idBeneficiaire »" in text
    assert "Ligne 3, colonne « objet »" in text
    assert FundingLine.objects.count() == before
