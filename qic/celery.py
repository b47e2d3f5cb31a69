"""Celery application, and the one way to enqueue a task from Django code.

With no ``CELERY_BROKER_URL``, tasks run in-process (eagerly): the embedded default
of ``make run``. With a broker (Redis), ``make worker`` runs a worker and beat.

Celery on Redis delivers at least once at best: a worker that dies loses or
redelivers its task, a broker that is down makes publishing fail. So no guarantee
lives in the broker: the work to do is a database row, a task only says "look at
row 42 now", and the periodic sweep picks up whatever a lost task left behind
(docs/reminders.md). Hence the two rules of this module:

- enqueue only once the transaction has committed (``enqueue_on_commit``), so the
  worker never looks for a row that does not exist yet, or never will;
- a broker that cannot be reached is logged once and never fails the web request
  (``send_task_safely``): the row is written, the sweep will do the work.
"""

import logging
import os

import kombu.exceptions
import redis.exceptions
from celery import Celery
from django.db import transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qic.settings")

app = Celery("qic")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)

# What publishing raises when the broker is down or unreachable.
BROKER_ERRORS = (
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    ConnectionError,
    TimeoutError,
)


def send_task_safely(task, *args, **kwargs) -> bool:
    """Publish ``task(*args, **kwargs)``; return False (and log once) if the broker is down.

    In-process (eager) mode runs the task here, and its errors propagate as usual.
    """
    if task.app.conf.task_always_eager:
        task.apply_async(args=args, kwargs=kwargs)
        return True
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except BROKER_ERRORS as exc:
        logger.warning(
            "Broker injoignable : la tâche %s n'a pas été mise en file (%s: %s) ; "
            "le balayage périodique la reprendra.",
            task.name,
            type(exc).__name__,
            exc,
        )
        return False
    return True


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Publish ``task`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: send_task_safely(task, *args, **kwargs))
