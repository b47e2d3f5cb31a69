from django.urls import path

from accounts.api.views import MoiView

urlpatterns = [
    path("moi/", MoiView.as_view(), name="moi"),
]
