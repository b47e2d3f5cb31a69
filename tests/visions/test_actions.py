"""The action plan: creating actions that serve the vision's objectives, moving them across
the board in one click (HTMX or plain POST), the filtered list, milestones."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests import factories
from tests.conftest import client_for
from tests.htmx import assert_fragment_matches_page
from tests.visions.helpers import (
    page_text,
    soup,
    visible_text,
)
from visions.enums import ActionStatus
from visions.models import Action, Milestone

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(site_a):
    vision = factories.VisionFactory(site=site_a)
    education = factories.ObjectiveFactory(vision=vision, title="Réussite éducative")
    emploi = factories.ObjectiveFactory(vision=vision, title="Emploi des jeunes")
    centre_social = factories.StructureFactory(name="Centre social des Tilleuls (fictif)")
    mission_locale = factories.StructureFactory(name="Mission locale (fictif)", kind="emploi")
    return {
        "education": education,
        "emploi": emploi,
        "centre_social": centre_social,
        "mission_locale": mission_locale,
        "soutien": factories.ActionFactory(
            site=site_a,
            title="Soutien scolaire du soir",
            objectives=[education],
            porteur=centre_social,
            status=ActionStatus.PLANIFIEE,
        ),
        "forum": factories.ActionFactory(
            site=site_a,
            title="Forum des métiers",
            objectives=[emploi],
            porteur=mission_locale,
            status=ActionStatus.EN_COURS,
        ),
    }


def board_column(response, status):
    column = soup(response).select_one(f"section[aria-labelledby=colonne-{status}]")
    return [visible_text(a) for a in column.select(".fr-card__title a")]


def test_a_member_creates_an_action_serving_objectives_with_partners_and_budget(
    site_a, member_a, plan
):
    college = factories.StructureFactory(name="Collège Jules-Vallès (fictif)", kind="education")
    client = client_for(member_a)
    response = client.post(
        reverse("visions:action_create", args=[site_a.pk]),
        {
            "title": "Ateliers parents-collège",
            "objectives": [plan["education"].pk],
            "porteur": plan["centre_social"].pk,
            "partners": [college.pk],
            "status": "idee",
            "start_date": "2026-09-01",
            "end_date": "2027-06-30",
            "progress": "0",
            "budget": "12 500,50",
            "funders": "État (BOP 147), CAF",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(title="Ateliers parents-collège")
    assert action.site == site_a
    assert list(action.objectives.all()) == [plan["education"]]
    assert list(action.partners.all()) == [college]
    assert action.budget == Decimal("12500.50")
    page = page_text(client.get(action.get_absolute_url()))
    assert "12 500,5 €" in page and "Réussite éducative" in page


def test_only_the_sites_own_objectives_can_be_served(site_a, site_b, member_a, plan):
    foreign = factories.ObjectiveFactory(vision=factories.VisionFactory(site=site_b))
    response = client_for(member_a).post(
        reverse("visions:action_create", args=[site_a.pk]),
        {"title": "Intruse", "objectives": [foreign.pk], "status": "idee", "progress": "0"},
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in page_text(response)
    assert not Action.objects.filter(title="Intruse").exists()


def test_bad_dates_progress_or_budget_are_refused_in_french(site_a, member_a, plan):
    before = Action.objects.count()
    response = client_for(member_a).post(
        reverse("visions:action_create", args=[site_a.pk]),
        {
            "title": "Action bancale",
            "status": "idee",
            "start_date": "2026-09-01",
            "end_date": "2026-01-01",
            "progress": "120",
            "budget": "beaucoup",
        },
    )
    text = page_text(response)
    assert "La fin de l'action précède son début." in text
    assert "inférieure ou égale à 100" in text
    assert "« beaucoup » n'est pas un nombre" in text
    assert Action.objects.count() == before


def test_a_member_moves_an_action_across_the_board_with_htmx(site_a, member_a, plan):
    client = client_for(member_a)
    soutien = plan["soutien"]
    response = client.post(
        reverse("visions:action_move", args=[soutien.pk]),
        {"status": ActionStatus.EN_COURS},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert soup(response).find("html") is None
    assert board_column(response, "en_cours") == ["Forum des métiers", "Soutien scolaire du soir"]
    assert board_column(response, "planifiee") == []
    assert "« Soutien scolaire du soir » est désormais « en cours »." in page_text(response)
    assert soup(response).select_one("#tableau")["data-focus"] == f"action-{soutien.pk}"
    soutien.refresh_from_db()
    assert soutien.status == ActionStatus.EN_COURS
    assert soutien.start_date == datetime.date.today()  # starting it dates its start


def test_the_board_works_without_javascript_too(site_a, member_a, plan):
    client = client_for(member_a)
    forum = plan["forum"]
    response = client.post(
        reverse("visions:action_move", args=[forum.pk]), {"status": ActionStatus.TERMINEE}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/tableau/#action-{forum.pk}")
    forum.refresh_from_db()
    assert (forum.status, forum.progress) == (ActionStatus.TERMINEE, 100)
    board = client.get(reverse("visions:action_board", args=[site_a.pk]))
    assert board_column(board, "terminee") == ["Forum des métiers"]
    # The board's fragment is the board of the page.
    assert_fragment_matches_page(
        client, reverse("visions:action_board", args=[site_a.pk]), selector="#tableau"
    )


def test_a_move_not_offered_from_a_column_is_refused(site_a, member_a, plan):
    idea = factories.ActionFactory(site=site_a, status=ActionStatus.IDEE)
    response = client_for(member_a).post(
        reverse("visions:action_move", args=[idea.pk]),
        {"status": ActionStatus.TERMINEE},
        headers={"HX-Request": "true"},
    )
    assert "Ce déplacement n'est pas possible depuis « idée »." in page_text(response)
    idea.refresh_from_db()
    assert idea.status == ActionStatus.IDEE


@pytest.mark.parametrize(("persona", "status"), [("member_b", 404), ("observer", 403)])
def test_others_cannot_move_edit_or_create_actions(site_a, personas, plan, persona, status):
    client = client_for(personas[persona])
    soutien = plan["soutien"]
    attempts = [
        client.post(
            reverse("visions:action_move", args=[soutien.pk]),
            {"status": ActionStatus.EN_COURS},
            headers={"HX-Request": "true"},
        ),
        client.post(reverse("visions:action_edit", args=[soutien.pk]), {"title": "Piratée"}),
        client.post(reverse("visions:action_create", args=[site_a.pk]), {"title": "Intruse"}),
        client.post(reverse("visions:milestone_create", args=[soutien.pk]), {"title": "x"}),
    ]
    assert [r.status_code for r in attempts] == [status] * len(attempts)
    soutien.refresh_from_db()
    assert (soutien.status, soutien.title) == (ActionStatus.PLANIFIEE, "Soutien scolaire du soir")
    assert Action.objects.count() == 2 and Milestone.objects.count() == 0


def test_an_observer_sees_the_board_without_move_buttons(site_a, observer, plan):
    response = client_for(observer).get(reverse("visions:action_board", args=[site_a.pk]))
    assert board_column(response, "planifiee") == ["Soutien scolaire du soir"]
    assert soup(response).select("form[hx-post]") == []


def test_the_list_filters_by_objective_porteur_and_status_with_and_without_htmx(
    site_a, member_a, plan
):
    client = client_for(member_a)
    url = reverse("visions:action_list", args=[site_a.pk])

    def titles(params):
        return [a.title for a in client.get(url, params).context["page_obj"]]

    assert titles({}) == ["Forum des métiers", "Soutien scolaire du soir"]
    assert titles({"objective": plan["education"].pk}) == ["Soutien scolaire du soir"]
    assert titles({"porteur": plan["mission_locale"].pk}) == ["Forum des métiers"]
    assert titles({"status": "planifiee"}) == ["Soutien scolaire du soir"]
    assert titles({"status": "terminee"}) == []
    swapped = assert_fragment_matches_page(client, f"{url}?objective={plan['emploi'].pk}")
    assert "Forum des métiers" in swapped.text and "Soutien" not in swapped.text


def test_milestones_are_added_ticked_and_removed(site_a, member_a, plan):
    client = client_for(member_a)
    soutien = plan["soutien"]
    client.post(
        reverse("visions:milestone_create", args=[soutien.pk]),
        {"title": "Recrutement des bénévoles", "due_date": "2026-09-15"},
    )
    milestone = soutien.milestones.get()
    client.post(reverse("visions:milestone_toggle", args=[milestone.pk]))
    milestone.refresh_from_db()
    assert milestone.done
    assert "atteint" in page_text(client.get(soutien.get_absolute_url()))
    client.post(reverse("visions:milestone_delete", args=[milestone.pk]))
    assert not soutien.milestones.exists()


def test_the_action_form_explains_how_to_pick_several_partners(site_a, member_a, plan):
    page = soup(client_for(member_a).get(reverse("visions:action_create", args=[site_a.pk])))
    assert "Maintenez Ctrl (ou Cmd)" in page.select_one("label[for=id_partners]").get_text()
    objectives = page.select(".fr-checkbox-group input[name=objectives]")
    assert len(objectives) == 2
