"""Rate limits of the forms open without an account, and of sending invitations
(qic/ratelimit.py): beyond the rate, the « Trop de demandes » page (429), never a 500."""

import html
import uuid

import pytest
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import User
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# Public URLs that accept a POST without a rate limit, and why.
NOT_RATE_LIMITED = {
    # DRF throttles the API itself, per token and per address (qic/api/throttling.py).
    "api": "limitée par DRF",
}


@pytest.fixture
def one_per_hour(settings):
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, "1/h")


def _public_patterns(resolver=None, namespace=""):
    """(name, pattern) of every URL whose view is open without an account."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in NOT_RATE_LIMITED:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _public_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and not getattr(entry.callback, "login_required", True):
            yield f"{namespace}{entry.name}", entry


def _example_kwargs(pattern):
    """A value for each argument of the URL, of the converter's type."""
    examples = {"IntConverter": 1, "UUIDConverter": uuid.uuid4()}
    return {
        name: examples.get(type(converter).__name__, "exemple")
        for name, converter in pattern.pattern.converters.items()
    }


PUBLIC = sorted(_public_patterns(), key=lambda item: item[0])


def test_the_walk_finds_the_public_forms():
    names = {name for name, _ in PUBLIC}
    assert {"accounts:login", "accounts:password_reset", "accounts:invitation_accept"} <= names
    assert {"notifications:unsubscribe", "admin:login"} <= names


@pytest.mark.parametrize(("name", "pattern"), PUBLIC, ids=[name for name, _ in PUBLIC])
def test_every_public_view_that_accepts_a_post_is_rate_limited(name, pattern, one_per_hour):
    """A future public form that forgets ``qic.ratelimit.rate_limited`` fails here."""
    url = reverse(name, kwargs=_example_kwargs(pattern))
    client = client_for(None)
    first = client.post(url)
    if first.status_code == 405:  # read-only: nothing to flood
        return
    assert first.status_code != 429, url
    second = client.post(url)
    assert second.status_code == 429, f"{name} ({url}) accepte un POST sans limite de débit"
    assert "Trop de demandes" in second.content.decode()


def login(client, email, **extra):
    return client.post(reverse("accounts:login"), {"username": email, "password": "faux"}, **extra)


def test_the_login_form_beyond_its_rate_gets_a_french_429_page(settings, member_a):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": "3/h"}
    client = client_for(None)
    assert client.get(reverse("accounts:login")).status_code == 200  # reading is not counted
    statuses = [login(client, f"personne{i}@exemple.fr").status_code for i in range(3)]
    assert statuses == [200, 200, 200]
    refused = client.post(
        reverse("accounts:login"), {"username": member_a.email, "password": "mot-de-passe-de-test"}
    )
    assert refused.status_code == 429
    page = html.unescape(refused.content.decode())
    assert "Trop de demandes" in page and "il faut attendre" in page
    assert 'class="fr-header' in page  # the DSFR layout, not a bare error
    assert int(refused["Retry-After"]) > 0
    assert client.get(reverse("home")).status_code == 302  # not signed in
    # Another client address is counted apart.
    elsewhere = client_for(None).post(
        reverse("accounts:login"),
        {"username": member_a.email, "password": "mot-de-passe-de-test"},
        REMOTE_ADDR="198.51.100.4",
    )
    assert elsewhere.status_code == 302


def test_behind_the_proxy_the_rate_is_per_forwarded_client(settings, db):
    settings.BEHIND_TLS_PROXY = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": "2/h"}
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for index in range(2):
        forged = f"192.0.2.{index}, 203.0.113.9"  # a new left entry each time changes nothing
        assert (
            login(
                client_for(None), "a@exemple.fr", HTTP_X_FORWARDED_FOR=forged, **proxy
            ).status_code
            == 200
        )
    assert (
        login(
            client_for(None), "a@exemple.fr", HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy
        ).status_code
        == 429
    )
    assert (
        login(
            client_for(None), "a@exemple.fr", HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy
        ).status_code
        == 200
    )


def test_password_reset_beyond_its_rate_sends_nothing(
    settings, member_a, django_capture_on_commit_callbacks
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_reset": "2/h"}
    client = client_for(None)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        statuses = [
            client.post(reverse("accounts:password_reset"), {"email": member_a.email}).status_code
            for _ in range(4)
        ]
    assert statuses == [302, 302, 429, 429]
    assert len(callbacks) == 2 and len(mail.outbox) == 2


def test_sending_invitations_is_limited_per_account(settings, site_a, member_a, member_b):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "invitation_send": "2/h"}
    url = reverse("quartiers:site_member_add", args=[site_a.pk])

    def invite(client, index):
        data = {"email": f"nouveau{index}@exemple.fr", "first_name": "A", "last_name": "B"}
        return client.post(url, {**data, "role": "membre"}).status_code

    client = client_for(member_a)
    assert [invite(client, index) for index in range(3)] == [302, 302, 429]
    assert not User.objects.filter(email="nouveau2@exemple.fr").exists()
    # The limit is the account's, not the address's: a colleague on the same network still may.
    admin = User.objects.create_user(email="admin2@anct.gouv.fr", role="admin")
    assert invite(client_for(admin), 3) == 302
