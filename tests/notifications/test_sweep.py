"""The sweep sends each reminder once: run twice, run concurrently, run after a gap."""

import datetime
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from cercles.enums import MeetingStatus
from notifications import registry
from notifications.enums import Delivery, ReminderStatus
from notifications.kinds.site_inactive import SiteInactive
from notifications.models import Notification, NotificationPreference, Reminder
from notifications.services import reminder_claim, reminders_sweep
from tests import factories
from tests.notifications.conftest import addressees, mails, paris

pytestmark = pytest.mark.django_db

EVERYONE = sorted(
    ["centre@irev.fr", "cheffe-b@anct.gouv.fr", "chef@anct.gouv.fr", "equipe@centre-b.fr"]
)


def test_two_sweeps_in_a_row_send_each_reminder_once(quiet, clock, immediate):
    clock.move_to(paris(2026, 3, 6, 9, 0))
    first = reminders_sweep()
    second = reminders_sweep()
    assert sorted(addressees("site_inactif")) == EVERYONE
    assert (first.created, first.outcomes[ReminderStatus.SENT]) == (4, 4)
    assert (second.created, second.outcomes[ReminderStatus.SENT]) == (0, 0)
    assert Notification.objects.filter(kind="site_inactif").count() == 4
    rows = Reminder.objects.filter(kind="site_inactif")
    assert {(r.status, r.attempts) for r in rows} == {(ReminderStatus.SENT, 1)}


def test_a_gap_of_hours_in_the_beat_sends_what_came_due_once(quiet, clock, immediate):
    clock.move_to(paris(2026, 3, 6, 7, 55))  # last beat before the scheduler stops
    reminders_sweep()
    assert mails("site_inactif") == []
    clock.move_to(paris(2026, 3, 6, 14, 20))  # six hours later, the beat resumes
    reminders_sweep()
    clock.shift(timedelta(minutes=5))
    reminders_sweep()
    assert sorted(addressees("site_inactif")) == EVERYONE


def test_a_gap_of_days_sends_each_reminder_once_not_one_per_missed_day(quiet, clock, immediate):
    # Site B's cercle meets two days after T0.
    factories.MeetingFactory(
        cercle__site=quiet["site_b"], starts_at=paris(2026, 1, 7, 10, 0), status=MeetingStatus.TENUE
    )
    clock.move_to(paris(2026, 3, 5, 9, 0))  # last beat, then the scheduler is down
    reminders_sweep()
    clock.move_to(paris(2026, 3, 12, 9, 0))  # a week later: A due since the 6th, B the 8th
    reminders_sweep()
    reminders_sweep()
    assert sorted(addressees("site_inactif")) == EVERYONE
    occurrences = dict(
        Reminder.objects.filter(kind="site_inactif").values_list("email", "occurrence")
    )
    assert occurrences["chef@anct.gouv.fr"] == "2026-03-06"
    assert occurrences["cheffe-b@anct.gouv.fr"] == "2026-03-08"


def test_a_claimed_row_is_not_sent_by_anyone_else(quiet, clock, immediate):
    clock.move_to(paris(2026, 3, 6, 7, 0))
    reminders_sweep()
    clock.move_to(paris(2026, 3, 6, 9, 0))
    # Another worker holds one row (it created it and is sending it right now).
    factories_row = Reminder.objects.create(
        kind="site_inactif",
        target=quiet["site_a"],
        object_repr=str(quiet["site_a"]),
        user=quiet["chef_a"],
        email="chef@anct.gouv.fr",
        occurrence="2026-03-06",
        data={"last_activity": "2026-01-05", "days": 60},
    )
    assert reminder_claim(factories_row.pk, timezone.now()) is not None
    reminders_sweep()
    assert "chef@anct.gouv.fr" not in addressees("site_inactif")
    assert reminder_claim(factories_row.pk, timezone.now()) is None  # not twice either


def test_a_row_stuck_sending_goes_back_to_the_queue_after_the_timeout(quiet, clock, immediate):
    clock.move_to(paris(2026, 3, 6, 9, 0))
    reminders_sweep()
    row = Reminder.objects.get(kind="site_inactif", email="chef@anct.gouv.fr")
    # Pretend the worker died while sending: claimed, never finished.
    Reminder.objects.filter(pk=row.pk).update(
        status=ReminderStatus.PENDING, sent_at=None, attempts=0, due_at=timezone.now()
    )
    reminder_claim(row.pk, timezone.now())
    mail.outbox.clear()
    clock.shift(timedelta(minutes=10))
    reminders_sweep()
    assert mails() == []  # still within the time limit: maybe still sending
    clock.shift(timedelta(minutes=6))
    report = reminders_sweep()
    assert report.released == 1
    assert addressees("site_inactif") == ["chef@anct.gouv.fr"]
    row.refresh_from_db()
    assert (row.status, row.attempts) == (ReminderStatus.SENT, 2)


def test_a_reminder_no_longer_due_is_cancelled_not_sent(quiet, clock):
    clock.move_to(paris(2026, 3, 6, 9, 0))
    reminders_sweep()  # digest items for now
    # Activity before the digest goes out (one no digest section tells): a new centre
    # starts accompanying site A.
    factories.AccompanimentFactory(site=quiet["site_a"], start_date=datetime.date(2026, 3, 6))
    clock.move_to(paris(2026, 3, 9, 8, 5))  # Monday: the digest
    reminders_sweep()
    rows = {r.email: r for r in Reminder.objects.filter(kind="site_inactif")}
    assert rows["chef@anct.gouv.fr"].status == ReminderStatus.CANCELLED
    assert rows["cheffe-b@anct.gouv.fr"].status == ReminderStatus.SENT
    # Site B's chef reads it in the digest; site A's chef has nothing left to read.
    assert addressees("resume_hebdomadaire") == ["cheffe-b@anct.gouv.fr", "equipe@centre-b.fr"]
    digest = mails("resume_hebdomadaire")[0]
    assert "Site sans activité : Aucune activité enregistrée sur le site « Site B" in digest.body
    assert "Site A" not in digest.body
    silent = Reminder.objects.get(kind="resume_hebdomadaire", user=quiet["chef_a"])
    assert (silent.status, silent.last_error) == (ReminderStatus.CANCELLED, "Rien à signaler.")


def test_a_kind_turned_off_creates_nothing_for_that_person(quiet, clock, immediate):
    NotificationPreference.objects.create(
        user=quiet["chef_a"], kind="site_inactif", enabled=False, delivery=Delivery.IMMEDIATE
    )
    clock.move_to(paris(2026, 3, 6, 9, 0))
    reminders_sweep()
    assert "chef@anct.gouv.fr" not in addressees("site_inactif")
    assert not Notification.objects.filter(user=quiet["chef_a"]).exists()
    assert len(addressees("site_inactif")) == 3


class _ToPersonnes(SiteInactive):
    """A throw-away kind: the same reminder, to the site's trinôme contacts (Personnes
    without an account), to exercise that kind of recipient."""

    key = "test_personnes"

    @property
    def template(self):
        return "notifications/emails/site_inactif"

    def attachments(self, reminder, context):
        return [("rappel.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")]

    def due(self, ctx):
        for due in super().due(ctx):
            if due.recipient == due.obj.chef_de_projet:
                for mandate in due.obj.trinome_mandates.select_related("personne"):
                    yield registry.Due(due.obj, mandate.personne, due.occurrence, due.data)


@pytest.fixture
def personne_kind():
    registry.register(_ToPersonnes)
    yield registry.get_kind("test_personnes")
    registry.unregister("test_personnes")


def test_a_person_without_account_gets_the_email_once_and_no_notification(
    clock, quiet, personne_kind
):
    mandate = factories.TrinomeMandateFactory(site=quiet["site_a"])
    clock.move_to(paris(2026, 3, 6, 9, 0))
    reminders_sweep()
    reminders_sweep()
    assert addressees("test_personnes") == [mandate.personne.email]
    row = Reminder.objects.get(kind="test_personnes")
    assert (row.personne, row.user, row.delivery) == (mandate.personne, None, Delivery.IMMEDIATE)
    assert not Notification.objects.filter(kind="test_personnes").exists()
    message = mails("test_personnes")[0]
    assert "Choisir mes notifications" not in message.body  # no account to set preferences
    assert message.attachments[0][0] == "rappel.ics"  # a kind may attach files (.ics)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_send_each_reminder_once(settings):
    if not connection.features.has_select_for_update_skip_locked:
        pytest.skip(
            "SQLite sérialise les écritures et ne partage pas une base en mémoire entre "
            "threads comme PostgreSQL : ce test de concurrence tourne sur PostgreSQL."
        )
    settings.EMAIL_BACKEND = "tests.notifications.backends.SlowBackend"
    import time_machine

    from tests.notifications.conftest import T0

    with time_machine.travel(T0, tick=False) as clock:
        chefs = []
        for index in range(12):
            chef = factories.UserFactory(email=f"chef{index}@anct.gouv.fr", role="chef_de_projet")
            site = factories.SiteFactory(chef_de_projet=chef)
            assert site.chef_de_projet == chef
            chefs.append(chef)
            NotificationPreference.objects.create(
                user=chef, kind="site_inactif", delivery=Delivery.IMMEDIATE
            )
        clock.move_to(paris(2026, 3, 6, 9, 0))
        barrier = threading.Barrier(2)
        errors = []

        def sweep():
            try:
                barrier.wait(timeout=10)
                reminders_sweep()
            except Exception as exc:  # reported below
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=sweep) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert errors == []
    assert sorted(addressees("site_inactif")) == sorted(c.email for c in chefs)
    rows = Reminder.objects.filter(kind="site_inactif")
    assert rows.count() == 12
    assert {(r.status, r.attempts) for r in rows} == {(ReminderStatus.SENT, 1)}
    assert Notification.objects.filter(kind="site_inactif").count() == 12
