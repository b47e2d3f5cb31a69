"""ProConnect login, against a fake OpenID provider at the HTTP layer (requests-mock).

The fake provider signs its ID token and its userinfo (a JWT, as ProConnect does) with
an RSA key whose public half it publishes as a JWKS.
"""

import json
import time
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from bs4 import BeautifulSoup
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse

from accounts.models import User
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
BASE = "https://auth.fake-proconnect.test/api/v2"


@pytest.fixture
def proconnect(settings):
    settings.PROCONNECT_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = "qic-test"
    settings.OIDC_RP_CLIENT_SECRET = "secret-de-test"
    for name, path in [
        ("OIDC_OP_AUTHORIZATION_ENDPOINT", "authorize"),
        ("OIDC_OP_TOKEN_ENDPOINT", "token"),
        ("OIDC_OP_USER_ENDPOINT", "userinfo"),
        ("OIDC_OP_JWKS_ENDPOINT", "jwks"),
        ("OIDC_OP_LOGOUT_ENDPOINT", "session/end"),
    ]:
        setattr(settings, name, f"{BASE}/{path}")
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "accounts.proconnect.ProConnectBackend",
    ]


class FakeProvider:
    def __init__(self, requests_mock):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        requests_mock.get(f"{BASE}/jwks", json={"keys": [{**jwk, "kid": "k1", "alg": "RS256"}]})
        self.requests_mock = requests_mock

    def sign(self, claims):
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": "k1"})

    def will_answer(self, *, email, nonce, sub="agent-1"):
        now = int(time.time())
        id_token = self.sign(
            {
                "iss": BASE,
                "aud": "qic-test",
                "sub": sub,
                "iat": now,
                "exp": now + 60,
                "nonce": nonce,
            }
        )
        self.requests_mock.post(
            f"{BASE}/token",
            json={"access_token": "jeton", "id_token": id_token, "token_type": "Bearer"},
        )
        userinfo = self.sign(
            {
                "sub": sub,
                "email": email,
                "given_name": "Karim",
                "usual_name": "Benali",
                "siret": "11000001000015",
            }
        )
        self.requests_mock.get(
            f"{BASE}/userinfo", text=userinfo, headers={"Content-Type": "application/jwt"}
        )
        return id_token


def start(client):
    response = client.get(reverse("accounts:proconnect_login"))
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    return response, query["state"][0], query["nonce"][0]


def test_without_proconnect_there_is_no_button_and_no_route(db):
    page = client_for(None).get(reverse("accounts:login")).content.decode()
    assert "ProConnect" not in page
    assert client_for(None).get(reverse("accounts:proconnect_login")).status_code == 404


def test_the_login_page_offers_proconnect_and_sends_to_it(proconnect):
    client = client_for(None)
    page = BeautifulSoup(client.get(reverse("accounts:login")).content, "html.parser")
    # The DSFR button, as ProConnect's integration guide asks…
    group = page.select_one(".fr-connect-group")
    button = group.select_one("a.fr-connect")
    assert button["href"] == reverse("accounts:proconnect_login")
    assert button.select_one(".fr-connect__login").get_text(strip=True) == "S’identifier avec"
    assert button.select_one(".fr-connect__brand").get_text(strip=True) == "ProConnect"
    # …followed by its « what is it » link, opening in a new tab and saying so.
    about = button.find_next_sibling("p").a
    assert about.get_text(strip=True) == "Qu’est-ce que ProConnect ?"
    assert about["href"] == "https://www.proconnect.gouv.fr/"
    assert about["target"] == "_blank" and "noopener" in about["rel"]
    assert about["title"] == "Qu’est-ce que ProConnect ? - nouvelle fenêtre"
    # The password login stays beside it.
    assert page.select_one("form[method=post] input[name=password]") is not None
    response, state, nonce = start(client)
    location = urlsplit(response["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{BASE}/authorize"
    assert query["client_id"] == ["qic-test"]
    assert query["acr_values"] == ["eidas1"]
    assert "email" in query["scope"][0].split()
    assert state and nonce


def test_an_invited_agent_logs_in_with_proconnect(proconnect, requests_mock):
    agent = factories.UserFactory(email="karim.benali@loire.gouv.fr", first_name="", last_name="")
    provider = FakeProvider(requests_mock)
    client = client_for(None)
    _, state, nonce = start(client)
    provider.will_answer(email="Karim.Benali@loire.gouv.fr", nonce=nonce)
    response = client.get(reverse("accounts:proconnect_callback"), {"code": "abc", "state": state})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    agent.refresh_from_db()
    assert agent.get_full_name() == "Karim Benali"


def test_an_agent_without_an_account_is_sent_back_with_a_french_message(proconnect, requests_mock):
    provider = FakeProvider(requests_mock)
    client = client_for(None)
    _, state, nonce = start(client)
    provider.will_answer(email="inconnu@loire.gouv.fr", nonce=nonce)
    response = client.get(
        reverse("accounts:proconnect_callback"), {"code": "abc", "state": state}, follow=True
    )
    assert "aucun compte actif de Quartiers à impact collectif" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_a_forged_nonce_is_refused(proconnect, requests_mock):
    factories.UserFactory(email="agent@loire.gouv.fr")
    provider = FakeProvider(requests_mock)
    client = client_for(None)
    _, state, _nonce = start(client)
    provider.will_answer(email="agent@loire.gouv.fr", nonce="pas-le-bon")
    client.get(reverse("accounts:proconnect_callback"), {"code": "abc", "state": state})
    assert client.get(reverse("home")).status_code == 302


def test_a_deactivated_account_is_refused(proconnect, requests_mock):
    factories.UserFactory(email="agent@loire.gouv.fr", is_active=False)
    provider = FakeProvider(requests_mock)
    client = client_for(None)
    _, state, nonce = start(client)
    provider.will_answer(email="agent@loire.gouv.fr", nonce=nonce)
    response = client.get(
        reverse("accounts:proconnect_callback"), {"code": "abc", "state": state}, follow=True
    )
    assert "aucun compte actif de Quartiers à impact collectif" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def log_in_with_proconnect(provider, *, email, sub):
    client = client_for(None)
    _, state, nonce = start(client)
    provider.will_answer(email=email, nonce=nonce, sub=sub)
    client.get(reverse("accounts:proconnect_callback"), {"code": "abc", "state": state})
    return client


def test_accounts_are_matched_on_the_email_never_on_the_sub(proconnect, requests_mock):
    """ProConnect's ``sub`` names the agent at one identity provider; when the same sub
    comes back with another e-mail (the agent moved, or the provider reused it), it must
    not open the account it opened before."""
    agent = factories.UserFactory(email="karim.benali@loire.gouv.fr")
    colleague = factories.UserFactory(email="ines.garcia@loire.gouv.fr")
    provider = FakeProvider(requests_mock)
    first = log_in_with_proconnect(provider, email="karim.benali@loire.gouv.fr", sub="s-42")
    assert first.get(reverse("accounts:profile")).context["user"] == agent
    # Same sub, an e-mail without an account: refused, not Karim's account.
    stranger = log_in_with_proconnect(provider, email="autre@loire.gouv.fr", sub="s-42")
    assert stranger.get(reverse("home")).status_code == 302
    # Same sub, a colleague's e-mail: the colleague's account, the one the e-mail names.
    moved = log_in_with_proconnect(provider, email="Ines.Garcia@Loire.gouv.fr", sub="s-42")
    assert moved.get(reverse("accounts:profile")).context["user"] == colleague


def test_no_account_is_ever_created(proconnect, requests_mock):
    provider = FakeProvider(requests_mock)
    before = User.objects.count()
    log_in_with_proconnect(provider, email="nouvel.agent@loire.gouv.fr", sub="s-1")
    assert User.objects.count() == before


def test_logging_out_ends_the_proconnect_session_too(proconnect, requests_mock):
    factories.UserFactory(email="agent@loire.gouv.fr")
    provider = FakeProvider(requests_mock)
    client = client_for(None)
    _, state, nonce = start(client)
    id_token = provider.will_answer(email="agent@loire.gouv.fr", nonce=nonce)
    client.get(reverse("accounts:proconnect_callback"), {"code": "abc", "state": state})
    response = client.post(reverse("accounts:logout"))
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{BASE}/session/end"
    query = parse_qs(location.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == [f"http://testserver{reverse('accounts:login')}"]
    assert len(query["state"][0]) >= 32
    assert client.get(reverse("home")).status_code == 302
