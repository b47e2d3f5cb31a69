"""The charts of the visions data, for every page, dashboard and report that shows them:
an indicator's sparkline and « turn the curve » chart, the self-assessment's radar.

Fed by domain data (indicators, their measurements, self-assessments) and drawn by
``qic.charts`` (accessible SVG, DSFR palette). Pages and reports import from here, never
from another app's views.
"""

from decimal import Decimal

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from qic import charts
from visions.enums import Condition, Direction
from visions.models import Indicator, Measurement, SelfAssessment

# Values drawn in a sparkline.
SPARKLINE_POINTS = 12


def recent_values(indicators: QuerySet, points: int = SPARKLINE_POINTS) -> dict:
    """Indicator id → the ``points`` latest values of each of ``indicators``, oldest
    first: one query whatever their number, even none (ranked in SQL by a window over
    each indicator)."""
    rows = (
        Measurement.objects.filter(indicator__in=indicators.values("pk"))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("indicator")],
                order_by=[F("date").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=points)
        .order_by("indicator_id", "date", "pk")
        .values_list("indicator_id", "value")
    )
    values: dict[int, list[Decimal]] = {}
    for indicator_id, value in rows:
        values.setdefault(indicator_id, []).append(value)
    return values


def with_recent_values(indicators: QuerySet) -> list[Indicator]:
    """The indicators, each with ``recent_values`` (its latest values, oldest first) for
    its sparkline, in two queries."""
    values = recent_values(indicators)
    rows = list(indicators)
    for indicator in rows:
        indicator.recent_values = values.get(indicator.pk, [])
    return rows


def sparkline(indicator: Indicator) -> SafeString:
    """The indicator's latest values (``with_recent_values``) against its target."""
    return charts.sparkline(
        indicator.recent_values,
        chart_id=f"tendance-{indicator.pk}",
        title=_("Tendance : %(name)s") % {"name": indicator.name},
        reference=indicator.target_value,
    )


def curve_chart(indicator: Indicator, measurements) -> SafeString:
    """The indicator's « turn the curve » chart: values, baseline, target, trajectory."""
    unit = indicator.unit
    points = [charts.Point(m.date, m.value) for m in measurements]
    references = [charts.ReferenceLine(indicator.baseline_value, _("Référence"), "baseline")]
    trajectory = None
    if indicator.direction == Direction.MAINTIEN:
        tolerance = indicator.tolerance_value()
        if tolerance:
            base = float(indicator.baseline_value)
            references += [
                charts.ReferenceLine(base + tolerance, _("Tolérance haute")),
                charts.ReferenceLine(base - tolerance, _("Tolérance basse")),
            ]
    elif indicator.target_value is not None:
        references.append(
            charts.ReferenceLine(
                indicator.target_value,
                _("Cible %(year)d") % {"year": indicator.target_date.year},
                "target",
            )
        )
        trajectory = (
            charts.Point(indicator.baseline_date, indicator.baseline_value),
            charts.Point(indicator.target_date, indicator.target_value),
        )
    summary = [
        _("Valeur de référence : %(value)s au %(date)s.")
        % {
            "value": charts.format_value(indicator.baseline_value, unit),
            "date": indicator.baseline_date.strftime("%d/%m/%Y"),
        }
    ]
    if indicator.target_value is not None:
        summary.append(
            _("Cible : %(value)s au %(date)s.")
            % {
                "value": charts.format_value(indicator.target_value, unit),
                "date": indicator.target_date.strftime("%d/%m/%Y"),
            }
        )
    summary.append(_("Mesures : %(values)s") % {"values": charts.describe_points(points, unit)})
    summary.append(_("Situation : %(track)s.") % {"track": indicator.get_track_display()})
    return charts.line_chart(
        points,
        chart_id=f"courbe-{indicator.pk}",
        title=_("Évolution de l'indicateur « %(name)s »") % {"name": indicator.name},
        description=" ".join(str(part) for part in summary),
        unit=unit,
        references=references,
        trajectory=trajectory,
        series_label=_("Mesures"),
    )


def radar(current: SelfAssessment, previous: SelfAssessment | None) -> SafeString:
    """The five conditions of a self-assessment, over the previous one when there is."""
    axes = [condition.label.capitalize() for condition in Condition]
    series = [
        charts.RadarSeries(
            _("Auto-évaluation du %(date)s") % {"date": current.date.strftime("%d/%m/%Y")},
            [item.score for item in current.scores()],
        )
    ]
    words = [
        f"{axis} : {item.score} sur 4" + (f" (précédemment {old.score})" if previous else "")
        for axis, item, old in zip(
            axes, current.scores(), previous.scores() if previous else current.scores(), strict=True
        )
    ]
    if previous is not None:
        series.append(
            charts.RadarSeries(
                _("Précédente, du %(date)s") % {"date": previous.date.strftime("%d/%m/%Y")},
                [item.score for item in previous.scores()],
                color=charts.PALETTE["grey_mention"],
                dashed=True,
            )
        )
    return charts.radar_chart(
        axes,
        series,
        chart_id=f"radar-{current.pk}",
        title=_("Les cinq conditions de l'impact collectif, auto-évaluation du %(date)s")
        % {"date": current.date.strftime("%d/%m/%Y")},
        description="Notes de 1 à 4. " + " ; ".join(words) + ".",
        max_value=4,
    )
