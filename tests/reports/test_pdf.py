"""The PDF reports open and say what they should (text read back with pypdf)."""

import io

import pytest
from pypdf import PdfReader

from quartiers.enums import SiteStatus
from reports.enums import ReportKind, ReportStatus
from tests import factories
from tests.reports.conftest import pdf_pages, pdf_text, run

pytestmark = pytest.mark.django_db


def flat(text: str) -> str:
    """PDF text with its line breaks and repeated spaces folded."""
    return " ".join(text.split())


def test_the_fiche_site_has_every_section_with_the_sites_data(rich_site, member_a):
    job = run(member_a, ReportKind.FICHE_SITE, site=rich_site["site"].pk)
    assert job.status == ReportStatus.PRET, job.error
    assert job.filename.startswith("fiche-site-site-a-montreynaud")
    assert job.content_type == "application/pdf"
    text = flat(pdf_text(job))
    for expected in [
        "Site A — Montreynaud",
        "Fiche site du 06/01/2025 au 05/01/2026",  # the last twelve months by default
        rich_site["quartier"].code,
        "vision adoptée",
        "Ferhat",  # the trinôme
        "IREV",  # the resource centre
        "version n° 1 adoptée le 01/06/2025",
        "Les jeunes trouvent un emploi",
        "Taux d'emploi des 16-25 ans",
        "44 ",  # the latest value, the French way
        "progression vers la cible : 40 %",
        "Chantier éducatif d'été",
        "Cercle emploi des jeunes",
        "Réserver la salle",  # overdue
        "Inviter la mission locale",  # open
        "Envoyer le compte rendu",  # done in the period
        "Auto-évaluation des cinq conditions",
        "total 14 sur 20",
    ]:
        assert expected in text, expected
    # The chart of the indicator and the radar are drawn: their legends are in the text.
    assert "Trajectoire vers la cible" in text
    assert "Auto-évaluation du 01/12/2025" in text
    assert "page 1" in text and "Édité le 05/01/2026" in text


def test_the_fiche_period_chooses_the_meetings_shown(rich_site, member_a):
    job = run(
        member_a,
        ReportKind.FICHE_SITE,
        site=rich_site["site"].pk,
        start="2025-11-01",
        end="2025-12-31",
    )
    text = flat(pdf_text(job))
    assert "Aucune réunion sur la période." in text
    assert "Envoyer le compte rendu" not in text  # done in October, out of the period


def test_a_fiche_of_a_site_out_of_reach_fails_with_a_french_message(rich_site, member_b):
    job = run(member_b, ReportKind.FICHE_SITE, site=rich_site["site"].pk)
    assert job.status == ReportStatus.ECHEC
    assert job.error == "Ce site n'existe plus, ou vous n'y avez plus accès."
    assert not job.file


def test_the_national_report_counts_the_sites_the_requester_sees(rich_site, admin_user, site_b):
    factories.SiteFactory(name="Site C — Bellevue", status=SiteStatus.SUSPENDU)
    job = run(admin_user, ReportKind.BILAN_NATIONAL, annex=True)
    assert job.status == ReportStatus.PRET, job.error
    text = flat(pdf_text(job))
    assert "Bilan national" in text and "3 sites" in text
    assert "Sites par statut" in text and "Sites par cohorte et par statut" in text
    assert "Synthèse par site" in text
    for name in ["Site A — Montreynaud", "Site B — Les Aubiers", "Site C — Bellevue"]:
        assert name in text
    assert "Taux d'emploi des 16-25 ans" in text  # site A's annex page
    assert pdf_pages(job) >= 4  # one annex page per site, after the summary


def test_the_national_report_filters_by_status(rich_site, admin_user, site_b):
    factories.SiteFactory(name="Site C — Bellevue", status=SiteStatus.SUSPENDU)
    job = run(admin_user, ReportKind.BILAN_NATIONAL, status=SiteStatus.SUSPENDU)
    text = flat(pdf_text(job))
    assert "1 site (statut : suspendu)" in text
    assert "Site C — Bellevue" in text and "Site A — Montreynaud" not in text


def test_a_centre_gets_the_report_of_its_own_sites_only(rich_site, centre_user, site_b):
    job = run(centre_user, ReportKind.BILAN_NATIONAL)
    text = flat(pdf_text(job))
    assert "Bilan de mes sites" in text and "1 site." in text
    assert "Site A — Montreynaud" in text
    assert "Site B — Les Aubiers" not in text


def test_the_national_report_filters_by_region_programme_and_cohort(admin_user):
    loire, paris = factories.departement(0), factories.departement(3)
    factories.SiteFactory(
        name="Saint-Étienne", quartiers=[factories.QuartierFactory(departement=loire)]
    )
    factories.SiteFactory(
        name="Paris 2022",
        quartiers=[factories.QuartierFactory(departement=paris)],
        cohort=factories.CohortFactory(year=2022),
    )
    factories.SiteFactory(
        name="Paris centre",
        quartiers=[factories.QuartierFactory(departement=paris)],
        programme="centre_ressources",
    )
    text = flat(pdf_text(run(admin_user, ReportKind.BILAN_NATIONAL, region=paris.region.code)))
    assert "2 sites (région : Île-de-France)" in text and "Saint-Étienne" not in text
    text = flat(pdf_text(run(admin_user, ReportKind.BILAN_NATIONAL, cohort=2022)))
    assert "1 site (cohorte : 2022)" in text and "Paris 2022" in text
    text = flat(pdf_text(run(admin_user, ReportKind.BILAN_NATIONAL, programme="centre_ressources")))
    assert "Paris centre" in text and "Paris 2022" not in text


def test_the_national_report_queries_do_not_grow_with_the_sites(admin_user):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        # Counted with every site's figures to compute (summaries/ caches them).
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            job = run(admin_user, ReportKind.BILAN_NATIONAL, annex=True)
        assert job.status == ReportStatus.PRET, job.error
        return len(captured.captured_queries)

    def site_with_everything():
        site = factories.SiteFactory()
        factories.TrinomeMandateFactory(site=site)
        indicator = factories.IndicatorFactory(objective__vision__site=site)
        factories.MeasurementFactory(indicator=indicator)
        factories.ActionFactory(site=site)
        factories.CommitmentFactory(meeting__cercle__site=site)
        factories.SelfAssessmentFactory(site=site)

    site_with_everything()
    queries()  # warms the caches (content types of the activity sources)
    few = queries()
    for _index in range(5):
        site_with_everything()
    assert queries() == few


def test_the_fiche_queries_do_not_grow_with_the_sites_data(rich_site, member_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    site = rich_site["site"]

    def queries():
        with CaptureQueriesContext(connection) as captured:
            job = run(member_a, ReportKind.FICHE_SITE, site=site.pk)
        assert job.status == ReportStatus.PRET, job.error
        return len(captured.captured_queries)

    queries()  # warms the caches (content types of the activity sources)
    few = queries()
    objective = rich_site["indicator"].objective
    for index in range(4):
        indicator = factories.IndicatorFactory(objective=objective)
        factories.MeasurementFactory(indicator=indicator)
        factories.ActionFactory(site=site, status="terminee")
        meeting = factories.MeetingFactory(
            cercle__site=site, starts_at=factories.paris(2025, 11, 3 + index)
        )
        factories.CommitmentFactory(meeting=meeting)
        factories.ObjectiveFactory(vision=objective.vision)
    assert queries() == few


def test_the_pdf_reports_carry_their_title_and_author(rich_site, member_a, admin_user):
    """A PDF viewer's title bar and a document manager show what the file is."""
    for user, kind, extra, title in [
        (admin_user, ReportKind.BILAN_NATIONAL, {"annex": True}, "Bilan national"),
        (member_a, ReportKind.FICHE_SITE, {"site": rich_site["site"].pk}, "Fiche site — "),
    ]:
        job = run(user, kind, **extra)
        with job.file.open("rb") as handle:
            metadata = PdfReader(io.BytesIO(handle.read())).metadata
        assert metadata.title.startswith(title)
        assert metadata.author == "Quartiers à impact collectif — ANCT"
