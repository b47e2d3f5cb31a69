from django.contrib import admin

from qic.models import JobHeartbeat


@admin.register(JobHeartbeat)
class JobHeartbeatAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "last_started_at",
        "last_succeeded_at",
        "last_failed_at",
        "last_duration",
    ]
    readonly_fields = [f.name for f in JobHeartbeat._meta.concrete_fields]

    def has_add_permission(self, request):
        return False
