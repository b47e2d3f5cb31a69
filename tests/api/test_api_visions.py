"""The visions resources: derived indicator values, bulk measurements (all or nothing),
the sites with their latest values, nested site routes, incremental sync."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from tests import factories
from tests.api.conftest import call, token_client
from tests.conftest import client_for
from visions.models import Measurement

pytestmark = pytest.mark.django_db

LOT = "/api/v1/mesures/lot/"


@pytest.fixture
def indicators(site_a):
    objective = factories.ObjectiveFactory(vision=factories.VisionFactory(site=site_a))
    return [
        factories.IndicatorFactory(objective=objective, name="Emploi des jeunes"),
        factories.IndicatorFactory(
            objective=objective,
            name="Décrochage scolaire",
            direction="baisse",
            baseline_value=Decimal("20"),
            target_value=Decimal("10"),
        ),
    ]


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_an_indicator_shows_its_latest_value_and_progress_read_only(member_a, indicators):
    rise, _fall = indicators
    factories.MeasurementFactory(indicator=rise, date=datetime.date(2024, 6, 30), value=41)
    factories.MeasurementFactory(indicator=rise, date=datetime.date(2025, 6, 30), value=45)
    body = client_for(member_a).get(f"/api/v1/indicateurs/{rise.pk}/").json()
    assert body["latest_value"] == 45
    assert body["latest_date"] == "2025-06-30"
    assert body["progress"] == pytest.approx(0.5)  # from 40 toward 50
    assert body["track"] in {"en_bonne_voie", "en_retard"}
    assert body["site"] == rise.objective.vision.site_id
    # A write answers with the values recomputed, not the stale ones.
    response = call(
        client_for(member_a), "PATCH", f"/api/v1/indicateurs/{rise.pk}/", {"target_value": 60}
    )
    assert response.status_code == 200, response.content
    assert response.json()["progress"] == pytest.approx(0.25)


def test_a_member_posts_this_quarters_measurements_in_one_request(member_a, indicators):
    """« Done means »: a site member's token posts the quarter's values at once."""
    client, _, _ = token_client(member_a)
    rise, fall = indicators
    payload = [
        {"indicator": rise.pk, "date": "2025-09-30", "value": 44.5, "comment": "Mission locale"},
        {"indicator": fall.pk, "date": "2025-09-30", "value": 17},
    ]
    response = call(client, "POST", LOT, payload)
    assert response.status_code == 201, response.content
    rows = response.json()
    assert [(r["indicator"], r["value"]) for r in rows] == [(rise.pk, 44.5), (fall.pk, 17)]
    assert all(r["entered_by"]["id"] == member_a.pk for r in rows)
    assert Measurement.objects.filter(entered_by=member_a).count() == 2
    latest = client.get(f"/api/v1/sites/{rise.objective.vision.site_id}/indicateurs/").json()
    assert {r["name"]: r["latest_value"] for r in latest["results"]} == {
        "Emploi des jeunes": 44.5,
        "Décrochage scolaire": 17,
    }


def test_one_bad_item_saves_nothing_and_says_which_in_french(member_a, indicators, site_b):
    rise, fall = indicators
    factories.MeasurementFactory(indicator=fall, date=datetime.date(2025, 6, 30))
    elsewhere = factories.IndicatorFactory(
        objective=factories.ObjectiveFactory(vision=factories.VisionFactory(site=site_b))
    )
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    payload = [
        {"indicator": rise.pk, "date": "2025-09-30", "value": 44},  # fine
        {"indicator": rise.pk, "date": tomorrow, "value": 45},  # in the future
        {"indicator": fall.pk, "date": "2025-06-30", "value": 16},  # already has a value
        {"indicator": elsewhere.pk, "date": "2025-09-30", "value": 3},  # site B: unseen
        {"indicator": rise.pk, "date": "2025-09-30", "value": 46},  # twice in the request
        {"indicator": fall.pk, "date": "2025-09-30", "value": "beaucoup"},
    ]
    response = call(client_for(member_a), "POST", LOT, payload)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["erreurs"] == {
        "1.date": ["La date ne peut pas être dans le futur."],
        "2.__all__": ["Une valeur existe déjà pour cet indicateur à cette date."],
        "3.indicator": [
            f"Clé primaire «\xa0{elsewhere.pk}\xa0» non valide - l'objet n'existe pas."
        ],
        "4.date": ["Cet indicateur a déjà une valeur à cette date au rang 0 de la liste."],
        "5.value": ["Un nombre valide est requis."],
        "__all__": ["Aucune mesure n'a été enregistrée : corrigez les lignes en erreur."],
    }
    assert Measurement.objects.count() == 1  # only the one made above


def test_bulk_needs_the_right_to_change_every_indicator(observer, member_b, indicators):
    payload = [{"indicator": indicators[0].pk, "date": "2025-09-30", "value": 44}]
    assert call(client_for(observer), "POST", LOT, payload).status_code == 403
    # Member B may write on site B, but site A's indicator does not exist for them.
    response = call(client_for(member_b), "POST", LOT, payload)
    assert response.status_code == 400
    assert "0.indicator" in response.json()["erreurs"]
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"indicator": 1}, "Envoyez une liste de mesures (au moins une)."),
        ([], "Envoyez une liste de mesures (au moins une)."),
        ([{}] * 501, "Au plus 500 mesures par requête."),
    ],
)
def test_bulk_takes_a_list_of_one_to_500(member_a, indicators, payload, message):
    response = call(client_for(member_a), "POST", LOT, payload)
    assert response.status_code == 400
    assert response.json()["erreurs"] == {"__all__": [message]}


def test_the_anct_admin_lists_every_site_with_its_latest_values_in_few_queries(
    admin_user, indicators, site_b, django_assert_max_num_queries
):
    """« Done means »: an ANCT admin's token lists every site with its latest values."""
    rise, _fall = indicators
    factories.MeasurementFactory(indicator=rise, date=datetime.date(2025, 3, 31), value=43)
    factories.MeasurementFactory(indicator=rise, date=datetime.date(2025, 6, 30), value=44)
    client, _, _ = token_client(admin_user)
    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/indicateurs-des-sites/?ordering=name").json()
    by_site = {row["name"]: row for row in body["results"]}
    site_a = by_site[rise.objective.vision.site.name]
    assert [(i["name"], i["latest_value"], i["latest_date"]) for i in site_a["indicators"]] == [
        ("Décrochage scolaire", None, None),
        ("Emploi des jeunes", 44, "2025-06-30"),
    ]
    assert site_a["indicators"][1]["progress"] == pytest.approx(0.4)
    assert by_site[site_b.name]["indicators"] == []


def test_nested_site_routes_are_404_out_of_scope(member_b, member_a, indicators, site_a):
    for suffix in ("indicateurs", "mesures"):
        assert client_for(member_b).get(f"/api/v1/sites/{site_a.pk}/{suffix}/").status_code == 404
        assert client_for(member_a).get(f"/api/v1/sites/{site_a.pk}/{suffix}/").status_code == 200
        for bad in ("0", "abc", str(2**70)):
            response = client_for(member_a).get(f"/api/v1/sites/{bad}/{suffix}/")
            assert response.status_code == 404, bad


def test_modified_since_finds_indicators_whose_values_changed(member_a, indicators):
    rise, fall = indicators
    client = client_for(member_a)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        since = timezone.now().isoformat()
        assert ids(client.get("/api/v1/indicateurs/", {"modified_since": since})) == []
        response = call(
            client, "POST", LOT, [{"indicator": fall.pk, "date": "2025-09-30", "value": 18}]
        )
        assert response.status_code == 201
        assert ids(client.get("/api/v1/indicateurs/", {"modified_since": since})) == [fall.pk]
        assert len(ids(client.get("/api/v1/mesures/", {"modified_since": since}))) == 1
        call(client, "PATCH", f"/api/v1/objectifs/{rise.objective_id}/", {"title": "Emploi"})
        assert ids(client.get("/api/v1/objectifs/", {"modified_since": since})) == [
            rise.objective_id
        ]


def test_an_adopted_vision_is_not_edited_but_revised(member_a, site_a):
    vision = factories.VisionFactory(site=site_a, status="adoptee")
    client = client_for(member_a)
    response = call(client, "PATCH", f"/api/v1/visions/{vision.pk}/", {"horizon": 2040})
    assert response.status_code == 400
    assert response.json()["erreurs"] == {
        "__all__": [
            "La vision adoptée ne se modifie pas : ouvrez une révision pour la faire évoluer."
        ]
    }
    response = call(client, "POST", f"/api/v1/visions/{vision.pk}/statut/", {"status": "brouillon"})
    assert response.status_code == 400
    assert response.json()["erreurs"] == {
        "__all__": ["Une vision « adoptée » ne peut pas passer à « brouillon »."]
    }
    response = call(
        client, "POST", f"/api/v1/visions/{vision.pk}/statut/", {"status": "en_revision"}
    )
    assert response.json()["status"] == "en_revision"


def test_an_action_serves_only_its_sites_objectives(member_a, site_a, indicators):
    other = factories.ObjectiveFactory()  # another site's vision
    member = factories.UserFactory(role="membre")
    factories.SiteAccessFactory(site=other.vision.site, user=member)
    factories.SiteAccessFactory(site=site_a, user=member)
    response = call(
        client_for(member),
        "POST",
        "/api/v1/actions/",
        {"site": site_a.pk, "title": "Chantier", "objectives": [other.pk]},
    )
    assert response.status_code == 400
    assert response.json()["erreurs"] == {
        "objectives": [f"« {other.title} » n'est pas un objectif de la vision de ce site."]
    }


def test_a_site_is_fixed_once_a_row_is_created(member_a, site_a, site_b):
    action = factories.ActionFactory(site=site_a)
    response = call(
        client_for(member_a),
        "PATCH",
        f"/api/v1/actions/{action.pk}/",
        {"site": site_b.pk, "title": "Renommée"},
    )
    assert response.status_code == 200
    action.refresh_from_db()
    assert (action.site_id, action.title) == (site_a.pk, "Renommée")


def test_a_new_objective_comes_last_and_a_tolerance_is_for_a_maintien_only(member_a, indicators):
    objective = indicators[0].objective
    client = client_for(member_a)
    created = call(
        client, "POST", "/api/v1/objectifs/", {"vision": objective.vision_id, "title": "Santé"}
    ).json()
    assert created["position"] == objective.position + 1
    payload = {
        "objective": objective.pk,
        "name": "Familles suivies",
        "direction": "hausse",
        "baseline_value": 10,
        "baseline_date": "2024-01-01",
        "target_value": 20,
        "target_date": "2027-01-01",
        "tolerance": 2,
        "frequency": "annuelle",
    }
    response = call(client, "POST", "/api/v1/indicateurs/", payload)
    assert response.status_code == 201, response.content
    assert response.json()["tolerance"] is None
    assert response.json()["track"] == "non_evaluable"
