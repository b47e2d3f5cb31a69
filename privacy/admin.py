from django.contrib import admin

from privacy.models import Erasure, RetentionNotice


@admin.register(Erasure)
class ErasureAdmin(admin.ModelAdmin):
    list_display = ["subject", "object_id", "erased_at", "erased_by", "reason"]
    list_filter = ["subject", "reason"]
    readonly_fields = ["subject", "object_id", "erased_at", "erased_by", "reason"]


@admin.register(RetentionNotice)
class RetentionNoticeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "warned_at", "erase_after", "emailed"]
    readonly_fields = ["user", "personne", "warned_at", "erase_after", "emailed"]
