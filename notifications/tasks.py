"""Thin Celery tasks: load by id, call a service. The beat jobs are monitored.

- ``notifications.sweep`` (every 5 minutes, ``REMINDER_SWEEP_SECONDS``): create what
  has come due, send what is pending. Idempotent, so ``acks_late``: a redelivered sweep
  is harmless.
- ``notifications.deliver``: send one reminder now (after a staff retry, say). The
  claim makes it idempotent. A transient SMTP failure is retried by Celery after the
  same delay the row records, so that if the retry message is lost the sweep still
  sends it; database hiccups are retried with Celery's exponential backoff and jitter.
- ``notifications.purge`` (daily): delete notifications past their retention.
"""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext_lazy as _

from notifications import services
from qic.jobs import monitored_job

SWEEP_EVERY = settings.REMINDER_SWEEP_EVERY  # REMINDER_SWEEP_SECONDS, beat's period too
PURGE_EVERY = timedelta(days=1)
TRANSIENT_DATABASE_ERRORS = (OperationalError, InterfaceError)


@monitored_job("notifications.sweep", label=_("Rappels : balayage et envois"), every=SWEEP_EVERY)
def run_sweep(**kwargs):
    return services.reminders_sweep(**kwargs)


@monitored_job(
    "notifications.purge", label=_("Notifications : purge des anciennes"), every=PURGE_EVERY
)
def run_purge(**kwargs):
    return services.notifications_purge(**kwargs)


@shared_task(name="notifications.sweep", acks_late=True, soft_time_limit=240, time_limit=300)
def sweep():
    run_sweep()


@shared_task(name="notifications.purge", acks_late=True, soft_time_limit=240, time_limit=300)
def purge():
    run_purge()


@shared_task(
    name="notifications.deliver",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=60,
    time_limit=90,
    autoretry_for=TRANSIENT_DATABASE_ERRORS,
    retry_backoff=10,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def deliver(self, reminder_id: int):
    outcome = services.reminder_deliver(reminder_id=reminder_id)
    if outcome.retry_in is not None and not self.request.is_eager:
        # In-process mode has no timer to wait with: the sweep retries the row.
        raise self.retry(countdown=outcome.retry_in.total_seconds(), max_retries=None)
