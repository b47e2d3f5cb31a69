"""What a signed-in request costs before the page does any work: its session and its user.

With a shared cache (``CACHE_URL``, production's Redis) sessions are Django's
``cached_db``: read from the cache, written through to the database. These tests run
that engine on the test cache (one process stands for every worker).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from qic.cache import ResilientRedisCache
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

CACHED_DB = override_settings(SESSION_ENGINE="django.contrib.sessions.backends.cached_db")


def _tables_read(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    return (
        sum('FROM "django_session"' in q for q in sql),
        sum('FROM "accounts_user"' in q for q in sql),
    )


@CACHED_DB
def test_a_signed_in_page_reads_its_session_from_the_cache_and_its_user_once(member_a):
    client = client_for(member_a)
    url = reverse("mentions_legales")
    client.get(url)
    assert _tables_read(client, url) == (0, 1)


@CACHED_DB
def test_a_session_ended_by_logout_opens_nothing_again(member_a):
    client = client_for(member_a)
    url = reverse("mentions_legales")
    cookie = client.cookies["sessionid"].value
    assert client.get(url).status_code == 200
    client.post(reverse("accounts:logout"))
    client.cookies["sessionid"] = cookie  # the old cookie, replayed
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@CACHED_DB
def test_a_password_change_ends_the_other_sessions_at_once(member_a):
    other = client_for(member_a)
    url = reverse("mentions_legales")
    assert other.get(url).wsgi_request.user.is_authenticated
    member_a.set_password("un-nouveau-mot-de-passe-2026")
    member_a.save()
    assert not other.get(url).wsgi_request.user.is_authenticated


def test_with_redis_down_sessions_are_read_from_the_database(settings, monkeypatch, member_a):
    # Both through the ``settings`` fixture: mixed with ``@override_settings``, their
    # teardowns run in the wrong order and the engine leaked into the following tests.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.CACHES = {
        "default": {"BACKEND": "qic.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    monkeypatch.setattr(ResilientRedisCache, "_down_until", 0.0)
    client = client_for(member_a)
    url = reverse("mentions_legales")
    assert client.get(url).wsgi_request.user == member_a
    assert _tables_read(client, url) == (1, 1)
