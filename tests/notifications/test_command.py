"""manage.py send_reminders: the sweep without beat; --dry-run says who would get what."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.enums import ReminderStatus
from notifications.models import Notification, Reminder
from qic.models import JobHeartbeat
from tests.notifications.conftest import addressees, paris

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_dry_run_lists_in_french_who_would_get_what_and_writes_nothing(quiet, clock, immediate):
    clock.move_to(paris(2026, 3, 6, 9, 0))
    heartbeats = list(JobHeartbeat.objects.values_list("name", "last_started_at"))
    with CaptureQueriesContext(connection) as captured:
        output = run("--dry-run")
    writes = [
        q["sql"] for q in captured if q["sql"].upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert "Simulation : rien n'est écrit ni envoyé." in output
    assert "Rappels à créer : 4" in output
    assert (
        "« Site sans activité » — Site A — Montreynaud — à chef@anct.gouv.fr, par e-mail" in output
    )
    assert "— Site B — Les Aubiers — à equipe@centre-b.fr, par e-mail" in output
    assert "membre-a@exemple.fr" not in output
    assert not Reminder.objects.exists() and not Notification.objects.exists()
    assert addressees("site_inactif") == []
    assert list(JobHeartbeat.objects.values_list("name", "last_started_at")) == heartbeats


def test_dry_run_also_lists_what_waits_to_be_sent(quiet, clock, immediate, settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingBackend"
    from tests.notifications.backends import FailingBackend

    FailingBackend.reset()
    FailingBackend.always = OSError("Serveur SMTP injoignable")
    clock.move_to(paris(2026, 3, 6, 9, 0))
    run()
    FailingBackend.reset()
    clock.move_to(paris(2026, 3, 6, 10, 0))
    output = run("--dry-run")
    assert "Rappels à créer : 0" in output
    assert "Rappels en attente à envoyer : 4" in output
    assert "à chef@anct.gouv.fr (tentative n° 2)" in output


def test_the_command_runs_the_same_sweep_and_records_the_heartbeat(quiet, clock, immediate):
    clock.move_to(paris(2026, 3, 6, 9, 0))
    output = run()
    assert "4 rappel(s) créé(s), 4 envoyé(s)" in output
    assert len(addressees("site_inactif")) == 4
    assert run().startswith("0 rappel(s) créé(s), 0 envoyé(s)")
    assert len(addressees("site_inactif")) == 4
    assert set(Reminder.objects.values_list("status", flat=True)) == {ReminderStatus.SENT}
    beat = JobHeartbeat.objects.get(name="notifications.sweep")
    assert beat.last_succeeded_at == paris(2026, 3, 6, 9, 0)
