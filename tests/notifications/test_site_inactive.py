"""« Site sans activité »: exactly the listed recipients, exactly at the threshold."""

import datetime

import pytest
from django.core import mail

from notifications.enums import Delivery, ReminderStatus
from notifications.models import Notification, Reminder, ReminderSettings
from notifications.services import reminders_sweep
from quartiers.activity import site_last_activity
from quartiers.enums import SiteStatus
from quartiers.services import site_change_status
from tests import factories
from tests.notifications.conftest import SILENT_DAY, T0, addressees, mails, paris

pytestmark = pytest.mark.django_db


def reminded() -> set[tuple[str, str]]:
    return {(r.object_repr, r.email) for r in Reminder.objects.filter(kind="site_inactif")}


def test_last_activity_is_the_latest_thing_that_happened_on_the_site(quiet, clock, centre):
    site_a = quiet["site_a"]
    assert site_last_activity(site_a) == T0  # the meeting held
    clock.move_to(paris(2026, 2, 3, 9, 0))
    accompaniment = centre.accompaniments.get()
    accompaniment.hours_done = 12
    accompaniment.save()  # an edit: nothing happened in the field
    assert site_last_activity(site_a) == T0
    factories.TrinomeMandateFactory(site=site_a, start_date=datetime.date(2026, 2, 1))
    assert site_last_activity(site_a) == paris(2026, 2, 1, 0, 0)


def test_recipients_are_the_chef_de_projet_and_current_centre_staff_of_that_site_only(quiet, clock):
    expected = {
        (str(quiet["site_a"]), "chef@anct.gouv.fr"),
        (str(quiet["site_a"]), "centre@irev.fr"),
        (str(quiet["site_b"]), "cheffe-b@anct.gouv.fr"),
        (str(quiet["site_b"]), "equipe@centre-b.fr"),
    }
    clock.move_to(paris(2026, 3, 6, 9, 0))
    reminders_sweep()
    assert reminded() == expected
    # Each of them has it under the bell, about their own site only.
    for site_key, user_key in [("site_a", "chef_a"), ("site_a", "centre_a"), ("site_b", "chef_b")]:
        notification = Notification.objects.get(user=quiet[user_key])
        assert str(quiet[site_key]) in notification.message
        assert notification.url == quiet[site_key].get_absolute_url()
    assert Notification.objects.filter(kind="site_inactif").count() == 4


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (paris(2026, 3, 5, 23, 30), 0),  # the day before
        (paris(2026, 3, 6, 7, 59), 0),  # the day itself, before the send hour
        (paris(2026, 3, 6, 8, 0), 4),  # the day itself, from the send hour
        (paris(2026, 3, 7, 11, 0), 4),  # the day after (a missed day is caught up)
    ],
    ids=["veille", "jour-avant-8h", "jour-8h", "lendemain"],
)
def test_the_threshold_is_crossed_on_the_sixtieth_day(quiet, clock, moment, expected):
    clock.move_to(moment)
    reminders_sweep()
    rows = Reminder.objects.filter(kind="site_inactif")
    assert rows.count() == expected
    assert {r.occurrence for r in rows} <= {SILENT_DAY.isoformat()}


def test_once_per_period_of_silence_then_again_if_it_goes_on(quiet, clock, immediate):
    clock.move_to(paris(2026, 3, 6, 9, 0))
    reminders_sweep()
    clock.move_to(paris(2026, 3, 7, 9, 0))
    reminders_sweep()
    clock.move_to(paris(2026, 4, 20, 9, 0))
    reminders_sweep()
    assert addressees("site_inactif").count("chef@anct.gouv.fr") == 1
    clock.move_to(paris(2026, 5, 5, 9, 0))  # 120 days of silence
    reminders_sweep()
    assert addressees("site_inactif").count("chef@anct.gouv.fr") == 2
    occurrences = Reminder.objects.filter(kind="site_inactif", user=quiet["chef_a"]).values_list(
        "occurrence", flat=True
    )
    assert sorted(occurrences) == ["2026-03-06", "2026-05-05"]


def test_new_activity_restarts_the_count(quiet, clock, chef):
    clock.move_to(paris(2026, 3, 4, 14, 0))  # day 58: the trinôme is updated
    site_change_status(
        site=quiet["site_a"],
        status=SiteStatus.VISION_ADOPTEE,
        on=datetime.date(2026, 3, 4),
        comment="Vision adoptée en plénière.",
        author=chef,
    )
    clock.move_to(paris(2026, 3, 6, 9, 0))
    reminders_sweep()
    assert {site for site, _email in reminded()} == {str(quiet["site_b"])}
    clock.move_to(paris(2026, 5, 3, 9, 0))  # 60 days after the change
    reminders_sweep()
    assert (str(quiet["site_a"]), "chef@anct.gouv.fr") in reminded()


def test_suspended_and_departed_sites_are_not_chased(quiet, clock):
    site = quiet["site_a"]
    site.status = SiteStatus.SUSPENDU
    site.save()
    clock.move_to(paris(2026, 3, 6, 9, 0))  # the save above was activity: 60 more days
    clock.move_to(paris(2026, 6, 1, 9, 0))
    reminders_sweep()
    assert {site for site, _email in reminded()} == {str(quiet["site_b"])}


def test_the_delay_is_a_setting(quiet, clock):
    ReminderSettings(inactivity_days=30, send_hour=6).save()
    clock.move_to(paris(2026, 2, 4, 6, 30))  # 30 days after T0, after 6:00
    reminders_sweep()
    assert len(reminded()) == 4


def test_the_email_is_french_with_text_html_and_one_click_unsubscribe(quiet, clock, immediate):
    clock.move_to(paris(2026, 3, 6, 9, 0))
    reminders_sweep()
    message = next(m for m in mails("site_inactif") if m.to == ["chef@anct.gouv.fr"])
    assert message.subject == f"{quiet['site_a']} : aucune activité depuis 60 jours"
    assert "depuis le 05/01/2026, soit 60 jours" in message.body
    assert "en tant que chef de projet national" in message.body
    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    assert f"/sites/{quiet['site_a'].pk}/" in html
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://127.0.0.1:8000/notifications/desabonnement/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.strip("<>") in message.body
    centre_mail = next(m for m in mails("site_inactif") if m.to == ["centre@irev.fr"])
    assert "au titre d'un centre de ressources" in centre_mail.body


def test_by_default_it_waits_for_the_digest_and_is_not_mailed_alone(quiet, clock):
    clock.move_to(paris(2026, 3, 6, 9, 0))
    reminders_sweep()
    assert mails("site_inactif") == []
    rows = Reminder.objects.filter(kind="site_inactif")
    assert {(r.delivery, r.status) for r in rows} == {(Delivery.DIGEST, ReminderStatus.PENDING)}
    assert len(mail.outbox) == 0  # Friday: no digest this day either
