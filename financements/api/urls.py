"""The app's API resources, gathered under /api/v1/ by qic/api/urls.py."""

from rest_framework import routers

from financements.api import views

router = routers.SimpleRouter()
router.register("financements", views.FundingLineViewSet, basename="fundingline")
router.register("appels", views.CallViewSet, basename="call")
router.register("propositions-appels", views.ProposalViewSet, basename="callproposal")
router.register("evaluations", views.ReviewViewSet, basename="review")
