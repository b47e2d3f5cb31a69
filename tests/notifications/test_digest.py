"""The weekly digest: one e-mail per person and week, about their own sites only."""

import datetime

import pytest

from accounts.models import User
from notifications.enums import Delivery, ReminderStatus
from notifications.models import NotificationPreference, Reminder, ReminderSettings
from notifications.services import reminders_sweep
from quartiers.enums import SiteStatus, TrinomeSeat
from quartiers.services import site_change_status, trinome_assign
from tests import factories
from tests.notifications.conftest import addressees, mails, paris

pytestmark = pytest.mark.django_db


@pytest.fixture
def week(clock, site_a, site_b, chef, member_a, member_b, observer, admin_user, centre_user):
    """A week of news: site A adopts its vision and changes its État seat; site B moves on."""
    clock.move_to(paris(2026, 1, 7, 11, 0))
    site_change_status(
        site=site_a,
        status=SiteStatus.VISION_ADOPTEE,
        on=datetime.date(2026, 1, 7),
        comment="Vision adoptée.",
        author=chef,
    )
    clock.move_to(paris(2026, 1, 8, 15, 0))
    prefecture = factories.StructureFactory(name="Préfecture de la Loire", kind="etat")
    trinome_assign(
        site=site_a,
        seat=TrinomeSeat.ETAT,
        personne=factories.PersonneFactory(first_name="Inès", last_name="Moreau"),
        structure=prefecture,
        start_date=datetime.date(2026, 1, 8),
    )
    site_change_status(
        site=site_b,
        status=SiteStatus.SUSPENDU,
        on=datetime.date(2026, 1, 8),
        comment="Pause.",
        author=None,
    )
    factories.UserFactory(email="invitee@exemple.fr", password=None)  # never signed in
    factories.UserFactory(email="partie@exemple.fr", is_active=False)
    return {"site_a": site_a, "site_b": site_b}


def digest_to(email):
    return next(m for m in mails("resume_hebdomadaire") if m.to == [email])


def test_each_person_gets_one_digest_about_their_own_sites(week, clock):
    clock.move_to(paris(2026, 1, 12, 8, 5))  # Monday, after 8:00
    reminders_sweep()
    reminders_sweep()
    assert addressees("resume_hebdomadaire") == sorted(
        [
            "chef@anct.gouv.fr",
            "centre@irev.fr",
            "membre-a@exemple.fr",
            "observateur@exemple.fr",
            "membre-b@exemple.fr",
        ]
    )
    member_a = digest_to("membre-a@exemple.fr")
    assert member_a.subject == "Votre semaine sur Quartiers à impact collectif"
    assert "Site A — Montreynaud : « vision adoptée » depuis le 07/01/2026" in member_a.body
    assert (
        "Site A — Montreynaud : Inès Moreau (Préfecture de la Loire) tient le siège « État » "
        "depuis le 08/01/2026" in member_a.body
    )
    assert "Site B" not in member_a.body
    member_b = digest_to("membre-b@exemple.fr")
    assert "Site B — Les Aubiers : « suspendu » depuis le 08/01/2026" in member_b.body
    assert "Site A" not in member_b.body
    assert member_a.alternatives[0][1] == "text/html"
    assert "vision adoptée" in member_a.alternatives[0][0]
    # The administrator follows no site: nothing to say, no e-mail; the row says why.
    admin_row = Reminder.objects.get(kind="resume_hebdomadaire", email="admin@anct.gouv.fr")
    assert admin_row.status == ReminderStatus.CANCELLED
    assert not Reminder.objects.filter(email__in=["invitee@exemple.fr", "partie@exemple.fr"])


def test_not_before_the_digest_time_and_not_twice_the_same_week(week, clock):
    clock.move_to(paris(2026, 1, 12, 7, 55))
    reminders_sweep()
    assert mails("resume_hebdomadaire") == []
    for moment in (paris(2026, 1, 12, 8, 0), paris(2026, 1, 13, 9, 0), paris(2026, 1, 18, 20, 0)):
        clock.move_to(moment)
        reminders_sweep()
    assert addressees("resume_hebdomadaire").count("membre-a@exemple.fr") == 1


def test_a_beat_down_for_a_day_still_sends_the_week_digest_once(week, clock):
    clock.move_to(paris(2026, 1, 13, 18, 0))  # Tuesday evening: the scheduler is back
    reminders_sweep()
    reminders_sweep()
    assert addressees("resume_hebdomadaire").count("membre-a@exemple.fr") == 1


def test_after_a_long_outage_the_next_digest_covers_everything_since_the_last(week, clock):
    clock.move_to(paris(2026, 1, 16, 9, 0))  # Friday: too late for this week's digest
    reminders_sweep()
    assert mails("resume_hebdomadaire") == []
    clock.move_to(paris(2026, 1, 19, 8, 5))  # next Monday
    reminders_sweep()
    body = digest_to("membre-a@exemple.fr").body
    assert "Site A — Montreynaud : « vision adoptée » depuis le 07/01/2026" in body


def test_the_next_week_only_shows_what_is_new(week, clock, site_a, chef):
    clock.move_to(paris(2026, 1, 12, 8, 5))
    reminders_sweep()
    clock.move_to(paris(2026, 1, 14, 10, 0))
    site_change_status(
        site=site_a,
        status=SiteStatus.MISE_EN_OEUVRE,
        on=datetime.date(2026, 1, 14),
        comment="Premières actions.",
        author=chef,
    )
    clock.move_to(paris(2026, 1, 19, 8, 5))
    reminders_sweep()
    second = [m for m in mails("resume_hebdomadaire") if m.to == ["membre-a@exemple.fr"]][1]
    assert "« mise en œuvre » depuis le 14/01/2026" in second.body
    assert "vision adoptée" not in second.body


def test_reminders_chosen_for_the_digest_go_in_it_and_are_marked_sent(quiet, clock):
    clock.move_to(paris(2026, 3, 6, 9, 0))
    reminders_sweep()  # « site sans activité », waiting for the digest (the default)
    clock.move_to(paris(2026, 3, 9, 8, 5))
    reminders_sweep()
    body = digest_to("chef@anct.gouv.fr").body
    assert "Site sans activité : Aucune activité enregistrée sur le site « Site A" in body
    digest = Reminder.objects.get(kind="resume_hebdomadaire", email="chef@anct.gouv.fr")
    item = Reminder.objects.get(kind="site_inactif", email="chef@anct.gouv.fr")
    assert (item.status, item.digest) == (ReminderStatus.SENT, digest)
    assert mails("site_inactif") == []


def test_without_the_digest_chosen_items_stay_in_the_app(quiet, clock):
    NotificationPreference.objects.create(
        user=quiet["chef_a"], kind="resume_hebdomadaire", enabled=False
    )
    clock.move_to(paris(2026, 3, 6, 9, 0))
    reminders_sweep()
    item = Reminder.objects.get(kind="site_inactif", email="chef@anct.gouv.fr")
    assert item.status == ReminderStatus.CANCELLED
    assert "application seulement" in item.last_error
    assert User.objects.get(email="chef@anct.gouv.fr").notifications.count() == 1
    clock.move_to(paris(2026, 3, 9, 8, 5))
    reminders_sweep()
    assert "chef@anct.gouv.fr" not in addressees("resume_hebdomadaire")


def test_the_digest_day_and_hour_are_settings(week, clock):
    ReminderSettings(digest_weekday=4, digest_hour=16).save()  # Friday 16:00
    clock.move_to(paris(2026, 1, 12, 9, 0))
    reminders_sweep()
    assert mails("resume_hebdomadaire") == []
    clock.move_to(paris(2026, 1, 16, 16, 1))
    reminders_sweep()
    assert "membre-a@exemple.fr" in addressees("resume_hebdomadaire")
    row = Reminder.objects.get(kind="resume_hebdomadaire", email="membre-a@exemple.fr")
    assert (row.occurrence, row.delivery) == ("2026-01-16", Delivery.IMMEDIATE)
