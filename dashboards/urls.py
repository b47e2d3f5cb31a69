from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("tableau-de-bord/", views.national, name="national"),
    path("tableau-de-bord/sites.<slug:extension>", views.national_export, name="national_export"),
    path("sites/<int:pk>/tableau-de-bord/", views.site, name="site"),
    path("centres/<int:pk>/tableau-de-bord/", views.centre, name="centre"),
]
