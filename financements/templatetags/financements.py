from django import template

from qic.numbers import format_decimal

register = template.Library()


@register.filter
def euros(value):
    """« 12 345,50 € » (exact decimals, French grouping); empty for None."""
    if value is None or value == "":
        return "—"
    return f"{format_decimal(value, places=2)}\u00a0€"


@register.filter
def percent(value):
    """A share in [0, 1] as « 42,5 % »; « — » when there is nothing to share."""
    if value is None:
        return "—"
    return f"{format_decimal(value * 100, places=1)}\u00a0%"
