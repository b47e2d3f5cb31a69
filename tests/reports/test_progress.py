"""The job page says how far the build is and which step it is in (issue #24)."""

import pytest
from django.urls import reverse

from reports.enums import ReportKind, ReportStatus
from reports.models import ReportJob
from reports.services import Progress
from tests.conftest import client_for
from tests.reports.conftest import run

pytestmark = pytest.mark.django_db


def test_a_step_is_named_with_its_share_of_the_bar_and_shown_while_it_runs(member_a):
    job = ReportJob.objects.create(
        kind=ReportKind.FICHE_SITE,
        title="Fiche",
        parameters={},
        requested_by=member_a,
        status=ReportStatus.EN_COURS,
    )
    progress = Progress(job.pk)
    progress.step("Mise en page du PDF", 40)
    job.refresh_from_db()
    assert (job.progress, job.step) == (40, "Mise en page du PDF")

    page = client_for(member_a).get(reverse("reports:job_detail", args=[job.pk]))
    html = page.content.decode()
    assert "Génération en cours : 40 %" in html
    assert 'value="40"' in html
    assert "Étape : Mise en page du PDF" in html


def test_the_builders_name_their_steps(rich_site, member_a, monkeypatch):
    seen = []
    original = Progress.step
    monkeypatch.setattr(
        Progress,
        "step",
        lambda self, label, percent=None: seen.append(label) or original(self, label, percent),
    )
    job = run(member_a, ReportKind.FICHE_SITE, site=rich_site["site"].pk)
    assert job.status == ReportStatus.PRET, job.error
    assert seen == ["Lecture des données du site", "Mise en page du PDF"]
