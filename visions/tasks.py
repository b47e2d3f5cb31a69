"""Thin Celery tasks: load by id, call a service (visions.services)."""

from celery import shared_task

from visions import services


# 10,000 lines take seconds (docs/performance.md); the limits only stop a runaway. The
# claim in ``measurement_import_run`` makes a redelivered message harmless.
@shared_task(
    name="visions.import_measurements", acks_late=True, soft_time_limit=240, time_limit=300
)
def import_measurements(job_id: int):
    services.measurement_import_run(job_id=job_id)
