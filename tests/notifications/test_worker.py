"""Against a real Celery worker on the real Redis, and with the broker down.

The worker runs in a thread of the test process (``celery.contrib.testing``), on a
Redis database of its own (15) and a queue name of its own, so that parallel test
runs never take each other's tasks. The test database must be visible from the
worker's thread: ``transaction=True`` (data committed), and each task closes its
connection when it ends (Celery's Django fix-up), so that the test database can be
flushed and dropped.
"""

import logging
import os
import smtplib
import threading
import time
import uuid
from contextlib import contextmanager

import kombu.pools
import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from notifications.enums import Delivery, ReminderStatus
from notifications.models import Reminder
from notifications.services import reminders_sweep
from qic.celery import app
from tests.conftest import client_for
from tests.notifications.backends import FailingBackend

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_TEST_URL = "redis://127.0.0.1:6379/15"
CLOSED_PORT_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def _reset_connections():
    """Close and forget the broker connections made with the previous configuration."""
    kombu.pools.reset()
    app._pool = None
    app.__dict__.pop("amqp", None)  # its producer pool and queues follow the broker


@contextmanager
def celery_configured(**conf):
    """The app with ``conf`` changed. Celery reads the broker from the environment
    variable CELERY_BROKER_URL before its configuration (CI sets it): both change."""
    saved = {key: app.conf[key] for key in conf}
    saved_env = os.environ.get("CELERY_BROKER_URL")
    app.conf.update(conf)
    if "broker_url" in conf:
        os.environ["CELERY_BROKER_URL"] = conf["broker_url"]
    _reset_connections()
    try:
        yield
    finally:
        app.conf.update(saved)
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env
        _reset_connections()


@pytest.fixture
def redis_broker():
    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(
            "Redis est injoignable sur 127.0.0.1:6379 : le test contre un vrai worker Celery "
            "est sauté (la CI a Redis)."
        )
    yield REDIS_TEST_URL
    client.close()


@pytest.fixture
def worker(redis_broker):
    if connection.vendor == "sqlite":
        # The in-memory test database is shared between threads with table locks that
        # fail at once instead of waiting: a read in the test thread while the worker
        # writes answers "database table is locked". With SQLite (the embedded default)
        # tasks run in-process, never in a worker, so there is nothing to test there.
        pytest.skip(
            "SQLite verrouille une table lue par un autre thread : les tests contre un "
            "vrai worker Celery tournent sur PostgreSQL."
        )
    queue = f"qic-test-{uuid.uuid4().hex}"
    with (
        celery_configured(
            broker_url=redis_broker,
            task_always_eager=False,
            task_default_queue=queue,
            worker_hijack_root_logger=False,
        ),
        start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"),
    ):
        yield
    redis.Redis.from_url(redis_broker).delete(
        queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
    )


def wait_for(predicate, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


@pytest.fixture
def failed_reminder(site_a, chef, settings):
    """One reminder that ended « échec » (its address was refused), to send again.
    Real time here: a frozen clock would also freeze the worker's timers."""
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingBackend"
    FailingBackend.reset()
    row = Reminder.objects.create(
        kind="site_inactif",
        target=site_a,
        object_repr=str(site_a),
        user=chef,
        email=chef.email,
        occurrence=timezone.localdate().isoformat(),
        data={"last_activity": timezone.localdate().isoformat(), "days": 60},
        delivery=Delivery.IMMEDIATE,
        status=ReminderStatus.FAILED,
        attempts=1,
        last_error="SMTPRecipientsRefused: 550",
    )
    yield row
    FailingBackend.reset()


def chef_mails():
    """The chef's mails about the failed reminder. A sweep also sends what else is due
    that day (the weekly digest on a Monday), which these tests do not count."""
    return [
        m
        for m in mail.outbox
        if m.to == ["chef@anct.gouv.fr"] and m.subject.startswith("Site A — Montreynaud")
    ]


def test_a_reminder_enqueued_by_a_web_request_is_delivered_once_by_the_worker(
    failed_reminder, admin_user, worker
):
    response = client_for(admin_user).post(
        reverse("notifications:reminder_retry", args=[failed_reminder.pk])
    )
    assert response.status_code == 302
    assert wait_for(lambda: len(chef_mails()) == 1), "the worker did not deliver the reminder"
    time.sleep(0.5)  # a duplicate would have had time to arrive
    assert len(chef_mails()) == 1
    assert FailingBackend.threads != [threading.current_thread().name]  # not in-process
    failed_reminder.refresh_from_db()
    assert (failed_reminder.status, failed_reminder.attempts) == (ReminderStatus.SENT, 1)
    reminders_sweep()  # the sweep finds nothing left to send
    assert len(chef_mails()) == 1


def test_the_worker_retries_a_transient_smtp_failure_without_a_duplicate(
    failed_reminder, admin_user, worker, settings
):
    settings.REMINDER_RETRY_BASE_SECONDS = 1  # the retry comes after ~0.5 to 1 second
    FailingBackend.errors = [smtplib.SMTPServerDisconnected("Connexion perdue")]
    client_for(admin_user).post(reverse("notifications:reminder_retry", args=[failed_reminder.pk]))
    assert wait_for(lambda: len(chef_mails()) == 1), "the retry did not deliver the reminder"
    time.sleep(0.5)
    assert len(chef_mails()) == 1
    failed_reminder.refresh_from_db()
    assert (failed_reminder.status, failed_reminder.attempts) == (ReminderStatus.SENT, 2)


def test_with_the_broker_down_the_request_succeeds_and_the_next_sweep_sends(
    failed_reminder, admin_user, caplog
):
    with celery_configured(broker_url=CLOSED_PORT_URL, task_always_eager=False):
        with caplog.at_level(logging.WARNING, logger="qic.celery"):
            response = client_for(admin_user).post(
                reverse("notifications:reminder_retry", args=[failed_reminder.pk])
            )
        assert response.status_code == 302
        broker_logs = [r for r in caplog.records if r.name == "qic.celery"]
        assert len(broker_logs) == 1
        assert "Broker injoignable" in broker_logs[0].getMessage()
        failed_reminder.refresh_from_db()
        assert failed_reminder.status == ReminderStatus.PENDING  # the row is written
        assert chef_mails() == []
        reminders_sweep()  # beat, or `manage.py send_reminders`, comes by
    assert len(chef_mails()) == 1
    failed_reminder.refresh_from_db()
    assert failed_reminder.status == ReminderStatus.SENT


def test_the_worker_test_database_is_the_test_one():
    # A guard for the tests above: the worker thread opens its own connection, to the
    # same database as this one (the test database, never the development one).
    assert connection.settings_dict["NAME"].startswith(("test_", "file:memorydb"))
