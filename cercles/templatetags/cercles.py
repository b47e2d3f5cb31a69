from django import template
from django.utils.translation import gettext as _

from cercles.enums import CommitmentStatus, MeetingStatus
from cercles.rendering import render_markdown
from qic.text import plural

register = template.Library()


@register.filter
def markdown(text):
    """Markdown rendered to sanitised HTML (see cercles.rendering)."""
    return render_markdown(text)


_MEETING_BADGES = {
    MeetingStatus.PREVUE: "fr-badge--info",
    MeetingStatus.TENUE: "fr-badge--success",
    MeetingStatus.ANNULEE: "fr-badge--warning",
}
_COMMITMENT_BADGES = {
    CommitmentStatus.A_FAIRE: "fr-badge--info",
    CommitmentStatus.FAIT: "fr-badge--success",
    CommitmentStatus.ABANDONNE: "",
}


@register.inclusion_tag("includes/badge.html")
def meeting_status_badge(meeting):
    return {"label": meeting.get_status_display(), "css": _MEETING_BADGES.get(meeting.status, "")}


@register.inclusion_tag("cercles/includes/commitment_badges.html")
def commitment_badges(commitment):
    """The status badge and, when overdue, an error badge « en retard » with the number of
    days: the lateness is written, not only coloured."""
    days = commitment.days_late
    return {
        "label": commitment.get_status_display(),
        "css": _COMMITMENT_BADGES.get(commitment.status, ""),
        "late": late_label(days) if days else "",
    }


@register.simple_tag
def late_label(days: int) -> str:
    return plural(days, _("en retard de %(count)s jour"), _("en retard de %(count)s jours"))
