"""Errors seen: optional reporting to Sentry or a compatible service (GlitchTip…).

Off unless ``SENTRY_DSN`` is set. Every process that loads the settings (gunicorn,
the Celery worker and beat, management commands) reports its unhandled errors, with
the Django and Celery integrations. Personal data stays here: the SDK is told not to
collect it (``send_default_pii=False``, no request bodies, no local variables), and
``scrub_event`` removes from each event whatever could still name a person before it
leaves the process (docs/securite.md).
"""

import re
from importlib.metadata import PackageNotFoundError, version

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

# Headers that carry credentials or a person's address; the others (user agent,
# content type…) help to reproduce an error and say nothing about who sent it.
SCRUBBED_HEADERS = {"cookie", "authorization", "x-forwarded-for", "x-real-ip", "forwarded"}
SCRUBBED_USER_KEYS = {"email", "username", "name", "ip_address", "first_name", "last_name"}
# An address may still appear in a message: an SMTP refusal names its recipient.
# A domain ends with letters: "qic@1.2.0" (a release) or "celery@worker1" stay.
EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
EMAIL_PLACEHOLDER = "[adresse retirée]"


def _redact_emails(value):
    if isinstance(value, str):
        return EMAIL_PATTERN.sub(EMAIL_PLACEHOLDER, value)
    if isinstance(value, dict):
        return {key: _redact_emails(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_redact_emails(item) for item in value]
    return value


def default_release() -> str:
    try:
        return f"qic@{version('qic')}"
    except PackageNotFoundError:
        return "qic@inconnue"


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    """``before_send``: the event without names, e-mail addresses (wherever they appear:
    messages, breadcrumbs, exception values), cookies, query strings or bodies."""
    user = event.get("user")
    if isinstance(user, dict):
        # The numeric id stays: it tells whether one person or many hit the error.
        event["user"] = {k: v for k, v in user.items() if k not in SCRUBBED_USER_KEYS}
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("cookies", "data", "query_string", "env"):
            request.pop(key, None)
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: value
                for name, value in headers.items()
                if name.lower() not in SCRUBBED_HEADERS
            }
    return _redact_emails(event)


def sentry_configure(*, dsn: str, release: str, environment: str) -> bool:
    """Start the SDK when a DSN is given; return whether it was started."""
    if not dsn:
        return False
    sentry_sdk.init(
        dsn=dsn,
        release=release or default_release(),
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        # Frames' local variables may hold a person's name or e-mail: left out.
        include_local_variables=False,
        before_send=scrub_event,
        # Errors only: no performance tracing, no profiling.
        traces_sample_rate=None,
    )
    return True
