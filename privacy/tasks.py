"""The daily retention job (monitored: /sante/ says when it is late)."""

from datetime import timedelta

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from qic.jobs import monitored_job

RETENTION_EVERY = timedelta(days=1)


@monitored_job(
    "privacy.retention",
    label=_("Données personnelles : préavis et anonymisation des inactifs"),
    every=RETENTION_EVERY,
)
def run_retention(**kwargs):
    from privacy.retention import retention_run

    return retention_run(**kwargs)


@shared_task(name="privacy.retention", acks_late=True, soft_time_limit=240, time_limit=300)
def retention():
    run_retention()
