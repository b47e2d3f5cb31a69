"""The settings of the sites' map (static/js/dashboards.js), shared by the national
dashboard and the public national page: read by the page's script from ``json_script``."""

from django.conf import settings
from django.templatetags.static import static

# Départements of France, simplified from IGN's ADMIN EXPRESS (Licence Ouverte):
# static/vendor/departements/README. Drawn under the markers when there are no tiles.
BACKGROUND = "vendor/departements/departements.geojson"


def map_config():
    """Tiles when the deployment configures them, else the offline background's URL."""
    return {
        "tiles": settings.QIC_MAP_TILE_URL,
        "attribution": settings.QIC_MAP_TILE_ATTRIBUTION,
        "background": static(BACKGROUND),
    }
