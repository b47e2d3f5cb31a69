from django.urls import path

from notifications.views import inbox, preferences, supervision

app_name = "notifications"

urlpatterns = [
    path("notifications/", inbox.notification_list, name="list"),
    path("notifications/tout-lu/", inbox.notifications_mark_all_read, name="mark_all_read"),
    path("notifications/<int:pk>/ouvrir/", inbox.notification_open, name="open"),
    path("notifications/<int:pk>/lue/", inbox.notification_mark_read, name="mark_read"),
    path("compte/notifications/", preferences.preferences, name="preferences"),
    path(
        "notifications/desabonnement/<str:token>/",
        preferences.unsubscribe,
        name="unsubscribe",
    ),
    path("supervision/rappels/", supervision.reminder_list, name="reminder_list"),
    path(
        "supervision/rappels/<int:pk>/renvoyer/",
        supervision.reminder_retry,
        name="reminder_retry",
    ),
    path("supervision/reglages/", supervision.reminder_settings, name="reminder_settings"),
]
