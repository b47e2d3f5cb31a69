"""Thin Celery tasks: load by id, call a service (visions.services). The sweep of the
measurement imports is a monitored periodic job."""

from datetime import timedelta

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from qic.jobs import monitored_job
from visions import services

SWEEP_EVERY = timedelta(minutes=10)


# 10,000 lines take seconds (docs/performance.md); the limits only stop a runaway. The
# claim in ``measurement_import_run`` makes a redelivered message harmless.
@shared_task(
    name="visions.import_measurements", acks_late=True, soft_time_limit=240, time_limit=300
)
def import_measurements(job_id: int):
    services.measurement_import_run(job_id=job_id)


@monitored_job(
    "visions.imports_sweep", label=_("Imports de mesures : reprise et nettoyage"), every=SWEEP_EVERY
)
def run_imports_sweep(**kwargs):
    return services.measurement_imports_sweep(**kwargs)


@shared_task(name="visions.imports_sweep", acks_late=True, soft_time_limit=60, time_limit=90)
def imports_sweep():
    run_imports_sweep()
