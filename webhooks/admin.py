from django.contrib import admin

from webhooks import models


@admin.register(models.Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "active"]
    list_filter = ["active"]
    search_fields = ["name", "url"]
    filter_horizontal = ["sites"]


@admin.register(models.Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["subscriber", "kind", "event_id", "status", "attempts", "next_attempt_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["subscriber"]
    readonly_fields = [f.name for f in models.Delivery._meta.fields]
