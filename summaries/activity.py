"""A site's last activity, read through this one module by the dashboards and the reports
(its definition: ``quartiers.activity``, the latest site event that counts as activity,
shared with the « site sans activité » reminder so that they never disagree)."""

from django.core.cache import cache
from django.utils import timezone

from quartiers.activity import site_last_activity, sites_inactive_since, with_last_activity
from quartiers.models import Site

__all__ = ["last_activity_of", "site_last_activity", "sites_inactive_since", "with_last_activity"]

CACHE_SECONDS = 7 * 24 * 3600


def last_activity_of(stamps) -> dict:
    """Site id → last activity of the sites ``stamps`` (``(id, data stamp)`` pairs),
    cached per site under its data stamp (quartiers/stamps.py: every source of activity
    is a write on the site): after a write, only that site is read again."""
    # The day too: an event dated later in the day (or tomorrow) counts once it is past.
    day = timezone.localdate().isoformat()
    keys = {f"summaries:activity:{day}:{pk}:{stamp.hex}": pk for pk, stamp in stamps}
    found = cache.get_many(keys)
    activity = {keys[key]: value for key, value in found.items()}
    missing = [pk for key, pk in keys.items() if key not in found]
    if missing:
        computed = dict(
            with_last_activity(Site.objects.filter(pk__in=missing)).values_list(
                "pk", "last_activity"
            )
        )
        by_pk = {pk: key for key, pk in keys.items()}
        cache.set_many({by_pk[pk]: at for pk, at in computed.items()}, timeout=CACHE_SECONDS)
        activity.update(computed)
    return activity
