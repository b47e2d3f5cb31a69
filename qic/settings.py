"""QIC settings.

Everything that differs between machines comes from environment variables read by
the typed helpers of ``qic.env``; README.md lists them all. With no variable set
(``make run``), QIC runs on a SQLite file and executes Celery tasks in-process.
"""

import importlib.util
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse_lazy

from qic.env import env_bool, env_int, env_list, env_rate, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

_NEW_SECRET_KEY = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            f"SECRET_KEY est obligatoire quand DEBUG est désactivé (générez-en une avec "
            f"`{_NEW_SECRET_KEY}`)."
        )
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
# The criteria of Django's own check (security.W009), enforced at start-up: a guessable
# key forges sessions, password reset links and unsubscribe links.
elif not DEBUG and (
    len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or len(set(SECRET_KEY)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
    or SECRET_KEY.startswith(SECRET_KEY_INSECURE_PREFIX)
):
    raise ImproperlyConfigured(
        f"SECRET_KEY est trop faible : il faut au moins {SECRET_KEY_MIN_LENGTH} caractères, "
        f"dont {SECRET_KEY_MIN_UNIQUE_CHARACTERS} différents, et pas le préfixe "
        f"« {SECRET_KEY_INSECURE_PREFIX} » (générez-en une avec `{_NEW_SECRET_KEY}`)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS est obligatoire quand DEBUG est désactivé.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# One TLS proxy in front (docs/deployment.md): trust its X-Forwarded-Proto, and read the
# client's address from the X-Forwarded-For entry it appended (qic/client_ip.py).
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)

# Absolute address of the site, for links in e-mails (no request at hand there).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Shown on the public pages (mentions légales, accessibilité, données personnelles).
CONTACT_EMAIL = env_str("CONTACT_EMAIL")
HOSTING_PROVIDER = env_str("HOSTING_PROVIDER")
# What the legal pages must name (mentions légales, données personnelles, accessibilité),
# per deployment; the defaults are ANCT's.
LEGAL_PUBLISHER = env_str(
    "LEGAL_PUBLISHER",
    "Agence nationale de la cohésion des territoires (ANCT), établissement public de l'État, "
    "20 avenue de Ségur, 75007 Paris",
)
LEGAL_PUBLICATION_DIRECTOR = env_str(
    "LEGAL_PUBLICATION_DIRECTOR",
    "Le directeur général de l'Agence nationale de la cohésion des territoires",
)
# Who processes personal data for us (hosting, e-mail…), comma-separated.
LEGAL_PROCESSORS = env_list("LEGAL_PROCESSORS")
# Accessibility (RGAA): « non », « partiellement » or « totalement » conforme, the date of
# the declaration, and the audit it rests on (empty: none yet).
ACCESSIBILITY_CONFORMITY = env_str("ACCESSIBILITY_CONFORMITY", "non")
if ACCESSIBILITY_CONFORMITY not in ("non", "partiellement", "totalement"):
    raise ImproperlyConfigured(
        "ACCESSIBILITY_CONFORMITY doit valoir « non », « partiellement » ou « totalement »."
    )
ACCESSIBILITY_DECLARATION_DATE = env_str("ACCESSIBILITY_DECLARATION_DATE", "26 novembre 2026")
ACCESSIBILITY_AUDIT = env_str("ACCESSIBILITY_AUDIT")
# Optional audience measurement (Matomo), configured for the CNIL's consent exemption:
# no cookie, no user id, no cross-site tracking; the server must anonymise addresses.
# Off unless both are set; the CSP then allows that origin only.
MATOMO_URL = env_str("MATOMO_URL").rstrip("/")
MATOMO_SITE_ID = env_str("MATOMO_SITE_ID")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Full-text search expressions (SearchVector, SearchQuery…) of recherche.
    "django.contrib.postgres",
    # dsfr before django.forms: its radio and checkbox templates must win.
    "dsfr",
    "django.forms",
    "widget_tweaks",
    "django_htmx",
    "template_partials.apps.SimpleAppConfig",
    "django_filters",
    "auditlog",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # QIC, in dependency order: each app may import from those above it only.
    "qic",
    "accounts",
    "quartiers",
    # Official statistics of each QPV (INSEE files); reads quartiers, read by visions.
    "statistiques",
    "visions",
    "cercles",
    # Money behind the vision: funding lines, appels à vision (reads the four above).
    "financements",
    # Who works with whom: a site's network of actors and the cooperation indicators.
    "cooperation",
    # Pratiques inspirantes: reads accounts, quartiers, visions, cercles.
    "pratiques",
    # The read side: summaries of a site and of the programme (reads the three above).
    "summaries",
    # Right of the chain: reads accounts and quartiers (later visions, cercles);
    # nobody imports it (docs/reminders.md).
    "notifications",
    "demo",
    # Right of the chain too: export and anonymisation of a person across every app.
    "privacy",
    # Right of the chain: reads quartiers, visions, cercles, notifications; read by none.
    "dashboards",
    "reports",
    # Right of the chain: the search box reads every app (its index follows their writes).
    "recherche",
    # Right of the chain: public pages, /stats, open data (reads every app; read by none).
    "publication",
    # Right of the chain: webhooks sent for site events (reads quartiers; read by none).
    "webhooks",
    # Benchmark tooling: seed_scale, and the baseline page when BENCH_BASELINE is on.
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "qic.middleware.reject_nul_characters",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qic.urls"
WSGI_APPLICATION = "qic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qic.context_processors.qic",
                "notifications.context_processors.notifications",
                "csp.context_processors.nonce",
            ],
            "builtins": ["template_partials.templatetags.partials"],
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
        },
    }
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
DSFR_MARK_OPTIONAL_FIELDS = True  # the DSFR marks optional fields, not required ones

# Database: one URL, SQLite file by default.
try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL invalide : {exc}") from None
# PostgreSQL's JIT compiles a query it estimates expensive before running it: for this
# application's national aggregates (correlated subqueries over thousands of rows)
# compiling cost more than running (docs/performance.md). Off unless DATABASE_JIT=true.
if DATABASES["default"]["ENGINE"].endswith("postgresql") and not env_bool("DATABASE_JIT", False):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any attempt while the account is locked out (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout: after LOGIN_FAILURE_LIMIT failures for one e-mail from one address, that pair
# waits LOGIN_LOCKOUT_MINUTES. Keyed on the pair, so that nobody can lock a colleague out
# from elsewhere just by knowing their e-mail.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.lockout.attempted_email"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Successful logins are not stored with their IP address (personal data we don't need);
# failures are, for the lockout, and purged after AXES_COOLOFF_TIME (docs/securite.md).
AXES_DISABLE_ACCESS_LOG = True
# The address as seen through our TLS proxy (the right-most X-Forwarded-For entry), not
# the proxy's own: without it every failure would count for everybody (qic/client_ip.py).
AXES_CLIENT_IP_CALLABLE = "qic.client_ip.client_ip"
LOGIN_URL = reverse_lazy("accounts:login")
LOGIN_REDIRECT_URL = reverse_lazy("home")
LOGOUT_REDIRECT_URL = reverse_lazy("accounts:login")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Optional TOTP second factor for the ANCT roles; OTP_REQUIRED_FOR_NATIONAL makes it
# mandatory for them.
OTP_REQUIRED_FOR_NATIONAL = env_bool("OTP_REQUIRED_FOR_NATIONAL", False)
OTP_TOTP_ISSUER = "Quartiers à impact collectif"

# ProConnect (OpenID Connect) for State agents, beside the password login.
PROCONNECT_ENABLED = env_bool("PROCONNECT_ENABLED", False)
PROCONNECT_BASE_URL = env_str("PROCONNECT_BASE_URL", "https://auth.proconnect.gouv.fr/api/v2")
OIDC_RP_CLIENT_ID = env_str("PROCONNECT_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("PROCONNECT_CLIENT_SECRET")
if PROCONNECT_ENABLED:
    if not (OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET):
        raise ImproperlyConfigured(
            "PROCONNECT_ENABLED demande PROCONNECT_CLIENT_ID et PROCONNECT_CLIENT_SECRET."
        )
    AUTHENTICATION_BACKENDS.append("accounts.proconnect.ProConnectBackend")
OIDC_OP_AUTHORIZATION_ENDPOINT = f"{PROCONNECT_BASE_URL}/authorize"
OIDC_OP_TOKEN_ENDPOINT = f"{PROCONNECT_BASE_URL}/token"
OIDC_OP_USER_ENDPOINT = f"{PROCONNECT_BASE_URL}/userinfo"
OIDC_OP_JWKS_ENDPOINT = f"{PROCONNECT_BASE_URL}/jwks"
OIDC_OP_LOGOUT_ENDPOINT = f"{PROCONNECT_BASE_URL}/session/end"
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email given_name usual_name uid siret"
OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": "eidas1"}
OIDC_CREATE_USER = False  # access stays by invitation
OIDC_STORE_ID_TOKEN = True  # to end the ProConnect session at logout
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:proconnect_callback"
LOGIN_REDIRECT_URL_FAILURE = "/connexion/?proconnect=echec"
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT_HOURS", 24) * 3600
INVITATION_VALIDITY_DAYS = env_int("INVITATION_VALIDITY_DAYS", 7)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE_HOURS", 12) * 3600

# Internationalisation: the product speaks French.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# Static files are served by WhiteNoise; uploaded files live outside any public path
# and are only ever served through a view that checks permissions.
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Largest document that may be attached to a meeting (cercles), in megabytes.
DOCUMENT_MAX_SIZE_MB = env_int("DOCUMENT_MAX_SIZE_MB", 10)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "qic.staticfiles.CachedUrlManifestStaticFilesStorage"
        )
    },
}

# E-mail: printed on the console in development.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "QIC <ne-pas-repondre@qic.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: with no broker, tasks run in-process (the embedded default of `make run`).
# The guarantees (each reminder sent once, nothing lost) come from the database, not
# from the broker: see docs/reminders.md.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_IGNORE_RESULT = True  # no result backend: outcomes are database rows
CELERY_TASK_SOFT_TIME_LIMIT = 240  # default limits; tasks set tighter ones
CELERY_TASK_TIME_LIMIT = 300
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # with acks_late, hold one message at a time
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request that publishes must not hang on a dead broker: fail fast, the sweep
# does the work later.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
# Periodic jobs, run by `celery beat` (`make worker` embeds it). Each one is a
# monitored job (qic.jobs) declaring the same period: /sante/ flags it when late.
# The reminder sweep's period, in seconds: 5 minutes; `make prod-check` shortens it to
# see a beat-scheduled reminder arrive within seconds.
REMINDER_SWEEP_EVERY = timedelta(seconds=env_int("REMINDER_SWEEP_SECONDS", 300, min_value=1))
CELERY_BEAT_SCHEDULE = {
    "notifications.sweep": {
        "task": "notifications.sweep",
        "schedule": REMINDER_SWEEP_EVERY,
    },
    "notifications.purge": {
        "task": "notifications.purge",
        "schedule": timedelta(days=1),
    },
    "privacy.retention": {
        "task": "privacy.retention",
        "schedule": timedelta(days=1),
    },
    "reports.expire": {
        "task": "reports.expire",
        "schedule": timedelta(hours=6),
    },
    "visions.imports_sweep": {
        "task": "visions.imports_sweep",
        "schedule": timedelta(minutes=10),
    },
    "quartiers.events_due": {
        "task": "quartiers.events_due",
        "schedule": timedelta(days=1),
    },
    "webhooks.retry": {
        "task": "webhooks.retry",
        "schedule": timedelta(minutes=1),
    },
    "cooperation.metrics": {
        "task": "cooperation.metrics",
        "schedule": timedelta(days=1),
    },
    "cooperation.indicators": {
        "task": "cooperation.indicators",
        "schedule": timedelta(days=1),
    },
}
# Beat's state file (last run of each entry): in the temporary directory (TMPDIR), the
# one place the image's unprivileged user and a PaaS container can always write.
CELERY_BEAT_SCHEDULE_FILENAME = str(Path(tempfile.gettempdir()) / "qic-celerybeat-schedule")
# Personal data (docs/donnees-personnelles.md): accounts and contacts inactive this long
# are anonymised, after a notice sent this many days before.
RETENTION_INACTIVE_DAYS = env_int("RETENTION_INACTIVE_DAYS", 730)
RETENTION_NOTICE_DAYS = env_int("RETENTION_NOTICE_DAYS", 30)
# Reports (docs/reports.md): files kept this long after they are ready; a job still
# « en cours » this long after its start has lost its worker (beyond reports.build's limit).
REPORT_RETENTION = timedelta(days=env_int("REPORT_RETENTION_DAYS", 30))
REPORT_STALE_AFTER = timedelta(minutes=30)
# Reminders: a claimed row ("en cours") whose sender vanished goes back to the queue
# after this long. It must exceed every task's hard time limit (checked by a test).
REMINDER_CLAIM_TIMEOUT = timedelta(minutes=15)
# Retries of a transient SMTP failure: exponential from this base, with jitter.
REMINDER_RETRY_BASE_SECONDS = env_int("REMINDER_RETRY_BASE_SECONDS", 300)

# History of changes (django-auditlog): IP addresses are personal data we do not need.
AUDITLOG_DISABLE_REMOTE_ADDR = True
# Store related objects by name at write time, so reading history never costs one
# query per changed foreign key.
AUDITLOG_USE_FK_STRING_REPRESENTATION = True

# Security. Production values are on unless DEBUG; each can be turned off by its variable.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# The health endpoint answers plain HTTP too, for probes inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
# The "preload" token allows submitting the domain to browsers' preload list, a promise
# hard to take back (every subdomain, HTTPS only, for months): off unless asked for.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Django's deployment checklist warns while preload is off (security.W021): off is our
# documented choice (README), so that warning says nothing we did not decide.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy (django-csp): everything from our own origin, no inline script
# or style anywhere; an inline script would need the per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        # A logout form redirects to ProConnect to end its session too.
        "form-action": [
            SELF,
            *([PROCONNECT_BASE_URL.split("/api/")[0]] if PROCONNECT_ENABLED else []),
        ],
        "frame-ancestors": [NONE],
    }
}
if MATOMO_URL and MATOMO_SITE_ID:
    from urllib.parse import urlsplit as _split_matomo

    _matomo = _split_matomo(MATOMO_URL)
    for _directive in ("script-src", "connect-src", "img-src"):
        CONTENT_SECURITY_POLICY["DIRECTIVES"][_directive].append(
            f"{_matomo.scheme}://{_matomo.netloc}"
        )
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Cache: per process by default; shared by every process (and so by every gunicorn worker,
# which API throttling needs to count right) when CACHE_URL names a Redis server.
CACHE_URL = env_str("CACHE_URL")
CACHES = {
    # Redis down never makes a 500: reads miss, writes are dropped (qic/cache.py).
    "default": {"BACKEND": "qic.cache.ResilientRedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    # Room for the per-site figures of a national programme (summaries/).
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}
# Sessions read from the shared cache and written through to the database (Django's
# cached_db): a signed-in request finds its session without a query. Only with a shared
# cache: a per-process one would keep a session that a logout in another worker ended.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHE_URL
    else "django.contrib.sessions.backends.db"
)

# REST API (docs/api.md): Django REST framework under /api/v1/, OpenAPI by drf-spectacular.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so that a request without credentials answers 401 with WWW-Authenticate.
        "accounts.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["qic.api.permissions.ScopedPermission"],
    "DEFAULT_THROTTLE_CLASSES": [
        "qic.api.throttling.TokenRateThrottle",
        "qic.api.throttling.AnonymousRateThrottle",
    ],
    "DEFAULT_PAGINATION_CLASS": "qic.api.pagination.KeysetPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["qic.api.parsers.JSONParser"],  # size and depth bounded
    "DEFAULT_SCHEMA_CLASS": "qic.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "qic.api.exceptions.exception_handler",
    "NON_FIELD_ERRORS_KEY": "__all__",
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # The client's address for per-IP throttling: the one our TLS proxy appended to
    # X-Forwarded-For, never an address the client wrote there itself.
    "NUM_PROXIES": 1 if BEHIND_TLS_PROXY else 0,
}
# Requests allowed per personal API token, and per IP address without credentials
# ("N/second", "N/minute", "N/hour" or "N/day").
API_THROTTLE_RATES = {
    "token": env_str("API_TOKEN_RATE", "3600/hour"),
    "anonymous": env_str("API_ANONYMOUS_RATE", "60/hour"),
}
# Rate limits of the forms open without an account, and of sending invitations
# (qic/ratelimit.py): requests accepted per client address (per account for invitations)
# before the « Trop de demandes » page. Counted in the default cache: shared by every
# worker with CACHE_URL; open (nothing counted, nothing refused, logged) while Redis is down.
RATE_LIMITS = {
    "login": env_rate("RATE_LIMIT_LOGIN", "20/m"),
    "password_reset": env_rate("RATE_LIMIT_PASSWORD_RESET", "5/m"),
    "invitation_accept": env_rate("RATE_LIMIT_INVITATION_ACCEPT", "10/m"),
    "invitation_send": env_rate("RATE_LIMIT_INVITATION_SEND", "50/h"),
    "public_form": env_rate("RATE_LIMIT_PUBLIC_FORM", "30/m"),
    # Questions to a practice's contact, per account: an e-mail each.
    "practice_question": env_rate("RATE_LIMIT_PRACTICE_QUESTION", "10/h"),
}
RATELIMIT_USE_CACHE = "default"
RATELIMIT_FAIL_OPEN = True  # Redis down: the forms keep working (docs/securite.md)
SPECTACULAR_SETTINGS = {
    "TITLE": "API de Quartiers à impact collectif (QIC)",
    "DESCRIPTION": (
        "Lire et, selon son rôle, modifier les données du programme « Quartiers à impact "
        "collectif » de l'ANCT : territoires, sites, trinômes, accompagnements, cohortes, "
        "annuaire, visions, indicateurs et mesures, plan d'action, cercles, réunions, "
        "décisions et engagements, notifications. L'API ne montre et ne modifie jamais que ce que les pages de QIC "
        "montrent et laissent modifier au même utilisateur.\n\n"
        "**Authentification** : jeton personnel créé depuis la page « Mon compte », envoyé "
        "dans l'en-tête `Authorization: Bearer qic_…`.\n\n"
        "**Synchronisation** : `modified_since` et la pagination par curseur (`next`)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v[0-9]+",
    "ENUM_NAME_OVERRIDES": {
        "SiteStatusEnum": "quartiers.enums.SiteStatus",
        "StructureKindEnum": "quartiers.enums.StructureKind",
        "AccompanimentKindEnum": "quartiers.enums.AccompanimentKind",
        "TrinomeSeatEnum": "quartiers.enums.TrinomeSeat",
        "RoleEnum": "accounts.enums.Role",
        "VisionStatusEnum": "visions.enums.VisionStatus",
        "DirectionEnum": "visions.enums.Direction",
        "FrequencyEnum": "visions.enums.Frequency",
        "TrackEnum": "visions.enums.Track",
        "ActionStatusEnum": "visions.enums.ActionStatus",
        "ScoreEnum": "visions.enums.Score",
        "CercleKindEnum": "cercles.enums.CercleKind",
        "MemberRoleEnum": "cercles.enums.MemberRole",
        "MeetingStatusEnum": "cercles.enums.MeetingStatus",
        "AttendanceStatusEnum": "cercles.enums.AttendanceStatus",
        "CommitmentStatusEnum": "cercles.enums.CommitmentStatus",
        "DefinitionStatusEnum": "visions.enums.DefinitionStatus",
        "PracticeStatusEnum": "pratiques.enums.PracticeStatus",
        "PracticeThemeEnum": "pratiques.enums.PracticeTheme",
        "ObjectiveThemeEnum": "pratiques.enums.ObjectiveTheme",
        "FundingStatusEnum": "financements.enums.FundingStatus",
        "ProposalStatusEnum": "financements.enums.ProposalStatus",
    },
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "persistAuthorization": False},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Django's own default config adds a second console handler in DEBUG: one is enough.
    "loggers": {"django": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# Errors seen (qic/sentry.py): reported to Sentry or a compatible service (GlitchTip…)
# when SENTRY_DSN is set, personal data removed first. Off by default.
SENTRY_DSN = env_str("SENTRY_DSN")
SENTRY_ENVIRONMENT = env_str("SENTRY_ENVIRONMENT", "production")
SENTRY_RELEASE = env_str("SENTRY_RELEASE")  # empty: qic@<package version>
if SENTRY_DSN:
    from qic.sentry import sentry_configure

    sentry_configure(dsn=SENTRY_DSN, release=SENTRY_RELEASE, environment=SENTRY_ENVIRONMENT)

# Dashboards (dashboards/). The map works offline over a plain background; a tile URL
# (e.g. "https://tile.example.org/{z}/{x}/{y}.png") adds a background for connected
# deployments, and its origin is then allowed as an image source by the CSP.
QIC_MAP_TILE_URL = env_str("QIC_MAP_TILE_URL")
QIC_MAP_TILE_ATTRIBUTION = env_str("QIC_MAP_TILE_ATTRIBUTION")
if QIC_MAP_TILE_URL:
    from urllib.parse import urlsplit as _urlsplit

    _tiles = _urlsplit(QIC_MAP_TILE_URL.replace("{s}", "SUBDOMAIN"))
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(
        f"{_tiles.scheme}://{_tiles.netloc.replace('SUBDOMAIN', '*')}"
    )
# Leaflet's files come from django-leaflet, found without importing it: as an installed app
# its admin module would require GDAL, which QIC does not use.
STATICFILES_DIRS.append(
    ("leaflet", Path(importlib.util.find_spec("leaflet").origin).parent / "static" / "leaflet")
)
# « À relancer »: a site in the programme's active steps is listed when…
# …no meeting of its cercles was held for this many days;
DASHBOARD_CHASE_INACTIVE_DAYS = env_int("DASHBOARD_CHASE_INACTIVE_DAYS", 60)
# …its vision is still not adopted this many days after its cohort's last formation-action
# session. Overdue commitments and measurements follow their own rules (cercles, visions).
DASHBOARD_CHASE_VISION_DAYS_AFTER_FORMATION = env_int(
    "DASHBOARD_CHASE_VISION_DAYS_AFTER_FORMATION", 0
)
# Open data (public/, docs/donnees-ouvertes.md): `manage.py publish_open_data` sends the
# files to this data.gouv.fr dataset when a key is set; nothing is sent otherwise.
DATAGOUV_API_URL = env_str("DATAGOUV_API_URL", "https://www.data.gouv.fr/api/1")
DATAGOUV_API_KEY = env_str("DATAGOUV_API_KEY")
DATAGOUV_DATASET = env_str("DATAGOUV_DATASET")
# Webhooks (webhooks/, docs/api.md): addresses on private, loopback or link-local
# networks are refused (SSRF) unless this is on — for tests and local trials only.
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", False)
# Benchmark (bench/, docs/performance.md): serve the do-nothing baseline page that
# `make bench` compares every page with. Never on in production.
BENCH_BASELINE = env_bool("BENCH_BASELINE", False)
