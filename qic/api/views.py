"""The schema and its documentation pages."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 description of the API (YAML; JSON with ``?format=json``)."""

    schema_public = True


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from our own static files (drf-spectacular-sidecar): nothing from a CDN,
    and no inline script or style, so the page works offline and under the site's CSP."""

    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
    title = _("API de QIC — documentation")


class ApiRootView(routers.APIRootView):
    """Les ressources de l'API, avec leur adresse."""


class Router(routers.DefaultRouter):
    APIRootView = ApiRootView
    root_view_name = "racine"
    include_format_suffixes = False
