"""Template helpers of the visions pages: numbers, badges, charts."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from qic import charts
from qic.numbers import format_decimal
from visions.enums import ActionStatus, Track, VisionStatus

register = template.Library()


@register.filter
def fr_number(value):
    """« 1 234,5 »; an empty string for None."""
    return format_decimal(value)


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


def _badge(label, css):
    return format_html('<p class="fr-badge fr-badge--sm fr-badge--no-icon {}">{}</p>', css, label)


def badge_for_track(track: Track):
    """The badge of a ``Track``, for views that compute the track themselves."""
    return _badge(track.label, _TRACK_BADGES[track])


@register.simple_tag
def track_badge(indicator):
    return badge_for_track(Track(indicator.track))


@register.simple_tag
def vision_badge(vision):
    status = VisionStatus(vision.status)
    return _badge(status.label, _VISION_BADGES[status])


@register.simple_tag
def action_badge(action_or_status):
    status = ActionStatus(getattr(action_or_status, "status", action_or_status))
    return _badge(status.label, _ACTION_BADGES[status])


def overdue_badge_html():
    """The badge of an indicator whose latest due value is missing."""
    return format_html(
        '<p class="fr-badge fr-badge--sm fr-badge--warning">{}</p>', _("mesure en retard")
    )


@register.simple_tag
def overdue_badge(indicator):
    return overdue_badge_html() if indicator.is_overdue() else ""


@register.simple_tag
def indicator_sparkline(indicator):
    """The latest values (prefetched as ``recent_measurements``, newest first)."""
    values = [m.value for m in reversed(indicator.recent_measurements)]
    return charts.sparkline(
        values,
        chart_id=f"tendance-{indicator.pk}",
        title=_("Tendance : %(name)s") % {"name": indicator.name},
        reference=indicator.target_value,
    )


@register.filter
def signed_percent(ratio):
    """A raw progress ratio as a signed percentage: « −12 % », « +130 % »."""
    if ratio is None:
        return ""
    value = round(float(ratio) * 100)
    sign = "+" if value > 0 else ("\u2212" if value < 0 else "")
    return f"{sign}{abs(value)}\u00a0%"
