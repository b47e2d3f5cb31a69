"""The app's API resources, gathered under /api/v1/ by qic/api/urls.py."""

from rest_framework import routers

from quartiers.api import views

router = routers.SimpleRouter()
router.register("regions", views.RegionViewSet, basename="region")
router.register("departements", views.DepartementViewSet, basename="departement")
router.register("epci", views.EPCIViewSet, basename="epci")
router.register("communes", views.CommuneViewSet, basename="commune")
router.register("quartiers", views.QuartierViewSet, basename="quartier")
router.register("structures", views.StructureViewSet, basename="structure")
router.register("personnes", views.PersonneViewSet, basename="personne")
router.register("sites", views.SiteViewSet, basename="site")
router.register("changements-de-statut", views.SiteStatusChangeViewSet, basename="sitestatuschange")
router.register("mandats-trinome", views.TrinomeMandateViewSet, basename="trinomemandate")
router.register("accompagnements", views.AccompanimentViewSet, basename="accompaniment")
router.register("cohortes", views.CohortViewSet, basename="cohort")
router.register("sessions-formation", views.FormationSessionViewSet, basename="formationsession")
