"""publish_open_data: against a mocked data.gouv.fr API; nothing sent without a key."""

import io

import pytest
from django.core.management import call_command

from publication import opendata
from tests import factories

pytestmark = pytest.mark.django_db

API = "https://demo.data.gouv.fr/api/1"


@pytest.fixture
def configured(settings):
    settings.DATAGOUV_API_URL = API
    settings.DATAGOUV_API_KEY = "cle-secrete"
    settings.DATAGOUV_DATASET = "qic"


def test_nothing_is_sent_without_a_key(settings, requests_mock):
    settings.DATAGOUV_API_KEY = ""
    out = io.StringIO()
    call_command("publish_open_data", stdout=out)
    assert "rien n'est envoyé" in out.getvalue()
    assert requests_mock.call_count == 0


def test_creates_then_updates_every_resource(configured, requests_mock, site_a):
    factories.PublicPageFactory(site=site_a)
    titles = [
        f"{resource.title} ({extension.upper()})"
        for resource in opendata.RESOURCES.values()
        for extension in ("csv", "json")
    ]
    # The dataset already holds the first file: replaced; the others are created.
    requests_mock.get(
        f"{API}/datasets/qic/", json={"resources": [{"id": "r0", "title": titles[0]}]}
    )
    replace = requests_mock.post(f"{API}/datasets/qic/resources/r0/upload/", json={"id": "r0"})
    create = requests_mock.post(f"{API}/datasets/qic/upload/", json={"id": "nouvelle"})
    describe = requests_mock.put(requests_mock_matcher(f"{API}/datasets/qic/resources/"), json={})
    out = io.StringIO()
    call_command("publish_open_data", stdout=out)
    assert replace.call_count == 1
    assert create.call_count == len(titles) - 1
    assert describe.call_count == len(titles)
    for request in requests_mock.request_history:
        assert request.headers["X-API-KEY"] == "cle-secrete"
    assert b"Site A" in replace.last_request.body  # the sites file, with its rows
    first = describe.request_history[0].json()
    assert first["title"] == titles[0]
    assert "Licence Ouverte" in first["description"]
    assert "mise à jour" in out.getvalue()


def test_a_refusal_fails_the_command(configured, requests_mock):
    from django.core.management.base import CommandError

    requests_mock.get(f"{API}/datasets/qic/", status_code=401, text="clé invalide")
    with pytest.raises(CommandError, match="HTTP 401"):
        call_command("publish_open_data", stdout=io.StringIO())


def requests_mock_matcher(prefix):
    import re

    return re.compile(re.escape(prefix) + r"[^/]+/$")
