"""/api/: the versioned resources (/api/v1/…), the schema and its documentation.

Each app declares its resources in ``<app>/api/urls.py`` (a ``router`` and, for plain
views, ``urlpatterns``); this module gathers them under one root (docs/api.md,
« Ajouter une ressource »).
"""

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, include, path

from accounts.api import urls as accounts_api
from cercles.api import urls as cercles_api
from financements.api import urls as financements_api
from notifications.api import urls as notifications_api
from pratiques.api import urls as pratiques_api
from qic.api.views import DocsView, Router, SchemaView
from quartiers.api import urls as quartiers_api
from recherche.api import urls as recherche_api
from statistiques.api import urls as statistiques_api
from visions.api import urls as visions_api

router = Router()
for app_router in (
    quartiers_api.router,
    statistiques_api.router,
    visions_api.router,
    cercles_api.router,
    pratiques_api.router,
    financements_api.router,
    notifications_api.router,
):
    router.registry.extend(app_router.registry)

v1 = [*accounts_api.urlpatterns, *recherche_api.urlpatterns, *router.urls]


def _api_authenticates_itself(patterns):
    """DRF authenticates API requests (token or session) and answers 401 in JSON; the
    login page redirect of LoginRequiredMiddleware is for pages only."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            _api_authenticates_itself(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            entry.callback = login_not_required(entry.callback)
    return patterns


app_name = "api"

urlpatterns = _api_authenticates_itself(
    [
        path("v1/", include(v1)),
        path("schema/", SchemaView.as_view(), name="schema"),
        path("docs/", DocsView.as_view(), name="docs"),
    ]
)
