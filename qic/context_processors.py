import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

# National roles (ANCT) see the whole programme; the others (site members, resource
# centres, observers) see their sites and what concerns them.
NATIONAL_MENU = (
    ("home", _("Accueil")),
    ("quartiers:site_list", _("Sites")),
    ("visions:vision_overview", _("Visions")),
    ("pratiques:practice_list", _("Pratiques inspirantes")),
    ("quartiers:quartier_list", _("Quartiers prioritaires")),
    ("quartiers:structure_list", _("Structures")),
    ("quartiers:personne_list", _("Personnes")),
    ("quartiers:centre_list", _("Centres de ressources")),
    ("quartiers:cohort_list", _("Formation-action")),
    ("cercles:my_commitments", _("Mes engagements")),
    ("reports:job_list", _("Rapports")),
)
LOCAL_MENU = (
    ("home", _("Accueil")),
    ("quartiers:site_list", _("Mes sites")),
    ("visions:vision_overview", _("Visions")),
    ("pratiques:practice_list", _("Pratiques inspirantes")),
    ("cercles:my_commitments", _("Mes engagements")),
    ("reports:job_list", _("Rapports")),
)
ADMIN_MENU = (("quartiers:user_list", _("Utilisateurs")),)


@functools.lru_cache(maxsize=16)
def _menu_urls(items, urlconf, script_prefix):
    """(url, label) of each menu item, reversed once per process: the URLconf and the
    script prefix (the cache key) never change while it runs."""
    return tuple((reverse(name, urlconf=urlconf), label) for name, label in items)


def _public_service():
    """What every page's footer and head show: the accessibility status, the optional
    audience measurement (settings; no query)."""
    matomo = settings.MATOMO_URL if settings.MATOMO_URL and settings.MATOMO_SITE_ID else ""
    return {
        "accessibility_conformity": settings.ACCESSIBILITY_CONFORMITY,
        "matomo_url": matomo,
        "matomo_site_id": settings.MATOMO_SITE_ID if matomo else "",
    }


def qic(request):
    """The main menu for the signed-in user's role. Costs no query."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"main_menu": [], **_public_service()}
    if user.is_admin:
        items = NATIONAL_MENU + ADMIN_MENU
    else:
        items = NATIONAL_MENU if user.is_national else LOCAL_MENU
    path = request.path
    menu = []
    for url, label in _menu_urls(items, get_urlconf(), get_script_prefix()):
        current = path == url if url == "/" else path.startswith(url)
        menu.append({"url": url, "label": label, "current": current})
    return {"main_menu": menu, **_public_service()}
