"""Funding in the reports: the fiche site and the bilan national PDFs have a
« Financements » section, the spreadsheet export a funding sheet in euros."""

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from financements.enums import FunderKind
from reports.enums import ReportKind, ReportStatus
from tests import factories
from tests.reports.conftest import pdf_text, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def funded(rich_site, site_b):
    objective = rich_site["indicator"].objective
    action = factories.ActionFactory(
        site=rich_site["site"], title="Ateliers parents du soir", objectives=[objective]
    )
    factories.FundingLineFactory(
        action=action,
        funder__name="Ville de Saint-Étienne",
        funder_kind=FunderKind.COMMUNE,
        year=2026,
        requested=Decimal("12000.50"),
        granted=Decimal("10000"),
        paid=Decimal("5000"),
    )
    # Site B's money: never in site A's reports, nor in a member of A's export.
    factories.FundingLineFactory(
        action=factories.ActionFactory(site=site_b, title="Action du site B"),
        funder__name="CAF du Rhône",
        funder_kind=FunderKind.CAF,
    )
    return rich_site


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_fiche_site_says_what_the_site_is_funded_with(funded, member_a):
    job = run(member_a, ReportKind.FICHE_SITE, site=funded["site"].pk)
    assert job.status == ReportStatus.PRET, job.error
    text = flat(pdf_text(job))
    assert "Financements" in text
    assert "En 2026 : 10 000,00 € accordés, dont 10 000,00 € pour des actions qui servent" in text
    assert "Les jeunes trouvent un emploi" in text and "commune" in text
    assert "12 000,50 €" in text
    assert "CAF" not in text


def test_the_bilan_national_totals_the_funding_of_the_sites_it_covers(funded, admin_user):
    job = run(admin_user, ReportKind.BILAN_NATIONAL)
    assert job.status == ReportStatus.PRET, job.error
    text = flat(pdf_text(job))
    assert "Par type de financeur" in text
    assert "18 000,00 €" in text  # 10,000 + 8,000 granted, both sites


def test_the_export_has_a_funding_sheet_in_euros_within_the_user_s_scope(funded, member_a):
    job = run(member_a, ReportKind.EXPORT, format="xlsx", tables=["financements"])
    assert job.status == ReportStatus.PRET, job.error
    with job.file.open("rb") as handle:
        sheet = load_workbook(handle)["Financements"]
    header = [cell.value for cell in sheet[1]]
    row = list(sheet[2])
    assert sheet.max_row == 2  # site A's line only
    values = dict(zip(header, row, strict=True))
    assert values["Financeur"].value == "Ville de Saint-Étienne"
    assert values["Montant demandé (€)"].value == Decimal("12000.5")
    assert values["Montant demandé (€)"].number_format == '#,##0.00\\ "€"'
    assert sheet.auto_filter.ref == "A1:M2"
