"""The periodic job keeping the sites' network metrics (and, each quarter, their
cooperation indicators) stored."""

from datetime import timedelta

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from cooperation import indicators, services
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


@monitored_job(
    "cooperation.indicators",
    label=_("Indicateurs de coopération du dernier trimestre"),
    every=timedelta(days=1),
)
def run_indicators(**kwargs):
    return {"values": indicators.cooperation_indicators_record(**kwargs)}


@shared_task(name="cooperation.indicators", acks_late=True, soft_time_limit=600, time_limit=660)
def indicators_record():
    run_indicators()
