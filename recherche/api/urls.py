from django.urls import path

from recherche.api.views import SearchView

urlpatterns = [
    path("recherche/", SearchView.as_view(), name="recherche"),
]
