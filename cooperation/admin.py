from django.contrib import admin

from cooperation import models


@admin.register(models.Link)
class LinkAdmin(admin.ModelAdmin):
    list_display = ["source", "kind", "target", "site", "start_date", "author"]
    list_filter = ["kind"]
    search_fields = ["source__name", "target__name", "site__name", "note"]
    raw_id_fields = ["site", "source", "target"]
    list_select_related = ["source", "target", "site", "author"]
    readonly_fields = ["author", "created_at"]


@admin.register(models.NetworkSnapshot)
class NetworkSnapshotAdmin(admin.ModelAdmin):
    list_display = ["site", "computed_on", "computed_at"]
    raw_id_fields = ["site"]
    list_select_related = ["site"]
    readonly_fields = ["site", "data_version", "computed_on", "computed_at", "metrics"]
