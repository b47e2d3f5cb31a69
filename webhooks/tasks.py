"""Thin tasks: send one delivery; the monitored periodic job sends the due ones."""

from datetime import timedelta

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from qic.jobs import monitored_job
from webhooks import services

RETRY_EVERY = timedelta(minutes=1)


@shared_task(name="webhooks.deliver", acks_late=True, soft_time_limit=30, time_limit=60)
def deliver(delivery_id: int):
    services.delivery_send(delivery_id=delivery_id)


@monitored_job(
    "webhooks.retry", label=_("Webhooks : envois et nouvelles tentatives"), every=RETRY_EVERY
)
def run_retry(**kwargs):
    return services.deliveries_retry_due()


@shared_task(name="webhooks.retry", acks_late=True, soft_time_limit=240, time_limit=300)
def retry():
    run_retry()
