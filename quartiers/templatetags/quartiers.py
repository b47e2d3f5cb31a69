"""Template helpers of the quartiers pages."""

from django import template

register = template.Library()

_STATUS_BADGES = {
    "repere": "",
    "candidat": "fr-badge--blue-ecume",
    "formation_action": "fr-badge--purple-glycine",
    "vision_adoptee": "fr-badge--green-menthe",
    "mise_en_oeuvre": "fr-badge--success",
    "essaimage": "fr-badge--green-emeraude",
    "suspendu": "fr-badge--warning",
    "sorti": "fr-badge--error",
}


@register.inclusion_tag("includes/badge.html")
def status_badge(site_or_change):
    """The coloured DSFR badge of a site status (a Site or a SiteStatusChange)."""
    return {
        "label": site_or_change.get_status_display(),
        "css": _STATUS_BADGES.get(site_or_change.status, ""),
    }
