"""What the national dashboard adds to the programme's figures (``summaries.programme``):
the map's markers with their links, the chart of statuses by month, and the sites
table's first QPV."""

from functools import cached_property

from django.db.models import OuterRef, Subquery
from django.urls import reverse

from dashboards import charts
from quartiers.enums import SiteStatus
from quartiers.models import Site


class NationalFigures:
    """Read inside the page's cached fragments only: nothing is computed on a hit."""

    def __init__(self, programme):
        self.programme = programme

    @cached_property
    def map_points(self) -> list[dict]:
        """One marker per placed site, at the centre of its QPV."""
        return [
            {
                "id": figures.site_id,
                "name": figures.name,
                "status": figures.status,
                "statusLabel": str(SiteStatus(figures.status).label),
                "letter": SiteStatus(figures.status).letter,
                "url": reverse("dashboards:site", args=[figures.site_id]),
                "commune": figures.commune,
                "lat": round(figures.position[0], 5),
                "lon": round(figures.position[1], 5),
            }
            for figures in self.programme.positions
        ]

    @cached_property
    def timeline_chart(self):
        return charts.status_timeline_chart(self.programme.timeline)


def first_quartier(field: str):
    """A subquery giving ``field`` of a site's first QPV (by code), for tables."""
    return Subquery(
        Site.quartiers.through.objects.filter(site=OuterRef("pk"))
        .order_by("quartier__code")
        .values(f"quartier__{field}")[:1]
    )
