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


@register.inclusion_tag("quartiers/includes/site_nav.html", takes_context=True)
def site_nav(context, site, current="", titled=True):
    """The site's workspace navigation (quartiers/workspace.py), the current section marked:
    ``current`` names it on a page below a section (a meeting is in « cercles »).
    ``titled=False`` on the site's own page, whose heading already names it with its status."""
    from django.urls import reverse

    from quartiers.workspace import SECTIONS

    match = getattr(context.get("request"), "resolver_match", None)
    view_name = match.view_name if match else ""
    sections = []
    for section in SECTIONS:
        here = section.key == current or view_name in (section.url_name, *section.also)
        sections.append(
            {"label": section.label, "url": reverse(section.url_name, args=[site.pk]), "here": here}
        )
    return {"site": site, "sections": sections, "titled": titled}
