"""Template helpers of the visions pages: numbers, badges, sparklines."""

from django import template
from django.utils.translation import gettext as _

from qic.templatetags import qic as qic_tags
from visions import charts
from visions.enums import ActionStatus, Track, VisionStatus

register = template.Library()


# « 1 234,5 » (one filter for every app, ``qic``'s; offered here too for these pages).
register.filter("fr_number", qic_tags.fr_number)


_TRACK_BADGES = {
    Track.ATTEINT: "fr-badge--success",
    Track.EN_BONNE_VOIE: "fr-badge--success",
    Track.MAINTENU: "fr-badge--success",
    Track.EN_RETARD: "fr-badge--warning",
    Track.S_ELOIGNE: "fr-badge--error",
    Track.HORS_TOLERANCE: "fr-badge--error",
    Track.NON_EVALUABLE: "",
}

_VISION_BADGES = {
    VisionStatus.BROUILLON: "",
    VisionStatus.CONCERTATION: "fr-badge--blue-ecume",
    VisionStatus.ADOPTEE: "fr-badge--green-menthe",
    VisionStatus.REVISION: "fr-badge--purple-glycine",
}

_ACTION_BADGES = {
    ActionStatus.IDEE: "",
    ActionStatus.PLANIFIEE: "fr-badge--blue-ecume",
    ActionStatus.EN_COURS: "fr-badge--info",
    ActionStatus.TERMINEE: "fr-badge--success",
    ActionStatus.ABANDONNEE: "fr-badge--warning",
}


# Badges: includes/badge.html, a DSFR badge from a label and its colour class.


@register.inclusion_tag("includes/badge.html")
def track_badge(indicator):
    track = Track(indicator.track)
    return {"label": track.label, "css": _TRACK_BADGES[track]}


@register.inclusion_tag("includes/badge.html")
def vision_badge(vision):
    return {"label": vision.get_status_display(), "css": _VISION_BADGES[vision.status]}


@register.inclusion_tag("includes/badge.html")
def action_badge(action_or_status):
    """The badge of an action, or of an action status (a row read with ``values()``)."""
    status = ActionStatus(getattr(action_or_status, "status", action_or_status))
    return {"label": status.label, "css": _ACTION_BADGES[status]}


@register.inclusion_tag("includes/badge.html")
def overdue_badge(indicator):
    """« mesure en retard » when the indicator's latest due value is missing."""
    if not indicator.is_overdue():
        return {}
    return {"label": _("mesure en retard"), "css": "fr-badge--warning", "icon": True}


@register.simple_tag
def indicator_sparkline(indicator):
    """The indicator's latest values, attached by ``visions.charts.with_recent_values``."""
    return charts.sparkline(indicator)


@register.filter
def signed_percent(ratio):
    """A raw progress ratio as a signed percentage: « −12 % », « +130 % »."""
    if ratio is None:
        return ""
    value = round(float(ratio) * 100)
    sign = "+" if value > 0 else ("\u2212" if value < 0 else "")
    return f"{sign}{abs(value)}\u00a0%"
