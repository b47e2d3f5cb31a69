"""What a public page shows, read only from what the trinôme chose to publish.

``PublicContent`` is read inside the page's cached fragment only: on a hit nothing here
runs. Each part is one query when first read. People never appear: no trinôme, no
members, no minutes, no commitments, no measurement comments, no free-text
descriptions (they may name people) — titles, statuses, figures and structures.
"""

import datetime
from functools import cached_property

from django.db.models import Prefetch, Q

from quartiers.models import Quartier, Site, Structure
from visions.charts import curve_chart
from visions.models import Action, Indicator, Measurement, Objective, VisionVersion


def published_indicators(page) -> "list[Indicator]":
    """The indicators the page publishes that still belong to its site."""
    return page.indicators.filter(objective__vision__site=page.site_id)


class PublicContent:
    def __init__(self, page):
        self.page = page
        self.site: Site = page.site

    @cached_property
    def quartiers(self) -> list[Quartier]:
        return list(
            Quartier.objects.filter(sites=self.site).prefetch_related("communes").order_by("code")
        )

    @cached_property
    def communes(self) -> list[str]:
        return sorted({c.name for q in self.quartiers for c in q.communes.all()})

    @cached_property
    def vision(self) -> VisionVersion | None:
        """The last adopted version: a draft or a revision in progress is never shown."""
        if not self.page.show_vision:
            return None
        return VisionVersion.objects.filter(vision__site=self.site).order_by("-number").first()

    @cached_property
    def objectives(self) -> list[Objective]:
        if not self.page.show_objectives:
            return []
        return list(Objective.objects.filter(vision__site=self.site).order_by("position", "pk"))

    @cached_property
    def indicators(self) -> list[Indicator]:
        indicators = list(
            published_indicators(self.page)
            .select_related("objective")
            .prefetch_related(
                Prefetch("measurements", queryset=Measurement.objects.order_by("date", "pk"))
            )
            .order_by("objective__position", "name", "pk")
        )
        for indicator in indicators:
            indicator.chart = curve_chart(indicator, indicator.measurements.all())
        return indicators

    @cached_property
    def actions(self) -> list[Action]:
        if not self.page.show_actions:
            return []
        return list(Action.objects.filter(site=self.site).order_by("title", "pk"))

    @cached_property
    def structures(self) -> list[Structure]:
        """The structures carrying or partnering the site's actions."""
        if not self.page.show_structures:
            return []
        return list(
            Structure.objects.filter(
                Q(actions_portees__site=self.site) | Q(actions_partenaires__site=self.site)
            )
            .distinct()
            .order_by("name", "pk")
        )

    @cached_property
    def updated_on(self) -> datetime.date:
        """The last change of what the page shows."""
        dates = [self.site.updated_at, self.page.updated_at]
        if self.vision is not None:
            dates.append(self.vision.created_at)
        dates += [o.updated_at for o in self.objectives]
        dates += [i.updated_at for i in self.indicators]
        dates += [a.updated_at for a in self.actions]
        return max(dates).date()
