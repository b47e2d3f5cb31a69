"""The sweep claims its rows by batches (PostgreSQL): two sweeps claiming the same rows
at once share them, each row sent once; a row that waited too long in its batch is
left for the next sweep."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from notifications.enums import Delivery, ReminderStatus
from notifications.models import Reminder
from notifications.registry import SweepContext
from notifications.services import SweepReport, _send_by_batches, reminders_claim_batch
from tests import factories
from tests.notifications.conftest import T0, addressees, paris

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not connection.features.has_select_for_update_skip_locked,
        reason="Les rappels sont pris par lots sur PostgreSQL seulement.",
    ),
]


def pending_reminders(count: int) -> list[Reminder]:
    site = factories.SiteFactory()
    rows = []
    for index in range(count):
        user = factories.UserFactory(email=f"chef{index}@anct.gouv.fr", role="chef_de_projet")
        rows.append(
            Reminder.objects.create(
                kind="site_inactif",
                target=site,
                object_repr=str(site),
                user=user,
                email=user.email,
                occurrence="2026-03-06",
                data={"last_activity": "2026-01-05", "days": 60},
                delivery=Delivery.IMMEDIATE,
                due_at=T0,
            )
        )
    return rows


@pytest.mark.django_db(transaction=True)
def test_two_batch_claims_at_once_share_the_rows_without_overlap():
    ids = [row.pk for row in pending_reminders(40)]
    barrier = threading.Barrier(2)
    claimed, errors = [], []

    def claim():
        try:
            barrier.wait(timeout=10)
            claimed.append({row.pk for row in reminders_claim_batch(ids, timezone.now())})
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    first, second = claimed
    assert first.isdisjoint(second)
    assert first | second == set(ids)
    rows = Reminder.objects.filter(pk__in=ids)
    assert {(row.status, row.attempts) for row in rows} == {(ReminderStatus.SENDING, 1)}


def test_a_row_claimed_by_another_sender_is_not_claimed_again(clock):
    clock.move_to(paris(2026, 3, 6, 9, 0))
    first, second = pending_reminders(2)
    assert [row.pk for row in reminders_claim_batch([first.pk], timezone.now())] == [first.pk]
    again = reminders_claim_batch([first.pk, second.pk], timezone.now())
    assert [row.pk for row in again] == [second.pk]


def test_a_row_that_waited_too_long_in_its_batch_goes_back_unsent(clock, settings, monkeypatch):
    clock.move_to(paris(2026, 3, 6, 9, 0))
    rows = pending_reminders(3)
    claim = reminders_claim_batch

    def slow_claim(ids, now):
        claimed = claim(ids, now)
        # As if sending the first rows of the batch had taken most of the timeout.
        clock.shift(settings.REMINDER_CLAIM_TIMEOUT / 2 + timedelta(seconds=1))
        return claimed

    monkeypatch.setattr("notifications.services.reminders_claim_batch", slow_claim)
    report = SweepReport()
    _send_by_batches(SweepContext.build(), report)
    assert addressees("site_inactif") == []
    assert sum(report.outcomes.values()) == 0
    for row in rows:
        row.refresh_from_db()
        assert (row.status, row.attempts, row.claimed_at) == (ReminderStatus.PENDING, 0, None)
