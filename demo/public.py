"""Demo public pages: the first two sites with an adopted vision publish their vision,
objectives, two indicators and their actions; idempotent."""

from django.utils import timezone

from publication.models import PublicPage
from quartiers.models import Site
from visions.models import Indicator

PUBLISHED_SITES = 2


def seed_public_pages() -> None:
    sites = Site.objects.filter(vision__versions__isnull=False).distinct().order_by("name")
    for site in sites[:PUBLISHED_SITES]:
        page, created = PublicPage.objects.get_or_create(
            site=site,
            defaults={
                "published": True,
                "published_at": timezone.now(),
                "show_actions": True,
                "show_structures": True,
            },
        )
        if created:
            page.indicators.set(
                Indicator.objects.filter(objective__vision__site=site).order_by("pk")[:2]
            )
