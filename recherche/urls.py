from django.urls import path

from recherche import views

app_name = "recherche"

urlpatterns = [
    path("recherche/", views.search_page, name="search"),
    path("recherche/<slug:kind>/", views.search_kind, name="search_kind"),
]
