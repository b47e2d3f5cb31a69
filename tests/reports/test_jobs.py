"""Report jobs: requested from a page, built by one wrapper, followed by HTMX polling,
downloaded by their requester alone, relaunched after a failure."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from notifications.models import Notification
from reports import services
from reports.enums import ReportKind, ReportStatus
from reports.models import ReportJob
from reports.services import ReportError, report_run
from tests import factories
from tests.conftest import client_for
from tests.htmx import assert_fragment_matches_page
from tests.reports.conftest import run

pytestmark = pytest.mark.django_db


def test_a_member_requests_the_fiche_of_their_site_and_gets_it(
    rich_site, member_a, django_capture_on_commit_callbacks
):
    client = client_for(member_a)
    url = reverse("reports:fiche_site_request", args=[rich_site["site"].pk])
    form = client.get(url)
    assert 'value="2025-01-06"' in form.content.decode()  # last twelve months by default
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"start": "2025-01-01", "end": "2025-12-31"})
    job = ReportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.requested_by == member_a
    assert job.parameters == {
        "site": rich_site["site"].pk,
        "start": "2025-01-01",
        "end": "2025-12-31",
    }
    assert job.title == "Fiche site — Site A — Montreynaud (du 01/01/2025 au 31/12/2025)"
    # In-process mode: built at once, after the commit.
    job.refresh_from_db()
    assert (job.status, job.progress) == (ReportStatus.PRET, 100)
    assert job.expires_at == job.finished_at + datetime.timedelta(days=30)
    assert job.file.name.startswith("reports/") and "montreynaud" not in job.file.name
    notification = Notification.objects.get(user=member_a)
    assert notification.message == f"Votre rapport « {job.title} » est prêt."
    assert notification.url == job.get_absolute_url()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Votre rapport est prêt" in page and reverse("reports:download", args=[job.pk]) in page
    download = client.get(reverse("reports:download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert 'attachment; filename="fiche-site-site-a-montreynaud' in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_an_invalid_period_is_refused_in_french(site_a, member_a):
    response = client_for(member_a).post(
        reverse("reports:fiche_site_request", args=[site_a.pk]),
        {"start": "2025-12-31", "end": "2025-01-01"},
    )
    assert response.status_code == 200
    assert "La fin de la période précède son début." in response.content.decode()
    assert not ReportJob.objects.exists()


def test_a_waiting_job_page_polls_and_a_finished_one_stops(member_a):
    job = factories.ReportJobFactory(
        requested_by=member_a, status=ReportStatus.EN_COURS, progress=40, file=""
    )
    client = client_for(member_a)
    swapped = assert_fragment_matches_page(client, job.get_absolute_url(), "#etat-rapport")
    assert swapped["hx-trigger"] == "every 2s"
    assert swapped["hx-get"] == job.get_absolute_url()
    assert "40 %" in swapped.text and swapped.find("progress")["value"] == "40"
    job.status, job.progress = ReportStatus.PRET, 100
    job.file.save("rapport", factories.ReportJobFactory.build().file, save=True)
    swapped = assert_fragment_matches_page(client, job.get_absolute_url(), "#etat-rapport")
    assert not swapped.has_attr("hx-trigger"), "a finished job must stop the polling"
    assert "Télécharger" in swapped.text


def test_a_failed_job_shows_its_error_and_can_be_relaunched(
    member_a, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(job, progress):
        progress(30)
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(services, "builder", lambda kind: broken)
    job = run(member_a, ReportKind.EXPORT)
    assert job.status == ReportStatus.ECHEC
    assert job.error == (
        "La génération a échoué sur une erreur inattendue (ZeroDivisionError). Relancez-la ; "
        "si l'erreur revient, signalez-la à l'équipe QIC."
    )
    assert job.attempts == 1
    assert not job.file and not Notification.objects.exists()
    client = client_for(member_a)
    page = BeautifulSoup(client.get(job.get_absolute_url()).content, "html.parser")
    assert "La génération a échoué" in page.select_one("#etat-rapport").text
    assert not page.select_one("#etat-rapport").has_attr("hx-trigger")

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:relaunch", args=[job.pk]))
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert (job.status, job.error, job.attempts) == (ReportStatus.PRET, "", 2)


def test_a_report_error_is_shown_as_written(member_a, monkeypatch):
    def refused(job, progress):
        raise ReportError("Aucun site ne correspond.")

    monkeypatch.setattr(services, "builder", lambda kind: refused)
    assert run(member_a, ReportKind.EXPORT).error == "Aucun site ne correspond."


def test_a_job_is_built_once_even_if_its_task_comes_twice(member_a):
    job = run(member_a, ReportKind.EXPORT, format="csv")
    assert job.status == ReportStatus.PRET
    assert report_run(job_id=job.pk) is None  # not waiting any more: nothing to do
    assert Notification.objects.filter(user=member_a).count() == 1


def test_nobody_else_can_download_a_report_by_guessing_its_address(personas, member_a, admin_user):
    job = factories.ReportJobFactory(requested_by=member_a)
    for persona, user in personas.items():
        if user is None or user == member_a:
            continue
        client = client_for(user)
        for name in ("reports:download", "reports:job_detail"):
            response = client.get(reverse(name, args=[job.pk]))
            assert response.status_code == 404, (persona, name)
    assert client_for(member_a).get(reverse("reports:download", args=[job.pk])).status_code == 200


def test_my_reports_lists_only_mine(member_a, member_b):
    mine = factories.ReportJobFactory(requested_by=member_a, title="Ma fiche")
    factories.ReportJobFactory(requested_by=member_b, title="La fiche de B")
    page = client_for(member_a).get(reverse("reports:job_list")).content.decode()
    assert "Ma fiche" in page and "La fiche de B" not in page
    assert reverse("reports:download", args=[mine.pk]) in page


def test_the_national_and_export_forms_record_their_parameters(
    admin_user, site_a, django_capture_on_commit_callbacks
):
    client = client_for(admin_user)
    region = site_a.quartiers.get().departement.region
    with django_capture_on_commit_callbacks(execute=False):
        client.post(
            reverse("reports:national_request"),
            {"region": region.code, "status": "suspendu", "annex": "on"},
        )
        client.post(reverse("reports:export_request"), {"format": "csv", "tables": ["qpv"]})
    national, export = ReportJob.objects.order_by("pk")
    assert national.kind == ReportKind.BILAN_NATIONAL
    assert national.parameters == {
        "region": region.code,
        "programme": "",
        "cohort": None,
        "status": "suspendu",
        "annex": True,
    }
    assert national.title.startswith(f"Bilan national — {region.name}, suspendu au ")
    assert export.parameters == {"format": "csv", "tables": ["qpv"]}


def test_a_user_cannot_queue_more_than_three_reports_at_once(member_a):
    for _index in range(3):
        factories.ReportJobFactory(requested_by=member_a, status=ReportStatus.EN_ATTENTE, file="")
    response = client_for(member_a).post(
        reverse("reports:export_request"), {"format": "xlsx", "tables": ["sites"]}
    )
    assert response.status_code == 200
    assert "Vous avez déjà 3 rapports en préparation" in response.content.decode()
    assert ReportJob.objects.count() == 3
