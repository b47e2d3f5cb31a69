"""« Mesure d'indicateur attendue »: to the site's current trinôme, a week before the
value of the last period becomes overdue, once per period."""

import datetime
from decimal import Decimal

import pytest

from notifications.enums import Delivery, ReminderStatus
from notifications.kinds.measurement_due import awaited, expected_measurement
from notifications.models import Notification, Reminder, ReminderSettings
from notifications.services import reminders_sweep
from quartiers.enums import SiteStatus, TrinomeSeat
from tests import factories
from tests.notifications.conftest import addressees, mails, paris
from visions.enums import Frequency
from visions.models import Indicator

pytestmark = pytest.mark.django_db

# Quarterly: the Q4 2025 value is overdue after 30 days, from 31/01/2026; the reminder
# goes 7 days before that deadline, on Friday 23 January 2026.
DEADLINE = datetime.date(2026, 1, 30)


def indicator_on(site, name, **extra):
    vision = factories.VisionFactory(site=site)
    objective = factories.ObjectiveFactory(vision=vision)
    indicator = factories.IndicatorFactory(objective=objective, name=name, **extra)
    factories.MeasurementFactory(indicator=indicator, date=datetime.date(2025, 9, 30))  # Q3
    return indicator


@pytest.fixture
def trinomes(clock, site_a, site_b, member_a, member_b, chef, observer):
    """Site A's trinôme: an association (no account), the État (member_a's person) and a
    collectivité seat whose holder left last year; site B's, one association."""
    factories.TrinomeMandateFactory(
        site=site_a, personne=factories.PersonneFactory(email="asso-a@exemple.fr")
    )
    factories.TrinomeMandateFactory(
        site=site_a,
        seat=TrinomeSeat.ETAT,
        personne=factories.PersonneFactory(email="membre-a@exemple.fr", user=member_a),
    )
    factories.TrinomeMandateFactory(
        site=site_a,
        seat=TrinomeSeat.COLLECTIVITE,
        personne=factories.PersonneFactory(email="ancien-elu@exemple.fr"),
        end_date=datetime.date(2025, 6, 30),
    )
    factories.TrinomeMandateFactory(
        site=site_b, personne=factories.PersonneFactory(email="asso-b@exemple.fr")
    )
    return {
        "a": indicator_on(site_a, "Taux de réussite au brevet"),
        "b": indicator_on(site_b, "Jeunes suivis par la mission locale"),
    }


SITE_A = {"asso-a@exemple.fr", "membre-a@exemple.fr"}
SITE_B = {"asso-b@exemple.fr"}


def reminded() -> set[tuple[str, str]]:
    return {(r.object_repr, r.email) for r in Reminder.objects.filter(kind="mesure_attendue")}


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (paris(2026, 1, 22, 20, 0), set()),
        (paris(2026, 1, 23, 8, 0), SITE_A | SITE_B),
        (paris(2026, 1, 24, 9, 0), SITE_A | SITE_B),
    ],
    ids=["veille", "jour", "lendemain"],
)
def test_the_trinome_of_that_site_only_a_week_before_the_deadline(
    trinomes, clock, moment, expected
):
    clock.move_to(moment)
    reminders_sweep()
    assert {email for _indicator, email in reminded()} == expected
    assert all((site == "Site A — Montreynaud") == (email in SITE_A) for site, email in reminded())
    assert {r.occurrence for r in Reminder.objects.filter(kind="mesure_attendue")} <= {
        DEADLINE.isoformat()
    }


def test_once_per_period_and_people_without_account_get_an_email(trinomes, clock, member_a):
    for moment in (paris(2026, 1, 23, 9, 0), paris(2026, 1, 23, 9, 5), paris(2026, 1, 29, 9, 0)):
        clock.move_to(moment)
        reminders_sweep()
    # People without an account get it by e-mail at once; accounts, in their digest.
    assert sorted(addressees("mesure_attendue")) == ["asso-a@exemple.fr", "asso-b@exemple.fr"]
    message = next(m for m in mails("mesure_attendue") if m.to == ["asso-a@exemple.fr"])
    assert message.subject == (
        "Site A — Montreynaud : valeur « T4 2025 » attendue pour « Taux de réussite au brevet »"
    )
    assert "La valeur de cet indicateur est attendue au plus tard le 30/01/2026 :" in message.body
    assert (
        "- « Taux de réussite au brevet », valeur « T4 2025 » (trimestrielle) — dernière "
        "valeur saisie : 42 %, le 30/09/2025" in message.body
    )
    row = Reminder.objects.get(kind="mesure_attendue", user=member_a)
    assert (row.delivery, row.status) == (Delivery.DIGEST, ReminderStatus.PENDING)
    note = Notification.objects.get(user=member_a, kind="mesure_attendue")
    assert "« T4 2025 »" in note.message
    assert note.url == f"/sites/{trinomes['a'].objective.vision.site_id}/indicateurs/"
    # Next quarter: a new reminder (Q1 2026 → 30 April, reminded on 23 April).
    clock.move_to(paris(2026, 4, 23, 9, 0))
    reminders_sweep()
    assert addressees("mesure_attendue").count("asso-a@exemple.fr") == 2


def test_one_reminder_per_site_and_deadline_lists_its_indicators(trinomes, clock, site_a):
    objective = trinomes["a"].objective
    second = factories.IndicatorFactory(objective=objective, name="Jeunes en service civique")
    factories.MeasurementFactory(indicator=second, date=datetime.date(2025, 9, 30))
    yearly = factories.IndicatorFactory(
        objective=objective, name="Revenu médian", frequency=Frequency.ANNUELLE
    )
    factories.MeasurementFactory(indicator=yearly, date=datetime.date(2024, 12, 31))
    clock.move_to(paris(2026, 1, 23, 9, 0))
    reminders_sweep()
    assert addressees("mesure_attendue") == ["asso-a@exemple.fr", "asso-b@exemple.fr"]
    message = next(m for m in mails("mesure_attendue") if m.to == ["asso-a@exemple.fr"])
    assert message.subject == (
        "Site A — Montreynaud : 2 valeurs d'indicateurs attendues d'ici le 30/01/2026"
    )
    assert "Les valeurs de ces indicateurs sont attendues au plus tard le 30/01/2026" in (
        message.body
    )
    assert "« Jeunes en service civique », valeur « T4 2025 »" in message.body
    assert "« Taux de réussite au brevet », valeur « T4 2025 »" in message.body
    assert "Revenu médian" not in message.body  # its 2025 value is due by 31 March
    clock.move_to(paris(2026, 3, 24, 9, 0))
    reminders_sweep()
    yearly_mail = [m for m in mails("mesure_attendue") if m.to == ["asso-a@exemple.fr"]][1]
    assert "« Revenu médian », valeur « 2025 » (annuelle)" in yearly_mail.body


def test_a_value_entered_for_one_indicator_leaves_the_others_in_the_reminder(
    trinomes, clock, member_a
):
    second = factories.IndicatorFactory(
        objective=trinomes["a"].objective, name="Jeunes en service civique"
    )
    factories.MeasurementFactory(indicator=second, date=datetime.date(2025, 9, 30))
    clock.move_to(paris(2026, 1, 23, 9, 0))
    reminders_sweep()
    factories.MeasurementFactory(
        indicator=trinomes["a"], date=datetime.date(2025, 12, 31), value=Decimal("44")
    )
    clock.move_to(paris(2026, 1, 26, 8, 5))  # Monday: member_a's digest
    reminders_sweep()
    digest = next(m for m in mails("resume_hebdomadaire") if m.to == ["membre-a@exemple.fr"])
    assert "« Jeunes en service civique », valeur « T4 2025 »" in digest.body
    assert "Taux de réussite au brevet" not in digest.body
    row = Reminder.objects.get(kind="mesure_attendue", user=member_a)
    assert row.status == ReminderStatus.SENT  # in the digest


def test_a_value_entered_in_time_stops_the_reminder(trinomes, clock):
    factories.MeasurementFactory(
        indicator=trinomes["a"], date=datetime.date(2025, 12, 31), value=Decimal("44")
    )
    clock.move_to(paris(2026, 1, 23, 9, 0))
    reminders_sweep()
    assert {email for _i, email in reminded()} == SITE_B


def test_a_value_entered_after_the_row_was_created_cancels_it(trinomes, clock, member_a):
    clock.move_to(paris(2026, 1, 23, 9, 0))
    reminders_sweep()
    factories.MeasurementFactory(
        indicator=trinomes["a"], date=datetime.date(2025, 12, 31), value=Decimal("44")
    )
    clock.move_to(paris(2026, 1, 26, 8, 5))  # Monday: the digest
    reminders_sweep()
    row = Reminder.objects.get(kind="mesure_attendue", user=member_a)
    assert row.status == ReminderStatus.CANCELLED


def test_suspended_sites_are_not_chased(trinomes, clock, site_b):
    site_b.status = SiteStatus.SUSPENDU
    site_b.save()
    clock.move_to(paris(2026, 1, 23, 9, 0))
    reminders_sweep()
    assert {email for _i, email in reminded()} == SITE_A


def test_the_notice_is_a_setting(trinomes, clock):
    ReminderSettings(measurement_notice_days=14).save()
    clock.move_to(paris(2026, 1, 16, 9, 0))
    reminders_sweep()
    assert {email for _i, email in reminded()} == SITE_A | SITE_B


@pytest.mark.parametrize(
    ("frequency", "measured", "today", "expected"),
    [
        (Frequency.MENSUELLE, (2025, 11, 30), (2026, 1, 8), ("déc. 2025", (2026, 1, 15))),
        (Frequency.MENSUELLE, (2025, 11, 30), (2026, 1, 7), None),  # still November's turn
        (Frequency.SEMESTRIELLE, (2025, 5, 31), (2026, 2, 7), ("S2 2025", (2026, 2, 14))),
        (Frequency.SEMESTRIELLE, (2025, 11, 30), (2026, 2, 7), None),  # S2 entered
        (Frequency.ANNUELLE, (2024, 12, 31), (2026, 3, 24), ("2025", (2026, 3, 31))),
        (Frequency.ANNUELLE, (2024, 12, 31), (2026, 3, 23), None),
    ],
)
def test_the_expected_period_for_each_frequency(db, frequency, measured, today, expected):
    indicator = factories.IndicatorFactory(frequency=frequency)
    factories.MeasurementFactory(indicator=indicator, date=datetime.date(*measured))
    indicator = Indicator.objects.get(pk=indicator.pk)
    found = expected_measurement(indicator, datetime.date(*today), 7)
    # The sweep's SQL pre-filter keeps exactly the indicators the rule may remind.
    kept = Indicator.objects.filter(awaited(datetime.date(*today), 7))
    assert kept.filter(pk=indicator.pk).exists() == (found is not None)
    if expected is None:
        assert found is None
    else:
        assert (found.period.label, found.deadline) == (expected[0], datetime.date(*expected[1]))


@pytest.mark.parametrize("frequency", list(Frequency))
def test_an_indicator_never_measured_is_awaited_from_its_baseline(db, frequency):
    today = datetime.date(2026, 3, 31)
    for baseline in (datetime.date(2020, 1, 1), today):
        indicator = factories.IndicatorFactory(frequency=frequency, baseline_date=baseline)
        indicator = Indicator.objects.get(pk=indicator.pk)
        found = expected_measurement(indicator, today, 7)
        kept = Indicator.objects.filter(awaited(today, 7), pk=indicator.pk)
        assert kept.exists() == (found is not None) == (baseline < today)
