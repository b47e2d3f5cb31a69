"""The visions pages run a pinned number of queries that does not grow with data.

Each page is measured on a small world, then again after growing it tenfold on the very
objects shown (objectives, indicators, measurements, actions, versions, self-assessments,
history) and around them: both counts must equal the one in tests/query_counts.json. The
pages themselves are measured in tests/visions/test_page_query_counts.py, over one world
shared by its module; here, the HTMX answers, which write.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests import factories
from tests.conftest import client_for
from visions.enums import ActionStatus, VisionStatus
from visions.models import VisionVersion

pytestmark = pytest.mark.django_db

STATUSES = list(ActionStatus)


def add_indicator(objective, index, measurements=3):
    indicator = factories.IndicatorFactory(objective=objective, name=f"Indicateur {index}")
    for month in range(measurements):
        factories.MeasurementFactory(
            indicator=indicator,
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=30 * month),
            value=Decimal(40 + month),
        )
    factories.TurnTheCurveFactory(indicator=indicator)
    return indicator


def add_action(site, objectives, index, label=""):
    action = factories.ActionFactory(
        site=site,
        title=f"Action {index}{label}",
        status=STATUSES[index % len(STATUSES)],
        objectives=objectives,
        partners=[factories.StructureFactory(), factories.StructureFactory()],
    )
    factories.MilestoneFactory(action=action)
    return action


def add_version(vision, number):
    VisionVersion.objects.create(
        vision=vision,
        number=number,
        statement=f"Version {number} : " + "un quartier où chacun trouve sa place " * number,
        horizon=2030,
        adopted_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
        adopted_by="comité de pilotage",
    )


@pytest.fixture
def world(site_a, personas, centre):
    return build_world(site_a, personas)


def build_world(site_a, personas):
    vision = factories.VisionFactory(site=site_a, status=VisionStatus.ADOPTEE)
    add_version(vision, 1)
    add_version(vision, 2)
    objectives = [factories.ObjectiveFactory(vision=vision) for _ in range(2)]
    indicator = add_indicator(objectives[0], 0)
    add_indicator(objectives[1], 1)
    action = add_action(site_a, objectives, 0)
    assessment = factories.SelfAssessmentFactory(site=site_a)
    factories.SelfAssessmentFactory(site=site_a)
    return {
        "site": site_a,
        "vision": vision,
        "indicator": indicator,
        "action": action,
        "assessment": assessment,
        "measurement_import": factories.MeasurementImportFactory(
            site=site_a, requested_by=personas["member_a"], status="echec", errors=["Ligne 2 : …"]
        ),
        "count": 2,
    }


def grow(world, personas, size=10):
    site, vision = world["site"], world["vision"]
    start = world["count"]
    for index in range(start, start + size):
        objective = factories.ObjectiveFactory(vision=vision)
        for extra in range(2):
            add_indicator(objective, f"{index}-{extra}", measurements=15)
        add_action(site, [objective, world["indicator"].objective], index)
        add_action(site, [], index, " sans objectif")
        add_version(vision, index + 1)
        factories.SelfAssessmentFactory(site=site)
        factories.MeasurementFactory(
            indicator=world["indicator"],
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=index),
        )
        factories.MilestoneFactory(action=world["action"])
        factories.MeasurementImportFactory(site=site, requested_by=personas["member_a"])
        # Other sites' data, visible to some personas.
        other = factories.SiteFactory()
        factories.SiteAccessFactory(site=other, user=personas["member_a"])
        add_indicator(factories.ObjectiveFactory(vision=factories.VisionFactory(site=other)), index)
        # More history on the objects shown.
        vision.statement = f"{vision.statement} ({index})"
        vision.save()
        world["indicator"].name = f"Indicateur suivi ({index})"
        world["indicator"].save()
        world["action"].title = f"Action suivie ({index})"
        world["action"].save()
    world["count"] = start + size


PAGES = [
    # (budget name, url name, kwargs from the world, persona)
    ("visions.vision_overview.admin", "visions:vision_overview", {}, "admin_user"),
    ("visions.vision_overview.membre", "visions:vision_overview", {}, "member_a"),
    ("visions.vision_detail", "visions:vision_detail", {"pk": "site.pk"}, "member_a"),
    ("visions.version_diff", "visions:version_diff", {"pk": "site.pk"}, "member_a"),
    ("visions.vision_tree", "visions:vision_tree", {"pk": "site.pk"}, "member_a"),
    ("visions.vision_tree.observateur", "visions:vision_tree", {"pk": "site.pk"}, "observer"),
    ("visions.indicator_grid", "visions:indicator_grid", {"pk": "site.pk"}, "member_a"),
    (
        "visions.indicator_grid.observateur",
        "visions:indicator_grid",
        {"pk": "site.pk"},
        "observer",
    ),
    ("visions.indicator_detail", "visions:indicator_detail", {"pk": "indicator.pk"}, "member_a"),
    ("visions.action_board", "visions:action_board", {"pk": "site.pk"}, "member_a"),
    ("visions.action_list", "visions:action_list", {"pk": "site.pk"}, "member_a"),
    ("visions.action_detail", "visions:action_detail", {"pk": "action.pk"}, "member_a"),
    (
        "visions.assessment_overview",
        "visions:assessment_overview",
        {"pk": "site.pk"},
        "member_a",
    ),
    (
        "visions.assessment_detail",
        "visions:assessment_detail",
        {"pk": "assessment.pk"},
        "member_a",
    ),
    ("visions.measurement_template", "visions:measurement_template", {"pk": "site.pk"}, "member_a"),
    ("visions.measurement_import", "visions:measurement_import", {"pk": "site.pk"}, "member_a"),
    (
        "visions.measurement_import_job",
        "visions:measurement_import_job",
        {"pk": "measurement_import.pk"},
        "member_a",
    ),
]


def _url(world, name, kwargs):
    resolved = {}
    for key, path in kwargs.items():
        obj, attr = path.split(".")
        resolved[key] = getattr(world[obj], attr)
    return reverse(name, kwargs=resolved)


def test_the_import_job_polling_fragment_is_pinned(world, personas, query_budget):
    """The job page asks for its status every second while it runs: a fixed, small cost."""
    job = world["measurement_import"]
    job.status, job.rows_total, job.rows_done = "en_cours", 10_000, 2_500
    job.save()
    client = client_for(personas["member_a"])
    url = reverse("visions:measurement_import_job", args=[job.pk])
    for _round in range(2):
        with query_budget("visions.measurement_import_job.htmx"):
            response = client.get(url, headers={"HX-Request": "true"})
        assert "2\u202f500 lignes sur 10\u202f000" in response.content.decode()
        grow(world, personas, size=3)


def test_the_htmx_row_and_board_answers_are_pinned_too(world, personas, query_budget):
    """Saving one row of the grid and moving one card cost the same whatever the site holds."""
    client = client_for(personas["member_a"])
    site, indicator, action = world["site"], world["indicator"], world["action"]
    row = reverse("visions:indicator_grid_row", args=[site.pk, indicator.pk])
    move = reverse("visions:action_move", args=[action.pk])
    htmx = {"HX-Request": "true"}
    for day in ("2026-03-31", "2026-06-30"):
        data = {f"i{indicator.pk}-date": day, f"i{indicator.pk}-value": "41,5"}
        with query_budget("visions.indicator_grid_row.htmx"):
            assert "Enregistré" in client.post(row, data, headers=htmx).content.decode()
        action.refresh_from_db()
        next_status = action.next_statuses()[0]
        with query_budget("visions.action_move.htmx"):
            assert client.post(move, {"status": next_status}, headers=htmx).status_code == 200
        grow(world, personas, size=5)
