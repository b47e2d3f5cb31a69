from django.contrib import admin

from reports.models import ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "requested_by", "status", "progress", "created_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "requested_by__email"]
    readonly_fields = [f.name for f in ReportJob._meta.concrete_fields]

    def has_add_permission(self, request):
        return False
