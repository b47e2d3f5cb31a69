"""Errors seen: Sentry (or GlitchTip) only with a DSN, and never a person's data.

Nothing here reaches the network: ``sentry_sdk.init`` is replaced by a mock."""

import runpy
from importlib.metadata import version
from unittest import mock

from django.conf import settings

from qic.sentry import scrub_event, sentry_configure


def event_with_personal_data():
    return {
        "release": "qic@1.2.0",
        "server_name": "celery@worker1",
        "message": "Rappel 42 refusé par le serveur : {'camille.martin@exemple.fr': (550, b'Inconnu')}",
        "user": {
            "id": "17",
            "email": "camille.martin@exemple.fr",
            "username": "camille.martin@exemple.fr",
            "name": "Camille Martin",
            "ip_address": "203.0.113.9",
        },
        "request": {
            "url": "https://qic.example.gouv.fr/annuaire/?q=Camille+Martin",
            "method": "POST",
            "query_string": "q=Camille+Martin",
            "cookies": {"sessionid": "abc", "csrftoken": "def"},
            "data": {"first_name": "Camille", "email": "camille.martin@exemple.fr"},
            "headers": {
                "Cookie": "sessionid=abc",
                "Authorization": "Bearer qic_secret",
                "X-Forwarded-For": "203.0.113.9",
                "User-Agent": "Firefox",
            },
            "env": {"REMOTE_ADDR": "203.0.113.9"},
        },
        "breadcrumbs": {"values": [{"message": "Invitation envoyée à camille.martin@exemple.fr"}]},
        "exception": {
            "values": [
                {
                    "type": "SMTPRecipientsRefused",
                    "value": "{'camille.martin@exemple.fr': (550, b'Unknown user')}",
                }
            ]
        },
    }


def test_the_scrubbed_event_names_nobody():
    event = scrub_event(event_with_personal_data(), {})
    text = repr(event)
    for personal in ("camille", "Camille", "Martin", "203.0.113.9", "sessionid", "qic_secret"):
        assert personal not in text, personal
    assert event["user"] == {"id": "17"}
    request = event["request"]
    assert request["url"] == "https://qic.example.gouv.fr/annuaire/"
    assert not {"query_string", "cookies", "data", "env"} & set(request)
    assert request["headers"] == {"User-Agent": "Firefox"}
    # What helps to fix the error stays.
    assert (event["release"], event["server_name"]) == ("qic@1.2.0", "celery@worker1")
    assert request["method"] == "POST"
    assert event["exception"]["values"][0]["type"] == "SMTPRecipientsRefused"
    assert "[adresse retirée]" in event["exception"]["values"][0]["value"]


def test_without_a_dsn_nothing_is_initialised():
    with mock.patch("sentry_sdk.init") as init:
        assert sentry_configure(dsn="", release="", environment="production") is False
    init.assert_not_called()


def test_with_a_dsn_the_sdk_starts_without_personal_data():
    dsn = "https://cle@glitchtip.example.gouv.fr/3"
    with mock.patch("sentry_sdk.init") as init:
        assert sentry_configure(dsn=dsn, release="qic@1.2.3", environment="recette") is True
    options = init.call_args.kwargs
    assert options["dsn"] == dsn
    assert options["release"] == "qic@1.2.3"
    assert options["environment"] == "recette"
    assert options["send_default_pii"] is False
    assert options["max_request_body_size"] == "never"
    assert options["include_local_variables"] is False
    assert options["before_send"] is scrub_event
    assert {type(i).__name__ for i in options["integrations"]} == {
        "DjangoIntegration",
        "CeleryIntegration",
    }


def _load_settings(monkeypatch, **env):
    for name in ("SENTRY_DSN", "SENTRY_RELEASE", "SENTRY_ENVIRONMENT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in {"DEBUG": "true", **env}.items():
        monkeypatch.setenv(name, value)
    with mock.patch("sentry_sdk.init") as init:
        runpy.run_path(str(settings.BASE_DIR / "qic" / "settings.py"))
    return init


def test_the_settings_start_sentry_only_with_sentry_dsn(monkeypatch):
    assert not _load_settings(monkeypatch).called
    init = _load_settings(
        monkeypatch,
        SENTRY_DSN="https://cle@sentry.example.gouv.fr/1",
        SENTRY_ENVIRONMENT="preproduction",
    )
    options = init.call_args.kwargs
    assert options["environment"] == "preproduction"
    assert options["release"] == f"qic@{version('qic')}"  # without SENTRY_RELEASE
    assert options["before_send"] is scrub_event
    init = _load_settings(
        monkeypatch, SENTRY_DSN="https://cle@sentry.example.gouv.fr/1", SENTRY_RELEASE="abc123"
    )
    assert init.call_args.kwargs["release"] == "abc123"
    assert init.call_args.kwargs["environment"] == "production"
