"""The daily job writing the site events that appear with time alone (a commitment
becoming late: ``quartiers.events.sync_due``)."""

from datetime import timedelta

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from qic.jobs import monitored_job
from quartiers import events


@monitored_job(
    "quartiers.events_due",
    label=_("Événements des sites datés par le temps"),
    every=timedelta(days=1),
)
def run_events_due(**kwargs):
    return events.sync_due(**kwargs)


@shared_task(name="quartiers.events_due", acks_late=True, soft_time_limit=240, time_limit=300)
def events_due():
    run_events_due()


@shared_task(name="quartiers.follow_up_deliver", soft_time_limit=60, time_limit=90)
def follow_up_deliver(follow_up_id):
    from quartiers import services

    services.follow_up_deliver(follow_up_id=follow_up_id)
