"""Thin Celery tasks: load by id, call a service (reports.services). The retention sweep
is a monitored periodic job."""

from datetime import timedelta

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from qic.jobs import monitored_job
from reports import services

EXPIRE_EVERY = timedelta(hours=6)


@monitored_job("reports.expire", label=_("Rapports : expiration des fichiers"), every=EXPIRE_EVERY)
def run_expire(**kwargs):
    return services.reports_expire(**kwargs)


@shared_task(name="reports.expire", acks_late=True, soft_time_limit=240, time_limit=300)
def expire():
    run_expire()


# A national report with one annex page per site takes minutes: generous limits. The
# claim in ``report_run`` makes a redelivered message harmless (``acks_late``).
@shared_task(name="reports.build", acks_late=True, soft_time_limit=1500, time_limit=1560)
def build(job_id: int):
    services.report_run(job_id=job_id)
