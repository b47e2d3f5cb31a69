"""SMTP failures: transient ones are retried later without a duplicate; permanent ones,
and the last attempt, end « échec » where supervisors see them and can send again."""

import smtplib
from datetime import timedelta

import pytest
from django.urls import reverse

from notifications.enums import ReminderStatus
from notifications.models import Reminder, ReminderSettings
from notifications.services import reminders_sweep, retry_delay
from tests.conftest import client_for
from tests.htmx import assert_fragment_matches_page
from tests.notifications.backends import FailingBackend, refused
from tests.notifications.conftest import addressees, paris

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingBackend"
    FailingBackend.reset()
    yield FailingBackend
    FailingBackend.reset()


def chef_row():
    return Reminder.objects.get(kind="site_inactif", email="chef@anct.gouv.fr")


def test_a_transient_smtp_failure_is_retried_later_and_sent_once(quiet, clock, immediate, failing):
    failing.errors = [smtplib.SMTPServerDisconnected("Connexion perdue")]
    clock.move_to(paris(2026, 3, 6, 9, 0))
    reminders_sweep()
    row = chef_row()
    assert (row.status, row.attempts) == (ReminderStatus.PENDING, 1)
    assert "SMTPServerDisconnected" in row.last_error
    wait = row.due_at - paris(2026, 3, 6, 9, 0)
    assert timedelta(minutes=2, seconds=30) <= wait <= timedelta(minutes=5)  # 5 min, jittered
    assert "chef@anct.gouv.fr" not in addressees("site_inactif")
    clock.shift(timedelta(minutes=1))
    reminders_sweep()  # not yet time to try again
    assert chef_row().attempts == 1
    clock.shift(timedelta(minutes=5))
    reminders_sweep()
    reminders_sweep()
    assert addressees("site_inactif").count("chef@anct.gouv.fr") == 1
    row = chef_row()
    assert (row.status, row.attempts, row.last_error) == (ReminderStatus.SENT, 2, "")


def test_the_backoff_grows_exponentially_with_jitter(settings):
    settings.REMINDER_RETRY_BASE_SECONDS = 60
    delays = [retry_delay(attempt) for attempt in (1, 2, 3, 4) for _ in range(20)]
    for attempt in (1, 2, 3, 4):
        full = 60 * 2 ** (attempt - 1)
        mine = delays[(attempt - 1) * 20 : attempt * 20]
        assert all(full / 2 <= d.total_seconds() <= full for d in mine)
        assert len(set(mine)) > 1  # jittered
    assert retry_delay(30) <= timedelta(hours=6)


def test_a_refused_address_fails_at_once_and_supervisors_see_it(
    quiet, clock, immediate, failing, admin_user
):
    failing.errors = [refused("chef@anct.gouv.fr")]
    clock.move_to(paris(2026, 3, 6, 9, 0))
    reminders_sweep()
    row = chef_row()
    assert (row.status, row.attempts) == (ReminderStatus.FAILED, 1)
    assert "550" in row.last_error
    clock.shift(timedelta(days=1))
    reminders_sweep()
    assert chef_row().attempts == 1  # never retried by itself
    assert sorted(addressees("site_inactif")) == [
        "centre@irev.fr",
        "cheffe-b@anct.gouv.fr",
        "equipe@centre-b.fr",
    ]
    page = client_for(admin_user).get(reverse("notifications:reminder_list")).content.decode()
    assert "1 rappel en échec" in page
    assert "chef@anct.gouv.fr" in page and "Renvoyer" in page


def test_an_address_that_keeps_failing_ends_failed_after_the_last_attempt(
    quiet, clock, immediate, failing
):
    ReminderSettings(max_attempts=3).save()
    failing.always = smtplib.SMTPDataError(451, b"4.3.0 Erreur temporaire")
    clock.move_to(paris(2026, 3, 6, 9, 0))
    for _ in range(6):
        reminders_sweep()
        clock.shift(timedelta(hours=1))
    rows = Reminder.objects.filter(kind="site_inactif")
    assert {(r.status, r.attempts) for r in rows} == {(ReminderStatus.FAILED, 3)}
    assert failing.attempts == 4 * 3
    assert addressees("site_inactif") == []


def test_a_supervisor_sends_a_failed_reminder_again_once(
    quiet, clock, immediate, failing, admin_user, django_capture_on_commit_callbacks
):
    failing.errors = [refused("chef@anct.gouv.fr")]
    clock.move_to(paris(2026, 3, 6, 9, 0))
    reminders_sweep()
    client = client_for(admin_user)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("notifications:reminder_retry", args=[chef_row().pk]))
    assert response.status_code == 302
    # In-process mode: the task ran once the request's transaction committed.
    assert len(callbacks) == 1
    assert addressees("site_inactif").count("chef@anct.gouv.fr") == 1
    assert chef_row().status == ReminderStatus.SENT
    reminders_sweep()
    assert addressees("site_inactif").count("chef@anct.gouv.fr") == 1
    # Only failed reminders can be sent again.
    again = client.post(reverse("notifications:reminder_retry", args=[chef_row().pk]))
    assert again.status_code == 404


def test_a_bug_in_a_template_is_recorded_not_fatal_to_the_sweep(
    quiet, clock, immediate, monkeypatch
):
    from notifications.kinds.site_inactive import SiteInactive

    original = SiteInactive.context

    def broken(self, reminder, ctx):
        if reminder.email == "chef@anct.gouv.fr":
            raise KeyError("variable manquante")
        return original(self, reminder, ctx)

    monkeypatch.setattr(SiteInactive, "context", broken)
    clock.move_to(paris(2026, 3, 6, 9, 0))
    reminders_sweep()
    assert len(addressees("site_inactif")) == 3
    row = chef_row()
    assert (row.status, row.attempts) == (ReminderStatus.PENDING, 1)
    assert "KeyError" in row.last_error


def test_the_supervision_list_filters_by_state_and_its_fragment_matches(
    quiet, clock, immediate, failing, admin_user
):
    failing.errors = [refused("chef@anct.gouv.fr")]
    clock.move_to(paris(2026, 3, 6, 9, 0))
    reminders_sweep()
    client = client_for(admin_user)
    url = reverse("notifications:reminder_list") + "?status=echec"
    response = client.get(url)
    assert [r.email for r in response.context["page_obj"]] == ["chef@anct.gouv.fr"]
    assert_fragment_matches_page(client, url)
    searched = client.get(reverse("notifications:reminder_list"), {"q": "centre-b"})
    assert [r.email for r in searched.context["page_obj"]] == ["equipe@centre-b.fr"]
