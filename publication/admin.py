from django.contrib import admin

from publication import models


@admin.register(models.PublicPage)
class PublicPageAdmin(admin.ModelAdmin):
    list_display = ["site", "published", "published_at", "noindex"]
    list_filter = ["published", "noindex"]
    list_select_related = ["site"]
    search_fields = ["site__name"]
    readonly_fields = ["published", "published_at"]
    autocomplete_fields = ["site"]
    filter_horizontal = ["indicators"]
