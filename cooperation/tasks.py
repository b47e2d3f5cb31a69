"""The periodic job keeping the sites' network metrics (and, each quarter, their
cooperation indicators) stored."""

from datetime import timedelta

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from cooperation import services
from qic.jobs import monitored_job


@monitored_job(
    "cooperation.metrics",
    label=_("Mesures des réseaux d'acteurs et indicateurs de coopération"),
    every=timedelta(days=1),
)
def run_metrics(**kwargs):
    return {"sites": services.snapshots_refresh(**kwargs)}


@shared_task(name="cooperation.metrics", acks_late=True, soft_time_limit=600, time_limit=660)
def metrics_refresh():
    run_metrics()
