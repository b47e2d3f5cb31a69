"""« À relancer »: each rule is right on both sides of its threshold (time frozen)."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse

from cercles.enums import CommitmentStatus, MeetingStatus
from quartiers.enums import SiteStatus
from quartiers.models import Site
from summaries.programme import COMMITMENTS, INACTIVE, MEASUREMENTS, VISION, programme_figures
from tests import factories
from tests.conftest import T0, client_for
from visions import progress
from visions.enums import Frequency, VisionStatus

pytestmark = pytest.mark.django_db


def _reasons(admin_user):
    return {
        line.name: {reason.kind: reason for reason in line.reasons}
        for line in programme_figures(Site.objects.for_user(admin_user)).chase
    }


@pytest.fixture
def quiet_site(clock):
    """A site in mise en œuvre with nothing else to chase than what a test adds."""
    site = factories.SiteFactory(name="Quiet", status=SiteStatus.MISE_EN_OEUVRE, cohort=None)
    factories.VisionFactory(
        site=site, status=VisionStatus.ADOPTEE, adopted_on=datetime.date(2025, 1, 1)
    )
    return site


def test_no_meeting_for_60_days(quiet_site, admin_user, clock):
    factories.MeetingFactory(
        cercle__site=quiet_site,
        starts_at=T0 - datetime.timedelta(days=60),
        status=MeetingStatus.TENUE,
    )
    # A meeting planned or cancelled is not a meeting held.
    factories.MeetingFactory(cercle__site=quiet_site, starts_at=T0 - datetime.timedelta(days=3))
    assert "Quiet" not in _reasons(admin_user)
    # Counted in days: the figures of a day do not move within it.
    clock.shift(datetime.timedelta(hours=13))
    assert "Quiet" not in _reasons(admin_user)
    clock.shift(datetime.timedelta(days=1))
    reason = _reasons(admin_user)["Quiet"][INACTIVE]
    assert reason.since == datetime.date(2025, 11, 6)
    assert reason.text == "Aucune activité enregistrée depuis le 06/11/2025"


def test_a_site_without_any_event_is_chased_from_its_creation(admin_user, clock):
    # Registered without its history (an import): no event, silent since created.
    site = factories.SiteFactory(
        name="New", status=SiteStatus.FORMATION_ACTION, cohort=None, first_status=False
    )
    assert "New" not in _reasons(admin_user)
    clock.shift(datetime.timedelta(days=61))
    reason = _reasons(admin_user)["New"][INACTIVE]
    assert reason.since == site.created_at.date()
    assert "depuis l'entrée dans le programme" in reason.text


@override_settings(DASHBOARD_CHASE_INACTIVE_DAYS=30)
def test_the_meeting_threshold_comes_from_the_settings(quiet_site, admin_user, clock):
    factories.MeetingFactory(
        cercle__site=quiet_site,
        starts_at=T0 - datetime.timedelta(days=31),
        status=MeetingStatus.TENUE,
    )
    assert INACTIVE in _reasons(admin_user)["Quiet"]


def _recent_meeting(site):
    return factories.MeetingFactory(
        cercle__site=site, starts_at=T0 - datetime.timedelta(days=1), status=MeetingStatus.TENUE
    )


def test_overdue_commitments(quiet_site, admin_user, clock):
    meeting = _recent_meeting(quiet_site)
    factories.CommitmentFactory(meeting=meeting, due_on=T0.date())
    factories.CommitmentFactory(
        meeting=meeting,
        due_on=T0.date() - datetime.timedelta(days=9),
        status=CommitmentStatus.ABANDONNE,
    )
    assert "Quiet" not in _reasons(admin_user)
    clock.shift(datetime.timedelta(days=1))
    reason = _reasons(admin_user)["Quiet"][COMMITMENTS]
    assert reason.since == T0.date()
    assert reason.text == "1 engagement en retard, le plus ancien dû le 05/01/2026"
    factories.CommitmentFactory(meeting=meeting, due_on=datetime.date(2025, 12, 1))
    assert _reasons(admin_user)["Quiet"][COMMITMENTS].text == (
        "2 engagements en retard, le plus ancien dû le 01/12/2025"
    )


def test_overdue_measurements(quiet_site, admin_user, clock):
    _recent_meeting(quiet_site)
    # The start of the latest quarter whose value is due (ended 30 days ago or more).
    period = progress.period_containing(T0.date(), Frequency.TRIMESTRIELLE)
    while not period.end + datetime.timedelta(days=30) < T0.date():
        period = progress.previous_period(period)
    cutoff = period.start
    indicator = factories.IndicatorFactory(
        objective__vision=quiet_site.vision, baseline_date=datetime.date(2024, 1, 1)
    )
    factories.MeasurementFactory(indicator=indicator, date=cutoff)
    assert "Quiet" not in _reasons(admin_user)
    indicator.measurements.update(date=cutoff - datetime.timedelta(days=1))
    reason = _reasons(admin_user)["Quiet"][MEASUREMENTS]
    assert reason.since == cutoff - datetime.timedelta(days=1)
    assert reason.text.startswith("1 indicateur sans sa mesure attendue, dernière valeur le ")


def test_vision_still_in_draft_after_the_formation_action(admin_user, clock):
    cohort = factories.CohortFactory(year=2025)
    factories.FormationSessionFactory(cohort=cohort, date=datetime.date(2025, 6, 1))
    factories.FormationSessionFactory(cohort=cohort, date=T0.date())  # the last one
    site = factories.SiteFactory(name="Draft", status=SiteStatus.FORMATION_ACTION, cohort=cohort)
    factories.VisionFactory(site=site, status=VisionStatus.BROUILLON)
    _recent_meeting(site)
    assert "Draft" not in _reasons(admin_user)
    clock.shift(datetime.timedelta(days=1))
    reason = _reasons(admin_user)["Draft"][VISION]
    assert reason.since == T0.date()
    assert "dernière session le 05/01/2026" in reason.text
    with override_settings(DASHBOARD_CHASE_VISION_DAYS_AFTER_FORMATION=30):
        assert "Draft" not in _reasons(admin_user)


def test_suspended_sites_are_not_chased_and_lines_say_why(admin_user, clock):
    site = factories.SiteFactory(name="Paused", status=SiteStatus.SUSPENDU, cohort=None)
    factories.CommitmentFactory(meeting__cercle__site=site, due_on=datetime.date(2025, 1, 1))
    clock.shift(datetime.timedelta(days=100))
    assert "Paused" not in _reasons(admin_user)
    active = factories.SiteFactory(name="Busy", status=SiteStatus.MISE_EN_OEUVRE, cohort=None)
    factories.CommitmentFactory(meeting__cercle__site=active, due_on=datetime.date(2025, 1, 1))
    page = client_for(admin_user).get(reverse("dashboards:national")).content.decode()
    assert "Paused" not in page.split('id="relancer-titre"')[1].split("</section>")[0]
    assert "1 engagement en retard, le plus ancien dû le 01/01/2025" in page


def test_the_national_list_shows_the_longest_waiting_first_then_all_on_request(admin_user, clock):
    from dashboards import views

    for index in range(views.CHASE_SHOWN + 2):
        factories.SiteFactory(
            name=f"Site {index:02d}", status=SiteStatus.MISE_EN_OEUVRE, cohort=None
        )
    clock.shift(datetime.timedelta(days=61))
    client = client_for(admin_user)
    page = client.get(reverse("dashboards:national")).content.decode()
    assert page.count("Aucune activité enregistrée depuis") == views.CHASE_SHOWN
    assert f"Voir les {views.CHASE_SHOWN + 2} sites à relancer" in page
    page = client.get(reverse("dashboards:national") + "?relancer=tous").content.decode()
    assert page.count("Aucune activité enregistrée depuis") == views.CHASE_SHOWN + 2
