"""The app's API resources, gathered under /api/v1/ by qic/api/urls.py."""

from rest_framework import routers

from statistiques.api import views

router = routers.SimpleRouter()
router.register("variables-statistiques", views.VariableViewSet, basename="variable")
router.register("valeurs-statistiques", views.StatValueViewSet, basename="statvalue")
