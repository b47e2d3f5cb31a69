"""Accessible SVG charts built on the server: line chart with reference lines, sparkline,
radar, multi-line, horizontal bars. Pages, dashboards and PDF reports (WeasyPrint) share
them; what feeds them from an app's data lives in that app's chart module
(``visions/charts.py``, ``dashboards/charts.py``).

Every chart is plain SVG markup returned as a safe string:

- no JavaScript, no external resource, no ``style`` attribute (presentation attributes
  only, so a strict Content-Security-Policy holds), explicit ``width``, ``height`` and
  ``viewBox``;
- ``role="img"`` with a ``<title>`` and a ``<desc>`` referenced by ``aria-labelledby``:
  the description states the data in words. Pages also show the data as a table (next to
  the chart or in a ``<details>``), which is what screen-reader users read;
- text as SVG ``<text>`` in the DSFR font stack (Marianne when the page has it, else
  Arial), numbers written the French way (``qic.numbers.format_decimal``);
- colours from the DSFR palette (``PALETTE``); reference lines differ by dash pattern
  as well as colour, so the chart reads in grey scale too.

``chart_id`` must be unique in the page: the ids of ``<title>`` and ``<desc>`` derive
from it.

Usage::

    from qic.charts import Point, ReferenceLine, line_chart
    svg = line_chart(
        [Point(date(2025, 3, 31), Decimal("12.5")), ...],
        chart_id="courbe-12", title="Taux d'emploi", description="…", unit="%",
        references=[ReferenceLine(Decimal("40"), "Référence", "baseline")],
    )
"""

import dataclasses
import datetime
import math
from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from qic.numbers import format_decimal

FONT = "Marianne, Arial, sans-serif"

# DSFR colour tokens (light theme).
PALETTE = {
    "blue_france": "#000091",
    "blue_france_main": "#6a6af4",
    "grey_text": "#3a3a3a",
    "grey_mention": "#666666",
    "grey_border": "#e5e5e5",
    "success": "#18753c",
    "error": "#ce0500",
    "warning": "#b34000",
    "green_menthe": "#009081",
    "purple_glycine": "#a558a0",
    "white": "#ffffff",
}

# Reference line kinds: (colour, dash pattern).
REFERENCE_STYLES = {
    "baseline": (PALETTE["grey_mention"], "6 4"),
    "target": (PALETTE["success"], "10 4 2 4"),
    "other": (PALETTE["purple_glycine"], "2 3"),
}

MONTHS = [
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
]


@dataclasses.dataclass(frozen=True)
class Point:
    """One value at one date."""

    x: datetime.date
    y: Decimal | float | int


@dataclasses.dataclass(frozen=True)
class ReferenceLine:
    """A horizontal line: the baseline, the target, a threshold."""

    value: Decimal | float | int
    label: str
    kind: str = "other"  # "baseline", "target" or "other" (see REFERENCE_STYLES)


@dataclasses.dataclass(frozen=True)
class RadarSeries:
    """One polygon of a radar chart; ``values`` in the order of the axes (None = no value)."""

    label: str
    values: Sequence[Decimal | float | int | None]
    color: str = PALETTE["blue_france"]
    dashed: bool = False


def _f(value: float) -> str:
    """A coordinate, short and stable."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def format_value(value, unit: str = "") -> str:
    """A value and its unit, the French way: « 1 234,5 % »."""
    text = format_decimal(Decimal(str(value)) if isinstance(value, float) else value)
    return f"{text}\u00a0{unit}" if unit else text


def _svg_open(chart_id: str, width: int, height: int, title: str, description: str) -> str:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="qic-chart" role="img" '
        'width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        'aria-labelledby="{id}-titre {id}-desc" font-family="{font}" font-size="12">'
        '<title id="{id}-titre">{title}</title><desc id="{id}-desc">{desc}</desc>',
        w=width,
        h=height,
        id=chart_id,
        font=FONT,
        title=title,
        desc=description,
    )


def _text(x, y, content, *, anchor="start", size=12, fill=None, weight=None) -> str:
    extra = ""
    if weight:
        extra += format_html(' font-weight="{}"', weight)
    return format_html(
        '<text x="{}" y="{}" text-anchor="{}" font-size="{}" fill="{}"{}>{}</text>',
        _f(x),
        _f(y),
        anchor,
        size,
        fill or PALETTE["grey_text"],
        mark_safe(extra),
        content,
    )


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high], about ``count`` intervals."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return [0.0, 1.0]
    if high < low:
        low, high = high, low
    if high == low:
        pad = abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
    span = high - low
    raw_step = span / count
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = magnitude * 10
    for multiple in (1, 2, 2.5, 5, 10):
        if span / (multiple * magnitude) <= count:
            step = multiple * magnitude
            break
    start = math.floor(low / step) * step
    end = math.ceil(high / step) * step
    steps = round((end - start) / step)
    return [round(start + i * step, 10) for i in range(steps + 1)]


def _time_ticks(start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, str]]:
    """Ticks on a time axis: years, else quarters, else months, at most about 8."""
    years = [datetime.date(y, 1, 1) for y in range(start.year, end.year + 2)]
    years = [d for d in years if start <= d <= end]
    if len(years) >= 2:
        stride = max(1, math.ceil(len(years) / 8))
        return [(d, str(d.year)) for d in years[::stride]]
    quarters = []
    for year in range(start.year, end.year + 1):
        for month in (1, 4, 7, 10):
            day = datetime.date(year, month, 1)
            if start <= day <= end:
                quarters.append((day, f"T{(month - 1) // 3 + 1} {year}"))
    if len(quarters) >= 2:
        return quarters
    months = []
    for year in range(start.year, end.year + 1):
        for month in range(1, 13):
            day = datetime.date(year, month, 1)
            if start <= day <= end:
                months.append((day, f"{MONTHS[month - 1]} {year}"))
    return months or [(start, f"{start:%d/%m/%Y}")]


def line_chart(
    points: Sequence[Point],
    *,
    chart_id: str,
    title: str,
    description: str,
    unit: str = "",
    references: Sequence[ReferenceLine] = (),
    trajectory: tuple[Point, Point] | None = None,
    series_label: str = "Mesures",
    width: int = 640,
    height: int = 320,
    empty_text: str = "Aucune mesure pour l'instant.",
) -> SafeString:
    """Values over time, with horizontal reference lines (baseline, target) and an
    optional dotted trajectory (where the line should go)."""
    points = sorted(points, key=lambda p: p.x)
    left, right, top = 64, 16, 28
    legend_height = 28
    bottom = 36 + legend_height
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = [_svg_open(chart_id, width, height, title, description)]

    dates = [p.x for p in points]
    if trajectory:
        dates += [trajectory[0].x, trajectory[1].x]
    values = [float(p.y) for p in points] + [float(r.value) for r in references]
    if trajectory:
        values += [float(trajectory[0].y), float(trajectory[1].y)]
    if not dates:
        parts.append(
            _text(width / 2, height / 2, empty_text, anchor="middle", fill=PALETTE["grey_mention"])
        )
        parts.append("</svg>")
        return mark_safe("".join(parts))

    x_start, x_end = min(dates), max(dates)
    if x_start == x_end:
        x_start -= datetime.timedelta(days=45)
        x_end += datetime.timedelta(days=45)
    day_span = (x_end - x_start).days

    ticks = nice_ticks(min(values), max(values)) if values else [0.0, 1.0]
    y_low, y_high = ticks[0], ticks[-1]

    def px(day: datetime.date) -> float:
        return left + (day - x_start).days / day_span * plot_w

    def py(value) -> float:
        return top + plot_h - (float(value) - y_low) / (y_high - y_low) * plot_h

    # Grid and y axis.
    for tick in ticks:
        y = py(tick)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
                left,
                _f(y),
                left + plot_w,
                _f(y),
                PALETTE["grey_border"],
            )
        )
        parts.append(_text(left - 6, y + 4, format_value(round(tick, 6)), anchor="end", size=11))
    if unit:
        parts.append(_text(left - 6, 12, unit, anchor="end", size=11, fill=PALETTE["grey_mention"]))
    # X axis.
    axis_y = top + plot_h
    parts.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
            left,
            _f(axis_y),
            left + plot_w,
            _f(axis_y),
            PALETTE["grey_mention"],
        )
    )
    for day, label in _time_ticks(x_start, x_end):
        x = px(day)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
                _f(x),
                _f(axis_y),
                _f(x),
                _f(axis_y + 4),
                PALETTE["grey_mention"],
            )
        )
        parts.append(_text(x, axis_y + 18, label, anchor="middle", size=11))

    # Reference lines, labelled at their right end.
    for ref in references:
        color, dash = REFERENCE_STYLES.get(ref.kind, REFERENCE_STYLES["other"])
        y = py(ref.value)
        parts.append(
            format_html(
                '<line class="qic-chart__ref qic-chart__ref--{}" x1="{}" y1="{}" x2="{}" y2="{}" '
                'stroke="{}" stroke-width="2" stroke-dasharray="{}"/>',
                ref.kind,
                left,
                _f(y),
                left + plot_w,
                _f(y),
                color,
                dash,
            )
        )
        label = f"{ref.label} : {format_value(ref.value, unit)}"
        parts.append(_text(left + plot_w - 4, y - 5, label, anchor="end", size=11, fill=color))
    if trajectory:
        start, end = trajectory
        parts.append(
            format_html(
                '<line class="qic-chart__trajectory" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" '
                'stroke-width="1.5" stroke-dasharray="2 4"/>',
                _f(px(start.x)),
                _f(py(start.y)),
                _f(px(end.x)),
                _f(py(end.y)),
                PALETTE["green_menthe"],
            )
        )

    # The series.
    if points:
        coords = " ".join(f"{_f(px(p.x))},{_f(py(p.y))}" for p in points)
        parts.append(
            format_html(
                '<polyline class="qic-chart__series" points="{}" fill="none" stroke="{}" '
                'stroke-width="2.5" stroke-linejoin="round"/>',
                coords,
                PALETTE["blue_france"],
            )
        )
        for p in points:
            parts.append(
                format_html(
                    '<circle class="qic-chart__point" cx="{}" cy="{}" r="4" fill="{}" '
                    'stroke="{}" stroke-width="1.5"><title>{} : {}</title></circle>',
                    _f(px(p.x)),
                    _f(py(p.y)),
                    PALETTE["blue_france"],
                    PALETTE["white"],
                    p.x.strftime("%d/%m/%Y"),
                    format_value(p.y, unit),
                )
            )
    else:
        middle = (left + plot_w / 2, top + plot_h / 2)
        parts.append(_text(*middle, empty_text, anchor="middle", fill=PALETTE["grey_mention"]))

    # Legend, as text, under the axis.
    legend_y = height - 10
    legend = [(series_label, PALETTE["blue_france"], None)]
    legend += [
        (ref.label, *REFERENCE_STYLES.get(ref.kind, REFERENCE_STYLES["other"]))
        for ref in references
    ]
    if trajectory:
        legend.append(("Trajectoire vers la cible", PALETTE["green_menthe"], "2 4"))
    x = left
    for label, color, dash in legend:
        dash_attr = format_html(' stroke-dasharray="{}"', dash) if dash else ""
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2.5"{}/>',
                x,
                legend_y - 4,
                x + 22,
                legend_y - 4,
                color,
                dash_attr,
            )
        )
        parts.append(_text(x + 28, legend_y, label, size=11))
        x += 28 + 7 * len(label) + 18
    parts.append("</svg>")
    return mark_safe("".join(parts))


def sparkline(
    values: Sequence[Decimal | float | int],
    *,
    chart_id: str,
    title: str,
    description: str = "",
    reference: Decimal | float | int | None = None,
    width: int = 120,
    height: int = 32,
) -> SafeString:
    """A small line of the latest values, oldest first, with the last point marked and
    an optional faint reference (the target)."""
    if not description:
        description = (
            "Valeurs successives : " + ", ".join(format_value(v) for v in values) + "."
            if values
            else "Aucune valeur."
        )
    parts = [_svg_open(chart_id, width, height, title, description)]
    pad = 4
    numbers = [float(v) for v in values]
    scale = numbers + ([float(reference)] if reference is not None else [])
    if numbers:
        low, high = min(scale), max(scale)
        if high == low:
            low, high = low - 1, high + 1

        def py(v):
            return pad + (height - 2 * pad) * (1 - (v - low) / (high - low))

        def px(i):
            if len(numbers) == 1:
                return width / 2
            return pad + i * (width - 2 * pad) / (len(numbers) - 1)

        # Below, only numbers and palette colours: plain f-strings, nothing to escape
        # (format_html was a third of the cost; a vision tree draws 24 sparklines).
        if reference is not None:
            y = _f(py(float(reference)))
            parts.append(
                f'<line x1="{pad}" y1="{y}" x2="{width - pad}" y2="{y}" '
                f'stroke="{PALETTE["success"]}" stroke-width="1" stroke-dasharray="3 2"/>'
            )
        coords = " ".join(f"{_f(px(i))},{_f(py(v))}" for i, v in enumerate(numbers))
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{PALETTE["blue_france"]}" '
            'stroke-width="1.5" stroke-linejoin="round"/>'
        )
        parts.append(
            f'<circle cx="{_f(px(len(numbers) - 1))}" cy="{_f(py(numbers[-1]))}" r="2.5" '
            f'fill="{PALETTE["blue_france"]}"/>'
        )
    else:
        middle = height // 2
        parts.append(
            f'<line x1="{pad}" y1="{middle}" x2="{width - pad}" y2="{middle}" '
            f'stroke="{PALETTE["grey_border"]}" stroke-width="1"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _wrap(label: str, limit: int = 16) -> list[str]:
    words, lines, current = label.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > limit:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines or [""]


def radar_chart(
    axes: Sequence[str],
    series: Sequence[RadarSeries],
    *,
    chart_id: str,
    title: str,
    description: str,
    max_value: int = 4,
    width: int = 520,
    height: int = 440,
) -> SafeString:
    """Scores on several axes (1 to ``max_value``), one polygon per series; the rings
    are the levels. Values of ``None`` are drawn at the centre."""
    parts = [_svg_open(chart_id, width, height, title, description)]
    legend_height = 24 * max(1, len(series))
    cx, cy = width / 2, (height - legend_height) / 2 + 4
    radius = min(width / 2 - 110, (height - legend_height) / 2 - 40)
    count = len(axes)

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        r = radius * value / max_value
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    # Rings (one per level) and their values.
    for level in range(1, max_value + 1):
        ring = " ".join(f"{_f(x)},{_f(y)}" for x, y in (point(i, level) for i in range(count)))
        parts.append(
            format_html(
                '<polygon points="{}" fill="none" stroke="{}" stroke-width="1"/>',
                ring,
                PALETTE["grey_border"] if level < max_value else PALETTE["grey_mention"],
            )
        )
        x, y = point(0, level)
        parts.append(_text(x + 4, y + 4, str(level), size=10, fill=PALETTE["grey_mention"]))
    # Spokes and labels.
    for index, label in enumerate(axes):
        x, y = point(index, max_value)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
                _f(cx),
                _f(cy),
                _f(x),
                _f(y),
                PALETTE["grey_border"],
            )
        )
        lx, ly = point(index, max_value * 1.12)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        lines = _wrap(label)
        first_y = ly - (len(lines) - 1) * 7 + 4 if abs(ly - cy) < radius * 0.5 else ly
        if ly < cy - radius * 0.5:
            first_y = ly - (len(lines) - 1) * 14
        spans = "".join(
            format_html('<tspan x="{}" dy="{}">{}</tspan>', _f(lx), "0" if i == 0 else "14", line)
            for i, line in enumerate(lines)
        )
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="{}" font-size="12" fill="{}">{}</text>',
                _f(lx),
                _f(first_y),
                anchor,
                PALETTE["grey_text"],
                mark_safe(spans),
            )
        )
    # Series: earlier ones first so the current one is drawn on top.
    for serie in reversed(series):
        coords = [point(i, float(v) if v is not None else 0) for i, v in enumerate(serie.values)]
        dash = format_html(' stroke-dasharray="{}"', "6 4") if serie.dashed else ""
        parts.append(
            format_html(
                '<polygon class="qic-chart__radar" points="{}" fill="{}" fill-opacity="{}" '
                'stroke="{}" stroke-width="2.5"{}/>',
                " ".join(f"{_f(x)},{_f(y)}" for x, y in coords),
                serie.color,
                "0" if serie.dashed else "0.15",
                serie.color,
                dash,
            )
        )
        for (x, y), value, axis in zip(coords, serie.values, axes, strict=True):
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="3.5" fill="{}"><title>{} — {} : {}</title></circle>',
                    _f(x),
                    _f(y),
                    serie.color,
                    serie.label,
                    axis,
                    "—" if value is None else format_value(value),
                )
            )
    # Legend.
    y = height - legend_height + 10
    for serie in series:
        dash = format_html(' stroke-dasharray="{}"', "6 4") if serie.dashed else ""
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2.5"{}/>',
                24,
                y - 4,
                50,
                y - 4,
                serie.color,
                dash,
            )
        )
        parts.append(_text(58, y, serie.label, size=12))
        y += 24
    parts.append("</svg>")
    return mark_safe("".join(parts))


def describe_points(points: Sequence[Point], unit: str = "") -> str:
    """The values in words, for a chart's ``<desc>``: « 31/03/2025 : 12,5 % ; … »."""
    if not points:
        return "Aucune valeur."
    return " ; ".join(f"{p.x:%d/%m/%Y} : {format_value(p.y, unit)}" for p in points) + "."


@dataclasses.dataclass(frozen=True)
class Series:
    """One line of a multi-line chart; ``values`` in the order of the categories."""

    label: str
    values: Sequence[Decimal | float | int]
    color: str = PALETTE["blue_france"]
    dash: str | None = None


# Distinct colours and dash patterns, so that lines read in grey scale too.
SERIES_STYLES = [
    (PALETTE["grey_mention"], "2 3"),
    (PALETTE["purple_glycine"], "8 3"),
    (PALETTE["warning"], None),
    (PALETTE["blue_france"], None),
    (PALETTE["success"], "10 4 2 4"),
    (PALETTE["green_menthe"], "4 4"),
    (PALETTE["error"], "1 2"),
]


def multi_line_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    description: str,
    width: int = 720,
    height: int = 340,
    label_every: int = 1,
    integer: bool = False,
) -> SafeString:
    """Several series over the same categories (months…), one line each, with a legend.
    Only every ``label_every``-th category is written under the axis; ``integer`` keeps
    whole numbers on the value axis (counts)."""
    left, right, top = 48, 16, 16
    legend_rows = math.ceil(len(series) / 3) if series else 0
    bottom = 40 + 22 * legend_rows
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = [_svg_open(chart_id, width, height, title, description)]
    values = [float(v) for serie in series for v in serie.values]
    highest = max([*values, 1.0])
    if integer:
        step = max(1, math.ceil(highest / 5))
        ticks = [float(tick) for tick in range(0, math.ceil(highest / step) * step + 1, step)]
    else:
        ticks = nice_ticks(0.0, highest)
    y_low, y_high = ticks[0], ticks[-1]
    count = max(len(categories), 1)

    def px(index: int) -> float:
        return left + (plot_w / 2 if count == 1 else index * plot_w / (count - 1))

    def py(value) -> float:
        return top + plot_h - (float(value) - y_low) / (y_high - y_low) * plot_h

    for tick in ticks:
        y = py(tick)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
                left,
                _f(y),
                left + plot_w,
                _f(y),
                PALETTE["grey_border"],
            )
        )
        parts.append(_text(left - 6, y + 4, format_value(round(tick, 6)), anchor="end", size=11))
    axis_y = top + plot_h
    for index, label in enumerate(categories):
        if index % label_every and index != len(categories) - 1:
            continue
        parts.append(_text(px(index), axis_y + 16, label, anchor="middle", size=11))
    for serie in series:
        coords = " ".join(f"{_f(px(i))},{_f(py(v))}" for i, v in enumerate(serie.values))
        dash = format_html(' stroke-dasharray="{}"', serie.dash) if serie.dash else ""
        parts.append(
            format_html(
                '<polyline class="qic-chart__series" points="{}" fill="none" stroke="{}" '
                'stroke-width="2.5" stroke-linejoin="round"{}/>',
                coords,
                serie.color,
                dash,
            )
        )
    column_w = plot_w / 3
    for index, serie in enumerate(series):
        x = left + (index % 3) * column_w
        y = axis_y + 40 + 22 * (index // 3)
        dash = format_html(' stroke-dasharray="{}"', serie.dash) if serie.dash else ""
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2.5"{}/>',
                _f(x),
                y - 4,
                _f(x + 22),
                y - 4,
                serie.color,
                dash,
            )
        )
        parts.append(_text(x + 28, y, serie.label, size=11))
    parts.append("</svg>")
    return mark_safe("".join(parts))


# Bar chart ----------------------------------------------------------------------------


def bar_chart(
    bars: Sequence[tuple[str, int | Decimal | float]],
    *,
    chart_id: str,
    title: str,
    description: str,
    width: int = 640,
    bar_height: int = 22,
    color: str = PALETTE["blue_france"],
    reference: ReferenceLine | None = None,
) -> SafeString:
    """One labelled horizontal bar per (label, value), with the value at its end, and an
    optional vertical reference line (a benchmark) labelled under the bars."""
    label_width, right, top = 200, 48, 8
    legend = 20 if reference is not None else 0
    height = top * 2 + bar_height * max(1, len(bars)) + legend
    parts = [_svg_open(chart_id, width, height, title, description)]
    highest = max((value for _label, value in bars), default=0) or 1
    if reference is not None:
        highest = max(highest, reference.value) or 1
    plot = width - label_width - right
    for index, (label, value) in enumerate(bars):
        y = top + index * bar_height
        length = plot * float(value) / float(highest)
        parts.append(_text(label_width - 8, y + bar_height * 0.68, label, anchor="end", size=11))
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                label_width,
                _f(y + 3),
                _f(max(length, 1 if value else 0)),
                _f(bar_height - 6),
                color,
            )
        )
        shown = str(value) if isinstance(value, int) else format_value(value)
        parts.append(_text(label_width + length + 6, y + bar_height * 0.68, shown, size=11))
    if reference is not None:
        x = label_width + plot * float(reference.value) / float(highest)
        bottom = top + bar_height * max(1, len(bars))
        stroke, dash = REFERENCE_STYLES.get(reference.kind, REFERENCE_STYLES["other"])
        parts.append(
            format_html(
                '<line class="qic-chart__reference" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" '
                'stroke-width="2" stroke-dasharray="{}"/>',
                _f(x),
                top,
                _f(x),
                _f(bottom),
                stroke,
                dash or "none",
            )
        )
        parts.append(
            _text(
                x,
                bottom + 14,
                f"{reference.label} : {format_value(reference.value)}",
                anchor="middle",
                size=11,
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(part) for part in parts))


__all__ = [
    "PALETTE",
    "SERIES_STYLES",
    "Point",
    "RadarSeries",
    "ReferenceLine",
    "Series",
    "bar_chart",
    "describe_points",
    "format_value",
    "line_chart",
    "multi_line_chart",
    "nice_ticks",
    "radar_chart",
    "sparkline",
]
