"""Journey: a site member requests the fiche site PDF, waits for it, downloads it."""

import io
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.enums import Role
from reports import services
from reports.enums import ReportStatus
from reports.models import ReportJob
from tests import factories
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import both_sizes, sign_in


@both_sizes
def test_a_site_member_requests_the_fiche_site_waits_and_downloads_it(
    page, context, live_server, console_errors, monkeypatch
):
    site = factories.SiteFactory(name="Saint-Étienne — Montreynaud")
    indicator = factories.IndicatorFactory(
        objective__vision__site=site, name="Jeunes accompagnés vers l'emploi"
    )
    factories.MeasurementFactory(indicator=indicator)
    member = factories.UserFactory(email="membre@exemple.fr", role=Role.MEMBRE)
    factories.SiteAccessFactory(site=site, user=member)
    sign_in(context, member, live_server)
    # The worker is this test: the job waits until the test builds it, so that the page
    # is seen waiting, polling, then ready.
    monkeypatch.setattr(services, "enqueue_on_commit", lambda task, *args: None)

    page.goto(site.get_absolute_url())
    page.get_by_role("link", name="La fiche site (PDF)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fiche site (PDF)")
    assert_accessible(page)
    page.get_by_role("button", name="Produire la fiche").click()

    expect(page.get_by_text("Le rapport attend son tour")).to_be_visible()
    assert_accessible(page)
    job = ReportJob.objects.get(requested_by=member)
    # While it builds, the page shows the bar, the percentage and the step, by itself.
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportStatus.EN_COURS, progress=40, step="Mise en page du PDF"
    )
    expect(page.get_by_text("Génération en cours : 40 %")).to_be_visible(timeout=10_000)
    expect(page.locator("#etat-rapport progress")).to_have_attribute("value", "40")
    expect(page.locator("#etape-rapport")).to_have_text("Étape : Mise en page du PDF")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert_accessible(page)
    ReportJob.objects.filter(pk=job.pk).update(status=ReportStatus.EN_ATTENTE, progress=0)
    services.report_run(job_id=job.pk)  # what the worker does
    # HTMX polls every two seconds and swaps the ready state in, with the button.
    download_link = page.get_by_role("link", name="Télécharger")
    expect(download_link).to_be_visible(timeout=10_000)
    expect(page.get_by_text("Votre rapport est prêt")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename.startswith("fiche-site-saint-etienne-montreynaud")
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Saint-Étienne — Montreynaud" in text
    assert "Jeunes accompagnés vers l'emploi" in text
    assert console_errors == []
