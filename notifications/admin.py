from django.contrib import admin

from notifications.models import Notification, NotificationPreference, Reminder, ReminderSettings


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = [
        "kind",
        "object_repr",
        "email",
        "occurrence",
        "status",
        "attempts",
        "due_at",
        "sent_at",
    ]
    list_filter = ["status", "kind", "delivery"]
    search_fields = ["email", "object_repr"]
    readonly_fields = [f.name for f in Reminder._meta.concrete_fields]

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "message", "created_at", "read_at"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    search_fields = ["user__email", "message"]
    raw_id_fields = ["user", "reminder"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "personne", "kind", "enabled", "delivery"]
    list_filter = ["kind", "enabled", "delivery"]
    list_select_related = ["user", "personne"]
    raw_id_fields = ["user", "personne"]


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    """One row: it can be changed, not added twice nor deleted."""

    def has_add_permission(self, request):
        return not ReminderSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
