"""Brute force: repeated login failures lock the account out from that address, logged."""

import datetime
import logging

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for

pytestmark = pytest.mark.django_db
PASSWORD = "mot-de-passe-de-test"


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True


def attempt(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_five_failures_lock_the_account_even_for_the_right_password(member_a, settings, caplog):
    client = client_for(None)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, member_a.email, "faux")
        assert response.status_code == 200
        assert "Adresse e-mail ou mot de passe incorrect." in response.content.decode()
    with caplog.at_level(logging.WARNING):
        locked = attempt(client, member_a.email, "encore faux")
    assert locked.status_code == 429
    assert "Connexion temporairement bloquée" in locked.content.decode()
    assert "pendant 15 minutes" in locked.content.decode()
    assert any("locking out" in record.getMessage().lower() for record in caplog.records)
    right = attempt(client, member_a.email, PASSWORD)
    assert right.status_code == 429
    assert client.get(reverse("home")).status_code == 302  # still not signed in


def test_changing_the_case_of_the_email_does_not_reset_the_count(member_a, settings):
    client = client_for(None)
    for index in range(settings.AXES_FAILURE_LIMIT):
        email = member_a.email.upper() if index % 2 else member_a.email
        attempt(client, email, "faux")
    assert attempt(client, member_a.email, PASSWORD).status_code == 429


def test_the_lock_lifts_after_the_cooloff(member_a, settings):
    client = client_for(None)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, member_a.email, "faux")
    later = timezone.now() + settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=5)
    with time_machine.travel(later):
        response = attempt(client, member_a.email, PASSWORD)
        assert response.status_code == 302
        assert not AccessAttempt.objects.filter(username=member_a.email).exists()


def test_another_address_is_not_locked_out_by_someone_elses_failures(member_a, settings):
    attacker = client_for(None)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attacker.post(
            reverse("accounts:login"),
            {"username": member_a.email, "password": "faux"},
            REMOTE_ADDR="203.0.113.9",
        )
    colleague = client_for(None)
    response = colleague.post(
        reverse("accounts:login"),
        {"username": member_a.email, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.4",
    )
    assert response.status_code == 302


PROXY = "10.0.0.2"  # our TLS proxy: every request reaches Django from this address


def attempt_through_proxy(email, password, forwarded_for):
    return client_for(None).post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.fixture
def behind_proxy(settings):
    settings.BEHIND_TLS_PROXY = True


def test_behind_the_proxy_the_lock_is_per_client_not_per_email(behind_proxy, member_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt_through_proxy(member_a.email, "faux", "203.0.113.9")
    assert attempt_through_proxy(member_a.email, PASSWORD, "203.0.113.9").status_code == 429
    # A colleague elsewhere, through the same proxy, still signs in as herself.
    assert attempt_through_proxy(member_a.email, PASSWORD, "198.51.100.4").status_code == 302


def test_behind_the_proxy_a_forged_forwarded_entry_does_not_dodge_the_count(
    behind_proxy, member_a, settings
):
    """The attacker writes a new fake address each time; the proxy appends the real one."""
    for index in range(settings.AXES_FAILURE_LIMIT):
        attempt_through_proxy(member_a.email, "faux", f"192.0.2.{index}, 203.0.113.9")
    locked = attempt_through_proxy(member_a.email, PASSWORD, "192.0.2.200, 203.0.113.9")
    assert locked.status_code == 429
    assert attempt_through_proxy(member_a.email, PASSWORD, "198.51.100.4").status_code == 302
