"""What the money says: a site's (or a set of sites') funding per objective, per funder
kind and per year, and the share of a year's granted credits that serve the vision.

Each table is one aggregate query, whatever the number of lines. An action that serves
several objectives counts in full under each of them (the objectives' rows do not add
up to the total: the total counts each line once).
"""

import dataclasses
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from financements.enums import FunderKind, FundingStatus
from financements.models import FundingLine
from visions.models import Action

ZERO = Decimal(0)


def _sums():
    granted_only = Q(status__in=FundingStatus.granted_statuses())
    return {
        "sum_requested": Coalesce(Sum("requested"), ZERO),
        "sum_granted": Coalesce(Sum("granted", filter=granted_only), ZERO),
        "sum_paid": Coalesce(Sum("paid"), ZERO),
        "sum_lines": Count("pk"),
    }


@dataclasses.dataclass
class Row:
    label: str
    requested: Decimal = ZERO
    granted: Decimal = ZERO
    paid: Decimal = ZERO
    lines: int = 0
    key: object = None


@dataclasses.dataclass
class Funding:
    by_objective: list[Row]
    by_kind: list[Row]
    by_year: list[Row]
    total: Row
    year: int
    year_granted: Decimal
    year_granted_on_objectives: Decimal

    @property
    def share_on_objectives(self) -> Decimal | None:
        if not self.year_granted:
            return None
        return self.year_granted_on_objectives / self.year_granted


def _row(label, values, key=None) -> Row:
    return Row(
        label=label,
        requested=values["sum_requested"],
        granted=values["sum_granted"],
        paid=values["sum_paid"],
        lines=values["sum_lines"],
        key=key,
    )


def funding_of(lines, *, year: int, objectives=None, no_objective_label="") -> Funding:
    """The figures of ``lines`` (a FundingLine queryset already scoped); ``objectives``
    (a list, in their order) names the rows per objective, for one site's page."""
    by_objective = []
    if objectives is not None:
        found = {
            row["action__objectives"]: row
            for row in lines.values("action__objectives").annotate(**_sums()).order_by()
        }
        by_objective = [
            _row(objective.title, found[objective.pk], objective)
            for objective in objectives
            if objective.pk in found
        ]
        if None in found:
            by_objective.append(_row(no_objective_label, found[None]))
    kinds = dict(FunderKind.choices)
    by_kind = [
        _row(kinds.get(row["funder_kind"], row["funder_kind"]), row, row["funder_kind"])
        for row in lines.values("funder_kind").annotate(**_sums()).order_by("funder_kind")
    ]
    by_kind.sort(key=lambda row: list(kinds).index(row.key) if row.key in kinds else 99)
    by_year = [
        _row(str(row["year"]), row, row["year"])
        for row in lines.values("year").annotate(**_sums()).order_by("-year")
    ]
    total = _row("", lines.aggregate(**_sums()))
    serves = Exists(Action.objectives.through.objects.filter(action=OuterRef("action")))
    this_year = lines.filter(year=year).aggregate(
        year_granted=Coalesce(
            Sum("granted", filter=Q(status__in=FundingStatus.granted_statuses())), ZERO
        ),
        on_objectives=Coalesce(
            Sum(
                "granted",
                filter=Q(status__in=FundingStatus.granted_statuses()) & Q(serves),
            ),
            ZERO,
        ),
    )
    return Funding(
        by_objective=by_objective,
        by_kind=by_kind,
        by_year=by_year,
        total=total,
        year=year,
        year_granted=this_year["year_granted"],
        year_granted_on_objectives=this_year["on_objectives"],
    )


def site_lines(user, site):
    return FundingLine.objects.for_user(user).filter(action__site=site)


def sites_lines(user, sites):
    return FundingLine.objects.for_user(user).filter(action__site__in=sites.values("pk"))
