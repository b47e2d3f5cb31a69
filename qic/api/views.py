"""The schema and its documentation pages."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers
from rest_framework.renderers import JSONRenderer


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 description of the API (YAML; JSON with ``?format=json``)."""

    schema_public = True

    def handle_exception(self, exc):
        # Errors (429…) in the API's JSON shape, not in the schema's YAML.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)


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
