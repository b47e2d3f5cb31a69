"""Keep the stored metrics of the sites' networks true (``NetworkSnapshot``)."""

import datetime

from django.utils import timezone

from cooperation import metrics
from cooperation.models import NetworkSnapshot
from cooperation.network import build_network
from quartiers.models import Site


def stale_sites(today: datetime.date | None = None):
    """The sites whose stored metrics are missing, or older than their data or the day."""
    today = today or timezone.localdate()
    snapshots = {
        site_id: (version, on)
        for site_id, version, on in NetworkSnapshot.objects.values_list(
            "site_id", "data_version", "computed_on"
        )
    }
    return [
        site
        for site in Site.objects.order_by("pk")
        if snapshots.get(site.pk) != (site.data_version, today)
    ]


def snapshots_refresh(*, today: datetime.date | None = None, everything=False) -> int:
    """Recompute the stale metrics (every site's with ``everything``); how many sites were
    recomputed."""
    today = today or timezone.localdate()
    sites = list(Site.objects.order_by("pk")) if everything else stale_sites(today)
    for site in sites:
        metrics.snapshot_store(site, today=today)
    return len(sites)


def snapshots_check(*, today: datetime.date | None = None) -> list[str]:
    """The sites whose stored metrics differ from a recomputation (nothing stored)."""
    today = today or timezone.localdate()
    stored = {s.site_id: s for s in NetworkSnapshot.objects.all()}
    differ = []
    for site in Site.objects.order_by("pk"):
        snapshot = stored.get(site.pk)
        if snapshot is None or snapshot.data_version != site.data_version:
            differ.append(f"{site} : mesures absentes ou anciennes")
            continue
        recomputed = metrics.compute(build_network(site, snapshot.computed_on))
        if recomputed != snapshot.metrics:
            differ.append(f"{site} : mesures stockées différentes du recalcul")
    return differ
