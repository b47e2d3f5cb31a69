"""A cache of the dashboards' aggregates: the national dashboard's key figures,
« à relancer », map and statuses by month (stored rendered to HTML), the resource-centre
dashboard's « à relancer », and the last activity of the sites a table shows. Over the
whole programme (or, for the last activity, even over 20 sites) they cost seconds of
SQL (docs/performance.md), the rest of the page milliseconds.

- **Scope**: an entry is keyed by the user's role and a digest of the ids of the sites
  the figures are computed from (the user's scope, narrowed by the page's filter or the
  centre's accompaniments), so a role never reads figures computed for another role or
  another set of sites. The roles of these dashboards read every record of the sites
  they see (site-scoped querysets), so the figures depend on nothing else; what depends
  on a centre (its hours) or on the request (links keeping the query string) is not
  cached.
- **Invalidation**: every save, deletion or link change of a model of the apps the
  figures read (``WATCHED_APPS``, the change journal included) bumps a data version
  that is part of every key: the next request recomputes. The version is bumped at the
  write and again when its transaction commits, so a request that read the data before
  the commit cannot leave its figures under the new version. Bulk writes that say so
  (``qic.history.bulk_written``: the measurement import) bump it too; those that bypass
  the signals (``import_qpv``, ``seed_scale``) are caught by the time-to-live,
  ``DASHBOARD_CACHE_SECONDS`` (5 minutes by default), the safety net.
- **Where**: Django's default cache, Redis in production (``CACHE_URL``: shared by the
  workers); without it, the per-process memory cache, where a write reaches the other
  workers' entries only at the end of their time-to-live.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation

from qic.history import bulk_written

VERSION_KEY = "dashboards:data-version"
WATCHED_APPS = frozenset({"quartiers", "visions", "cercles", "auditlog"})


def data_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # Never restart from a small number: entries of an evicted version must not be
        # read again.
        version = time.time_ns()
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def bump_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # absent (evicted, first write) or Redis down
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def _on_write(sender, **kwargs):
    if sender._meta.app_label in WATCHED_APPS:
        bump_version()
        connection = transaction.get_connection()
        # Once per transaction, however many rows it writes (an import, a seed).
        pending = getattr(connection, "run_on_commit", [])
        if not any(entry[1] is bump_version for entry in pending):
            transaction.on_commit(bump_version)


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed, bulk_written):
        signal.connect(_on_write, dispatch_uid=f"dashboards-cache-{signal!r}")


def scope_key(name: str, user, site_ids) -> str:
    """The key of ``name`` for ``user`` over the sites ``site_ids``."""
    digest = hashlib.sha256(",".join(map(str, sorted(site_ids))).encode()).hexdigest()
    return ":".join(
        [
            "dashboards",
            name,
            str(data_version()),
            str(user.role),
            "admin" if user.is_admin else "-",
            timezone.localdate().isoformat(),
            translation.get_language() or "",
            digest,
        ]
    )


def cached(name: str, user, sites, compute, *, site_ids=None):
    """``compute()``, or its value cached for ``user`` over the sites of ``sites`` (or
    of ``site_ids`` when the caller knows them)."""
    if site_ids is None:
        site_ids = sites.order_by().values_list("pk", flat=True)
    key = scope_key(name, user, site_ids)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=getattr(settings, "DASHBOARD_CACHE_SECONDS", 300))
    return value
