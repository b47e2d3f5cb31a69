from django import template

from qic.numbers import format_decimal

register = template.Library()


@register.filter
def stat_number(value):
    """« 14 520,5 »; an empty string for None."""
    return format_decimal(value)


@register.filter
def signed_gap(value):
    """A gap with its sign: « +1,2 », « −3 », « 0 »."""
    if value is None:
        return ""
    text = format_decimal(abs(value))
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"\u2212{text}"
    return text


@register.inclusion_tag("statistiques/includes/stat_value.html")
def stat_value(value):
    """A value, or its secrecy mark in words (« secret statistique »), never 0."""
    return {"value": value}


@register.filter
def stat_gap(value, benchmark):
    """``value − benchmark`` with its sign."""
    if value is None or benchmark is None:
        return ""
    return signed_gap(value - benchmark)
