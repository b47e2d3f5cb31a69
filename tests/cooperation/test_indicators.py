"""Cooperation indicators: computed each quarter from the network and the meetings,
recorded as measurements, shown like any indicator and marked as cooperation."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from cercles.enums import AttendanceStatus, MeetingStatus
from cooperation.indicators import cooperation_indicators_record, quarter_ends
from quartiers.models import SiteEvent
from tests import factories
from tests.conftest import client_for
from visions.enums import CooperationMetric, Direction, Frequency, IndicatorFamily

pytestmark = pytest.mark.django_db

D = datetime.date


def _cooperation(site, metric, name):
    objective = getattr(site, "_objective", None)
    if objective is None:
        objective = site._objective = factories.ObjectiveFactory(
            vision=factories.VisionFactory(site=site)
        )
    return factories.IndicatorFactory(
        objective=objective,
        name=name,
        unit="",
        family=IndicatorFamily.COOPERATION,
        cooperation_metric=metric,
        baseline_value=Decimal(2),
        baseline_date=D(2022, 1, 1),
        target_value=Decimal(12),
        target_date=D(2028, 1, 1),
        frequency=Frequency.TRIMESTRIELLE,
    )


def test_quarter_ends():
    assert quarter_ends(D(2025, 2, 10), D(2025, 12, 31)) == [
        D(2025, 3, 31),
        D(2025, 6, 30),
        D(2025, 9, 30),
        D(2025, 12, 31),
    ]


def test_the_quarterly_job_records_values_that_stand_like_any_measurement(site_a, actors):
    structures = _cooperation(site_a, CooperationMetric.STRUCTURES, "Structures impliquées")
    fields = _cooperation(site_a, CooperationMetric.FIELDS, "Champs représentés")
    actions = _cooperation(site_a, CooperationMetric.CROSS_FIELD_ACTIONS, "Actions interchamps")
    population = factories.IndicatorFactory(objective=structures.objective)

    assert cooperation_indicators_record(today=D(2026, 1, 15)) == 3
    structures.refresh_from_db()
    # 7 structures at the end of 2025: the quartet of the cercle and the action, the
    # trinôme and the centre.
    assert (structures.latest_date, structures.latest_value) == (D(2025, 12, 31), Decimal(7))
    fields.refresh_from_db()
    assert fields.latest_value == Decimal(7)  # association, emploi, collectivité, État…
    actions.refresh_from_db()
    assert actions.latest_value == Decimal(1)  # the collège's action with its partners
    assert structures.track != "non_evaluable"  # a standing, as any indicator
    assert not population.measurements.exists()
    assert SiteEvent.objects.filter(site=site_a, kind="mesure").count() == 3
    # Again: nothing twice.
    assert cooperation_indicators_record(today=D(2026, 2, 1)) == 0
    # Earlier quarters on demand: the network was smaller.
    call_command("cooperation_indicators", "--depuis", "2023-01-01")
    values = dict(structures.measurements.values_list("date", "value"))
    # The trinôme's ville and préfecture, and the centre social alone in its cercle.
    assert values[D(2023, 3, 31)] == Decimal(3)
    assert values[D(2025, 12, 31)] == Decimal(7)


def test_regular_attendance_in_cercles(site_a, actors):
    attendance = _cooperation(site_a, CooperationMetric.ATTENDANCE, "Présence régulière")
    cercle = site_a.cercles.get()
    members = list(cercle.memberships.all())
    for day in (5, 20):
        meeting = factories.MeetingFactory(
            cercle=cercle,
            starts_at=factories.paris(2025, 11, day),
            status=MeetingStatus.TENUE,
        )
        factories.AttendanceFactory(
            meeting=meeting, member=members[0], status=AttendanceStatus.PRESENT
        )
        factories.AttendanceFactory(
            meeting=meeting, member=members[1], status=AttendanceStatus.ABSENT
        )
    cooperation_indicators_record(today=D(2026, 1, 15))
    attendance.refresh_from_db()
    assert attendance.latest_value == Decimal(50)


def test_a_cooperation_indicator_needs_what_it_measures(site_a, member_a):
    objective = factories.ObjectiveFactory(vision=factories.VisionFactory(site=site_a))
    response = client_for(member_a).post(
        reverse("visions:indicator_create", args=[objective.pk]),
        {
            "objective": objective.pk,
            "name": "Structures impliquées",
            "direction": Direction.HAUSSE,
            "baseline_value": "5",
            "baseline_date": "2024-01-01",
            "frequency": Frequency.TRIMESTRIELLE,
            "family": IndicatorFamily.COOPERATION,
            "cooperation_metric": "",
        },
    )
    assert response.status_code == 200
    assert "Choisissez ce que mesure cet indicateur de coopération." in response.content.decode()


def test_cooperation_indicators_are_marked_in_the_tree_and_beside_the_conditions(
    site_a, member_a, actors
):
    indicator = _cooperation(site_a, CooperationMetric.CROSS_FIELD_ACTIONS, "Actions interchamps")
    cooperation_indicators_record(today=D(2026, 1, 15))
    factories.SelfAssessmentFactory(site=site_a)
    client = client_for(member_a)
    tree = client.get(reverse("visions:vision_tree", args=[site_a.pk])).content.decode()
    row = tree[tree.index("Actions interchamps") :][:400]
    assert "coopération" in row
    assessment = client.get(
        reverse("visions:assessment_overview", args=[site_a.pk])
    ).content.decode()
    cell = assessment[assessment.index('<th scope="row">Activités qui se renforcent') :][:600]
    assert "Coopération :" in cell and indicator.name in cell and "(31/12/2025)" in cell
