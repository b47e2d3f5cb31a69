"""A horizontal bar chart for the reports, in the manner of ``qic.charts`` (accessible
SVG: title, description in words, DSFR colours, no script, no style attribute)."""

from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from qic.charts import PALETTE, _f, _svg_open, _text


def bar_chart(
    bars: Sequence[tuple[str, int]],
    *,
    chart_id: str,
    title: str,
    description: str,
    width: int = 640,
    bar_height: int = 22,
    color: str = PALETTE["blue_france"],
) -> SafeString:
    """One labelled horizontal bar per (label, count), with the count at its end."""
    label_width, right, top = 200, 48, 8
    height = top * 2 + bar_height * max(1, len(bars))
    parts = [_svg_open(chart_id, width, height, title, description)]
    highest = max((count for _label, count in bars), default=0) or 1
    plot = width - label_width - right
    for index, (label, count) in enumerate(bars):
        y = top + index * bar_height
        length = plot * count / highest
        parts.append(_text(label_width - 8, y + bar_height * 0.68, label, anchor="end", size=11))
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                label_width,
                _f(y + 3),
                _f(max(length, 1 if count else 0)),
                _f(bar_height - 6),
                color,
            )
        )
        parts.append(_text(label_width + length + 6, y + bar_height * 0.68, str(count), size=11))
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(part) for part in parts))
