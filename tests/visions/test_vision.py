"""Writing a vision with everyone, adopting it, revising it, comparing its versions, and
breaking it into ordered objectives."""

import datetime

import pytest
from django.urls import reverse

from tests import factories
from tests.conftest import client_for
from tests.visions.helpers import page_text, soup, visible_text
from visions.enums import VisionStatus
from visions.models import Objective, Vision, VisionVersion

pytestmark = pytest.mark.django_db

STATEMENT_1 = "En 2030, les jeunes du quartier réussissent à l'école et trouvent un emploi."
STATEMENT_2 = (
    "En 2032, les jeunes du quartier réussissent à l'école, trouvent un emploi "
    "et participent à la vie du quartier."
)


def post(client, name, site, data=None):
    return client.post(reverse(f"visions:{name}", args=[site.pk]), data or {})


def test_a_member_writes_adopts_revises_and_compares_the_vision(site_a, member_a):
    client = client_for(member_a)
    response = post(client, "vision_create", site_a, {"statement": STATEMENT_1, "horizon": 2030})
    assert response.status_code == 302
    vision = Vision.objects.get(site=site_a)
    assert vision.status == VisionStatus.BROUILLON

    post(client, "vision_status", site_a, {"status": VisionStatus.CONCERTATION})
    vision.refresh_from_db()
    assert vision.status == VisionStatus.CONCERTATION

    response = post(
        client,
        "vision_adopt",
        site_a,
        {"adopted_on": "2026-03-12", "adopted_by": "comité de pilotage du 12 mars"},
    )
    assert response.status_code == 302
    vision.refresh_from_db()
    assert (vision.status, vision.adopted_on, vision.adopted_by) == (
        VisionStatus.ADOPTEE,
        datetime.date(2026, 3, 12),
        "comité de pilotage du 12 mars",
    )
    first = vision.versions.get()
    assert (first.number, first.statement, first.horizon, first.recorded_by) == (
        1,
        STATEMENT_1,
        2030,
        member_a,
    )

    # Adopted: the text is frozen until a revision is opened.
    post(client, "vision_edit", site_a, {"statement": "Autre texte", "horizon": 2031})
    vision.refresh_from_db()
    assert vision.statement == STATEMENT_1

    post(client, "vision_status", site_a, {"status": VisionStatus.REVISION})
    post(client, "vision_edit", site_a, {"statement": STATEMENT_2, "horizon": 2032})
    post(
        client,
        "vision_adopt",
        site_a,
        {"adopted_on": "2026-06-30", "adopted_by": "assemblée des partenaires"},
    )
    vision.refresh_from_db()
    assert vision.status == VisionStatus.ADOPTEE
    assert list(vision.versions.values_list("number", "horizon")) == [(1, 2030), (2, 2032)]
    # Version 1 is kept as adopted.
    assert vision.versions.get(number=1).statement == STATEMENT_1

    page = client.get(reverse("visions:version_diff", args=[site_a.pk]))
    diff = soup(page).select_one(".qic-diff")
    deleted = diff.select("del")
    # Screen readers hear where each change starts and ends.
    assert deleted[0].get_text() == "[début de suppression] 2030 [fin de suppression]"
    assert [visible_text(d) for d in deleted] == ["2030", "et"]
    inserted = " ".join(visible_text(i) for i in diff.select("ins"))
    assert "2032" in inserted and "participent à la vie du quartier" in inserted
    assert "barré" in page_text(page) and "souligné" in page_text(page)
    assert "Horizon : 2030 → 2032." in page_text(page)


def test_a_revision_closed_without_adoption_restores_the_adopted_text(site_a, member_a):
    vision = factories.VisionFactory(site=site_a, statement=STATEMENT_1)
    client = client_for(member_a)
    post(client, "vision_adopt", site_a, {"adopted_on": "2026-01-10", "adopted_by": "copil"})
    post(client, "vision_status", site_a, {"status": VisionStatus.REVISION})
    post(client, "vision_edit", site_a, {"statement": STATEMENT_2, "horizon": 2032})
    # Compare the adopted version with the text under revision.
    page = client.get(reverse("visions:version_diff", args=[site_a.pk]))
    assert "texte en révision" in page_text(page)
    post(client, "vision_status", site_a, {"status": VisionStatus.ADOPTEE})
    vision.refresh_from_db()
    assert (vision.status, vision.statement, vision.horizon) == (
        VisionStatus.ADOPTEE,
        STATEMENT_1,
        2030,
    )
    assert vision.versions.count() == 1


def test_adopting_an_unchanged_text_or_a_future_date_is_refused_in_french(site_a, member_a):
    factories.VisionFactory(site=site_a, statement=STATEMENT_1)
    client = client_for(member_a)
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    response = post(client, "vision_adopt", site_a, {"adopted_on": future, "adopted_by": "copil"})
    assert "La date ne peut pas être dans le futur." in page_text(response)
    assert VisionVersion.objects.count() == 0

    post(client, "vision_adopt", site_a, {"adopted_on": "2026-01-10", "adopted_by": "copil"})
    post(client, "vision_status", site_a, {"status": VisionStatus.REVISION})
    response = post(client, "vision_adopt", site_a, {"adopted_on": "2026-02-10", "adopted_by": "x"})
    assert "n'ont pas changé depuis la version 1" in page_text(response)
    response = post(client, "vision_adopt", site_a, {"adopted_on": "2025-12-01", "adopted_by": "x"})
    assert "La date précède l'adoption de la version 1 (10/01/2026)." in page_text(response)
    assert VisionVersion.objects.count() == 1


def test_a_status_move_outside_the_workflow_changes_nothing(site_a, member_a):
    vision = factories.VisionFactory(site=site_a)
    response = post(client_for(member_a), "vision_status", site_a, {"status": "adoptee"})
    assert response.status_code == 302
    vision.refresh_from_db()
    assert vision.status == VisionStatus.BROUILLON
    assert vision.versions.count() == 0


def test_objectives_are_added_in_order_and_reordered_up_and_down(site_a, member_a):
    vision = factories.VisionFactory(site=site_a)
    client = client_for(member_a)
    for title in ["Réussite éducative", "Insertion des jeunes", "Cadre de vie"]:
        post(
            client,
            "objective_create",
            site_a,
            {"title": title, "contrat_priority": "Axe 1 — Éducation"},
        )

    def titles():
        return list(vision.objectives.values_list("title", flat=True))

    assert titles() == ["Réussite éducative", "Insertion des jeunes", "Cadre de vie"]
    cadre = Objective.objects.get(title="Cadre de vie")
    client.post(reverse("visions:objective_move", args=[cadre.pk]), {"sens": "haut"})
    assert titles() == ["Réussite éducative", "Cadre de vie", "Insertion des jeunes"]
    first = Objective.objects.get(title="Réussite éducative")
    client.post(reverse("visions:objective_move", args=[first.pk]), {"sens": "haut"})  # no-op
    client.post(reverse("visions:objective_move", args=[first.pk]), {"sens": "bas"})
    assert titles() == ["Cadre de vie", "Réussite éducative", "Insertion des jeunes"]
    assert list(vision.objectives.values_list("position", flat=True)) == [1, 2, 3]
    tree = page_text(client.get(reverse("visions:vision_tree", args=[site_a.pk])))
    assert tree.index("Objectif 1 — Cadre de vie") < tree.index("Objectif 2 — Réussite")


@pytest.mark.parametrize(
    ("persona", "status"), [("member_b", 404), ("observer", 403), ("anonymous", 302)]
)
def test_others_cannot_write_adopt_or_order_the_vision(site_a, personas, persona, status):
    vision = factories.VisionFactory(site=site_a, statement=STATEMENT_1)
    objective = factories.ObjectiveFactory(vision=vision, title="Seul objectif")
    client = client_for(personas[persona])
    attempts = [
        post(client, "vision_edit", site_a, {"statement": "Piraté", "horizon": 2031}),
        post(client, "vision_adopt", site_a, {"adopted_on": "2026-01-10", "adopted_by": "x"}),
        post(client, "vision_status", site_a, {"status": VisionStatus.CONCERTATION}),
        post(client, "objective_create", site_a, {"title": "Intrus"}),
        client.post(reverse("visions:objective_edit", args=[objective.pk]), {"title": "Intrus"}),
        client.post(reverse("visions:objective_delete", args=[objective.pk])),
    ]
    assert [r.status_code for r in attempts] == [status] * len(attempts)
    vision.refresh_from_db()
    assert (vision.statement, vision.status) == (STATEMENT_1, VisionStatus.BROUILLON)
    assert list(vision.objectives.values_list("title", flat=True)) == ["Seul objectif"]
    assert VisionVersion.objects.count() == 0
