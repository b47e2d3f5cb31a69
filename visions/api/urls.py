"""The app's API resources, gathered under /api/v1/ by qic/api/urls.py."""

from rest_framework import routers

from visions.api import views

router = routers.SimpleRouter()
router.register("visions", views.VisionViewSet, basename="vision")
router.register("versions-vision", views.VisionVersionViewSet, basename="visionversion")
router.register("objectifs", views.ObjectiveViewSet, basename="objective")
router.register("indicateurs", views.IndicatorViewSet, basename="indicator")
router.register("mesures", views.MeasurementViewSet, basename="measurement")
router.register("actions", views.ActionViewSet, basename="action")
router.register("jalons", views.MilestoneViewSet, basename="milestone")
router.register("auto-evaluations", views.SelfAssessmentViewSet, basename="selfassessment")
router.register(
    "bibliotheque-indicateurs", views.IndicatorDefinitionViewSet, basename="indicatordefinition"
)
router.register("modeles-vision", views.VisionTemplateViewSet, basename="visiontemplate")
router.register("indicateurs-des-sites", views.SiteIndicatorsViewSet, basename="siteindicators")
router.register(
    r"sites/(?P<site_pk>[^/.]+)/indicateurs",
    views.SiteIndicatorViewSet,
    basename="site-indicateurs",
)
router.register(
    r"sites/(?P<site_pk>[^/.]+)/mesures", views.SiteMeasurementViewSet, basename="site-mesures"
)
