"""Periodic jobs report heartbeats; /sante/ says whether the database, the broker and
the jobs are alive; Celery settings keep their promises."""

import json
import logging
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from notifications import tasks
from qic.celery import enqueue_on_commit, send_task_safely
from qic.jobs import JobState, job_statuses, registered_jobs
from qic.models import JobHeartbeat
from tests.conftest import client_for, paris

pytestmark = pytest.mark.django_db


def state_of(name, now=None):
    return next(s for s in job_statuses(now) if s.job.name == name).state


def test_every_beat_entry_is_a_monitored_job_with_the_same_period():
    schedule = settings.CELERY_BEAT_SCHEDULE
    jobs = {job.name: job for job in registered_jobs()}
    assert set(schedule) == set(jobs)
    for name, entry in schedule.items():
        assert entry["schedule"] == jobs[name].every, name
        assert entry["task"] == name


def test_a_claimed_reminder_outlives_every_task_time_limit():
    from qic.celery import app

    limits = [app.conf.task_time_limit] + [
        task.time_limit for task in (tasks.sweep, tasks.deliver, tasks.purge)
    ]
    assert timedelta(seconds=max(limits)) < settings.REMINDER_CLAIM_TIMEOUT


def test_the_heartbeat_records_start_success_and_duration(clock):
    tasks.run_purge()
    beat = JobHeartbeat.objects.get(name="notifications.purge")
    assert beat.last_started_at == beat.last_succeeded_at == paris(2026, 1, 5, 10, 0)
    assert beat.last_duration is not None and beat.last_failed_at is None
    assert state_of("notifications.purge") == JobState.OK


def test_a_failing_job_records_its_error_and_is_flagged(clock, monkeypatch):
    tasks.run_sweep()
    clock.shift(timedelta(minutes=5))

    def broken(**kwargs):
        raise RuntimeError("La base est en lecture seule")

    monkeypatch.setattr("notifications.services.reminders_sweep", broken)
    with pytest.raises(RuntimeError):
        tasks.run_sweep()
    beat = JobHeartbeat.objects.get(name="notifications.sweep")
    assert beat.last_error == "RuntimeError: La base est en lecture seule"
    assert beat.last_failed_at > beat.last_succeeded_at
    assert state_of("notifications.sweep") == JobState.FAILING


def test_a_job_is_late_after_two_missed_periods(clock):
    tasks.run_sweep()
    clock.shift(timedelta(minutes=9))
    assert state_of("notifications.sweep") == JobState.OK
    clock.shift(timedelta(minutes=2))  # 11 minutes without success, period 5
    assert state_of("notifications.sweep") == JobState.LATE


def test_a_job_that_never_ran_since_migrate_becomes_late(clock):
    JobHeartbeat.objects.update_or_create(
        name="notifications.purge",
        defaults={"registered_at": timezone.now(), "last_succeeded_at": None},
    )
    assert state_of("notifications.purge") == JobState.NEVER
    clock.shift(timedelta(days=2, minutes=1))
    assert state_of("notifications.purge") == JobState.LATE


def test_the_supervision_page_flags_the_late_job(clock, admin_user):
    tasks.run_purge()
    tasks.run_sweep()
    clock.shift(timedelta(hours=1))
    page = client_for(admin_user).get(reverse("supervision_jobs")).content.decode()
    assert "1 tâche en retard" in page
    assert "notifications.sweep" in page and "en retard" in page
    assert "5 minutes" in page and "1 jour" in page


@pytest.fixture
def all_jobs_fresh(db):
    now = timezone.now()
    for job in registered_jobs():
        JobHeartbeat.objects.update_or_create(
            name=job.name, defaults={"registered_at": now, "last_succeeded_at": now}
        )


def health(client=None):
    response = (client or client_for(None)).get(reverse("health"))
    return response.status_code, json.loads(response.content)


def test_health_is_200_when_all_is_well_in_process_mode(all_jobs_fresh, settings):
    settings.CELERY_BROKER_URL = ""
    status, body = health()
    assert status == 200
    assert body["etat"] == "ok"
    assert (body["base_de_donnees"], body["broker"], body["taches_en_retard"]) == (
        "ok",
        "en processus",
        [],
    )


def test_health_pings_the_real_redis(all_jobs_fresh, settings):
    import redis

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis est injoignable sur 127.0.0.1:6379 (la CI l'a).")
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
    assert health() == (200, mock.ANY)
    assert health()[1]["broker"] == "ok"


def test_health_is_503_when_the_broker_is_unreachable(all_jobs_fresh, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    status, body = health()
    assert (status, body["etat"], body["broker"]) == (503, "dégradé", "injoignable")


def test_health_is_503_when_a_job_is_late(all_jobs_fresh, settings):
    settings.CELERY_BROKER_URL = ""
    JobHeartbeat.objects.filter(name="notifications.sweep").update(
        last_succeeded_at=timezone.now() - timedelta(hours=3)
    )
    status, body = health()
    assert (status, body["taches_en_retard"]) == (503, ["notifications.sweep"])


def test_health_is_503_when_the_database_is_down(settings):
    settings.CELERY_BROKER_URL = ""
    with mock.patch("qic.views.connection.cursor", side_effect=DatabaseError("down")):
        status, body = health()
    assert (status, body["base_de_donnees"]) == (503, "injoignable")


def test_health_tells_no_personal_data_and_writes_nothing(all_jobs_fresh, settings, admin_user):
    settings.CELERY_BROKER_URL = ""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(admin_user)
    with CaptureQueriesContext(connection) as captured:
        status, body = health(client)
    assert status == 200
    assert set(body) == {
        "etat",
        "base_de_donnees",
        "broker",
        "cache",
        "taches_en_retard",
        "verifie_le",
    }
    assert admin_user.email not in json.dumps(body)
    assert not [
        q for q in captured if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


# -- Celery helpers -----------------------------------------------------------------


def test_enqueue_on_commit_publishes_only_after_the_commit(django_capture_on_commit_callbacks):
    task = mock.Mock()
    task.app.conf.task_always_eager = False
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_on_commit(task, 42)
        task.apply_async.assert_not_called()
    assert len(callbacks) == 1
    callbacks[0]()
    task.apply_async.assert_called_once_with(args=(42,), kwargs={})


def test_a_down_broker_is_logged_once_and_does_not_raise(caplog):
    import kombu.exceptions

    task = mock.Mock()
    task.name = "notifications.deliver"
    task.app.conf.task_always_eager = False
    task.apply_async.side_effect = kombu.exceptions.OperationalError("Connection refused")
    with caplog.at_level(logging.WARNING, logger="qic.celery"):
        assert send_task_safely(task, 42) is False
    assert [r.levelname for r in caplog.records if r.name == "qic.celery"] == ["WARNING"]
    assert "notifications.deliver" in caplog.text


def test_health_answers_plain_http_behind_the_https_redirect(all_jobs_fresh, settings):
    """Monitoring probes inside the private network speak plain HTTP."""
    settings.SECURE_SSL_REDIRECT = True
    settings.CELERY_BROKER_URL = ""
    assert client_for(None).get(reverse("health")).status_code == 200
    assert client_for(None).get(reverse("accounts:login")).status_code == 301


def _settings_with(monkeypatch, **env):
    import runpy

    monkeypatch.setenv("DEBUG", "true")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(settings.BASE_DIR / "qic" / "settings.py"))


def test_the_sweep_period_comes_from_reminder_sweep_seconds(monkeypatch):
    """make prod-check shortens it to see a beat-scheduled reminder within seconds; the
    job's heartbeat period follows, so /sante/ judges lateness on the same period."""
    loaded = _settings_with(monkeypatch, REMINDER_SWEEP_SECONDS="12")
    assert loaded["CELERY_BEAT_SCHEDULE"]["notifications.sweep"]["schedule"] == timedelta(
        seconds=12
    )
    assert loaded["REMINDER_SWEEP_EVERY"] == timedelta(seconds=12)
    # In this process (no variable): 5 minutes, for beat and for the monitored job alike.
    assert timedelta(minutes=5) == settings.REMINDER_SWEEP_EVERY
    assert tasks.run_sweep.job.every == settings.REMINDER_SWEEP_EVERY


@pytest.mark.parametrize("value", ["0", "-5", "cinq"])
def test_a_bad_sweep_period_stops_the_start(monkeypatch, value):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="REMINDER_SWEEP_SECONDS"):
        _settings_with(monkeypatch, REMINDER_SWEEP_SECONDS=value)
