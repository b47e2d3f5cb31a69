"""The public ``/stats`` page's charts, each with its table, from ``summaries``: the sites
by status (``ProgrammeFigures.status_timeline``, as the national dashboard), the
programme's activity by month (``summaries.impact``) and the indicators on track
(``ProgrammeFigures.key_figures``). Read inside the page's cached fragment only."""

import dataclasses
from functools import cached_property

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from qic import charts
from qic.charts import MONTHS, PALETTE, SERIES_STYLES, Series
from summaries.impact import impact_timeline
from summaries.programme import ProgrammeFigures

TIMELINE_MONTHS = 12


def month_label(month) -> str:
    return f"{MONTHS[month.month - 1]} {month:%y}"


@dataclasses.dataclass
class StatChart:
    slug: str
    title: str
    svg: SafeString
    columns: list[str]
    rows: list[tuple]


def _chart(slug, title, description, months, series: list[Series]) -> StatChart:
    svg = charts.multi_line_chart(
        [month_label(month) for month in months],
        series,
        chart_id=f"stats-{slug}",
        title=title,
        description=description,
        label_every=2,
        integer=True,
    )
    rows = [
        (month_label(month), *[serie.values[index] for serie in series])
        for index, month in enumerate(months)
    ]
    return StatChart(slug, title, svg, [_("Mois"), *[s.label for s in series]], rows)


class PublicStats:
    def __init__(self, programme: ProgrammeFigures):
        self.programme = programme

    @property
    def digest(self) -> str:
        return self.programme.digest

    @cached_property
    def key_figures(self):
        return self.programme.key_figures

    @cached_property
    def on_track_share(self) -> int | None:
        figures = self.key_figures
        judged = figures.on_track + figures.off_track
        return round(100 * figures.on_track / judged) if judged else None

    @cached_property
    def charts(self) -> list[StatChart]:
        timeline = self.programme.status_timeline(TIMELINE_MONTHS)
        impact = impact_timeline(self.programme, TIMELINE_MONTHS)
        months = impact.months
        status_series = [
            Series(str(status.label).capitalize(), values, color=color, dash=dash)
            for (status, values), (color, dash) in zip(
                timeline.series.items(), SERIES_STYLES, strict=False
            )
        ]
        last = lambda values: values[-1] if values else 0  # noqa: E731
        return [
            _chart(
                "sites",
                _("Sites ayant atteint chaque étape du parcours, fin de mois"),
                _("Nombre cumulé de sites par étape atteinte, sur %(count)d mois.")
                % {"count": len(timeline.months)},
                timeline.months,
                status_series,
            ),
            _chart(
                "cercles",
                _("Cercles ouverts et réunions tenues"),
                _(
                    "Cercles ouverts (cumul) : %(cercles)d ; réunions tenues le dernier mois : %(meetings)d."
                )
                % {"cercles": last(impact.cercles), "meetings": last(impact.meetings)},
                months,
                [
                    Series(_("Cercles ouverts (cumul)"), impact.cercles),
                    Series(
                        _("Réunions tenues dans le mois"),
                        impact.meetings,
                        color=PALETTE["purple_glycine"],
                        dash="8 3",
                    ),
                ],
            ),
            _chart(
                "decisions",
                _("Décisions prises"),
                _("Décisions prises en réunion, par mois, sur %(count)d mois : %(total)d.")
                % {"count": len(months), "total": sum(impact.decisions)},
                months,
                [Series(_("Décisions prises dans le mois"), impact.decisions)],
            ),
            _chart(
                "engagements",
                _("Engagements tenus"),
                _(
                    "Engagements faits par mois, dont ceux faits à l'échéance ou avant : %(on_time)d sur %(done)d."
                )
                % {
                    "on_time": sum(impact.commitments_on_time),
                    "done": sum(impact.commitments_done),
                },
                months,
                [
                    Series(_("Engagements faits"), impact.commitments_done),
                    Series(
                        _("dont à temps"),
                        impact.commitments_on_time,
                        color=PALETTE["success"],
                        dash="4 4",
                    ),
                ],
            ),
            _chart(
                "mesures",
                _("Mesures d'indicateurs saisies"),
                _("Mesures saisies par mois, sur %(count)d mois : %(total)d.")
                % {"count": len(months), "total": sum(impact.measurements)},
                months,
                [Series(_("Mesures saisies dans le mois"), impact.measurements)],
            ),
            _chart(
                "essaimage",
                _("Sites qui ont adopté une pratique d'un autre site"),
                _(
                    "Essaimage : sites ayant adopté au moins une pratique inspirante d'un autre site, en cumul : %(total)d."
                )
                % {"total": last(impact.adopting_sites)},
                months,
                [Series(_("Sites ayant adopté une pratique (cumul)"), impact.adopting_sites)],
            ),
        ]
