from django.urls import path

from statistiques.views import pages

app_name = "statistiques"

urlpatterns = [
    path("sites/<int:pk>/donnees-du-quartier/", pages.site_data, name="site_data"),
    path("donnees-des-quartiers/", pages.comparison_page, name="comparison"),
    path("donnees-des-quartiers/import/", pages.stat_import, name="stat_import"),
]
