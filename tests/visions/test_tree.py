"""Traceability: from the vision down to objectives, indicators and actions on one page,
and from any indicator or action back up to the vision; every change journaled."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests import factories
from tests.conftest import client_for
from tests.visions.helpers import page_text, soup, visible_text
from visions.enums import ActionStatus, Direction, Track
from visions.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(site_a):
    vision = factories.VisionFactory(site=site_a, statement="Un quartier où chaque jeune réussit.")
    education = factories.ObjectiveFactory(
        vision=vision, title="Réussite éducative", contrat_priority="Axe 2 — Éducation"
    )
    brevet = factories.IndicatorFactory(
        objective=education,
        name="Taux de réussite au brevet",
        baseline_value=Decimal(70),
        target_value=Decimal(80),
    )
    for day, value in [("2024-06-30", "72"), ("2025-06-30", "68")]:
        factories.MeasurementFactory(
            indicator=brevet, date=datetime.date.fromisoformat(day), value=Decimal(value)
        )
    action = factories.ActionFactory(
        site=site_a,
        title="Soutien scolaire du soir",
        objectives=[education],
        status=ActionStatus.EN_COURS,
    )
    loose = factories.ActionFactory(site=site_a, title="Fête de quartier")
    return {"education": education, "brevet": brevet, "action": action, "loose": loose}


def test_the_tree_goes_from_the_vision_to_indicators_and_actions(site_a, member_a, tree):
    response = client_for(member_a).get(reverse("visions:vision_tree", args=[site_a.pk]))
    page = soup(response)
    assert "Un quartier où chaque jeune réussit." in page.select_one(".fr-callout").get_text()
    section = page.select_one(f"#objectif-{tree['education'].pk}")
    assert "Priorité du contrat de ville : Axe 2 — Éducation" in section.get_text()
    row = section.select_one("tbody tr")
    cells = [visible_text(cell) for cell in row.select("th, td")]
    assert cells[0].startswith("Taux de réussite au brevet")
    assert cells[2] == "68 % au 30/06/2025"  # latest value
    # 68 is below the baseline of 70 for a rise: the line moves away from the target.
    assert "s'éloigne de la cible (−20 %)" in cells[3]
    assert row.select_one("progress")["value"] == "0"
    assert "s'éloigne de la cible" in cells[4]
    sparkline = row.select_one("svg")
    assert sparkline["role"] == "img"
    assert sparkline.desc.get_text() == "Valeurs successives : 72, 68."
    links = [a["href"] for a in section.select("a")]
    assert tree["brevet"].get_absolute_url() in links
    assert tree["action"].get_absolute_url() in links
    loose = page.select_one("#sans-objectif").find_parent("section")
    assert "Fête de quartier" in loose.get_text()


def test_from_an_indicator_or_an_action_back_up_to_the_vision(site_a, member_a, tree):
    client = client_for(member_a)
    vision_url = reverse("visions:vision_detail", args=[site_a.pk])
    objective_anchor = (
        reverse("visions:vision_tree", args=[site_a.pk]) + f"#objectif-{tree['education'].pk}"
    )
    for url in (tree["brevet"].get_absolute_url(), tree["action"].get_absolute_url()):
        page = soup(client.get(url))
        crumbs = [a.get("href") for a in page.select(".fr-breadcrumb a")]
        assert site_a.get_absolute_url() in crumbs
        links = [a.get("href") for a in page.select("main a")]
        assert objective_anchor in links and vision_url in links


def test_the_site_page_links_to_its_vision_and_plan(site_a, observer, tree):
    page = soup(client_for(observer).get(site_a.get_absolute_url()))
    # Beyond the workspace's navigation: from the vision's and the actions' parts.
    links = {
        a["href"]
        for a in page.select_one("main").select("a[href]")
        if not a.find_parent(class_="qic-site-nav")
    }
    assert {
        reverse(f"visions:{name}", args=[site_a.pk])
        for name in ("vision_detail", "vision_tree", "indicator_grid", "action_board")
    } | {
        reverse("visions:assessment_overview", args=[site_a.pk]),
        reverse("reports:fiche_site_request", args=[site_a.pk]),
    } <= links


def test_a_maintien_indicator_is_shown_against_its_tolerance(site_a, member_a):
    indicator = factories.IndicatorFactory(
        objective__vision=factories.VisionFactory(site=site_a),
        name="Locaux associatifs ouverts",
        unit="locaux",
        direction=Direction.MAINTIEN,
        baseline_value=Decimal(12),
        target_value=None,
        target_date=None,
        tolerance=Decimal(1),
    )
    factories.MeasurementFactory(indicator=indicator, value=Decimal(14))
    page = client_for(member_a).get(indicator.get_absolute_url())
    text = page_text(page)
    assert "hors de la tolérance" in text and "± 1 locaux" in text
    texts = [t.get_text() for t in soup(page).select("svg.qic-chart text")]
    assert "Tolérance haute : 13 locaux" in [t.replace("\xa0", " ") for t in texts]


def test_every_change_is_journaled_and_shown(site_a, member_a, tree):
    client = client_for(member_a)
    brevet = tree["brevet"]
    client.post(
        reverse("visions:indicator_edit", args=[brevet.pk]),
        {
            "objective": brevet.objective_id,
            "name": "Réussite au diplôme national du brevet",
            "unit": "%",
            "direction": "hausse",
            "baseline_value": "70",
            "baseline_date": "2024-01-01",
            "target_value": "80",
            "target_date": "2028-01-01",
            "frequency": "annuelle",
        },
    )
    entry = LogEntry.objects.get_for_object(brevet).filter(actor=member_a).get()
    assert entry.changes_dict["name"] == [
        "Taux de réussite au brevet",
        "Réussite au diplôme national du brevet",
    ]
    history = soup(client.get(brevet.get_absolute_url())).select_one("#historique")
    history_text = " ".join(history.find_parent("section").get_text().split())
    assert "Taux de réussite au brevet → Réussite au diplôme national du brevet" in history_text


def test_the_tree_shows_the_stored_standing(site_a, member_a):
    """The tree shows the progress, track and overdue each indicator stores, as lists and
    dashboards do, whatever the indicator."""
    objective = factories.ObjectiveFactory(vision=factories.VisionFactory(site=site_a))
    today = datetime.date.today()
    make = factories.IndicatorFactory
    beyond = make(objective=objective, name="Au-delà de la cible")
    factories.MeasurementFactory(indicator=beyond, date=today, value=Decimal(55))
    behind = make(
        objective=objective,
        name="En retard",
        baseline_date=datetime.date(2020, 1, 1),
        target_date=datetime.date(2025, 1, 1),
    )
    factories.MeasurementFactory(indicator=behind, date=datetime.date(2024, 6, 30))
    falling = make(
        objective=objective,
        name="En baisse",
        direction=Direction.BAISSE,
        target_value=Decimal(30),
    )
    factories.MeasurementFactory(indicator=falling, date=today, value=Decimal(32))
    kept = make(
        objective=objective,
        name="Maintenu",
        direction=Direction.MAINTIEN,
        target_value=None,
        target_date=None,
    )
    factories.MeasurementFactory(indicator=kept, date=today, value=Decimal(41))
    make(objective=objective, name="Jamais mesuré")
    make(objective=objective, name="Sans cible", target_value=None, target_date=None)

    page = soup(client_for(member_a).get(reverse("visions:vision_tree", args=[site_a.pk])))
    rows = {
        row.th.a.get_text(): [visible_text(cell) for cell in row.select("td")]
        for row in page.select(f"#objectif-{objective.pk} tbody tr")
    }
    expected = Indicator.objects.filter(objective=objective)
    assert len(rows) == len(expected) == 6
    for indicator in expected:
        _trend, latest, progress, situation = rows[indicator.name]
        assert str(Track(indicator.track).label) in situation
        assert ("mesure en retard" in situation) == indicator.overdue
        if indicator.progress is None:
            assert progress == "—"
        else:
            assert progress.startswith(f"{indicator.progress_percent()} %")
        if indicator.latest_date is None:
            assert latest == "aucune mesure"
        else:
            assert latest.endswith(f"au {indicator.latest_date:%d/%m/%Y}")
    assert "cible dépassée (+150 %)" in rows["Au-delà de la cible"][2]
    assert {indicator.track for indicator in expected} == {
        Track.ATTEINT,
        Track.EN_BONNE_VOIE,
        Track.EN_RETARD,
        Track.MAINTENU,
        Track.NON_EVALUABLE,
    }
    assert {indicator.overdue for indicator in expected} == {True, False}


def test_the_tree_shows_what_each_page_of_the_tree_shows(site_a, member_a, tree):
    """Each row of the tree: the indicator's name, direction and frequency, and the
    latest value and progress cells of its own page; each action with its status and
    porteur; the buttons of those who may change the vision lead to the objective."""
    client = client_for(member_a)
    brevet, education = tree["brevet"], tree["education"]
    factories.IndicatorFactory(objective=education, name="Jamais mesuré", unit="élèves")
    page = soup(client.get(reverse("visions:vision_tree", args=[site_a.pk])))
    rows = {
        row.th.a.get_text(): [visible_text(cell) for cell in row.select("th, td")]
        for row in page.select(f"#objectif-{education.pk} tbody tr")
    }
    detail = soup(client.get(brevet.get_absolute_url()))
    cells = {
        visible_text(dt): visible_text(dt.find_next_sibling("dd")) for dt in detail.select("dt")
    }
    heading, _trend, latest, progress, situation = rows["Taux de réussite au brevet"]
    assert heading == "Taux de réussite au brevet hausse souhaitée, trimestrielle"
    assert latest == cells["Dernière valeur"] == "68 % au 30/06/2025"
    assert progress == cells["Progression vers la cible"]
    assert progress.endswith("0 % s'éloigne de la cible (−20 %)")
    assert situation == "s'éloigne de la cible mesure en retard"
    assert rows["Jamais mesuré"][2:4] == ["aucune mesure", "—"]

    section = page.select_one(f"#objectif-{education.pk}")
    action = tree["action"]
    item = next(li for li in section.select("li") if "Soutien scolaire" in li.get_text())
    assert (
        visible_text(item) == f"Soutien scolaire du soir en cours portée par {action.porteur.name}"
    )
    assert item.a["href"] == action.get_absolute_url()
    hrefs = {a["href"] for a in section.select("a")}
    assert reverse("visions:objective_edit", args=[education.pk]) in hrefs
    assert reverse("visions:indicator_create", args=[education.pk]) in hrefs
    assert f"{reverse('visions:action_create', args=[site_a.pk])}?objectif={education.pk}" in hrefs
    forms = {form["action"] for form in section.select("form")}
    assert forms <= {reverse("visions:objective_move", args=[education.pk])}
