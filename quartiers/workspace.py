"""A site's workspace: the sections every page of a site links to, in one order.

The local navigation (``{% site_nav site %}``, templates/quartiers/includes/site_nav.html)
is drawn from this list on the site's pages: a member reaches each section in one click,
with the site's name and status always in sight. Each section is a page of the site
readable by whoever reads the site (the permission matrix's ``SITE_A_VIEW``).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    url_name: str
    # Other pages of the section, marked current with it (URL names).
    also: tuple[str, ...] = ()


SECTIONS = (
    # The site's page (/sites/<pk>/): its day to day, then its administration.
    Section("tableau", _("Tableau de bord"), "dashboards:site"),
    Section("vision", _("Vision"), "visions:vision_detail", ("visions:vision_tree",)),
    Section("indicateurs", _("Indicateurs"), "visions:indicator_grid"),
    Section("actions", _("Actions"), "visions:action_list", ("visions:action_board",)),
    Section("cercles", _("Cercles et réunions"), "cercles:cercle_list"),
    Section("journal", _("Journal"), "cercles:site_journal"),
    Section("documents", _("Documents"), "cercles:site_documents"),
    Section("financements", _("Financements"), "financements:site_funding"),
    Section("donnees", _("Données du quartier"), "statistiques:site_data"),
    Section("acteurs", _("Carte des acteurs"), "cooperation:site_map"),
)
