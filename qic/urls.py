from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from dashboards import views as dashboards_views
from qic import views
from qic.ratelimit import rate_limited

admin.site.site_header = "QIC — administration technique"
admin.site.site_title = "QIC"
# The technical administration's login is a public form too (before admin.site.urls).
admin.site.login = rate_limited("login")(admin.site.login)

urlpatterns = [
    path("", dashboards_views.home, name="home"),
    path(
        "mentions-legales/", views.legal_page, {"page": "mentions_legales"}, name="mentions_legales"
    ),
    path(
        "donnees-personnelles/",
        views.legal_page,
        {"page": "donnees_personnelles"},
        name="donnees_personnelles",
    ),
    path("accessibilite/", views.legal_page, {"page": "accessibilite"}, name="accessibilite"),
    path("sante/", views.health, name="health"),
    path("supervision/taches/", views.supervision_jobs, name="supervision_jobs"),
    path("", include("accounts.urls")),
    path("", include("quartiers.urls")),
    path("", include("statistiques.urls")),
    path("", include("visions.urls")),
    path("", include("cercles.urls")),
    path("", include("pratiques.urls")),
    path("", include("financements.urls")),
    path("", include("cooperation.urls")),
    path("", include("notifications.urls")),
    path("", include("privacy.urls")),
    path("", include("dashboards.urls")),
    path("", include("reports.urls")),
    path("", include("recherche.urls")),
    path("", include("publication.urls")),
    path("", include("webhooks.urls")),
    path("api/", include("qic.api.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCH_BASELINE:  # the benchmark's reference pages (bench/views.py)
    from bench.views import bare, baseline

    urlpatterns.append(path("banc-d-essai/reference/", baseline, name="bench_baseline"))
    urlpatterns.append(path("banc-d-essai/nu/", bare, name="bench_bare"))

handler404 = "qic.views.page_not_found"
handler500 = "qic.views.server_error"
