"""Jobs in the admin: read-only (they change only through ``jobs.services``: a worker, the recovery at its
start); a finished job may be deleted, audited: jobs stand below audit, so ``audit.admin.audit_every_admin``
puts this admin (as the task queue's own) on the audited base once the admin site is complete."""

from django.contrib import admin

from jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "label", "status", "started_by", "created_at", "finished_at", "attempts"]
    list_filter = ["status", "kind"]
    search_fields = ["label", "started_by__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        """A queued or running job is left to its worker: deleting it would lose the work under way."""
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.in_progress)
