"""A site A with something in every section of its fiche, and helpers to run a job."""

import datetime
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from cercles.enums import CommitmentStatus, MeetingStatus
from quartiers.enums import SiteStatus
from reports.models import ReportJob
from reports.services import report_run
from tests import factories

# The real Celery worker of tests/notifications/test_worker.py, for test_worker.py here.
from tests.notifications.test_worker import redis_broker, worker  # noqa: F401
from visions.enums import VisionStatus


@pytest.fixture
def rich_site(clock, site_a, centre):
    """Site A on 5 January 2026 (the clock): vision adopted, one objective with an
    indicator and its measurements, actions, a cercle with a meeting in the period, one
    commitment done, one open and one overdue, a self-assessment."""
    quartier = site_a.quartiers.get()
    factories.SiteStatusChangeFactory(
        site=site_a, status=SiteStatus.VISION_ADOPTEE, date=datetime.date(2025, 6, 1)
    )
    factories.TrinomeMandateFactory(site=site_a, personne__last_name="Ferhat")
    vision = factories.VisionFactory(
        site=site_a,
        status=VisionStatus.ADOPTEE,
        adopted_on=datetime.date(2025, 6, 1),
        adopted_by="comité de pilotage",
    )
    vision.versions.create(
        number=1,
        statement=vision.statement,
        horizon=2030,
        adopted_on=datetime.date(2025, 6, 1),
        adopted_by="comité de pilotage",
    )
    objective = factories.ObjectiveFactory(vision=vision, title="Les jeunes trouvent un emploi")
    indicator = factories.IndicatorFactory(
        objective=objective, name="Taux d'emploi des 16-25 ans", unit="%"
    )
    for day, value in [(datetime.date(2024, 6, 30), "41.5"), (datetime.date(2025, 9, 30), "44")]:
        factories.MeasurementFactory(indicator=indicator, date=day, value=Decimal(value))
    factories.ActionFactory(site=site_a, title="Chantier éducatif d'été", status="en_cours")
    cercle = factories.CercleFactory(site=site_a, name="Cercle emploi des jeunes")
    owner = factories.PersonneFactory(first_name="Inès", last_name="Martin", sites=[site_a])
    meeting = factories.MeetingFactory(
        cercle=cercle, starts_at=factories.paris(2025, 10, 2), status=MeetingStatus.TENUE
    )
    factories.CommitmentFactory(
        meeting=meeting, owner=owner, text="Réserver la salle", due_on=datetime.date(2025, 11, 1)
    )
    factories.CommitmentFactory(
        meeting=meeting,
        owner=owner,
        text="Inviter la mission locale",
        due_on=datetime.date(2026, 3, 1),
    )
    factories.CommitmentFactory(
        meeting=meeting,
        owner=owner,
        text="Envoyer le compte rendu",
        due_on=datetime.date(2025, 10, 10),
        status=CommitmentStatus.FAIT,
        done_on=datetime.date(2025, 10, 9),
    )
    factories.SelfAssessmentFactory(site=site_a, date=datetime.date(2025, 12, 1))
    return {"site": site_a, "quartier": quartier, "indicator": indicator}


def run(user, kind, **parameters) -> ReportJob:
    """Request and build a job in this process (as the worker would), then reload it."""
    job = ReportJob.objects.create(
        kind=kind, title=f"Rapport {kind}", parameters=parameters, requested_by=user
    )
    report_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def pdf_text(job: ReportJob) -> str:
    with job.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_pages(job: ReportJob) -> int:
    with job.file.open("rb") as handle:
        return len(PdfReader(io.BytesIO(handle.read())).pages)
