"""The app's API resources, gathered under /api/v1/ by qic/api/urls.py."""

from rest_framework import routers

from pratiques.api import views

router = routers.SimpleRouter()
router.register("pratiques", views.PracticeViewSet, basename="practice")
