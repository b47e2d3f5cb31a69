"""The app's API resources, gathered under /api/v1/ by qic/api/urls.py."""

from rest_framework import routers

from cercles.api import views

router = routers.SimpleRouter()
router.register("cercles", views.CercleViewSet, basename="cercle")
router.register("membres-cercles", views.CercleMemberViewSet, basename="cerclemember")
router.register("reunions", views.MeetingViewSet, basename="meeting")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("engagements", views.CommitmentViewSet, basename="commitment")
router.register("propositions", views.ProposalViewSet, basename="proposal")
router.register("reponses-propositions", views.ProposalAnswerViewSet, basename="proposalanswer")
