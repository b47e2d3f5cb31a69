"""Limits of what the API reads: a body too deep or too large, numbers of thousands of
digits, out-of-range ids; each a 400 in the error shape, in French, and nothing written."""

import pytest
from django.test import override_settings

from quartiers.models import Cohort
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def post_raw(user, url, body: str):
    return client_for(user).post(url, body, content_type="application/json")


@pytest.mark.parametrize("levels", [9, 1_000, 100_000])
def test_a_body_nested_too_deep_is_refused(admin_user, levels):
    body = "[" * levels + "]" * levels
    response = post_raw(admin_user, "/api/v1/cohortes/", body)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "too_deep"
    assert body["detail"].startswith("Le corps de la requête est imbriqué trop profondément")
    assert not Cohort.objects.exists()


def test_a_body_within_the_depth_limit_reaches_the_serializer(member_a, site_a):
    """A body of five levels still reaches the serializer, which refuses it field by field."""
    response = post_raw(member_a, "/api/v1/mesures/lot/", '{"mesures": [{"value": [[1]]}]}')
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1_000)
def test_a_body_too_large_is_refused(admin_user):
    body = '{"year": 2030, "name": "' + "x" * 1_000 + '"}'
    response = post_raw(admin_user, "/api/v1/cohortes/", body)
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Le corps de la requête est trop volumineux (1000 octets au plus).",
        "code": "too_large",
    }
    assert not Cohort.objects.exists()


def test_a_number_of_thousands_of_digits_is_refused(admin_user):
    response = post_raw(admin_user, "/api/v1/cohortes/", '{"year": ' + "9" * 5_000 + "}")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    response = post_raw(admin_user, "/api/v1/cohortes/", '{"year": ' + "9" * 4_000 + "}")
    assert response.status_code == 400
    assert "year" in response.json()["erreurs"]
    assert not Cohort.objects.exists()
