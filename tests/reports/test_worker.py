"""A report job against a real Celery worker (tests/notifications/test_worker.py says how
the worker runs in a thread, on a Redis database and a queue of its own)."""

import threading

import pytest
from django.urls import reverse

from reports import services
from reports.enums import ReportStatus
from reports.models import ReportJob
from tests.conftest import client_for
from tests.notifications.test_worker import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def status_of(job_id):
    return ReportJob.objects.values_list("status", "progress").get(pk=job_id)


def test_a_job_goes_from_waiting_to_running_to_ready_in_the_worker(
    site_a,
    member_a,
    worker,
    monkeypatch,
):
    started, release, threads = threading.Event(), threading.Event(), []
    real_builder = services.builder

    def held(kind):
        build = real_builder(kind)

        def run(job, progress):
            threads.append(threading.current_thread().name)
            progress(25)
            started.set()
            assert release.wait(15), "the test never let the job finish"
            return build(job, progress)

        return run

    monkeypatch.setattr(services, "builder", held)
    client = client_for(member_a)
    response = client.post(
        reverse("reports:export_request"), {"format": "csv", "tables": ["sites"]}
    )
    job = ReportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert started.wait(15), "the worker never started the job"
    assert status_of(job.pk) == (ReportStatus.EN_COURS, 25)
    page = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "Génération en cours : 25 %" in page and 'hx-trigger="every 2s"' in page
    release.set()
    assert wait_for(lambda: status_of(job.pk)[0] == ReportStatus.PRET), status_of(job.pk)
    assert threads and threads != [threading.current_thread().name]  # not in-process
    assert status_of(job.pk) == (ReportStatus.PRET, 100)
    download = client.get(reverse("reports:download", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"


def test_a_job_that_breaks_in_the_worker_fails_with_a_readable_error(
    site_a,
    member_a,
    worker,
    monkeypatch,
):
    def broken(job, progress):
        raise KeyError("site")

    monkeypatch.setattr(services, "builder", lambda kind: broken)
    client_for(member_a).post(
        reverse("reports:fiche_site_request", args=[site_a.pk]),
        {"start": "2025-01-01", "end": "2025-12-31"},
    )
    job = ReportJob.objects.get()
    assert wait_for(lambda: status_of(job.pk)[0] == ReportStatus.ECHEC), status_of(job.pk)
    job.refresh_from_db()
    assert job.error.startswith("La génération a échoué sur une erreur inattendue (KeyError).")
    assert not job.file
