from django.urls import path

from publication.views import opendata, pages, stats

app_name = "public"

urlpatterns = [
    # Chosen by the trinôme (site change permission)
    path("sites/<int:pk>/page-publique/", pages.page_edit, name="page_edit"),
    path("sites/<int:pk>/page-publique/apercu/", pages.page_preview, name="page_preview"),
    path("sites/<int:pk>/page-publique/publier/", pages.page_publish, name="page_publish"),
    # Public, without an account
    path("quartiers-publics/", pages.national_page, name="national"),
    path("quartiers-publics/<int:pk>/", pages.site_page, name="site"),
    path("stats/", stats.stats, name="stats"),
    # Open data (stable addresses)
    path("donnees/", opendata.index, name="opendata"),
    path("donnees/datapackage.json", opendata.datapackage, name="opendata_package"),
    path("donnees/<slug:name>.schema.json", opendata.schema, name="opendata_schema"),
    path("donnees/<slug:name>.<slug:extension>", opendata.data_file, name="opendata_file"),
]
