from django.contrib import admin

from financements import models


@admin.register(models.FundingLine)
class FundingLineAdmin(admin.ModelAdmin):
    list_display = [
        "action",
        "funder",
        "funder_kind",
        "year",
        "requested",
        "granted",
        "paid",
        "status",
    ]
    list_filter = ["funder_kind", "status", "year"]
    search_fields = ["action__title", "funder__name", "reference"]
    raw_id_fields = ["action", "funder"]
    list_select_related = ["action", "funder"]
