from django.contrib import admin
from django.urls import include, path

from qic import views

admin.site.site_header = "QIC — administration technique"
admin.site.site_title = "QIC"

urlpatterns = [
    path("", views.home, name="home"),
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
    path("", include("accounts.urls")),
    path("", include("quartiers.urls")),
    path("admin/", admin.site.urls),
]
