from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("rapports/", views.job_list, name="job_list"),
    path("rapports/<int:pk>/", views.job_detail, name="job_detail"),
    path("rapports/<int:pk>/telecharger/", views.job_download, name="download"),
    path("rapports/<int:pk>/relancer/", views.job_relaunch, name="relaunch"),
    path("rapports/bilan-national/", views.national_request, name="national_request"),
    path("rapports/exports/", views.export_request, name="export_request"),
    path("rapports/fiche-site/", views.fiche_site_pick, name="fiche_site_pick"),
    path("sites/<int:pk>/fiche-pdf/", views.fiche_site_request, name="fiche_site_request"),
]
