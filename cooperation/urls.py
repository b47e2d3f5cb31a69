from django.urls import path

from cooperation.views import network

app_name = "cooperation"

urlpatterns = [
    path("sites/<int:pk>/carte-des-acteurs/", network.site_map, name="site_map"),
    path(
        "sites/<int:pk>/carte-des-acteurs/liens/nouveau/", network.link_create, name="link_create"
    ),
    path("liens/<int:pk>/modifier/", network.link_edit, name="link_edit"),
    path("liens/<int:pk>/supprimer/", network.link_delete, name="link_delete"),
    path("cooperation/", network.national, name="national"),
]
