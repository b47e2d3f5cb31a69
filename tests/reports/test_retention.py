"""Files expire after 30 days: the monitored beat job deletes them and marks the jobs;
jobs whose worker vanished fail; jobs whose task never left are sent again."""

import datetime

import pytest
from django.urls import reverse

from qic.models import JobHeartbeat
from reports import tasks
from reports.enums import ReportStatus
from reports.models import ReportJob
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_ready_file_is_deleted_and_the_job_expired_after_30_days(clock, member_a):
    job = factories.ReportJobFactory(requested_by=member_a)
    name = job.file.name
    storage = job.file.storage
    assert storage.exists(name)
    clock.shift(datetime.timedelta(days=29, hours=23))
    tasks.run_expire()
    job.refresh_from_db()
    assert job.status == ReportStatus.PRET and storage.exists(name)

    clock.shift(datetime.timedelta(hours=2))
    report = tasks.run_expire()
    assert report.expired == 1
    job.refresh_from_db()
    assert job.status == ReportStatus.EXPIRE and not job.file
    assert not storage.exists(name)
    client = client_for(member_a)
    assert client.get(reverse("reports:download", args=[job.pk])).status_code == 404
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Fichier expiré" in page and "Relancer" in page
    beat = JobHeartbeat.objects.get(name="reports.expire")
    assert beat.last_succeeded_at is not None and beat.last_failed_at is None


def test_a_job_whose_worker_vanished_fails_and_a_lost_task_is_sent_again(
    clock, member_a, django_capture_on_commit_callbacks
):
    stuck = factories.ReportJobFactory(requested_by=member_a, status=ReportStatus.EN_COURS, file="")
    ReportJob.objects.filter(pk=stuck.pk).update(
        started_at=datetime.datetime(2026, 1, 5, 8, 0, tzinfo=datetime.UTC)
    )
    waiting = factories.ReportJobFactory(
        requested_by=member_a, status=ReportStatus.EN_ATTENTE, file="", kind="export"
    )
    clock.shift(datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        report = tasks.run_expire()
    assert (report.interrupted, report.requeued) == (1, 1)
    stuck.refresh_from_db()
    assert stuck.status == ReportStatus.ECHEC
    assert stuck.error == "La génération a été interrompue (le service a redémarré). Relancez-la."
    waiting.refresh_from_db()
    assert waiting.status == ReportStatus.PRET  # in-process mode: built at once
