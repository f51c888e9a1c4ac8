from django.contrib import admin

from jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Read-only: jobs change only through ``jobs.services`` (a worker, the recovery at its start)."""

    list_display = ["id", "kind", "label", "status", "started_by", "created_at", "finished_at", "attempts"]
    list_filter = ["status", "kind"]
    search_fields = ["label", "started_by__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
