from django.contrib import admin
from django.urls import include, path

from qic import views

admin.site.site_header = "QIC — administration technique"
admin.site.site_title = "QIC"

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("accounts.urls")),
    path("", include("quartiers.urls")),
    path("api/", include("qic.api.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "qic.views.page_not_found"
handler500 = "qic.views.server_error"
