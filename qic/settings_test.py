"""Settings for the test suite: the real settings, made fast and strict.

The database and broker still come from ``DATABASE_URL`` / ``CELERY_BROKER_URL`` so
CI runs the suite against the real PostgreSQL and Redis.
"""

import os

os.environ.setdefault("DEBUG", "false")
# As long as production demands (qic/settings.py refuses a weak key when DEBUG is off).
os.environ.setdefault(
    "SECRET_KEY", "test-only-secret-key-long-enough-for-the-start-up-check-0123456789"
)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")

from qic.settings import *  # noqa: F403
from qic.settings import API_THROTTLE_RATES, BASE_DIR, RATE_LIMITS, TEMPLATES
from qic.settings import DATABASES as _DATABASES

# No persistent connections in tests: a thread that ran a task or served a page (the
# Celery test worker, the browser tests' live server) would otherwise keep its connection
# open after it ends, and the test database could not be dropped at the end of the run.
for _database in _DATABASES.values():
    _database["CONN_MAX_AGE"] = 0


class _InvalidTemplateVariable(str):
    """Make ``{{ unknown }}`` in one of our templates fail the test instead of printing
    nothing.

    It is falsy, so Django treats it like the production empty string (filters such as
    ``default`` still apply, third-party templates render as in production); only when
    it is finally printed by one of our own templates does it raise.
    """

    def __bool__(self):
        return False

    def __str__(self):
        import sys

        from django.template.base import Origin, TemplateSyntaxError

        frame = sys._getframe(1)
        while frame is not None:
            origin = getattr(frame.f_locals.get("self"), "origin", None)
            if isinstance(origin, Origin):
                if str(origin.name).startswith(str(BASE_DIR / "templates")):
                    raise TemplateSyntaxError(f"Variable de gabarit inconnue dans {origin.name}")
                break
            frame = frame.f_back
        return ""


TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = _InvalidTemplateVariable("")

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run eagerly unless a test starts a real worker on purpose.
CELERY_TASK_ALWAYS_EAGER = True
SECURE_HSTS_SECONDS = 0
# Static files come from the source folders (no collectstatic before tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# No test is throttled by chance; the throttling tests set their own rates.
API_THROTTLE_RATES = {**API_THROTTLE_RATES, "token": "100000/hour", "anonymous": "100000/hour"}
RATE_LIMITS = dict.fromkeys(RATE_LIMITS, "100000/h")  # likewise for the forms (test_ratelimit)

# Django's test client logs in without a request, which django-axes refuses; the lockout
# tests turn it back on (tests/accounts/test_lockout.py), as do the browser journeys,
# which log in through the real form.
AXES_ENABLED = False
