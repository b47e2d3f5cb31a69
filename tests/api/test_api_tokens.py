"""Personal API tokens: created from « Mon compte », shown once, stored hashed, last use
shown, revoked or expired → 401, throttled → 429 in French."""

import datetime
import hashlib

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken
from tests.api.conftest import call, token_client
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

MOI = "/api/v1/moi/"


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    cache.clear()
    yield
    cache.clear()


def test_a_token_is_shown_once_at_creation_and_stored_hashed(member_a):
    client = client_for(member_a)
    response = client.post(
        reverse("accounts:api_token_create"), {"name": "Tableau Grist", "validity": "90"}
    )
    assert response.status_code == 201  # shown, and a second post of this form goes nowhere
    token = ApiToken.objects.get(user=member_a)
    page = response.content.decode()
    start = page.index('id="nouveau-jeton">') + len('id="nouveau-jeton">')
    secret = page[start : page.index("<", start)]
    assert secret.startswith("qic_") and len(secret) > 40
    assert "Copiez-le maintenant : il ne sera plus jamais affiché." in page
    # At rest: a SHA-256 of the secret, and its first characters to recognise it.
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in repr(list(ApiToken.objects.values()))
    assert token.hint == secret[:10]
    assert token.expires_at.date() == (timezone.now() + datetime.timedelta(days=90)).date()
    # Never again: the account page lists it by name and beginning only.
    again = client.get(reverse("accounts:profile")).content.decode()
    assert "Tableau Grist" in again and f"{token.hint}…" in again
    assert secret not in again
    # The secret works.
    assert Client(headers={"Authorization": f"Bearer {secret}"}).get(MOI).status_code == 200


def test_a_token_may_have_no_expiry_date(member_a):
    client_for(member_a).post(
        reverse("accounts:api_token_create"), {"name": "Entrepôt", "validity": "aucune"}
    )
    assert ApiToken.objects.get(user=member_a).expires_at is None


def test_a_token_without_a_name_is_not_created(member_a):
    response = client_for(member_a).post(reverse("accounts:api_token_create"), {"name": ""})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_bearer_and_token_keywords_authenticate_as_the_tokens_owner(member_a):
    _, _, raw = token_client(member_a, name="Script")
    for header in (f"Bearer {raw}", f"Token {raw}", f"bearer {raw}"):
        response = Client().get(MOI, headers={"Authorization": header})
        assert response.status_code == 200, header
        assert response.json()["email"] == member_a.email
        assert response.json()["jeton"]["name"] == "Script"


def test_last_use_is_recorded_at_most_once_a_minute_and_shown(member_a):
    client, token, _ = token_client(member_a)
    assert token.last_used_at is None
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        assert client.get(MOI).status_code == 200
        token.refresh_from_db()
        assert token.last_used_at == timezone.now()
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, 30, tzinfo=datetime.UTC)):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(MOI).status_code == 200
        assert not [q for q in queries if q["sql"].startswith("UPDATE")], "a write per request"
        token.refresh_from_db()
        assert token.last_used_at == datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(
        datetime.datetime(2026, 3, 2, 9, 1, 5, tzinfo=datetime.UTC), tick=False
    ):
        assert client.get(MOI).status_code == 200
        token.refresh_from_db()
        assert token.last_used_at == timezone.now()
    page = client_for(member_a).get(reverse("accounts:profile")).content.decode()
    assert timezone.localtime(token.last_used_at).strftime("%d/%m/%Y %H:%M") in page


def test_a_revoked_token_is_refused_with_401(member_a):
    client, token, _ = token_client(member_a, name="Ancien script")
    assert client.get(MOI).status_code == 200
    response = client_for(member_a).post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = client.get(MOI)
    assert refused.status_code == 401
    assert refused.json() == {"detail": "Ce jeton a été révoqué.", "code": "authentication_failed"}
    assert refused["WWW-Authenticate"] == 'Bearer realm="api"'
    page = client_for(member_a).get(reverse("accounts:profile")).content.decode()
    assert "révoqué le" in page


def test_an_expired_token_is_refused_with_401(member_a):
    _, raw = ApiToken.issue(
        user=member_a, name="Court", expires_at=timezone.now() + datetime.timedelta(days=1)
    )
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert client.get(MOI).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        response = client.get(MOI)
    assert response.status_code == 401
    assert response.json()["detail"] == "Ce jeton a expiré."


def test_a_deactivated_account_cannot_use_its_tokens(member_a):
    client, _, _ = token_client(member_a)
    member_a.is_active = False
    member_a.save()
    response = client.get(MOI)
    assert response.status_code == 401
    assert response.json()["detail"] == "Ce compte est désactivé."


@pytest.mark.parametrize(
    "header",
    ["Bearer qic_inconnu", "Bearer pas-un-jeton", "Bearer", "Bearer a b", "Token qic_é"],
)
def test_unknown_or_malformed_tokens_are_refused_with_401(header, member_a):
    response = Client().get(MOI, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert response.json()["detail"]


def test_without_credentials_the_api_answers_401_not_a_login_redirect(db):
    response = Client().get("/api/v1/sites/")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Informations d'authentification non fournies.",
        "code": "not_authenticated",
    }


def test_the_browser_session_authenticates_too(member_a):
    response = client_for(member_a).get(MOI)
    assert response.status_code == 200
    assert response.json()["jeton"] is None


def test_a_user_revokes_only_their_own_tokens(member_a, member_b):
    _, token, _ = token_client(member_a)
    response = client_for(member_b).post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_changes_made_with_a_token_name_its_owner_in_the_history(site_a, member_a):
    client, _, _ = token_client(member_a)
    response = call(client, "PATCH", f"/api/v1/sites/{site_a.pk}/", {"description": "Nord"})
    assert response.status_code == 200
    entry = LogEntry.objects.get_for_object(site_a).latest("timestamp")
    assert entry.actor == member_a
    assert entry.changes_dict["description"] == ["", "Nord"]


def test_each_token_is_throttled_on_its_own_with_a_french_429(member_a, settings):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "token": "3/minute"}
    first, _, _ = token_client(member_a, name="Premier")
    second, _, _ = token_client(member_a, name="Second")
    assert [first.get(MOI).status_code for _ in range(3)] == [200, 200, 200]
    refused = first.get(MOI)
    assert refused.status_code == 429
    body = refused.json()
    assert body["code"] == "throttled"
    assert body["detail"].startswith("Trop de requêtes : réessayez dans ")
    assert body["detail"].endswith(" secondes.")
    assert 0 < int(refused["Retry-After"]) <= 60
    # Another token of the same person has its own allowance.
    assert second.get(MOI).status_code == 200


def test_requests_without_credentials_are_throttled_per_ip_address(db, settings):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "anonymous": "2/minute"}
    here = Client(REMOTE_ADDR="192.0.2.10")
    elsewhere = Client(REMOTE_ADDR="192.0.2.20")
    assert [here.get("/api/schema/").status_code for _ in range(2)] == [200, 200]
    refused = here.get("/api/schema/")
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert elsewhere.get("/api/schema/").status_code == 200
    # A forged X-Forwarded-For does not buy a new allowance.
    forged = Client(REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert forged.get("/api/schema/").status_code == 429
