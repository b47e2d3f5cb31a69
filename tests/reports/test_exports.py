"""Spreadsheet exports: the requester's rows only, French headers, dates and decimals,
and nothing a spreadsheet would run."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from qic.spreadsheets import Sheet, escape_formula, write_csv, write_xlsx
from reports.enums import ReportKind, ReportStatus
from tests import factories
from tests.reports.conftest import run

pytestmark = pytest.mark.django_db


def workbook(job):
    with job.file.open("rb") as handle:
        return load_workbook(io.BytesIO(handle.read()))


def column(sheet, header):
    headers = [cell.value for cell in sheet[1]]
    index = headers.index(header)
    return [row[index] for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.fixture
def two_sites(rich_site, site_b):
    vision_b = factories.VisionFactory(site=site_b)
    indicator_b = factories.IndicatorFactory(objective__vision=vision_b, name="Indicateur de B")
    factories.MeasurementFactory(indicator=indicator_b)
    factories.ActionFactory(site=site_b, title="Action de B")
    factories.CommitmentFactory(meeting__cercle__site=site_b, text="Engagement de B")
    return rich_site


def test_the_xlsx_export_has_one_sheet_per_table_with_french_headers(two_sites, admin_user):
    job = run(admin_user, ReportKind.EXPORT, format="xlsx")
    assert job.status == ReportStatus.PRET, job.error
    assert job.filename == "export-qic-2026-01-05.xlsx"
    book = workbook(job)
    assert book.sheetnames == [
        "Sites et trinômes",
        "QPV",
        "Actions",
        "Indicateurs",
        "Mesures",
        "Réunions",
        "Engagements",
        "Financements",
    ]
    sites = book["Sites et trinômes"]
    assert sorted(column(sites, "Site")) == ["Site A — Montreynaud", "Site B — Les Aubiers"]
    assert "Trinôme association : titulaire" in [c.value for c in sites[1]]
    measures = book["Mesures"]
    row = [r for r in measures.iter_rows(min_row=2) if r[1].value == "Taux d'emploi des 16-25 ans"][
        -1
    ]
    date_cell, value_cell = row[3], row[4]
    assert (
        date_cell.value == datetime.datetime(2025, 9, 30)
        and date_cell.number_format == "DD/MM/YYYY"
    )
    assert value_cell.value == 44  # a number, that the spreadsheet can sum
    engagements = book["Engagements"]
    late = dict(
        zip(column(engagements, "Engagement"), column(engagements, "Jours de retard"), strict=True)
    )
    assert late["Réserver la salle"] == 65 and late["Inviter la mission locale"] == 0


def test_a_centre_exports_only_the_sites_it_accompanies(two_sites, centre_user):
    book = workbook(run(centre_user, ReportKind.EXPORT, format="xlsx"))
    assert column(book["Sites et trinômes"], "Site") == ["Site A — Montreynaud"]
    assert set(column(book["Sites et trinômes"], "Centres de ressources")) == {"IREV"}
    assert set(column(book["Actions"], "Site")) == {"Site A — Montreynaud"}
    assert "Indicateur de B" not in column(book["Indicateurs"], "Indicateur")
    assert "Engagement de B" not in column(book["Engagements"], "Engagement")
    assert column(book["QPV"], "Code QPV") == [two_sites["quartier"].code]


def test_a_member_of_site_b_exports_site_b_only(two_sites, member_b):
    book = workbook(run(member_b, ReportKind.EXPORT, format="xlsx", tables=["sites", "actions"]))
    assert book.sheetnames == ["Sites et trinômes", "Actions"]
    assert column(book["Sites et trinômes"], "Site") == ["Site B — Les Aubiers"]
    assert column(book["Actions"], "Action") == ["Action de B"]


def test_the_csv_export_is_a_zip_of_french_csv_files(two_sites, member_a):
    job = run(member_a, ReportKind.EXPORT, format="csv", tables=["indicateurs"])
    assert job.filename == "export-qic-2026-01-05.zip" and job.content_type == "application/zip"
    with job.file.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    assert archive.namelist() == ["Indicateurs.csv", "Mesures.csv"]
    raw = archive.read("Mesures.csv")
    assert raw.startswith("\ufeff".encode())  # BOM: Excel reads the accents
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Site", "Indicateur", "Unité", "Date", "Valeur", "Commentaire"]
    assert [
        "Site A — Montreynaud",
        "Taux d'emploi des 16-25 ans",
        "%",
        "30/06/2024",
        "41,5",
        "",
    ] in rows
    indicators = list(
        csv.reader(io.StringIO(archive.read("Indicateurs.csv").decode("utf-8-sig")), delimiter=";")
    )
    assert indicators[1][indicators[0].index("Valeur de référence")] == "40"
    assert indicators[1][indicators[0].index("Mesure en retard")] in {"oui", "non"}


@pytest.mark.parametrize(
    "text", ["=1+1", "+33 6 12", "-2", "@SOMME(A1)", "\tx", '=HYPERLINK("http://x")']
)
def test_text_that_looks_like_a_formula_is_escaped(text):
    assert escape_formula(text) == "'" + text
    assert escape_formula("Montreynaud = quartier") == "Montreynaud = quartier"


def test_no_formula_reaches_the_files(two_sites, member_a, tmp_path):
    factories.ActionFactory(site=two_sites["site"], title='=HYPERLINK("http://evil","clic")')
    book = workbook(run(member_a, ReportKind.EXPORT, format="xlsx", tables=["actions"]))
    cells = [c for row in book["Actions"].iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert '\'=HYPERLINK("http://evil","clic")' in column(book["Actions"], "Action")
    sheet = Sheet("T", ["a", "b"], [["=1+1", Decimal("-3.5")]])
    buffer = io.BytesIO()
    write_csv(sheet, buffer)
    assert buffer.getvalue().decode("utf-8-sig").splitlines()[1] == "'=1+1;-3,5"
    write_xlsx([Sheet("T", ["a", "b"], [["@x", -3]])], tmp_path / "t.xlsx", lambda done: None)
    cell_a, cell_b = load_workbook(tmp_path / "t.xlsx")["T"][2]
    assert (cell_a.value, cell_a.data_type, cell_b.value) == ("'@x", "s", -3)


def test_a_table_longer_than_excel_allows_goes_on_on_another_sheet(tmp_path, monkeypatch):
    from qic import spreadsheets

    monkeypatch.setattr(spreadsheets, "XLSX_MAX_DATA_ROWS", 2)
    write_xlsx([Sheet("Mesures", ["n"], [[1], [2], [3]])], tmp_path / "t.xlsx", lambda done: None)
    book = load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames == ["Mesures", "Mesures (2)"]
    assert [r[0].value for r in book["Mesures (2)"].iter_rows()] == ["n", 3]


def test_the_rows_move_the_progress_bar(two_sites, admin_user, monkeypatch):
    from reports.builders import exports
    from reports.services import Progress

    seen = []
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 5)
    monkeypatch.setattr(Progress, "__call__", lambda self, percent: seen.append(int(percent)))
    job = run(admin_user, ReportKind.EXPORT, format="csv", tables=["indicateurs", "reunions"])
    assert job.status == ReportStatus.PRET
    assert seen == sorted(seen) and len(set(seen)) > 2 and 5 < seen[-1] <= 95


def test_a_spreadsheet_has_filters_readable_widths_and_euro_and_date_formats(tmp_path):
    long_name = "Association des habitants du quartier de Montreynaud"
    sheet = Sheet(
        "Financements",
        ["Bénéficiaire", "Montant accordé (€)", "Date de la convention", "Année"],
        [
            [long_name, Decimal("12500.50"), datetime.date(2026, 3, 1), 2026],
            ["AJ", None, None, 2025],
        ],
    )
    write_xlsx([sheet], tmp_path / "t.xlsx", lambda done: None)
    book = load_workbook(tmp_path / "t.xlsx")["Financements"]
    assert book.auto_filter.ref == "A1:D3"
    assert book.column_dimensions["A"].width >= len(long_name)
    assert book.column_dimensions["B"].width >= len("Montant accordé (€)")
    amount, day, year = book["B2"], book["C2"], book["D2"]
    assert (amount.value, amount.number_format) == (Decimal("12500.5"), '#,##0.00\\ "€"')
    assert day.number_format == "DD/MM/YYYY"
    assert year.number_format == "General"  # a year is not an amount
