from django.urls import path

from webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("webhooks/", views.subscriber_list, name="subscriber_list"),
    path("webhooks/nouveau/", views.subscriber_create, name="subscriber_create"),
    path("webhooks/<int:pk>/modifier/", views.subscriber_edit, name="subscriber_edit"),
    path("webhooks/envois/", views.delivery_list, name="delivery_list"),
    path("webhooks/envois/<int:pk>/renvoyer/", views.delivery_resend, name="delivery_resend"),
]
