"""Every refusal answers in one JSON shape, in French; bad input is a 400, never a 500."""

import datetime

import pytest
from django.db import IntegrityError
from django.test import Client
from rest_framework.test import APIRequestFactory

from qic.api.exceptions import exception_handler
from tests import factories
from tests.api.conftest import call
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

INVALID = "Les données envoyées sont invalides."


def test_field_errors_are_french_and_keyed_by_field(admin_user):
    response = call(
        client_for(admin_user),
        "POST",
        "/api/v1/structures/",
        {"name": "", "kind": "licorne", "siret": "123", "commune": "99999"},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == INVALID
    assert body["code"] == "invalid"
    errors = body["erreurs"]
    assert errors["name"] == ["Ce champ ne peut être vide."]
    assert errors["kind"] == ["«\xa0licorne\xa0» n'est pas un choix valide."]
    assert errors["commune"] == ["L'objet avec code=99999 n'existe pas."]


def test_model_validation_messages_come_back_as_400(admin_user, site_a):
    """Model validators and clean() run before anything is saved, with their own words."""
    response = call(
        client_for(admin_user),
        "POST",
        "/api/v1/structures/",
        {"name": "Régie de quartier", "kind": "association", "siret": "12345678901234"},
    )
    assert response.status_code == 400
    assert response.json()["erreurs"]["siret"] == [
        "« 12345678901234 » n'est pas un numéro SIRET valide (14 chiffres avec clé de contrôle)."
    ]
    centre = factories.CentreFactory()
    response = call(
        client_for(admin_user),
        "POST",
        "/api/v1/accompagnements/",
        {
            "site": site_a.pk,
            "centre": centre.pk,
            "kind": "coaching",
            "start_date": "2025-05-01",
            "end_date": "2025-04-01",
        },
    )
    assert response.status_code == 400
    assert response.json()["erreurs"] == {
        "end_date": ["La fin de l'accompagnement précède son début."]
    }


def test_errors_without_a_field_are_under_all(admin_user, site_a):
    """A rule of the service (one open mandate per seat) speaks for the whole request."""
    mandate = factories.TrinomeMandateFactory(site=site_a, start_date=datetime.date(2024, 1, 15))
    response = call(
        client_for(admin_user),
        "POST",
        f"/api/v1/sites/{site_a.pk}/trinome/",
        {
            "seat": "association",
            "personne": mandate.personne.pk,
            "structure": mandate.structure.pk,
            "start_date": "2024-01-01",
        },
    )
    assert response.status_code == 400
    assert response.json()["erreurs"] == {
        "start_date": [
            "Le nouveau mandat doit commencer après le début du mandat en cours (15/01/2024)."
        ]
    }
    with_overlap = call(
        client_for(admin_user),
        "POST",
        f"/api/v1/sites/{site_a.pk}/statuts/",
        {"status": "essaimage", "comment": "Trop tôt."},
    )
    assert with_overlap.status_code == 400
    assert with_overlap.json()["erreurs"] == {
        "status": ["Un site « en formation-action » ne peut pas passer à « essaimage »."]
    }


def test_a_status_never_changes_through_a_patch(admin_user, site_a):
    response = call(
        client_for(admin_user), "PATCH", f"/api/v1/sites/{site_a.pk}/", {"status": "sorti"}
    )
    assert response.status_code == 200
    site_a.refresh_from_db()
    assert site_a.status == "formation_action"
    assert response.json()["status"] == "formation_action"


def test_duplicates_are_400(admin_user, site_a):
    response = call(
        client_for(admin_user),
        "POST",
        "/api/v1/cohortes/",
        {"year": site_a.cohort.year, "name": "Doublon"},
    )
    assert response.status_code == 400
    assert response.json()["erreurs"] == {
        "year": ["Un objet cohorte avec ce champ année existe déjà."]
    }


def test_an_integrity_error_becomes_a_400_not_a_500():
    request = APIRequestFactory().post("/api/v1/sites/")
    response = exception_handler(IntegrityError("duplicate key"), {"request": request})
    assert response.status_code == 400
    assert response.data == {
        "detail": INVALID,
        "code": "invalid",
        "erreurs": {"__all__": ["Cette modification contredit une règle d'intégrité des données."]},
    }


def test_unreadable_json_is_a_parse_error(admin_user):
    response = client_for(admin_user).post(
        "/api/v1/cohortes/", "{pas du json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert response.json()["detail"] == (
        "Le corps de la requête n'est pas du JSON valide (ligne 1, colonne 2)."
    )


def test_other_media_types_are_refused_in_french(admin_user):
    response = client_for(admin_user).post("/api/v1/cohortes/", {"year": 2030, "name": "x"})
    assert response.status_code == 415
    assert response.json() == {
        "detail": "Type de média «\xa0multipart/form-data; boundary=BoUnDaRyStRiNg\xa0» non supporté.",
        "code": "unsupported_media_type",
    }


@pytest.mark.parametrize(
    ("user", "method", "url", "status", "code"),
    [
        (None, "GET", "/api/v1/sites/", 401, "not_authenticated"),
        ("observer", "POST", "/api/v1/cohortes/", 403, "permission_denied"),
        ("member_a", "GET", "/api/v1/sites/987654/", 404, "not_found"),
        ("member_a", "GET", "/api/v1/nulle-part/", 404, "not_found"),
        ("member_a", "DELETE", "/api/v1/structures/{structure}/", 405, "method_not_allowed"),
        ("member_a", "POST", "/api/v1/regions/", 405, "method_not_allowed"),
    ],
)
def test_refusals_share_one_french_shape(user, method, url, status, code, personas):
    structure = factories.StructureFactory()
    client = client_for(personas[user]) if user else Client()
    response = call(client, method, url.format(structure=structure.pk))
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"detail", "code"}
    assert body["code"] == code
    expected = {
        401: "Informations d'authentification non fournies.",
        403: "Vous n'avez pas la permission d'effectuer cette action.",
        404: "Introuvable : cet objet n'existe pas ou vous n'y avez pas accès.",
        405: f"Méthode «\xa0{method}\xa0» non autorisée.",
    }[status]
    assert body["detail"] == expected


def test_bad_filters_pages_and_cursors_are_400(member_a, site_a):
    client = client_for(member_a)
    for query, field in [
        ("modified_since=hier", "modified_since"),
        ("status=inconnu", "status"),
        ("page_size=0", "page_size"),
        ("page_size=abc", "page_size"),
        ("ordering=password", "ordering"),
        ("cursor=pas-un-curseur", "cursor"),
        ("cohort=abc", "cohort"),
    ]:
        response = client.get(f"/api/v1/sites/?{query}")
        assert response.status_code == 400, query
        assert field in response.json()["erreurs"], query
    assert client.get("/api/v1/sites/?modified_since=hier").json()["erreurs"] == {
        "modified_since": ["Saisissez une date et une heure valides."]
    }


def test_head_reads_like_get(member_a, site_a):
    client = client_for(member_a)
    for url in [f"/api/v1/sites/{site_a.pk}/statuts/", f"/api/v1/sites/{site_a.pk}/trinome/"]:
        assert client.head(url).status_code == 200
    assert site_a.status_changes.count() == 1
