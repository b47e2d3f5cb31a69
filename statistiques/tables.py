"""What « Données du quartier » shows of a set of QPV, read in one query.

For each theme, each variable with a value for one of the QPV: per QPV its latest
vintage (value or secrecy mark, source), the all-QPV benchmark of that vintage and the
gap to it, and its history across vintages (a sparkline). Values are never summed
across QPV: INSEE's figures are not additive (a median, a rate…).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from qic import charts
from qic.numbers import format_decimal
from statistiques.models import StatValue, Variable


@dataclasses.dataclass
class QpvCell:
    latest: StatValue | None
    benchmark: StatValue | None
    history: list[StatValue]
    chart: str = ""

    @property
    def gap(self) -> Decimal | None:
        if self.latest is None or self.benchmark is None:
            return None
        if self.latest.value is None or self.benchmark.value is None:
            return None
        return self.latest.value - self.benchmark.value


@dataclasses.dataclass
class VariableRow:
    variable: Variable
    cells: list[QpvCell]
    sources: list


@dataclasses.dataclass
class Theme:
    name: str
    rows: list[VariableRow]


def site_tables(quartiers: list) -> list[Theme]:
    """The themes of ``quartiers``' values, one column per QPV (in the given order)."""
    if not quartiers:
        return []
    ids = [q.pk for q in quartiers]
    values = list(
        StatValue.objects.filter(Q(quartier_id__in=ids) | Q(is_benchmark=True))
        .select_related("variable", "source")
        .order_by("variable__theme", "variable__code", "vintage")
    )
    by_qpv: dict[tuple, list[StatValue]] = defaultdict(list)
    benchmarks: dict[tuple, StatValue] = {}
    variables: dict[int, Variable] = {}
    for value in values:
        if value.is_benchmark:
            benchmarks[(value.variable_id, value.vintage)] = value
        else:
            by_qpv[(value.variable_id, value.quartier_id)].append(value)
            variables[value.variable_id] = value.variable
    themes: dict[str, list[VariableRow]] = {}
    for variable in sorted(variables.values(), key=lambda v: (v.theme, v.label, v.code)):
        cells, sources = [], []
        for quartier in quartiers:
            history = by_qpv.get((variable.pk, quartier.pk), [])
            latest = history[-1] if history else None
            benchmark = benchmarks.get((variable.pk, latest.vintage)) if latest else None
            cell = QpvCell(latest=latest, benchmark=benchmark, history=history)
            cell.chart = _history_chart(variable, quartier, cell, benchmarks)
            cells.append(cell)
            if latest and latest.source not in sources:
                sources.append(latest.source)
        themes.setdefault(variable.theme, []).append(
            VariableRow(variable=variable, cells=cells, sources=sources)
        )
    return [Theme(name=name, rows=rows) for name, rows in themes.items()]


def _history_chart(variable, quartier, cell: QpvCell, benchmarks) -> str:
    numbers = [v for v in cell.history if v.value is not None]
    if len(numbers) < 2:
        return ""
    reference = cell.benchmark.value if cell.benchmark else None
    description = ", ".join(f"{v.vintage} : {format_decimal(v.value)}" for v in numbers)
    return charts.sparkline(
        [v.value for v in numbers],
        chart_id=f"stat-{variable.pk}-{quartier.pk}",
        title=f"{variable.label} — {quartier.name}",
        description=_("Valeurs par millésime : %(values)s.") % {"values": description},
        reference=reference,
    )


@dataclasses.dataclass
class ComparisonRow:
    site: object
    quartier: object
    value: StatValue | None

    @property
    def number(self):
        return self.value.value if self.value is not None else None


@dataclasses.dataclass
class Comparison:
    variable: Variable
    vintage: int | None
    vintages: list[int]
    rows: list[ComparisonRow]
    benchmark: StatValue | None
    chart: str = ""


# The chart shows at most this many QPV (the table lists them all).
MAX_BARS = 60


def comparison(sites, variable: Variable, vintage: int | None = None) -> Comparison:
    """Each QPV of each site (one row per pair: never summed) on one variable and vintage
    (the latest if none), beside the all-QPV benchmark. Four queries."""
    from quartiers.models import Site

    vintages = sorted(
        set(variable.values.values_list("vintage", flat=True).distinct()), reverse=True
    )
    if vintage not in vintages:
        vintage = vintages[0] if vintages else None
    pairs = list(
        Site.quartiers.through.objects.filter(site__in=sites)
        .select_related("site", "quartier")
        .order_by("site__name", "quartier__code")
    )
    values = {
        value.quartier_id: value
        for value in StatValue.objects.filter(
            variable=variable,
            vintage=vintage,
            is_benchmark=False,
            quartier_id__in=[pair.quartier_id for pair in pairs],
        )
    }
    benchmark = StatValue.objects.filter(
        variable=variable, vintage=vintage, is_benchmark=True
    ).first()
    rows = [ComparisonRow(pair.site, pair.quartier, values.get(pair.quartier_id)) for pair in pairs]
    rows.sort(key=lambda row: (row.number is None, -(row.number or 0), row.site.name))
    result = Comparison(variable, vintage, vintages, rows, benchmark)
    bars = [
        (f"{row.site.name[:18]} — {row.quartier.code}", row.number)
        for row in rows
        if row.number is not None
    ][:MAX_BARS]
    if bars:
        reference = None
        if benchmark is not None and benchmark.value is not None:
            reference = charts.ReferenceLine(benchmark.value, _("Ensemble des QPV"), "baseline")
        result.chart = charts.bar_chart(
            bars,
            chart_id="comparaison",
            title=_("%(label)s, %(vintage)s") % {"label": variable.label, "vintage": vintage},
            description=_(
                "Valeur de chaque quartier des sites, du plus haut au plus bas, et celle de "
                "l'ensemble des QPV ; le tableau ci-dessous donne les mêmes chiffres."
            ),
            reference=reference,
        )
    return result
