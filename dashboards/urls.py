from django.urls import path
from django.views.generic import RedirectView

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("tableau-de-bord/", views.national, name="national"),
    path("tableau-de-bord/sites.<slug:extension>", views.national_export, name="national_export"),
    # The site's page, its workspace's landing page (docs/architecture.md, « L'espace d'un
    # site »): at the site's own address, which every link, bookmark and e-mail already uses.
    path("sites/<int:pk>/", views.site, name="site"),
    # Its former second landing page, « Tableau de bord », merged into it.
    path(
        "sites/<int:pk>/tableau-de-bord/",
        RedirectView.as_view(pattern_name="dashboards:site", permanent=True, query_string=True),
        name="site_dashboard_moved",
    ),
    path("centres/<int:pk>/tableau-de-bord/", views.centre, name="centre"),
]
