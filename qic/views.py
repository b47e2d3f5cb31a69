"""Project-wide pages: the legal pages, the error pages, health and periodic-job
supervision. The home page is each role's dashboard (dashboards/)."""

from urllib.parse import urlsplit

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from kombu import Connection

from qic.api import exceptions as api_exceptions
from qic.jobs import can_supervise, job_statuses


@login_not_required
@require_safe
def legal_page(request, page):
    """The pages a French public service must publish, readable without an account."""
    context = {
        "contact_email": settings.CONTACT_EMAIL,
        "hosting_provider": settings.HOSTING_PROVIDER,
        "publisher": settings.LEGAL_PUBLISHER,
        "publication_director": settings.LEGAL_PUBLICATION_DIRECTOR,
        "processors": settings.LEGAL_PROCESSORS,
        "declaration_date": settings.ACCESSIBILITY_DECLARATION_DATE,
        "audit": settings.ACCESSIBILITY_AUDIT,
    }
    return render(request, f"legal/{page}.html", context)


BROKER_TIMEOUT_SECONDS = 2


def _broker_status() -> str:
    """« ok », « injoignable », or « en processus » when tasks run in-process."""
    url = settings.CELERY_BROKER_URL
    if not url:
        return "en processus"
    try:
        if urlsplit(url).scheme in ("redis", "rediss"):
            client = redis.Redis.from_url(
                url,
                socket_connect_timeout=BROKER_TIMEOUT_SECONDS,
                socket_timeout=BROKER_TIMEOUT_SECONDS,
            )
            try:
                client.ping()
            finally:
                client.close()
        else:
            with Connection(url, connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
                conn.ensure_connection(max_retries=1)
    except Exception:
        return "injoignable"
    return "ok"


def _cache_status() -> str:
    """« ok », « injoignable », or « local » for a per-process cache (no Redis)."""
    from django.core.cache import caches

    from qic.cache import ResilientRedisCache

    cache = caches["default"]
    if not isinstance(cache, ResilientRedisCache):
        return "local"
    return "ok" if cache.ping() else "injoignable"


@login_not_required
@never_cache
@require_safe
def health(request):
    """For monitoring: the database, the broker, the cache and late periodic jobs; 200
    or 503.

    Public and free of personal data: states and job names only. Reads, never writes.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except DatabaseError:
        database = "injoignable"
    broker = _broker_status()
    cache = _cache_status()
    late = (
        [status.job.name for status in job_statuses() if status.is_late] if database == "ok" else []
    )
    healthy = (
        database == "ok"
        and broker in ("ok", "en processus")
        and cache in ("ok", "local")
        and not late
    )
    payload = {
        "etat": "ok" if healthy else "dégradé",
        "base_de_donnees": database,
        "broker": broker,
        "cache": cache,
        "taches_en_retard": late,
        "verifie_le": timezone.now().isoformat(timespec="seconds"),
    }
    return JsonResponse(
        payload, status=200 if healthy else 503, json_dumps_params={"ensure_ascii": False}
    )


def supervision_jobs(request):
    """Periodic jobs and their heartbeats, late ones flagged (staff)."""
    if not can_supervise(request.user):
        raise PermissionDenied
    statuses = job_statuses()
    return render(
        request,
        "supervision/jobs.html",
        {"statuses": statuses, "late_count": sum(s.is_late for s in statuses)},
    )


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception):
    """404: in JSON under /api/ (same shape as every API error), the HTML page elsewhere."""
    if _is_api(request):
        return api_exceptions.not_found(request, exception)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return api_exceptions.server_error(request)
    return defaults.server_error(request)
