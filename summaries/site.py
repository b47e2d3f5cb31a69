"""A site's summary, from one place: what the site's page and the fiche site (PDF) show
of a site — its trinôme (each seat's holder today and former holders), status history,
vision, objectives and indicators (standing read from the indicator, ``visions``' rules),
actions by status, commitments open and late, latest self-assessments and last activity. Each caller adds what only
it shows (the dashboard's sparklines and next meetings, the PDF's period).

The API's site detail (``quartiers/api``, left of this app) shows the site's own fields
and the same trinôme by the same rule (``TrinomeMandate.objects.current()``, whose
rule ``TrinomeMandate.is_current()`` states for one mandate).

One query per part whatever the site's size; what a caller does not read is not
queried.
"""

import datetime
from functools import cached_property

from django.db.models import Count, Q

from cercles.models import Commitment
from quartiers.enums import TrinomeSeat
from quartiers.models import Site, SiteStatusChange, TrinomeMandate
from summaries.activity import site_last_activity
from visions.enums import ActionStatus
from visions.models import Action, Indicator, Objective, SelfAssessment


class SiteSummary:
    """The summary of ``site`` (with ``vision`` selected) on ``today``: each part is
    read, in one query, when first asked for."""

    def __init__(self, site: Site, today: datetime.date):
        self.site = site
        self.today = today

    @property
    def vision(self):
        return getattr(self.site, "vision", None)

    @cached_property
    def indicators(self) -> list[Indicator]:
        """The site's indicators in order; their standing is read from each of them
        (``track``, ``progress_percent()``, ``is_overdue()``)."""
        return list(
            Indicator.objects.filter(objective__vision__site=self.site).order_by(
                "objective__position", "objective", "name", "pk"
            )
        )

    @cached_property
    def objectives(self) -> list[tuple[Objective, list[Indicator]]]:
        """The site's objectives in order, each with its indicators in order."""
        by_objective: dict[int, list[Indicator]] = {}
        for indicator in self.indicators:
            by_objective.setdefault(indicator.objective_id, []).append(indicator)
        return [
            (objective, by_objective.get(objective.pk, []))
            for objective in Objective.objects.filter(vision__site=self.site).order_by(
                "position", "pk"
            )
        ]

    @cached_property
    def trinome_seats(self) -> list[dict]:
        """Each seat with its holder today (``current``, or None: vacant) and its former
        holders (``past``, newest first), from every mandate of the site in one query."""
        mandates = list(
            TrinomeMandate.objects.filter(site=self.site)
            .select_related("personne", "structure")
            .order_by("seat", "-start_date", "-pk")
        )
        seats = []
        for seat in TrinomeSeat:
            of_seat = [mandate for mandate in mandates if mandate.seat == seat]
            current = next((m for m in of_seat if m.is_current(self.today)), None)
            seats.append(
                {"seat": seat, "current": current, "past": [m for m in of_seat if m is not current]}
            )
        return seats

    @cached_property
    def status_changes(self) -> list[SiteStatusChange]:
        return list(
            self.site.status_changes.select_related("author").order_by("date", "created_at")
        )

    @cached_property
    def actions_by_status(self) -> list[tuple[ActionStatus, int]]:
        counts = dict(
            Action.objects.filter(site=self.site)
            .values_list("status")
            .annotate(count=Count("pk"))
            .order_by()
        )
        return [(status, counts.get(status.value, 0)) for status in ActionStatus]

    @property
    def actions_total(self) -> int:
        return sum(count for _status, count in self.actions_by_status)

    @cached_property
    def commitments(self) -> dict:
        """``open`` and ``overdue`` (``cercles``' rules)."""
        return (
            Commitment.objects.filter(meeting__cercle__site=self.site)
            .open()
            .aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=self.today)))
        )

    def overdue_commitments(self):
        """The site's late commitments, the oldest first (a queryset: slice it)."""
        return (
            Commitment.objects.filter(meeting__cercle__site=self.site)
            .overdue(self.today)
            .select_related("owner", "meeting__cercle")
            .order_by("due_on", "pk")
        )

    @cached_property
    def _assessments(self) -> list[SelfAssessment]:
        return list(SelfAssessment.objects.filter(site=self.site).order_by("-date", "-pk")[:2])

    @property
    def assessment(self) -> SelfAssessment | None:
        """The latest self-assessment."""
        return self._assessments[0] if self._assessments else None

    @property
    def previous_assessment(self) -> SelfAssessment | None:
        return self._assessments[1] if len(self._assessments) > 1 else None

    @cached_property
    def last_activity(self) -> datetime.datetime:
        return site_last_activity(self.site)


def site_summary(site: Site, today: datetime.date) -> SiteSummary:
    """The summary of ``site`` (select its ``vision``) on ``today``."""
    return SiteSummary(site, today)
