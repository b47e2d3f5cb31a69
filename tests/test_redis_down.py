"""Redis down (cache, API throttling counters, Celery broker) never makes a 500: pages,
log-in and the API still answer, and /sante/ says what is down."""

import json
import logging

import pytest
from django.urls import reverse

from notifications.enums import ReminderStatus
from notifications.models import Reminder
from qic.cache import ResilientRedisCache
from tests.api.conftest import token_client
from tests.conftest import client_for
from tests.notifications.test_worker import celery_configured

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_down(settings, monkeypatch):
    settings.CACHES = {
        "default": {"BACKEND": "qic.cache.ResilientRedisCache", "LOCATION": DEAD_REDIS}
    }
    settings.CELERY_BROKER_URL = DEAD_REDIS
    settings.API_THROTTLE_RATES = {"token": "5/hour", "anonymous": "5/hour"}
    monkeypatch.setattr(ResilientRedisCache, "_down_until", 0.0)
    # Celery's connections are rebuilt for the dead broker, then for the real one after.
    with celery_configured(
        broker_url=DEAD_REDIS,
        task_always_eager=False,
        broker_connection_timeout=0.5,
        broker_connection_max_retries=0,
        task_publish_retry_policy={
            "max_retries": 0,
            "interval_start": 0,
            "interval_step": 0,
            "interval_max": 0,
        },
    ):
        yield


def test_pages_answer(redis_down, site_a, member_a):
    client = client_for(member_a)
    for url in ["/", site_a.get_absolute_url(), reverse("notifications:list")]:
        assert client.get(url).status_code == 200, url


def test_login_answers_and_lockout_still_counts(redis_down, settings, member_a):
    settings.AXES_ENABLED = True
    client = client_for(None)
    url = reverse("accounts:login")
    wrong = client.post(url, {"username": member_a.email, "password": "mauvais"})
    assert wrong.status_code == 200
    right = client.post(url, {"username": member_a.email, "password": "mot-de-passe-de-test"})
    assert right.status_code == 302


def test_the_public_forms_rate_limit_fails_open_with_a_warning(
    redis_down, settings, member_a, caplog, monkeypatch
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": "2/h"}
    monkeypatch.setattr(ResilientRedisCache, "_down_until", 0.0)  # a fresh outage
    client = client_for(None)
    url = reverse("accounts:login")
    with caplog.at_level(logging.WARNING, logger="qic.cache"):
        statuses = [
            client.post(url, {"username": member_a.email, "password": "faux"}).status_code
            for _ in range(4)
        ]
    assert statuses == [200] * 4  # over the 2/hour rate: nothing counted, nothing refused
    warnings = [r for r in caplog.records if r.name == "qic.cache"]
    assert len(warnings) == 1 and "formulaires publics" in warnings[0].getMessage()
    right = client.post(url, {"username": member_a.email, "password": "mot-de-passe-de-test"})
    assert right.status_code == 302


def test_the_api_answers_and_throttling_fails_open_with_a_warning(
    redis_down, member_a, caplog, monkeypatch
):
    client, _, _ = token_client(member_a)
    # Start a fresh outage so that its one warning falls inside the requests below,
    # whatever the fixtures met of the dead cache before.
    monkeypatch.setattr(ResilientRedisCache, "_down_until", 0.0)
    with caplog.at_level(logging.WARNING, logger="qic.cache"):
        statuses = [client.get("/api/v1/sites/").status_code for _ in range(8)]
    assert statuses == [200] * 8  # over the 5/hour rate: counters are gone, not enforced
    warnings = [r for r in caplog.records if r.name == "qic.cache"]
    assert len(warnings) == 1 and "injoignable" in warnings[0].getMessage()
    assert client_for(None).get("/api/v1/sites/").status_code == 401


def test_a_task_enqueued_by_a_request_is_left_to_the_sweep(
    redis_down, admin_user, chef, site_a, django_capture_on_commit_callbacks, caplog
):
    reminder = Reminder.objects.create(
        kind="site_inactif",
        target=site_a,
        object_repr=str(site_a),
        user=chef,
        email=chef.email,
        occurrence="2026-03-06",
        status=ReminderStatus.FAILED,
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_for(admin_user).post(
            reverse("notifications:reminder_retry", args=[reminder.pk])
        )
    assert response.status_code == 302
    assert callbacks  # the publication was attempted, after the commit…
    assert "Broker injoignable" in caplog.text  # …and failed quietly
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.PENDING  # the row is there for the sweep


def test_health_says_what_is_down(redis_down):
    response = client_for(None).get(reverse("health"))
    body = json.loads(response.content)
    assert response.status_code == 503
    assert (body["etat"], body["cache"], body["broker"], body["base_de_donnees"]) == (
        "dégradé",
        "injoignable",
        "injoignable",
        "ok",
    )


def test_a_report_requested_while_the_broker_is_down_waits_in_the_database(
    redis_down, member_a, site_a, django_capture_on_commit_callbacks
):
    from reports.enums import ReportStatus
    from reports.models import ReportJob

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(member_a).post(
            reverse("reports:fiche_site_request", args=[site_a.pk]),
            {"start": "2025-01-01", "end": "2025-12-31"},
        )
    assert response.status_code == 302
    job = ReportJob.objects.get(requested_by=member_a)
    assert job.status == ReportStatus.EN_ATTENTE  # for the worker, once the broker is back
