"""The dashboards' charts, drawn by ``qic.charts`` (accessible SVG, DSFR palette)."""

from qic import charts
from qic.charts import MONTHS, SERIES_STYLES, Series


def month_label(month) -> str:
    return f"{MONTHS[month.month - 1]} {month:%y}"


def status_timeline_chart(timeline):
    series = [
        Series(str(status.label).capitalize(), values, color=color, dash=dash)
        for (status, values), (color, dash) in zip(
            timeline.series.items(), SERIES_STYLES, strict=False
        )
    ]
    last = {status: values[-1] if values else 0 for status, values in timeline.series.items()}
    description = (
        "Nombre cumulé de sites ayant atteint chaque étape, fin de mois, sur "
        f"{len(timeline.months)} mois. À ce jour : "
        + " ; ".join(f"{status.label} : {count}" for status, count in last.items())
        + "."
    )
    return charts.multi_line_chart(
        [month_label(month) for month in timeline.months],
        series,
        chart_id="statuts-par-mois",
        title="Sites ayant atteint chaque étape du parcours, par mois",
        description=description,
        label_every=3,
        integer=True,
    )
